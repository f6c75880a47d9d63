"""README.md's "Documentation" table lists every docs/*.md and nothing else, and every
repository path a doc writes in backticks (`docs/eval.md`, `pipeline/nlp/build.py`,
`sql/views/`) exists (globs such as `sql/views/*.sql` match a file)."""

from __future__ import annotations

import re

from tests.conftest import ROOT
from tests.markdown_doc import doc_files, passages

TOP = ("docs", "pipeline", "flows", "sql", "tests", "seeds", "bench", "requirements")
PATH = re.compile(rf"`((?:{'|'.join(TOP)})/[\w./*-]*)`")


def test_the_readme_documentation_table_lists_every_doc():
    section = next(
        p
        for p in passages(ROOT / "README.md")
        if p.kind == "section" and p.heading == "Documentation"
    )
    listed = set(re.findall(r"^\| `(docs/[\w-]+\.md)`", section.text, flags=re.MULTILINE))
    present = {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")}
    assert listed == present, f"not listed: {present - listed}; gone: {listed - present}"


def test_every_path_a_doc_names_exists():
    missing, checked = [], 0
    for path in doc_files():
        for line_no, line in enumerate(path.read_text().splitlines(), 1):
            for named in PATH.findall(line):
                checked += 1
                found = list(ROOT.glob(named)) if "*" in named else (ROOT / named).exists()
                if not found:
                    missing.append(f"{path.relative_to(ROOT)}:{line_no}: {named}")
    assert not missing, missing
    assert checked > 100  # the pattern finds the docs' paths

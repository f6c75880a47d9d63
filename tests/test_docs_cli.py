"""Every `eventpipe` command and every option of it is explained in README.md or docs/*.md.

The rule, per command C (its words, `actors import` included) and option O (its first flag
as `--help` lists it: `--force`, not Typer's `--no-force`):

- C is documented when `eventpipe C` appears in some doc (the words in order, as a whole).
- O is documented when one passage of a doc both names C and contains O as a whole flag
  (`--out`, not `--out-dir`). A passage is a paragraph, a list item, a table row, or a whole
  section (its heading down to the next heading of the same or a higher level) whose heading
  names C. A passage names C with `eventpipe C`, or with C in backticks on its own
  (`` `ingest` ``), as in "`ingest`, `export` ... take `--db PATH`".

So an option counts only where the reader of that command's row, paragraph or section sees
it; an option listed under another command does not count, and neither does an option that
only a code example outside the command's section shows (an example shows it, prose explains
it).
"""

from __future__ import annotations

import re

from flows.cli import app
from tests.cli_tree import commands, option_flags
from tests.conftest import ROOT
from tests.markdown_doc import Passage, doc_files, passages

COMMANDS = dict(commands(app))
PASSAGES = [p for path in doc_files() for p in passages(path)]


def names_command(text: str, command: str) -> bool:
    """Whether a doc text names `command` (`eventpipe actors import`, or `` `ingest` ``)."""
    words = r"\s+".join(map(re.escape, command.split()))
    return bool(
        re.search(rf"\beventpipe\s+{words}(?![\w-])", text) or re.search(rf"`{words}`", text)
    )


def has_flag(text: str, flag: str) -> bool:
    return bool(re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text))


def about(passage: Passage, command: str) -> bool:
    """Whether a passage is about the command: it names it, or it is a section whose
    heading does."""
    if passage.kind == "section":
        return names_command(passage.heading, command)
    if passage.kind == "code":
        return False
    return names_command(passage.text, command)


def test_every_command_is_named_in_the_docs():
    missing = [
        c
        for c in COMMANDS
        if not any(re.search(rf"\beventpipe\s+{re.escape(c)}\b", p.text) for p in PASSAGES)
    ]
    assert not missing, f"no doc names `eventpipe {missing}`"


def test_every_option_is_explained_beside_its_command():
    missing = [
        f"{command} {flag}"
        for command, callback in COMMANDS.items()
        for flag in option_flags(callback)
        if not any(about(p, command) and has_flag(p.text, flag) for p in PASSAGES)
    ]
    assert not missing, f"options no doc explains beside their command: {missing}"


def test_the_rule_reads_the_docs_as_described():
    assert set(COMMANDS) >= {"ingest", "dates", "actors import"}
    assert option_flags(COMMANDS["ingest"])[:2] == ["--db", "--workers"]
    assert "--no-force" not in option_flags(COMMANDS["ingest"])
    assert names_command("run `eventpipe actors import a.txt --out x.yaml`", "actors import")
    assert not names_command("eventpipe actors importer", "actors import")
    assert names_command("`ingest`, `export` and `query` take `--db`", "export")
    assert not names_command("the ingest flow", "ingest")
    assert has_flag("`--out DIR`", "--out") and not has_flag("--out-dir", "--out")
    sections = [p for p in PASSAGES if p.kind == "section" and "Commands" in p.heading]
    assert sections and "eventpipe ingest" in sections[0].text


def test_every_environment_variable_has_a_row_in_the_readme_settings_table():
    """Each `EVENTPIPE_*` variable the library or the adapters read is a row of README.md's
    "Settings" table, and the table has no row for a variable nothing reads."""
    read = {
        name
        for folder in ("pipeline", "flows")
        for path in (ROOT / folder).rglob("*.py")
        for name in re.findall(r"\bEVENTPIPE_[A-Z_]+\b", path.read_text())
    }
    section = next(p for p in PASSAGES if p.kind == "section" and p.heading == "Settings")
    rows = set(re.findall(r"^\| `(EVENTPIPE_[A-Z_]+)`", section.text, flags=re.MULTILINE))
    assert rows == read, f"not in the table: {read - rows}; nothing reads: {rows - read}"

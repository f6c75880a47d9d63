"""The SQL the docs show runs, and returns the columns the docs show under it.

Which SQL: every ```sql block of README.md and docs/*.md, and the SQL of every
`eventpipe query "SQL"` in their shell blocks. A query runs through `pipeline.store.run_query`,
the read-only connection `eventpipe query` uses. docs/bi.md's blocks are read by DuckDB
itself from a Parquet export (`data/exports` under the working folder), as the doc says.

The output a doc shows under a query is the first Markdown table or plain ``` block after it,
when nothing but prose lies between (no heading, no other query block); for a shell block of
several queries it belongs to the last. Its header (a table's header cells, a CSV block's first
line) must be the query's column names in order. Rows and figures are not compared: they move
as the extractor improves (docs/queries.md says so); a query that shows rows must return some
on the seeds.

Model-free: every query runs on a fresh, empty database (the binder checks tables, columns and
functions). With the model: on the seeds ingested once per session (tests/seeded.py).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from pipeline.export import export
from pipeline.store import open_db, run_query
from tests.conftest import ROOT
from tests.markdown_doc import CodeBlock, code_blocks, doc_files
from tests.seeded import seeded_database

BI = "bi.md"
QUERY_BLOCKS = ("sh", "bash", "console", "shell")


@dataclass(frozen=True)
class Snippet:
    """One query a doc shows: where, its SQL, and the output header shown under it."""

    where: str
    sql: str
    shown: list[str] | None
    shows_rows: bool

    def __str__(self) -> str:
        return self.where


def queries_in(text: str) -> list[str]:
    """The SQL of each `eventpipe query "SQL"` in a shell block."""
    if "eventpipe query" not in text:
        return []
    words = shlex.split(text, comments=True)
    return [
        words[i + 2]
        for i in range(len(words) - 2)
        if words[i] == "eventpipe" and words[i + 1] == "query"
    ]


def output_after(lines: list[str], block: CodeBlock) -> tuple[list[str] | None, bool]:
    """The header of the output shown under a block (and whether it has rows), if any."""
    index = block.end  # the line after the closing fence
    while index < len(lines):
        line = lines[index].strip()
        if line.startswith("#"):
            return None, False
        if line.startswith("|"):
            header = [cell.strip() for cell in line.strip("|").split("|")]
            first_row = lines[index + 2] if index + 2 < len(lines) else ""
            return header, first_row.startswith("|")
        if line.startswith("```"):
            if line != "```":
                return None, False  # another query or a shell block, not output
            body = []
            for row in lines[index + 1 :]:
                if row.strip().startswith("```"):
                    break
                body.append(row)
            return (body[0].split(",") if body else None), len(body) > 1
        index += 1
    return None, False


def snippets(path: Path) -> list[Snippet]:
    """Every query of one Markdown file, with the output it shows."""
    lines = path.read_text().splitlines()
    found = []
    for block in code_blocks(path):
        if block.lang == "sql":
            sqls = [block.text]
        elif block.lang in QUERY_BLOCKS:
            sqls = queries_in(block.text)
        else:
            continue
        shown, rows = output_after(lines, block) if sqls else (None, False)
        for n, sql in enumerate(sqls):
            last = n == len(sqls) - 1
            where = f"{path.relative_to(ROOT)}:{block.line}"
            found.append(Snippet(where, sql, shown if last else None, rows and last))
    return found


SNIPPETS = [s for path in doc_files() if path.name != BI for s in snippets(path)]
BI_BLOCKS = [
    block
    for path in doc_files()
    if path.name == BI
    for block in code_blocks(path)
    if block.lang == "sql"
]


def test_the_docs_have_the_queries_this_test_reads():
    where = {s.where.split(":")[0] for s in SNIPPETS}
    assert {"README.md", "docs/queries.md", "docs/schema.md"} <= where
    assert len([s for s in SNIPPETS if s.where.startswith("docs/queries.md")]) >= 13
    assert BI_BLOCKS
    shown = [s for s in SNIPPETS if s.shown]
    assert len(shown) >= 15
    tour = next(s for s in SNIPPETS if s.shown and s.where.startswith("README.md"))
    assert tour.shown[:3] == ["month", "src", "tgt"] and tour.shows_rows


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docs-sql") / "empty.duckdb"
    open_db(path).close()
    return path


@pytest.mark.parametrize("snippet", SNIPPETS, ids=str)
def test_each_query_of_the_docs_runs_and_shows_its_columns(snippet, empty_db):
    columns, _rows = run_query(empty_db, snippet.sql)
    if snippet.shown is not None:
        assert columns == snippet.shown, f"{snippet.where}: the doc shows other columns"


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory) -> Path:
    return seeded_database(tmp_path_factory)


@pytest.mark.model
def test_each_query_of_the_docs_runs_on_the_seeds(seeded_db):
    failures = {}
    for snippet in SNIPPETS:
        try:
            _columns, rows = run_query(seeded_db, snippet.sql)
        except Exception as err:  # noqa: BLE001 (every failure is reported together)
            failures[snippet.where] = str(err)
            continue
        if snippet.shows_rows and not rows:
            failures[snippet.where] = "the doc shows rows, the seeds give none"
    assert not failures, failures


@pytest.mark.model
def test_the_bi_doc_reads_the_parquet_export_of_the_seeds(seeded_db, tmp_path, monkeypatch):
    export(seeded_db, tmp_path / "data" / "exports")
    monkeypatch.chdir(tmp_path)
    connection = duckdb.connect()
    try:
        for block in BI_BLOCKS:
            for statement in connection.extract_statements(block.text):
                connection.execute(statement)
        assert connection.execute("select count(*) from dyad_timeline").fetchone()[0] > 0
    finally:
        connection.close()

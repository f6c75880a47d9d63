"""docs/schema.md names exactly the tables, views and columns of a fresh database.

How the test reads docs/schema.md: every `### ` heading that starts with a backticked name
(`` ### `documents` — ... ``) documents that table (under `## Tables`) or view (under a
`## ` heading that says "views"). Its columns are, in the first form that applies:

- a Markdown table whose header starts with `column`: the backticked names in each row's first
  cell (`` `source`, `url` `` is two columns);
- a bullet list whose items start with backticked names (`` - `month` DATE: ... ``): those
  names;
- a first paragraph whose first sentence says "columns of `T`" or "columns as in `T`": the
  columns documented for `T`;
- otherwise the column list: the first paragraph up to its first sentence end (". " or ": "
  outside parentheses). Every backticked name in it, parentheses included, counts as
  documented; a name outside parentheses must be a column (so `` `status` (`running`, ...) ``
  lists a column and its values).

The "View caches" section documents the internal cache tables in its table: one row per
cached view (`<view>_cache`, or the cache table it names), whose columns are the view's but
those listed after "all columns but", and the `stale_*` table with its columns in
parentheses ("same columns" as the row above).

A fresh database is `pipeline.store.open_db` on an empty path: every migration and view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from pipeline.store import open_db
from tests.conftest import ROOT

SCHEMA = ROOT / "docs" / "schema.md"
NAME = re.compile(r"`([a-z_][a-z0-9_]*)`")
SAME_AS = re.compile(r"columns (?:of|as in) `([a-z_][a-z0-9_]*)`", re.IGNORECASE)


@dataclass
class Documented:
    """One table or view as docs/schema.md describes it."""

    kind: str  # "BASE TABLE" or "VIEW"
    columns: set[str] = field(default_factory=set)  # every name the doc gives as a column
    claimed: set[str] = field(default_factory=set)  # the names that must be columns
    same_as: str | None = None


def column_list(paragraph: str) -> str:
    """A prose paragraph up to its first sentence end outside parentheses and backticks."""
    depth, code = 0, False
    for i, char in enumerate(paragraph):
        code = code != (char == "`")
        if code:
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and char in ".:" and paragraph[i + 1 : i + 2] in (" ", "\n", ""):
            return paragraph[:i]
    return paragraph


def outside_parentheses(text: str) -> str:
    """The text with every parenthesised part (nested ones included) removed."""
    while (stripped := re.sub(r"\([^()]*\)", "", text)) != text:
        text = stripped
    return text


def first_cells(lines: list[str]) -> list[str] | None:
    """The first cells of a Markdown table's body rows when its header starts with `column`."""
    rows = [line for line in lines if line.startswith("|")]
    if not rows or rows[0].split("|")[1].strip() != "column":
        return None
    return [row.split("|")[1] for row in rows[2:]]


def cache_tables(lines: list[str], documented: dict[str, Documented]) -> None:
    """The rows of the "View caches" table: cache tables and stale-partition tables."""
    rows = [line.split("|")[1:-1] for line in lines if line.startswith("| `")]
    stale_columns: set[str] = set()
    for views_cell, cache_cell, _partition, stale_cell in rows:
        views = NAME.findall(outside_parentheses(views_cell))
        but = re.search(r"all columns but ([^)]*)", views_cell)
        left_out = set(NAME.findall(but.group(1))) if but else set()
        caches = (
            {f"{view}_cache": view for view in views}
            if "<view>_cache" in cache_cell
            else {name: views[0] for name in NAME.findall(cache_cell)}
        )
        for cache, view in caches.items():
            documented[cache] = Documented("BASE TABLE", same_as=view, claimed=left_out)
        stale, *columns = NAME.findall(stale_cell)
        stale_columns = set(columns) if "same columns" not in stale_cell else stale_columns
        documented[stale] = Documented("BASE TABLE", set(stale_columns), set(stale_columns))


def parse_schema(text: str) -> dict[str, Documented]:
    """Every table and view docs/schema.md documents, with its columns (rules above)."""
    documented: dict[str, Documented] = {}
    sections = re.split(r"^(#{2,3} .*)$", text, flags=re.MULTILINE)
    kind = None
    for heading, body in zip(sections[1::2], sections[2::2], strict=True):
        lines = body.strip().splitlines()
        if heading.startswith("## "):
            kind = "VIEW" if "view" in heading.lower() else "BASE TABLE"
            continue
        name = re.match(r"### `([a-z_][a-z0-9_]*)`", heading)
        if "View caches" in heading:
            cache_tables(lines, documented)
        if not name:
            continue
        entry = documented[name.group(1)] = Documented(kind)
        cells = first_cells(lines)
        if cells is not None:
            entry.columns = entry.claimed = {n for cell in cells for n in NAME.findall(cell)}
            continue
        paragraph = body.strip().split("\n\n")[0]
        items = re.findall(r"^[-*] ((?:`[a-z_][a-z0-9_]*`(?:, )?)+)", paragraph, re.MULTILINE)
        if items:
            entry.columns = entry.claimed = {n for item in items for n in NAME.findall(item)}
            continue
        listed = column_list(paragraph)
        same = SAME_AS.search(listed)
        if same:
            entry.same_as = same.group(1)
            continue
        entry.columns = set(NAME.findall(listed))
        entry.claimed = set(NAME.findall(outside_parentheses(listed)))
    for name in documented:
        resolve(documented, name)
    return documented


def resolve(documented: dict[str, Documented], name: str) -> Documented:
    """Fill in the columns of an entry documented as another's (chains included)."""
    entry = documented[name]
    if entry.same_as:
        source = resolve(documented, entry.same_as)
        # a cache's `claimed` holds the columns it leaves out of its view's
        entry.columns = source.columns - entry.claimed
        entry.claimed = source.claimed - entry.claimed
        entry.same_as = None
    return entry


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> dict[str, tuple[str, list[str]]]:
    """Every table and view of a fresh database: name -> (table type, columns in order)."""
    connection = open_db(tmp_path_factory.mktemp("fresh") / "fresh.duckdb")
    try:
        rows = connection.execute(
            """select table_name, any_value(table_type),
                      list(column_name order by ordinal_position)
               from information_schema.columns
               join information_schema.tables using (table_catalog, table_schema, table_name)
               where table_schema = 'main' group by table_name"""
        ).fetchall()
    finally:
        connection.close()
    return {name: (kind, columns) for name, kind, columns in rows}


def test_schema_md_names_every_table_and_view_and_nothing_else(database):
    documented = parse_schema(SCHEMA.read_text())
    assert not set(database) - set(documented), "in the database, not in docs/schema.md"
    assert not set(documented) - set(database), "in docs/schema.md, not in the database"
    wrong_kind = {n: d.kind for n, d in documented.items() if d.kind != database[n][0]}
    assert not wrong_kind, f"docs/schema.md puts these under the wrong heading: {wrong_kind}"


def test_schema_md_lists_exactly_the_columns_of_each(database):
    documented = parse_schema(SCHEMA.read_text())
    drift = {}
    for name, (_kind, columns) in database.items():
        entry = documented.get(name)
        if entry is None:
            continue  # the test above names it
        missing = set(columns) - entry.columns
        extra = entry.claimed - set(columns)
        if missing or extra:
            drift[name] = {"missing": sorted(missing), "not a column": sorted(extra)}
    assert not drift, f"docs/schema.md columns drifted: {drift}"


def test_the_parser_reads_each_form_of_section():
    text = """## Tables
### `t1` — a table
| column | type | meaning |
|---|---|---|
| `a`, `b` | VARCHAR | two |
| `c` | DATE | see `a` |

### `t2` — prose
`x` (e.g. `1`), `status` (`running`, `done`), `y` DATE. Later `not_a_column` here.

### View caches (`*_cache`, `stale_*`)
| view | cache table | partitioned by | stale partitions listed in |
|---|---|---|---|
| `v1`, `v2` (all columns but `q`) | `<view>_cache` | pair | `stale_p` (`x`, `y`) |
| `v3` | `v3_cache` | pair | `stale_q` (same columns) |

## Views (`sql/views/`)
### `v1` — a view
`p`, `q`: one row per thing.
### `v2` — another
Columns as in `t2`: the rows of `t1` that matter.
### `v3` — a third
The columns of `t1`.

## Views: marts
### `v4` — listed
- `m`, `n` INTEGER: counts, see `t1`.
- `o` DATE: when.
"""
    parsed = parse_schema(text)
    assert parsed["t1"].columns == parsed["t1"].claimed == {"a", "b", "c"}
    assert parsed["t2"].claimed == {"x", "status", "y"}
    assert {"running", "done"} <= parsed["t2"].columns
    assert "not_a_column" not in parsed["t2"].columns
    assert parsed["v1"].kind == "VIEW" and parsed["v1"].columns == {"p", "q"}
    assert parsed["v2"].claimed == {"x", "status", "y"}
    assert parsed["v3"].columns == {"a", "b", "c"}
    assert parsed["v1_cache"].columns == {"p"} and parsed["v1_cache"].kind == "BASE TABLE"
    assert parsed["v2_cache"].claimed == {"x", "status", "y"}  # q is not a column of v2's
    assert parsed["v4"].kind == "VIEW" and parsed["v4"].claimed == {"m", "n", "o"}
    assert parsed["stale_p"].columns == parsed["stale_q"].columns == {"x", "y"}

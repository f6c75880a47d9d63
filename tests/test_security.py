"""Hostile input: the query sandbox, export paths, HTML never fetched or run, no unsafe loading.

Basic sandbox cases (insert, copy, attach) are in tests/test_store.py; these extend them.
"""

from __future__ import annotations

import ast
import os
import re
import socket
from pathlib import Path

import pytest

from pipeline.errors import QueryError, SourceError
from pipeline.export import export
from pipeline.settings import PROJECT_ROOT
from pipeline.sources.read import read_document
from pipeline.store import load_batch, open_db, run_query, view_files
from tests.conftest import make_event
from tests.test_store import batch_for


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "s.duckdb"
    con = open_db(path)
    load_batch(con, batch_for("a.txt", "d1", [make_event()]), "r1")
    con.close()
    return path


HOSTILE_SQL = [
    "copy documents to '{tmp}/leak.csv'",
    "copy (select * from events) to '{tmp}/leak.parquet' (format parquet)",
    "export database '{tmp}/dump'",
    "select * from read_csv('/etc/passwd')",
    "select * from read_text('/etc/passwd')",
    "select * from read_blob('/etc/hostname')",
    "select * from glob('/etc/*')",
    "select * from read_parquet('{tmp}/*.parquet')",
    "select * from 'https://example.invalid/data.csv'",
    "set enable_external_access = true",
    "reset enable_external_access",
    "set lock_configuration = false",
    "set allow_unsigned_extensions = true",
    "install httpfs",
    "load httpfs",
    "force install spatial from community",
    "attach '{tmp}/other.duckdb' as other",
    "detach s",
    "create table x as select 1",
    "delete from documents",
    "drop view dyad_monthly",
    "select 1; select * from read_csv('/etc/passwd')",
    "select 1; delete from documents",
    "",
]


@pytest.mark.parametrize("sql", HOSTILE_SQL)
def test_query_cannot_write_read_files_or_reconfigure(db, tmp_path, sql):
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(QueryError):
        run_query(db, sql.format(tmp=tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert run_query(db, "select count(*) from documents") == (["count_star()"], [(1,)])


def test_multiple_statements_are_refused_before_any_runs(db):
    with pytest.raises(QueryError, match="expected one SQL statement, got 2"):
        run_query(db, "select 42; select 43")


def test_query_still_reads_the_database(db):
    columns, rows = run_query(db, "select doc_id, event_type from events")
    assert (columns, rows) == (["doc_id", "event_type"], [("d1", "ASSAULT")])


# --- export paths ----------------------------------------------------------------------------


def test_exported_names_are_plain_identifiers():
    from pipeline.export import EXPORTED_TABLES

    names = list(EXPORTED_TABLES) + [p.stem for p in view_files()]
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in names), names


def _files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


@pytest.mark.parametrize("name", ["it's out", "out dir; drop", "x') to '..", "ünïcode"])
def test_export_stays_inside_its_folder_whatever_the_name(db, tmp_path, name):
    area = tmp_path / "area"
    area.mkdir()
    outside_before = _files_under(tmp_path) - _files_under(area)
    out = area / name
    result = export(db, out)
    assert _files_under(tmp_path) - _files_under(area) == outside_before
    versions = area / f"{name}.versions"
    assert {p.name for p in area.iterdir()} == {name, versions.name}
    assert out.is_symlink() and out.resolve().parent == versions.resolve()
    for table in result.manifest["tables"]:
        for file in table["files"]:
            resolved = (out / file).resolve()
            assert resolved.is_relative_to(result.version_dir.resolve()), file
            assert resolved.is_file()


def test_export_over_a_foreign_symlink_leaves_its_target_alone(db, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    out = tmp_path / "exports"
    out.symlink_to(victim, target_is_directory=True)
    export(db, out)
    assert [p.name for p in victim.iterdir()] == ["keep.txt"]
    assert (victim / "keep.txt").read_text() == "mine"
    assert out.resolve().parent == (tmp_path / "exports.versions").resolve()


# --- HTML is parsed, never fetched or executed ----------------------------------------------

HOSTILE_HTML = """<!doctype html>
<html><head>
<meta http-equiv="refresh" content="0; url=http://198.51.100.7/redirect">
<link rel="stylesheet" href="http://198.51.100.7/style.css">
<script src="http://198.51.100.7/app.js"></script>
<script>document.body.innerHTML = 'EXECUTED'; fetch('http://198.51.100.7/beacon');</script>
<style>@import url('http://198.51.100.7/more.css'); p { color: red }</style>
<base href="http://198.51.100.7/">
</head><body>
<img src="http://198.51.100.7/pixel.gif" onerror="alert('EXECUTED')">
<iframe src="http://198.51.100.7/frame"></iframe>
<object data="http://198.51.100.7/x.swf"></object>
<p>Ankara recalled its ambassador from Vienna in August 2016 after a row over
news headlines.</p>
<svg><script>alert('EXECUTED')</script></svg>
<noscript><img src="http://198.51.100.7/noscript.gif"></noscript>
</body></html>
"""


@pytest.fixture
def no_network(monkeypatch):
    """Every attempt to open a connection or resolve a name is recorded and fails loudly."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_html_is_parsed_not_fetched_or_executed(tmp_path, no_network):
    path = tmp_path / "page.html"
    path.write_text(HOSTILE_HTML, encoding="utf-8")
    document = read_document(path)
    assert no_network == []
    assert document.text == (
        "Ankara recalled its ambassador from Vienna in August 2016 after a row over news headlines."
    )
    assert "EXECUTED" not in document.text and "198.51.100.7" not in document.text


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_links_in_documents_are_never_followed(tmp_path, no_network, suffix):
    body = (
        "[the report](http://198.51.100.7/report) says Moscow criticised Ankara in 2016. "
        "![chart](http://198.51.100.7/chart.png)"
    )
    if suffix == ".html":
        body = (
            '<p><a href="http://198.51.100.7/r">the report</a> says Moscow criticised '
            'Ankara in 2016.<img src="http://198.51.100.7/c.png"></p>'
        )
    path = tmp_path / f"doc{suffix}"
    path.write_text(body, encoding="utf-8")
    assert "Moscow criticised Ankara in 2016" in read_document(path).text
    assert no_network == []


# --- no unsafe deserialisation ----------------------------------------------------------------

YAML_PAYLOADS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/name:os.system",
]


@pytest.mark.parametrize("payload", YAML_PAYLOADS)
def test_yaml_tags_in_front_matter_and_sidecars_run_nothing(tmp_path, payload):
    marker = tmp_path / "pwned"
    value = payload.format(marker=marker)
    md = tmp_path / "a.md"
    md.write_text(f"---\ntitle: {value}\n---\nMoscow criticised Ankara in 2016.\n")
    with pytest.raises(SourceError, match="invalid front matter"):
        read_document(md)
    txt = tmp_path / "b.txt"
    txt.write_text("Moscow criticised Ankara in 2016.\n")
    (tmp_path / "b.txt.meta.yaml").write_text(f"title: {value}\n")
    with pytest.raises(SourceError, match="invalid sidecar metadata"):
        read_document(txt)
    assert not marker.exists()


SAFE_LOADER_NAMES = ("DatelessLoader", "SafeLoader")  # pipeline.safeyaml
UNSAFE_CALLS = {
    ("pickle", "load"),
    ("pickle", "loads"),
    ("marshal", "loads"),
    ("yaml", "unsafe_load"),
    ("yaml", "full_load"),
    ("shelve", "open"),
}


def test_no_pickle_eval_or_unsafe_yaml_in_the_code():
    """Static check: the code never unpickles, evals or loads YAML with an unsafe loader."""
    problems = []
    for path in sorted([*PROJECT_ROOT.glob("pipeline/**/*.py"), *PROJECT_ROOT.glob("flows/*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if any(n.split(".")[0] in ("pickle", "marshal", "shelve", "dill") for n in names):
                    problems.append(f"{path.name}:{node.lineno} imports {names}")
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("eval", "exec"):
                problems.append(f"{path.name}:{node.lineno} calls {func.id}")
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                pair = (func.value.id, func.attr)
                if pair in UNSAFE_CALLS:
                    problems.append(f"{path.name}:{node.lineno} calls {'.'.join(pair)}")
                if pair == ("yaml", "load"):
                    loader = next((k.value for k in node.keywords if k.arg == "Loader"), None)
                    if not (isinstance(loader, ast.Name) and loader.id in SAFE_LOADER_NAMES):
                        problems.append(f"{path.name}:{node.lineno} yaml.load without SafeLoader")
    assert problems == []


def test_yaml_loaders_in_use_are_safe_loaders():
    import yaml

    from pipeline import safeyaml
    from pipeline.nlp.datafiles import read_yaml_mapping

    for name in SAFE_LOADER_NAMES:
        assert safeyaml.is_safe_loader(getattr(safeyaml, name)), name
    assert not safeyaml.is_safe_loader(yaml.FullLoader)
    assert not safeyaml.is_safe_loader(yaml.UnsafeLoader)
    with pytest.raises(TypeError, match="not a safe YAML loader"):
        read_yaml_mapping(str(PROJECT_ROOT / "pipeline/data/actors.yaml"), "x", "y", yaml.Loader)


def test_lock_and_database_files_are_not_world_writable(tmp_path):
    from pipeline.store import writer_lock

    db = tmp_path / "p.duckdb"
    open_db(db).close()
    with writer_lock(db):
        pass
    for path in (db, Path(f"{os.path.realpath(db)}.lock")):
        assert not path.stat().st_mode & 0o002, path

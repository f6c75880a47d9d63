"""Parquet export: layout, partitions, manifest, read back with pyarrow, atomic replacement."""

from __future__ import annotations

import json
import os
import threading
from datetime import date
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import pipeline.export
from pipeline.errors import ExportError
from pipeline.export import export
from pipeline.store import load_batch, open_db
from tests.conftest import make_event
from tests.test_store import batch_for


@pytest.fixture
def loaded_db(db_path):
    con = open_db(db_path)
    load_batch(
        con,
        batch_for(
            "a.txt",
            "d1",
            [make_event(), make_event(event_date=date(2016, 8, 9), event_type="CONSULT")],
        ),
        "r1",
    )
    load_batch(
        con, batch_for("b.txt", "d2", [make_event(event_date=None, date_precision="none")]), "r1"
    )
    con.close()
    return db_path


def test_export_layout_manifest_and_read_back(loaded_db, tmp_path):
    out = tmp_path / "exports"
    result = export(loaded_db, out)
    manifest = json.loads((out / "manifest.json").read_text())
    names = {t["name"] for t in manifest["tables"]}
    assert {"documents", "events", "stances", "actors", "quarantine", "ingest_runs"} <= names
    assert {"dyad_monthly", "stance_monthly", "actor_salience_monthly", "event_clusters"} <= names
    events = next(t for t in manifest["tables"] if t["name"] == "events")
    assert events["rows"] == 3
    assert events["partitioned_by"] == ["year"]
    assert manifest["version"] == result.version_dir.name
    assert all(f.endswith(f"/{result.version_dir.name}_0.parquet") for f in events["files"])
    assert events["bytes"] == sum((out / f).stat().st_size for f in events["files"])
    assert sorted({f.split("/")[1] for f in events["files"]}) == [
        "year=0",
        "year=2015",
        "year=2016",
    ]
    assert {"name": "event_date", "type": "date32[day]"} in events["schema"]
    table = ds.dataset(out / "events", format="parquet", partitioning="hive").to_table()
    assert table.num_rows == 3
    assert sorted(table.column("event_type").to_pylist()) == ["ASSAULT", "ASSAULT", "CONSULT"]
    for entry in manifest["tables"]:
        for file in entry["files"]:
            assert pq.read_metadata(out / file).num_columns > 0
    assert result.version_dir.is_dir()


def test_export_types_are_bi_friendly(loaded_db, tmp_path):
    out = tmp_path / "exports"
    manifest = export(loaded_db, out).manifest
    allowed = ("string", "large_string", "date32[day]", "timestamp[us]", "double", "int64", "bool")
    for entry in manifest["tables"]:
        for column in entry["schema"]:
            assert column["type"] in allowed, (entry["name"], column)
    events = next(t for t in manifest["tables"] if t["name"] == "events")
    types = {c["name"]: c["type"] for c in events["schema"]}
    assert types["quad_class"] == "int64" and types["negated"] == "bool"
    docs = next(t for t in manifest["tables"] if t["name"] == "documents")
    assert {"name": "ingested_at", "type": "timestamp[us]"} in docs["schema"]


def test_awkward_types_are_cast_to_plain_ones(loaded_db, tmp_path):
    con = pipeline.export.connect(loaded_db, read_only=True, sandboxed=False)
    try:
        select = pipeline.export._bi_friendly(
            con,
            "select 1::hugeint as h, 2::integer as i, uuid() as u, [1, 2] as l, "
            "{'a': 1} as s, 1.5::decimal(4, 1) as d, now() as tz, 'x'::enum ('x', 'y') as e",
        )
        types = [r[1] for r in con.execute(f"describe {select}").fetchall()]
        values = con.execute(f"select l, s, d from ({select})").fetchone()
    finally:
        con.close()
    assert types == ["BIGINT", "BIGINT", "VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE", "TIMESTAMP",
                     "VARCHAR"]  # fmt: skip
    assert values == ("[1,2]", '{"a":1}', 1.5)


def test_new_export_replaces_old_atomically_and_prunes(loaded_db, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.export, "READER_GRACE_SECONDS", 0)
    out = tmp_path / "exports"
    first = export(loaded_db, out)
    second = export(loaded_db, out)
    third = export(loaded_db, out)
    assert out.is_symlink()
    assert out.resolve() == third.version_dir.resolve()
    assert not first.version_dir.exists()  # only the newest versions are kept
    assert second.version_dir.exists()


def test_export_refuses_a_foreign_folder(loaded_db, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    with pytest.raises(ExportError, match="not an eventpipe export"):
        export(loaded_db, out)
    assert (out / "mine.txt").read_text() == "keep me"


def test_replaced_exports_are_kept_for_readers_during_the_grace_period(loaded_db, tmp_path):
    out = tmp_path / "exports"
    versions = [export(loaded_db, out).version_dir for _ in range(4)]
    assert all(v.is_dir() for v in versions)  # replaced seconds ago: still readable


def test_readers_during_exports_see_one_whole_export(tmp_path, db_path):
    """A reader thread resolving OUT while exports of two different databases alternate."""
    small, large = tmp_path / "small.duckdb", tmp_path / "large.duckdb"
    for path, n in ((small, 2), (large, 40)):
        con = open_db(path)
        events = [make_event(event_date=date(2014 + i % 8, 1 + i % 12, 1)) for i in range(n)]
        load_batch(con, batch_for("a.txt", "d1", events), "r1")
        con.close()
    out = tmp_path / "exports"
    export(small, out)
    stop = threading.Event()
    reads: list[int] = []
    problems: list[str] = []

    def reader() -> None:
        while not stop.is_set():
            version = os.path.realpath(out)  # resolve the link once, then read only there
            manifest = json.loads(Path(version, "manifest.json").read_text())
            for entry in manifest["tables"]:
                files = [os.path.join(version, f) for f in entry["files"]]
                found = sum(pq.read_metadata(f).num_rows for f in files)
                if found != entry["rows"]:
                    problems.append(f"{entry['name']}: {found} != {entry['rows']}")
                listed = sorted(
                    os.path.relpath(os.path.join(root, name), version)
                    for root, _, names in os.walk(os.path.join(version, entry["path"]))
                    for name in names
                )
                if listed != sorted(entry["files"]):
                    problems.append(f"{entry['name']}: files differ from the manifest")
            events = next(t for t in manifest["tables"] if t["name"] == "events")
            reads.append(events["rows"])

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for n in range(6):
            export(large if n % 2 == 0 else small, out)
    finally:
        stop.set()
        thread.join()
    assert problems == []
    assert set(reads) <= {2, 40} and reads
    manifest = json.loads((out / "manifest.json").read_text())
    assert next(t for t in manifest["tables"] if t["name"] == "events")["rows"] == 2

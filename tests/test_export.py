"""Parquet export: layout, partitions, manifest, read back with pyarrow, atomic replacement."""

from __future__ import annotations

import json
from datetime import date

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

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
    allowed = ("string", "large_string", "date32[day]", "timestamp[us]", "double", "int64",
               "int32", "bool")  # fmt: skip
    for entry in manifest["tables"]:
        for column in entry["schema"]:
            assert column["type"] in allowed, (entry["name"], column)


def test_new_export_replaces_old_atomically_and_prunes(loaded_db, tmp_path):
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

"""The DuckDB store: migrations, views, atomic batch replacement, locks, read-only queries."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

from pipeline.errors import LockError, QueryError, SchemaError
from pipeline.store import (
    LoadBatch,
    latest_schema_version,
    load_batch,
    open_db,
    run_query,
    schema_version,
    table_columns,
    view_files,
    writer_lock,
)
from tests.conftest import make_event


def document(path: str, doc_id: str, published: date | None = date(2016, 8, 25)) -> dict:
    return {
        "doc_id": doc_id,
        "source_path": path,
        "title": "t",
        "published_date": published,
        "published_basis": "text",
        "text": "Turkey shot down a Russian jet in November 2015.",
        "n_chars": 48,
        "ingested_at": datetime(2026, 1, 1),
    }


def batch_for(path: str, doc_id: str, events: list[dict]) -> LoadBatch:
    batch = LoadBatch()
    batch.rows["documents"].append(document(path, doc_id))
    for n, event in enumerate(events):
        batch.rows["events"].append({"event_id": f"{doc_id}-e{n}", "doc_id": doc_id, **event})
    return batch


def test_migrate_records_version_and_is_idempotent(db_path):
    con = open_db(db_path)
    assert schema_version(con) == latest_schema_version()
    con.close()
    con = open_db(db_path)
    versions = con.execute("select version from schema_version order by 1").fetchall()
    assert versions == [(v,) for v in range(1, latest_schema_version() + 1)]
    rows = con.execute("select view_name from duckdb_views() where not internal").fetchall()
    views = {r[0] for r in rows}
    assert {p.stem for p in view_files()} <= views
    assert {"dyad_monthly", "stance_monthly", "actor_salience_monthly", "event_clusters"} <= views


def test_newer_schema_is_refused(db_path):
    con = open_db(db_path)
    con.execute("insert into schema_version values (999, 'future', now())")
    con.close()
    with pytest.raises(SchemaError, match="newer than this eventpipe supports"):
        open_db(db_path)


def test_load_batch_replaces_rows_of_the_same_path(db_path):
    con = open_db(db_path)
    load_batch(con, batch_for("a.txt", "old", [make_event(), make_event()]), "run1")
    load_batch(con, batch_for("b.txt", "bee", [make_event()]), "run1")
    load_batch(con, batch_for("a.txt", "new", [make_event(event_type="CONSULT")]), "run2")
    docs = con.execute("select source_path, doc_id from documents order by 1").fetchall()
    assert docs == [("a.txt", "new"), ("b.txt", "bee")]
    events = con.execute("select doc_id, event_type from events order by 1").fetchall()
    assert events == [("bee", "ASSAULT"), ("new", "CONSULT")]


def test_loaded_columns_are_those_of_the_migrated_schema(db_path):
    con = open_db(db_path)
    con.execute("create temp table events (shadow integer)")  # a temp table is not the loaded one
    columns = table_columns(con)
    assert list(columns) == list(LoadBatch().rows)
    for table, names in columns.items():
        in_db = con.execute(
            "select column_name from information_schema.columns "
            "where table_catalog = current_database() and table_schema = 'main' "
            "and table_name = ? order by ordinal_position",
            [table],
        ).fetchall()
        assert names == [name for (name,) in in_db]
    assert columns["events"][:2] == ["event_id", "doc_id"]
    assert columns["events"][-2:] == ["source_text", "target_text"]  # added by migration 006


def test_a_column_a_migration_adds_is_loaded_without_a_code_change(db_path):
    con = open_db(db_path)
    con.execute("alter table footnotes add column language varchar")
    batch = batch_for("a.txt", "doc", [])
    batch.rows["footnotes"].append({"doc_id": "doc", "label": "1", "language": "en"})
    batch.rows["footnotes"].append({"doc_id": "doc", "label": "2"})
    load_batch(con, batch, "run1")
    rows = con.execute("select label, language from footnotes order by label").fetchall()
    assert rows == [("1", "en"), ("2", None)]


def test_failed_batch_leaves_nothing_behind(db_path):
    con = open_db(db_path)
    load_batch(con, batch_for("a.txt", "old", [make_event()]), "run1")
    bad = batch_for("a.txt", "new", [make_event(sentence=None)])  # NOT NULL violated
    with pytest.raises(duckdb.Error):
        load_batch(con, bad, "run2")
    assert con.execute("select doc_id from documents").fetchall() == [("old",)]
    assert con.execute("select count(*) from events").fetchone()[0] == 1


def test_quarantine_then_load_clears_the_quarantine_row(db_path):
    con = open_db(db_path)
    load_batch(con, LoadBatch(failures=[("a.txt", "empty file", "h1")]), "run1")
    assert con.execute("select source_path, reason from quarantine").fetchall() == [
        ("a.txt", "empty file")
    ]
    load_batch(con, batch_for("a.txt", "h2", []), "run2")
    assert con.execute("select count(*) from quarantine").fetchone()[0] == 0


def test_dyad_monthly_counts_only_events_that_happened(db_path):
    con = open_db(db_path)
    events = [
        make_event(),
        make_event(event_date=date(2015, 11, 24), date_precision="day"),
        make_event(negated=True),
        make_event(modality="hypothetical"),
        make_event(event_type="CONSULT", goldstein=1.0, quad_class=1, event_date=date(2016, 8, 9)),
    ]
    load_batch(con, batch_for("a.txt", "d1", events), "r")
    rows = con.execute(
        "select month, source_country, target_country, quad_class, events, goldstein_sum, "
        "documents from dyad_monthly order by month"
    ).fetchall()
    assert rows == [
        (date(2015, 11, 1), "TUR", "RUS", 4, 2, -18.0, 1),
        (date(2016, 8, 1), "TUR", "RUS", 1, 1, 1.0, 1),
    ]


def test_event_clusters_flag_conflicting_dates(db_path):
    con = open_db(db_path)
    coup = {"event_type": "COERCE", "source_country": "TUR", "target_country": "TUR"}
    coup["target_country"] = "EU"
    for n in range(3):
        load_batch(
            con,
            batch_for(f"{n}.txt", f"d{n}", [make_event(**coup, event_date=date(2016, 7, 15))]),
            "r",
        )
    load_batch(
        con,
        batch_for(
            "x.txt",
            "dx",
            [make_event(**coup, event_date=date(2016, 8, 1), date_precision="month")],
        ),
        "r",
    )
    rows = con.execute(
        "select event_type, consensus_date, consensus_precision, documents, conflicting_dates "
        "from event_clusters"
    ).fetchall()
    assert rows == [("COERCE", date(2016, 7, 1), "month", 4, 1)]


def test_writer_lock_refuses_a_second_writer(db_path):
    with (
        writer_lock(db_path),
        pytest.raises(LockError, match="another eventpipe ingest"),
        writer_lock(db_path),
    ):
        pass


def test_read_only_query_cannot_write_or_touch_files(db_path, tmp_path):
    open_db(db_path).close()
    with pytest.raises(QueryError):
        run_query(db_path, "insert into actors values ('X', 'x', 'X', 'GOV', 'country')")
    with pytest.raises(QueryError):
        run_query(db_path, f"copy actors to '{tmp_path / 'leak.csv'}'")
    with pytest.raises(QueryError):
        run_query(db_path, f"attach '{tmp_path / 'other.duckdb'}' as other")
    assert not (tmp_path / "leak.csv").exists()
    columns, rows = run_query(db_path, "select count(*) as n from documents")
    assert (columns, rows) == (["n"], [(0,)])


def test_query_on_missing_database_says_so(tmp_path):
    with pytest.raises(QueryError, match="no database at"):
        run_query(tmp_path / "missing.duckdb", "select 1")

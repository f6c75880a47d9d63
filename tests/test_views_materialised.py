"""Cached views return exactly what their plain models compute.

The references are the plain models of `sql/` (the same files the views and caches are
generated from), created here as uncached `ref_<name>` views over the same tables. Each view is
compared with its reference on a small synthetic database: with every partition stale, after a
refresh, after documents are replaced or quarantined (before and after the next refresh), after
a failed batch and a failed refresh, and after upgrades from version 2 and version 7 databases.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import duckdb
import pytest

from bench.micro import synthetic_batch
from pipeline.store import (
    CACHED_VIEWS,
    MIGRATIONS_DIR,
    LoadBatch,
    latest_schema_version,
    load_batch,
    load_models,
    open_db,
    quarantine,
    refresh_view_caches,
    schema_version,
)

CACHED = [view for _, _, views in CACHED_VIEWS for view in views]
COMPARED = [model.name for model in load_models()]  # every view, cached or reading a cached one
STALE_TABLES = [stale for stale, _, _ in CACHED_VIEWS]
TEXT = "The ministers met in Ankara to discuss the pipeline. " * 4


def create_reference_views(con: duckdb.DuckDBPyConnection) -> None:
    """The plain models of `sql/`, as uncached `ref_<name>` views reading the same tables."""
    models = load_models()
    pattern = re.compile(r"\b(" + "|".join(model.name for model in models) + r")\b")
    for model in models:  # each after the models it reads
        sql = pattern.sub(r"ref_\1", model.sql)
        con.execute(f"create or replace view ref_{model.name} as {sql}")


def _varied(batch: LoadBatch, rng: random.Random) -> LoadBatch:
    """Give the synthetic rows the variety the views branch on (places, triggers, topics)."""
    for event in batch.rows["events"]:
        event["location"] = rng.choice([None, None, "Syria", "Kyiv"])
        event["trigger"] = rng.choice(["met", "shot down", "held talks"])
        if rng.random() < 0.05:
            event["source_country"] = event["target_country"] = None
    for stance in batch.rows["stances"]:
        if rng.random() < 0.3:
            stance["target_actor"] = stance["target_country"] = None
            stance["target_topic"] = rng.choice(["the refugee deal", "sanctions"])
    for mention in batch.rows["actor_mentions"]:
        if rng.random() < 0.2:
            mention["mention_date"] = None
    for document in batch.rows["documents"][::16]:
        # a document without a date nor rows of its own
        document["published_date"] = None
        doc_id = document["doc_id"]
        for table in ("events", "stances", "actor_mentions"):
            batch.rows[table] = [r for r in batch.rows[table] if r["doc_id"] != doc_id]
    return batch


def corpus_batch(first_doc: int, seed: int, run_id: str = "r1", edit: str = "") -> LoadBatch:
    """64 synthetic documents; `edit` gives them new content (new doc ids, same paths)."""
    rng = random.Random(seed)
    batch = _varied(synthetic_batch(first_doc, rng, TEXT), rng)
    if edit:
        for rows in batch.rows.values():
            for row in rows:
                row["doc_id"] = f"{row['doc_id']}{edit}"
                for key in ("event_id", "stance_id"):
                    if key in row:
                        row[key] = f"{row[key]}{edit}"
        for row in batch.rows["documents"]:
            row["published_date"] = (row["published_date"] or date(2015, 1, 1)) + timedelta(days=40)
    for row in batch.rows["documents"]:
        row["run_id"] = run_id
    return batch


def _comparable(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple]:
    columns = con.execute(f"describe {name}").fetchall()
    exprs = [
        f'round("{column}", 9)' if dtype == "DOUBLE" else f'"{column}"'
        for column, dtype, *_ in columns
    ]
    return con.execute(f"select {', '.join(exprs)} from {name} order by all").fetchall()


def assert_views_match_reference(con: duckdb.DuckDBPyConnection) -> None:
    for name in COMPARED:
        assert (
            con.execute(f"describe {name}").fetchall()
            == con.execute(f"describe ref_{name}").fetchall()
        ), name
        expected = _comparable(con, f"ref_{name}")
        assert _comparable(con, name) == expected, name
    for name in ("dyad_monthly", "event_clusters", "document_summary", "actor_salience_monthly",
                 "stance_monthly", "dyad_timeline"):  # fmt: skip
        assert _comparable(con, name), f"{name} is empty: the test data exercises nothing"


def stale_count(con: duckdb.DuckDBPyConnection) -> int:
    return sum(con.execute(f"select count(*) from {t}").fetchone()[0] for t in STALE_TABLES)


@pytest.fixture
def con(db_path):
    con = open_db(db_path)
    create_reference_views(con)
    yield con
    con.close()


def test_the_references_are_plain_models_and_the_trend_views_are_cached(con):
    for model in load_models():
        assert "_cache" not in model.sql and "stale_" not in model.sql, model.path
    trend_views = {"dyad_monthly", "dyad_timeline", "stance_monthly", "actor_salience_monthly",
                   "event_clusters", "event_cluster_mentions", "int_document_counts"}  # fmt: skip
    assert trend_views <= set(CACHED)
    for name in CACHED:
        view_sql = con.execute(
            "select sql from duckdb_views() where view_name = ?", [name]
        ).fetchone()[0]
        assert f"{name}_cache" in view_sql, name


def test_cached_views_match_their_definitions_through_loads_replacements_and_refreshes(con):
    for n in range(3):
        load_batch(con, corpus_batch(n * 64, seed=n), "r1")
    con.execute("insert into ingest_runs (run_id, started_at, status) values ('r1', now(), 'x')")
    assert stale_count(con) > 0
    assert_views_match_reference(con)  # every partition stale: all computed from the tables

    assert refresh_view_caches(con) > 0
    assert stale_count(con) == 0
    assert con.execute("select count(*) from event_cluster_mentions_cache").fetchone()[0] > 0
    assert_views_match_reference(con)  # everything from the caches
    assert refresh_view_caches(con) == 0

    # re-ingest of edited files: half a batch of documents replaced by new content
    edited = corpus_batch(64, seed=7, run_id="r2", edit="-v2")
    edited.rows = {
        table: [r for r in rows if int(r["doc_id"][:16], 16) < 96]
        for table, rows in edited.rows.items()
    }
    con.execute("insert into ingest_runs (run_id, started_at, status) values ('r2', now(), 'x')")
    load_batch(con, edited, "r2")
    assert stale_count(con) > 0
    assert_views_match_reference(con)  # cached partitions and stale ones together
    refresh_view_caches(con)
    assert_views_match_reference(con)

    # a loaded file that now fails is quarantined: its rows go, and so do they from the views
    quarantine(con, [("/corpus/3.txt", "empty file", None)], "r3")
    assert stale_count(con) > 0
    assert_views_match_reference(con)
    refresh_view_caches(con)
    assert_views_match_reference(con)


def test_a_failed_batch_changes_neither_caches_nor_stale_partitions(con):
    load_batch(con, corpus_batch(0, seed=1), "r1")
    refresh_view_caches(con)
    bad = corpus_batch(0, seed=2, edit="-bad")
    bad.rows["events"][-1]["sentence"] = None  # NOT NULL violated: the batch rolls back
    with pytest.raises(duckdb.ConstraintException):
        load_batch(con, bad, "r2")
    assert stale_count(con) == 0
    assert_views_match_reference(con)


def test_a_refresh_that_fails_leaves_the_stale_partitions_to_the_views(con, monkeypatch):
    load_batch(con, corpus_batch(0, seed=1), "r1")
    stale = stale_count(con)
    con.execute("alter table event_clusters_cache rename to event_clusters_cache_gone")
    with pytest.raises(duckdb.Error):
        refresh_view_caches(con)
    con.execute("alter table event_clusters_cache_gone rename to event_clusters_cache")
    assert stale_count(con) == stale
    assert con.execute("select count(*) from dyad_monthly_cache").fetchone()[0] == 0
    assert_views_match_reference(con)


def test_version_2_database_is_upgraded_with_its_views_cached(tmp_path):
    db = tmp_path / "v2.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create table schema_version (version integer, name varchar, applied_at timestamp)")
    for version, name in ((1, "001_init"), (2, "002_run_files")):
        con.execute((MIGRATIONS_DIR / f"{name}.sql").read_text())
        con.execute("insert into schema_version values (?, ?, now())", [version, name])
    con.close()
    con = open_db(db)  # the current code loads the rows; then the database goes back to v2
    load_batch(con, corpus_batch(0, seed=3), "r1")
    con.execute("delete from schema_version where version >= 3")
    for stale, _, views in CACHED_VIEWS:
        con.execute(f"drop table {stale}")
        for view in views:
            con.execute(f"drop view {view} cascade")
            con.execute(f"drop table {view}_cache")
    con.close()

    con = open_db(db)
    assert schema_version(con) == latest_schema_version() >= 3
    assert stale_count(con) == 0  # the upgrade filled the caches
    assert con.execute("select count(*) from int_document_counts_cache").fetchone()[0] == 64
    create_reference_views(con)
    assert_views_match_reference(con)
    con.close()


def schema_of(con: duckdb.DuckDBPyConnection) -> dict:
    """Tables with their columns and comments, and views with their SQL."""
    return {
        "tables": con.execute(
            "select table_name, column_name, data_type, is_nullable "
            "from information_schema.columns where table_catalog = current_database() "
            "and table_name not like 'ref\\_%' escape '\\' order by all"
        ).fetchall(),
        "comments": con.execute(
            "select table_name, comment from duckdb_tables() where not temporary order by all"
        ).fetchall(),
        "views": con.execute(
            "select view_name, sql from duckdb_views() where not internal and not temporary "
            "and view_name not like 'ref\\_%' escape '\\' order by all"
        ).fetchall(),
    }


def test_version_7_database_ends_as_a_new_one(tmp_path):
    """A database made by the hand-written caches of migrations 003/004 (schema version 7, with
    migration 008's document paths so that today's `load_batch` can fill it)."""
    db = tmp_path / "v7.duckdb"
    con = duckdb.connect(str(db))
    con.execute(
        "create table schema_version "
        "(version integer not null, name varchar not null, applied_at timestamp not null)"
    )
    for path in sorted(MIGRATIONS_DIR.glob("00[1-8]_*.sql")):
        con.execute(path.read_text())
        con.execute(
            "insert into schema_version values (?, ?, now())", [int(path.name[:3]), path.stem]
        )
    load_batch(con, corpus_batch(0, seed=4), "r1")  # stale partitions listed, caches of old shape
    con.execute("insert into stale_cluster_dyads select * from stale_dyads")
    con.close()

    con = open_db(db)
    assert schema_version(con) == latest_schema_version()
    assert stale_count(con) == 0
    tables = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert not {"stale_cluster_dyads", "document_summary_cache"} & tables  # no model uses them
    create_reference_views(con)
    assert_views_match_reference(con)
    load_batch(con, corpus_batch(64, seed=5), "r2")
    assert_views_match_reference(con)
    upgraded = schema_of(con)
    con.close()

    fresh = open_db(tmp_path / "new.duckdb")
    assert schema_of(fresh) == upgraded
    fresh.close()


def test_a_cache_made_for_other_sql_is_made_again(db_path):
    """A cache whose model changed (another version of its SQL) is rebuilt when opened."""
    con = open_db(db_path)
    load_batch(con, corpus_batch(0, seed=1), "r1")
    refresh_view_caches(con)
    con.execute("update stance_monthly_cache set stances = stances + 1")  # rows of other SQL
    con.execute("comment on table stance_monthly_cache is 'an older stance_monthly'")
    con.close()

    con = open_db(db_path)
    comment = con.execute(
        "select comment from duckdb_tables() where table_name = 'stance_monthly_cache'"
    ).fetchone()[0]
    assert comment.startswith("eventpipe cache of model version ")
    assert stale_count(con) == 0
    create_reference_views(con)
    assert_views_match_reference(con)
    con.close()

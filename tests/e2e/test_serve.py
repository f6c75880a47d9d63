"""Scheduled ingestion: `eventpipe serve` against a real local Prefect server; run artifacts."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from tests.conftest import ROOT
from tests.e2e.serving import count_documents, serving, wait_for

FIXTURES = ROOT / "tests" / "fixtures" / "sources"


@pytest.mark.slow
@pytest.mark.model
def test_served_deployment_runs_and_loads_the_database(tmp_path):
    corpus = tmp_path / "inbox"
    shutil.copytree(FIXTURES, corpus)
    db = tmp_path / "served.duckdb"
    with serving(tmp_path, corpus, db, "e2e") as served:
        wait_for(served.trigger, 90, "the served deployment to be registered")
        files = [p for p in corpus.iterdir() if p.is_file()]
        wait_for(lambda: count_documents(db) == len(files), 180, "the run to load the inbox")
    con = duckdb.connect(str(db), read_only=True)
    try:
        runs = con.execute("select status, new_documents from ingest_runs").fetchall()
        events = con.execute("select count(*) from events").fetchone()[0]
    finally:
        con.close()
    assert runs == [("completed", len(files))]
    assert events > 0
    assert "e2e" in (tmp_path / "serve.log").read_text()


@pytest.mark.model
def test_ingest_flow_publishes_a_table_of_the_new_events(prefect_harness, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.ingest import ingest_flow

    db = tmp_path / "a.duckdb"
    summary = ingest_flow([str(FIXTURES)], str(db))
    con = duckdb.connect(str(db), read_only=True)
    try:
        expected = con.execute(
            "select event_id, event_type from events order by event_date nulls last, event_id"
        ).fetchall()
    finally:
        con.close()
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["eventpipe-ingest-events"]))
        )
    mine = [a for a in artifacts if summary.run_id in (a.description or "")]
    assert len(mine) == 1 and mine[0].type == "table"
    table = mine[0].data if isinstance(mine[0].data, list) else json.loads(mine[0].data)
    assert [(row["event_id"], row["event_type"]) for row in table] == expected
    assert len(expected) == summary.counts["events"] > 0

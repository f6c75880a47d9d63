"""Scheduled ingestion: `eventpipe serve` against a real local Prefect server; run artifacts."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "sources"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, seconds: float, what: str):
    """Poll `check` until it returns a truthy value (bounded, no timing asserted)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(1)
    pytest.fail(f"gave up waiting for {what} after {seconds:.0f} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def count_documents(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:  # the flow is writing right now
        return 0
    try:
        return con.execute("select count(*) from documents").fetchone()[0]
    except duckdb.Error:
        return 0
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.model
def test_served_deployment_runs_and_loads_the_database(tmp_path):
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
    }
    corpus = tmp_path / "inbox"
    shutil.copytree(FIXTURES, corpus)
    db = tmp_path / "served.duckdb"
    logs = {name: open(tmp_path / f"{name}.log", "w") for name in ("server", "serve")}  # noqa: SIM115
    server = subprocess.Popen(
        [BIN / "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=logs["server"], stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    serve = None
    try:

        def healthy() -> bool:
            try:
                with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
                    return json.loads(response.read()) is True
            except OSError:
                return False

        wait_for(healthy, 120, "the Prefect server")
        serve = subprocess.Popen(
            [BIN / "eventpipe", "serve", "--cron", "0 3 1 1 *", "--db", db, "--name", "e2e",
             corpus],
            env=env, cwd=tmp_path, stdout=logs["serve"], stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

        def triggered() -> bool:
            result = subprocess.run(
                [BIN / "prefect", "deployment", "run", "eventpipe-ingest/e2e"],
                env=env, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            return result.returncode == 0

        wait_for(triggered, 90, "the served deployment to be registered")
        files = [p for p in corpus.iterdir() if p.is_file()]
        wait_for(lambda: count_documents(db) == len(files), 180, "the run to load the inbox")
    finally:
        if serve is not None:
            stop(serve)
        stop(server)
        for handle in logs.values():
            handle.close()
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

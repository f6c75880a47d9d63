"""Scale-out: `eventpipe ingest --task-runner dask --dask-address` on a real two-worker Dask
cluster (scheduler and workers as separate processes on loopback) loads exactly what a local
run loads."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS
from tests.e2e.test_cli import cli, query

pytestmark = [pytest.mark.model, pytest.mark.usefixtures("prefect_harness")]

TABLES = {
    "documents": "select * exclude (ingested_at, run_id) from documents order by all",
    "events": "select * from events order by all",
    "stances": "select * from stances order by all",
    "actor_mentions": "select * from actor_mentions order by all",
    "footnotes": "select * from footnotes order by all",
}


def _stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """A Dask scheduler and two single-threaded workers on 127.0.0.1; yields the address."""
    from distributed import Client

    work = tmp_path_factory.mktemp("dask")
    scheduler_file = work / "scheduler.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    common = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
             "--port", "0", "--no-dashboard", "--scheduler-file", str(scheduler_file)],
            **common,
        )
    ]  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists():
            assert procs[0].poll() is None, "the Dask scheduler exited"
            assert time.monotonic() < deadline, "the Dask scheduler did not start"
            time.sleep(0.2)
        for n in range(2):
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file",
                     str(scheduler_file), "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                     "--name", f"eventpipe-test-{n}", "--local-directory", str(work / f"w{n}")],
                    **common,
                )
            )  # fmt: skip
        with Client(scheduler_file=str(scheduler_file), timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
            address = client.scheduler.address
            yield address, client
    finally:
        _stop(procs[1:])
        _stop(procs[:1])


def _snapshot(db: Path) -> dict[str, list[dict]]:
    return {name: query(db, sql) for name, sql in TABLES.items()}


def _pipelines_loaded() -> int:
    build = sys.modules.get("pipeline.nlp.build")
    return build._load.cache_info().currsize if build else 0


def test_dask_cluster_ingest_matches_local_run(dask_cluster, tmp_path, monkeypatch):
    address, client = dask_cluster
    monkeypatch.setenv("EVENTPIPE_BATCH_SIZE", "3")  # four tasks, so both workers get work
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:12]:
        shutil.copy(path, corpus / path.name)
    local_db, dask_db = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"

    cli("ingest", corpus, "--db", local_db)
    output = cli(
        "ingest", corpus, "--db", dask_db, "--task-runner", "dask", "--dask-address", address
    )

    assert "12 new, 0 updated, 0 unchanged, 0 quarantined" in output
    # the extraction ran on the cluster's workers (each loads the pipeline once, on first use)
    loaded = client.run(_pipelines_loaded)
    assert sorted(loaded) == sorted(client.nthreads()) and sum(loaded.values()) >= 1
    local, remote = _snapshot(local_db), _snapshot(dask_db)
    assert len(local["documents"]) == 12
    assert len(local["events"]) >= 60 and len(local["stances"]) >= 12
    for name in TABLES:
        assert remote[name] == local[name], name
    assert json.dumps(remote, default=str) == json.dumps(local, default=str)

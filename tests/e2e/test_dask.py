"""Scale-out: `eventpipe ingest --task-runner dask --dask-address` on a real two-worker Dask
cluster (scheduler and workers as separate processes on loopback), and `--workers 2` on the
CLI's own local cluster, load exactly what a local run loads."""

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
    load = getattr(build, "_load", None)  # None while a worker is still importing the module
    return load.cache_info().currsize if load else 0


@pytest.fixture(scope="module")
def twelve_articles(prefect_harness, tmp_path_factory):
    """Twelve seed articles and the tables a local one-worker run makes of them."""
    work = tmp_path_factory.mktemp("articles")
    corpus = work / "corpus"
    corpus.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:12]:
        shutil.copy(path, corpus / path.name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EVENTPIPE_BATCH_SIZE", "3")  # four tasks, so both workers get work
        cli("ingest", corpus, "--db", work / "local.duckdb")
    local = _snapshot(work / "local.duckdb")
    assert len(local["documents"]) == 12
    assert len(local["events"]) >= 60 and len(local["stances"]) >= 12
    return corpus, local


def test_dask_cluster_ingest_matches_local_run(
    dask_cluster, twelve_articles, tmp_path, monkeypatch
):
    address, client = dask_cluster
    corpus, local = twelve_articles
    monkeypatch.setenv("EVENTPIPE_BATCH_SIZE", "3")
    dask_db = tmp_path / "dask.duckdb"

    output = cli(
        "ingest", corpus, "--db", dask_db, "--task-runner", "dask", "--dask-address", address
    )

    assert "12 new, 0 updated, 0 unchanged, 0 quarantined" in output
    # the extraction ran on the cluster's workers (each loads the pipeline once, on first use)
    loaded = client.run(_pipelines_loaded)
    assert sorted(loaded) == sorted(client.nthreads()) and sum(loaded.values()) >= 1
    remote = _snapshot(dask_db)
    for name in TABLES:
        assert remote[name] == local[name], name
    assert json.dumps(remote, default=str) == json.dumps(local, default=str)


def test_local_cluster_ingest_matches_local_run(twelve_articles, tmp_path, monkeypatch):
    """`--workers 2`: the CLI's own Dask cluster, started before Prefect is imported."""
    corpus, local = twelve_articles
    monkeypatch.setenv("EVENTPIPE_BATCH_SIZE", "3")
    db = tmp_path / "workers.duckdb"

    output = cli("ingest", corpus, "--db", db, "--workers", "2")

    assert "12 new, 0 updated, 0 unchanged, 0 quarantined" in output
    assert json.dumps(_snapshot(db), default=str) == json.dumps(local, default=str)


def test_local_cluster_workers_load_the_pipeline_before_any_task():
    from distributed import Client

    from flows.cluster import local_cluster

    with local_cluster(1) as cluster, Client(cluster.address) as client:
        deadline = time.monotonic() + 120
        while sum(client.run(_pipelines_loaded).values()) < 1:
            assert time.monotonic() < deadline, "the worker did not load the pipeline"
            time.sleep(0.5)

"""`eventpipe serve` loads the pipeline once: its flow runs are forks of one warm process.

Not timed (bench/serve.py times the served runs); this checks who loaded the pipeline each
run extracted with.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.request

import psutil
import pytest

from tests.conftest import ROOT, SEEDS
from tests.e2e.test_serve import BIN, count_documents, free_port, stop, wait_for

ORIGIN = re.compile(r"pipeline loaded by process (\d+) \(this run's process: (\d+)\)")


def test_pipeline_cache_follows_the_registry(monkeypatch):
    """A long-lived process loads the pipeline again when the registry's files change, and
    does not keep the old one."""
    from functools import lru_cache

    import pipeline.nlp.build as build
    import pipeline.nlp.registry as registry

    built = []

    @lru_cache(maxsize=4)
    def fake_load(model, actors_file, fingerprint):
        built.append(fingerprint)
        return object()

    fingerprint = {"value": "a"}
    monkeypatch.setattr(build, "_load", fake_load)
    monkeypatch.setattr(build, "_FINGERPRINTS", {})
    monkeypatch.setattr(registry, "registry_fingerprint", lambda path=None: fingerprint["value"])
    first = build.load_pipeline("m")
    assert build.load_pipeline("m") is first and built == ["a"]
    fingerprint["value"] = "b"
    second = build.load_pipeline("m")
    assert second is not first and built == ["a", "b"]
    assert fake_load.cache_info().currsize == 1


def test_warm_process_restarts_when_the_registry_changes(monkeypatch):
    import flows.warm as warm

    key = {"value": ("m", None, "a")}
    started, stopped = [], []
    monkeypatch.setattr(warm, "pipeline_key", lambda: key["value"])
    monkeypatch.setattr(warm.forkserver, "ensure_running", lambda: started.append(1))
    monkeypatch.setattr(warm, "_stop_forkserver", lambda: stopped.append(1))
    processes = warm.WarmProcesses()
    processes.start()
    processes.refresh()
    assert (len(started), len(stopped)) == (1, 0)
    key["value"] = ("m", None, "b")
    processes.refresh()
    assert (len(started), len(stopped)) == (2, 1)


@pytest.mark.slow
@pytest.mark.model
def test_served_runs_reuse_one_loaded_pipeline(tmp_path):
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        "PYTHONPATH": str(ROOT),  # this checkout's code, whatever the working folder
    }
    seeds = sorted(SEEDS.glob("*.txt"))[:3]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in seeds[:2]:
        shutil.copy(path, inbox / path.name)
    db = tmp_path / "served.duckdb"
    serve_log = tmp_path / "serve.log"
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
            [BIN / "eventpipe", "serve", "--cron", "0 3 1 1 *", "--db", db, "--name", "warm",
             inbox],
            env=env, cwd=tmp_path, stdout=logs["serve"], stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        wait_for(lambda: "runs start warm" in serve_log.read_text(), 180, "the warm process")

        def triggered() -> bool:
            result = subprocess.run(
                [BIN / "prefect", "deployment", "run", "eventpipe-ingest/warm"],
                env=env, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            return result.returncode == 0

        def origins() -> list[tuple[int, int]]:
            return [(int(a), int(b)) for a, b in ORIGIN.findall(serve_log.read_text())]

        wait_for(triggered, 90, "the served deployment to be registered")
        wait_for(lambda: len(origins()) == 1 and count_documents(db) == 2, 180, "run 1")
        shutil.copy(seeds[2], inbox / seeds[2].name)  # a new article for the second run
        assert triggered()
        wait_for(lambda: len(origins()) == 2 and count_documents(db) == 3, 180, "run 2")
        (loaded_by, run_1), (loaded_by_again, run_2) = origins()
        # the warm process is serve's child (the forkserver), not a run's own process
        warm_parent = psutil.Process(loaded_by).ppid()
    finally:
        if serve is not None:
            stop(serve)
        stop(server)
        for handle in logs.values():
            handle.close()
    assert loaded_by == loaded_by_again
    assert len({loaded_by, run_1, run_2}) == 3
    assert warm_parent == serve.pid

"""`eventpipe serve` loads the pipeline once: its flow runs are forks of one warm process.

Not timed (bench/serve.py times the served runs); this checks who loaded the pipeline each
run extracted with.
"""

from __future__ import annotations

import re
import shutil

import psutil
import pytest

from tests.conftest import SEEDS
from tests.e2e.serving import count_documents, serving, wait_for

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
    seeds = sorted(SEEDS.glob("*.txt"))[:3]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in seeds[:2]:
        shutil.copy(path, inbox / path.name)
    db = tmp_path / "served.duckdb"
    with serving(tmp_path, inbox, db, "warm", PREFECT_RUNNER_POLL_FREQUENCY="2") as served:
        wait_for(lambda: "runs start warm" in served.log.read_text(), 180, "the warm process")

        def origins() -> list[tuple[int, int]]:
            return [(int(a), int(b)) for a, b in ORIGIN.findall(served.log.read_text())]

        wait_for(served.trigger, 90, "the served deployment to be registered")
        wait_for(lambda: len(origins()) == 1 and count_documents(db) == 2, 180, "run 1")
        shutil.copy(seeds[2], inbox / seeds[2].name)  # a new article for the second run
        assert served.trigger()
        wait_for(lambda: len(origins()) == 2 and count_documents(db) == 3, 180, "run 2")
        (loaded_by, run_1), (loaded_by_again, run_2) = origins()
        # the warm process is serve's child (the forkserver), not a run's own process
        warm_parent = psutil.Process(loaded_by).ppid()
    assert loaded_by == loaded_by_again
    assert len({loaded_by, run_1, run_2}) == 3
    assert warm_parent == served.pid

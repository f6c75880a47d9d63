"""The task runner each scale-out option gets, and the local Dask cluster's worker settings."""

from __future__ import annotations

import copy

import dask
import pytest
from prefect.task_runners import ThreadPoolTaskRunner
from prefect_dask import DaskTaskRunner

from flows.ingest import task_runner_for
from pipeline.errors import EventpipeError


@pytest.fixture(autouse=True)
def _restore_dask_config():
    """Put Dask's global config back as it was after each test."""
    saved = copy.deepcopy(dask.config.config)
    yield
    dask.config.config.clear()
    dask.config.config.update(saved)


def test_one_worker_runs_in_a_thread():
    runner = task_runner_for(1)
    assert isinstance(runner, ThreadPoolTaskRunner)


def test_local_cluster_workers_keep_glibc_trim_and_skip_the_profiler():
    runner = task_runner_for(2)
    assert isinstance(runner, DaskTaskRunner)
    environ = dask.config.get("distributed.nanny.pre-spawn-environ")
    assert environ.get("MALLOC_TRIM_THRESHOLD_") is None
    assert environ["OMP_NUM_THREADS"] == 1  # the other defaults stay
    assert dask.config.get("distributed.worker.profile.enabled") is False
    assert dask.config.get("distributed.worker.memory.monitor-interval") == "1s"
    assert dask.config.get("distributed.admin.system-monitor.interval") == "10s"
    assert dask.config.get("distributed.admin.tick.interval") == "1s"
    assert dask.config.get("distributed.worker.preload") == ["flows.cluster"]


def test_remote_cluster_keeps_its_settings():
    runner = task_runner_for(2, "dask", "tcp://127.0.0.1:8786")
    assert isinstance(runner, DaskTaskRunner)
    assert dask.config.get("distributed.worker.profile.enabled") is True


def test_documents_per_task_grow_on_a_cluster_and_keep_workers_balanced():
    from pipeline.ingest import documents_per_task

    assert documents_per_task(5000, 64, 1) == 64  # one worker: one spaCy batch per task
    assert documents_per_task(5000, 64, 2) == 128  # 40 tasks for 2 workers
    assert documents_per_task(1000, 64, 2) == 64  # fewer than 8 bigger tasks per worker
    assert documents_per_task(10**6, 64, 2) == 128  # never more than two batches
    assert documents_per_task(0, 8, 4) == 8


def test_freed_memory_is_handed_back_after_each_batch(monkeypatch):
    import sys

    import pipeline.rows as rows

    if sys.platform.startswith("linux"):
        assert rows._malloc_trim is not None  # glibc: the function was found
    calls = []
    monkeypatch.setattr(rows, "_malloc_trim", lambda pad: calls.append(pad) or 1)
    rows.release_free_memory()
    assert calls and calls[-1] == 0
    monkeypatch.setattr(rows, "_malloc_trim", None)
    rows.release_free_memory()  # not glibc: nothing to do


def test_task_sizes_taper_at_the_end_of_a_run_so_workers_finish_together():
    from pipeline.ingest import tapering_task_sizes

    def sizes(to_extract: int, per_task: int, threads: int) -> list[int]:
        size_after, done, out = tapering_task_sizes(to_extract, per_task, threads), 0, []
        while done < to_extract:
            out.append(min(size_after(done), to_extract - done))
            done += out[-1]
        return out

    one_worker = sizes(1000, 64, 1)
    assert one_worker == [64] * 15 + [40]  # a single worker has nobody to wait for
    two = sizes(1000, 64, 2)
    assert sum(two) == 1000 and two[0] == 64
    assert two == sorted(two, reverse=True)  # never grows again
    assert max(two[-4:]) <= 16  # the last tasks are small
    assert len(two) <= 16 + 6  # a few more task runs, not many
    assert sizes(5000, 128, 2)[:30] == [128] * 30


def test_a_local_cluster_that_cannot_start_names_the_problem(monkeypatch):
    import flows.cluster

    monkeypatch.setattr(
        flows.cluster, "local_cluster_kwargs", lambda workers: {"n_workers": workers, "bogus": 1}
    )
    failure = "could not start a local Dask cluster of 2 workers"
    with flows.cluster.local_cluster(2) as cluster, pytest.raises(EventpipeError, match=failure):
        _ = cluster.address


def test_worker_warm_up_logs_what_it_could_not_load(monkeypatch, caplog):
    import flows.cluster

    monkeypatch.setenv("EVENTPIPE_MODEL", "no_such_model")
    flows.cluster._warm_up("worker-0")
    assert "worker-0 could not preload the pipeline" in caplog.text
    assert "no_such_model" in caplog.text


def test_automatic_workers_use_the_cpus_but_never_more_than_the_batches():
    from pipeline.ingest import automatic_workers

    assert automatic_workers(400, 64, cpus=2) == 2  # 7 batches, 2 CPUs
    assert automatic_workers(400, 64, cpus=16) == 7  # one worker per batch at most
    assert automatic_workers(10, 64, cpus=2) == 1  # one batch: in-process, no cluster
    assert automatic_workers(1, 64, cpus=8) == 1
    assert automatic_workers(0, 64, cpus=8) == 1
    assert automatic_workers(129, 64) >= 1  # this machine's CPUs

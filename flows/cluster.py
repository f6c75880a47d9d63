"""The local Dask cluster behind `eventpipe ingest --workers N`.

`local_cluster(N)` starts the cluster in a background thread and its workers load the spaCy
pipeline as they start (a Dask preload, `dask_setup` below) while the CLI imports Prefect and
opens the flow run, so the workers' start-up (about 6 CPU s each) overlaps the flow process's
instead of following it (docs/scale.md). Importing this module imports neither Prefect nor
Dask.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pipeline.errors import EventpipeError

log = logging.getLogger(__name__)

#: Dask settings for the local cluster's workers, which run nothing but spaCy batches.
#: - Keep glibc's memory-trim default: Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536, so
#:   glibc hands memory back after every large free and spaCy's per-batch arrays page-fault
#:   back in; the NLP's system time doubled, about 8% more CPU per article
#:   (docs/performance.md). Memory stays bounded by the batches in flight. Set
#:   MALLOC_TRIM_THRESHOLD_ in the environment to choose a value.
#: - No statistical profiler: it samples every worker thread's stack 100 times a second for a
#:   dashboard that the CLI does not show (3-4% of the CPU).
#: - Event loops tick every second rather than every 20 ms (the tick only measures how late
#:   the loop is), and the system monitor polls every 10 s rather than 0.5 s (it feeds the
#:   dashboard's charts): idle, the scheduler and both nannies, in the flow process, used 7.5%
#:   of a core and each worker 3%; now 1.2% and 0.5%. The memory monitor polls every second
#:   rather than every 0.1 s; a worker's memory limit is still enforced.
#: - Each worker imports the task's code and loads the pipeline as it starts (`dask_setup`).
#: A remote cluster (`--dask-address`) keeps its owner's settings.
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "10s",
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.preload": [__name__],
}


def configure_local_cluster() -> Any:
    """Apply `LOCAL_CLUSTER_CONFIG` to Dask's config (before a local cluster is created).

    Returns Dask's `config.set` object: used as a context manager, it puts the config back.
    """
    import dask

    return dask.config.set(LOCAL_CLUSTER_CONFIG)


def local_cluster_kwargs(workers: int) -> dict[str, Any]:
    """LocalCluster arguments: one single-threaded process per worker."""
    return {"n_workers": workers, "threads_per_worker": 1, "processes": True}


class StartingCluster:
    """A local Dask cluster starting in a background thread; `address` waits until it is up."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._cluster: Any = None
        self._error: BaseException | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._start, name="eventpipe-cluster", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            from distributed import LocalCluster

            # nannies and workers read the config as they start; the caller's stays as it was
            with configure_local_cluster():
                self._cluster = LocalCluster(**local_cluster_kwargs(self.workers))
        except BaseException as err:  # noqa: BLE001 (re-raised in the caller's thread)
            self._error = err

    @property
    def address(self) -> str:
        """The scheduler's address, once every worker has joined (it may still be loading)."""
        self._thread.join()
        if self._error is not None or self._cluster is None:
            raise EventpipeError(
                f"could not start a local Dask cluster of {self.workers} workers: {self._error}"
            ) from self._error
        return self._cluster.scheduler_address

    def close(self) -> None:
        """Stop the workers and the scheduler (waits for a start still in progress)."""
        self._thread.join()
        if self._cluster is not None and not self._closed:
            self._closed = True
            self._cluster.close()


@contextmanager
def local_cluster(workers: int) -> Iterator[StartingCluster]:
    """Start a local cluster of `workers` processes in the background; close it on exit."""
    cluster = StartingCluster(workers)
    try:
        yield cluster
    finally:
        cluster.close()


def dask_setup(worker: Any) -> None:
    """Dask preload: start importing the ingest task's code and loading the pipeline.

    In a thread, so the worker joins the scheduler at once and the first task waits only for
    what is left of the load (`load_pipeline` loads once). A failure here is only logged: the
    first task then fails with the full error (a missing model names EVENTPIPE_MODEL).
    """
    threading.Thread(target=_warm_up, args=(worker.name,), daemon=True).start()


def _warm_up(worker_name: str) -> None:
    try:
        import flows.ingest  # noqa: F401 (Prefect and the task, as unpickling it would)
        from pipeline.nlp.build import load_pipeline
        from pipeline.settings import Settings

        settings = Settings()
        load_pipeline(settings.model, settings.actors_file)
    except Exception as err:  # noqa: BLE001 (reported by the first task instead)
        log.warning("worker %s could not preload the pipeline: %s", worker_name, err)

"""Warm flow runs for `eventpipe serve`: Prefect imported and the pipeline loaded once.

Prefect's served deployment (`Flow.serve`) runs each flow run in a new process started with
multiprocessing's *spawn* method: every scheduled run imported Prefect, eventpipe and spaCy
and loaded the model and the actor registry (about 5 s alone, more on a busy machine) before
it read its first file. `eventpipe serve` instead starts, when it starts, one
multiprocessing *forkserver* that imports the flow's code and loads the pipeline
(`flows.warm_preload`), and each flow run is a fork of it: the run begins with Prefect
imported and the pipeline in memory, shared copy-on-write. A run is still a process of its
own, as Prefect's runner expects: it can be cancelled or killed, a crash or a leak ends with
it, and the serve process itself never holds the pipeline. The forkserver holds only its
main thread, so the forks are as safe as spaCy's own `n_process` children.

The actor registry is checked before each run: when its files changed, the forkserver is
restarted and loads the new one (and a run that still finds the old pipeline loads the new
one itself: `pipeline.nlp.build.load_pipeline` keys its cache by the registry's
fingerprint). Settings come from the environment, which does not change while serve runs.

Prefect 3's runner starts a served flow run with `prefect.flow_engine.run_flow_in_subprocess`,
which takes its process from `multiprocessing.get_context("spawn")`; `use_warm_processes`
hands it the forkserver's context instead (the runner, its cancellation and its crash
handling are Prefect's own). Prefect is pinned
(pyproject.toml) and `tests/e2e/test_serve.py` runs two served runs and checks that both
used the pipeline loaded once.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from multiprocessing import forkserver
from typing import Any

log = logging.getLogger(__name__)

#: modules the forkserver imports before it forks the first run (this one loads the pipeline)
PRELOAD = ["flows.warm_preload"]


def pipeline_key() -> tuple[str, str | None, str]:
    """What the warm pipeline depends on: the model, the registry path and its fingerprint."""
    from pipeline.nlp.registry import registry_fingerprint
    from pipeline.settings import Settings

    settings = Settings()
    actors = str(settings.actors_file) if settings.actors_file else None
    return settings.model, actors, registry_fingerprint(actors)


class WarmProcesses:
    """The forkserver that serve's flow runs are forked from, with the pipeline loaded."""

    def __init__(self) -> None:
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(PRELOAD)
        self._key: tuple[str, str | None, str] | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the forkserver (it imports and loads in the background); returns at once."""
        with self._lock:
            self._key = pipeline_key()
            forkserver.ensure_running()

    def refresh(self) -> None:
        """Restart the forkserver when the registry changed since it loaded the pipeline."""
        with self._lock:
            key = pipeline_key()
            if key == self._key:
                return
            log.info("the actor registry changed: loading the pipeline again")
            _stop_forkserver()
            self._key = key
            forkserver.ensure_running()

    def wait_ready(self) -> float:
        """Block until the forkserver has loaded (by forking a process that does nothing);
        returns the seconds waited."""
        started = time.perf_counter()
        process = self.context.Process(target=_nothing)
        process.start()
        process.join()
        return time.perf_counter() - started

    def stop(self) -> None:
        """Stop the forkserver (it also stops when this process exits, in any way)."""
        with self._lock:
            _stop_forkserver()


def _nothing() -> None:
    pass


def _stop_forkserver() -> None:
    # multiprocessing keeps one forkserver per process; `_stop` closes its "alive" pipe and
    # waits for it (the next `ensure_running` starts a new one, with PRELOAD imported again)
    server = getattr(forkserver, "_forkserver", None)
    if server is None:
        return
    pid = getattr(server, "_forkserver_pid", None)
    if pid is not None:  # a run's process still holding its pipe must not keep it waiting
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    server._stop()


class _ForkserverMultiprocessing:
    """Stands in for the `multiprocessing` module inside `prefect.flow_engine`: its spawn
    context is the warm forkserver's."""

    def __init__(self, warm: WarmProcesses) -> None:
        self._warm = warm

    def get_context(self, method: str | None = None) -> Any:
        if method == "spawn":
            self._warm.refresh()
            return self._warm.context
        return multiprocessing.get_context(method)

    def __getattr__(self, name: str) -> Any:
        return getattr(multiprocessing, name)


def use_warm_processes(warm: WarmProcesses) -> None:
    """Make Prefect's runner in this process start flow runs as forks of `warm`."""
    import prefect.flow_engine

    if getattr(prefect.flow_engine, "multiprocessing", None) is not multiprocessing:
        raise RuntimeError("this Prefect version does not start flow runs as eventpipe expects")
    prefect.flow_engine.multiprocessing = _ForkserverMultiprocessing(warm)  # type: ignore[assignment]

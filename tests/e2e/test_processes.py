"""The processes of a run: one Prefect API per run, and none left once the run's process is gone.

Each test runs the real `eventpipe ingest --workers 2` as a subprocess and watches its process
tree with psutil: which processes it starts (API servers, Dask workers) and, after a
`kill -9` of the ingest process alone (what the kernel's OOM killer does), which remain.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import ROOT
from tests.e2e.test_crash import small_corpus

pytestmark = [pytest.mark.model, pytest.mark.usefixtures("prefect_harness")]

TIMEOUT = 300  # seconds: an upper bound for a run on a loaded 2-core machine, not an assertion
GRACE = 20  # seconds the run's processes get to go after the ingest process was killed


def _env(tmp_path: Path, api_url: str | None) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), EVENTPIPE_BATCH_SIZE="3")
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    env.pop("PREFECT_API_URL", None)
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


class WatchedIngest:
    """`eventpipe ingest CORPUS --workers 2` in a subprocess, its process tree polled."""

    def __init__(self, tmp_path: Path, corpus: Path, api_url: str | None = None) -> None:
        self.log = tmp_path / "ingest.log"
        command = [sys.executable, "-m", "pipeline", "ingest", str(corpus),
                   "--db", str(tmp_path / "e.duckdb"), "--workers", "2"]  # fmt: skip
        with open(self.log, "w") as out:
            self.proc = subprocess.Popen(
                command, cwd=ROOT, env=_env(tmp_path, api_url), stdout=out, stderr=out
            )
        self.seen: dict[int, tuple[float, str]] = {}  # pid -> (create time, command line)
        self._root = psutil.Process(self.proc.pid)

    def poll(self) -> None:
        """Record every process now under the ingest process."""
        try:
            children = self._root.children(recursive=True)
        except psutil.Error:
            return
        for child in children:
            if child.pid in self.seen:
                continue
            try:
                self.seen[child.pid] = (child.create_time(), " ".join(child.cmdline()))
            except psutil.Error:
                continue

    def watch_until(self, done, what: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not done():
            self.poll()
            assert time.monotonic() < deadline, f"{what} within {TIMEOUT} s: {self.output()}"
            time.sleep(0.1)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def api_servers(self) -> list[int]:
        # Prefect's temporary server: uvicorn serving prefect.server.api (not its lifeline)
        return [
            pid
            for pid, (_, cmd) in self.seen.items()
            if " -m uvicorn " in cmd and "prefect.server.api" in cmd and "lifeline" not in cmd
        ]

    def dask_workers(self) -> list[int]:
        return [pid for pid, (_, cmd) in self.seen.items() if "multiprocessing.spawn" in cmd]

    def left_after_grace(self) -> list[str]:
        """The recorded processes still running `GRACE` seconds from now, at most."""
        deadline = time.monotonic() + GRACE
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        return self.alive()

    def alive(self) -> list[str]:
        """The recorded processes still running (same pid and start time, not a zombie)."""
        left = []
        for pid, (created, cmd) in self.seen.items():
            try:
                proc = psutil.Process(pid)
                if proc.create_time() == created and proc.status() != psutil.STATUS_ZOMBIE:
                    left.append(f"{pid}: {cmd[:120]}")
            except psutil.NoSuchProcess:
                continue
        return left


def test_one_temporary_api_serves_the_flow_and_every_worker(tmp_path):
    """Without PREFECT_API_URL: one temporary server, used by the workers' tasks too (before,
    each Dask worker started a server of its own: three on two cores)."""
    corpus = small_corpus(tmp_path, 12)
    run = WatchedIngest(tmp_path, corpus)
    run.watch_until(lambda: run.proc.poll() is not None, "the ingest finished")

    assert run.proc.returncode == 0, run.output()
    assert "12 new, 0 updated" in run.output()
    assert len(run.dask_workers()) == 2, run.seen
    assert len(run.api_servers()) == 1, run.seen
    assert run.left_after_grace() == []


def test_workers_report_to_the_api_in_prefect_api_url(tmp_path):
    """With PREFECT_API_URL (here the test session's server), no process starts a server."""
    from prefect.settings import PREFECT_API_URL

    corpus = small_corpus(tmp_path, 12)
    run = WatchedIngest(tmp_path, corpus, api_url=PREFECT_API_URL.value())
    run.watch_until(lambda: run.proc.poll() is not None, "the ingest finished")

    assert run.proc.returncode == 0, run.output()
    assert "12 new, 0 updated" in run.output()
    assert len(run.dask_workers()) == 2, run.seen
    assert run.api_servers() == [], run.seen


def test_kill_9_of_the_ingest_process_leaves_no_process_of_the_run(tmp_path):
    corpus = small_corpus(tmp_path, 30)
    run = WatchedIngest(tmp_path, corpus)

    def mid_run() -> bool:
        # the server and both workers are up and the first batch is extracted
        assert run.proc.poll() is None, f"the ingest ended before it was killed: {run.output()}"
        return (
            bool(run.api_servers())
            and len(run.dask_workers()) == 2
            and ("Task run" in run.output())
        )

    run.watch_until(mid_run, "the first batch was extracted")
    run.poll()
    assert "processed 30/30" not in run.output()
    os.kill(run.proc.pid, signal.SIGKILL)  # the ingest process alone, as the OOM killer does
    run.proc.wait(timeout=30)

    assert run.left_after_grace() == [], "left running after kill -9 of the ingest alone"

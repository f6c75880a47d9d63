"""A real local Prefect server with `eventpipe serve` on it, for the served-run tests."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT

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


@dataclass
class Served:
    """A running `eventpipe serve` of deployment `eventpipe-ingest/NAME`."""

    name: str
    env: dict[str, str]
    log: Path
    pid: int  # of the serve process

    def trigger(self) -> bool:
        """Ask the API for a run of the deployment now; False while it is not registered."""
        result = subprocess.run(
            [BIN / "prefect", "deployment", "run", f"eventpipe-ingest/{self.name}"],
            env=self.env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        return result.returncode == 0


@contextlib.contextmanager
def serving(tmp_path: Path, folder: Path, db: Path, name: str, **env: str) -> Iterator[Served]:
    """A Prefect server on a free port and `eventpipe serve` of `folder` into `db` against it
    (`env`: more environment); both stopped after."""
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    full_env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PYTHONPATH": str(ROOT),  # this checkout's code, whatever the working folder
        **env,
    }
    logs = {n: open(tmp_path / f"{n}.log", "w") for n in ("server", "serve")}  # noqa: SIM115
    server = subprocess.Popen(
        [BIN / "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=full_env, stdout=logs["server"], stderr=subprocess.STDOUT, start_new_session=True,
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
            [BIN / "eventpipe", "serve", "--cron", "0 3 1 1 *", "--db", db, "--name", name,
             folder],
            env=full_env, cwd=tmp_path, stdout=logs["serve"], stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        yield Served(name, full_env, tmp_path / "serve.log", serve.pid)
    finally:
        if serve is not None:
            stop(serve)
        stop(server)
        for handle in logs.values():
            handle.close()

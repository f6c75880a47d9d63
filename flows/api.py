"""One Prefect API per run: the configured server, else one temporary server for the run.

Without `PREFECT_API_URL`, Prefect's ephemeral mode starts a temporary API server in every
process that needs a client, and a Dask worker is such a process: the serialized settings of
a task carry only the settings that were set, so each worker started a server of its own
(three API servers on two cores for `--workers 2`). Here the flow process starts one
temporary server before the flow and runs the flow with `PREFECT_API_URL` set to it
(`prefect.settings.temporary_settings`), so every task, on any worker, reports to that API.

The server runs the same command as Prefect's own temporary server, under
`flows.lifeline`, so that it stops when this process exits, even after `kill -9`.
Importing this module imports neither Prefect nor the server (the server's import alone
takes seconds): `TemporaryApi()` starts it at once, before Prefect is imported, and the
caller waits for it only when the flow needs it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from pipeline.errors import EventpipeError
from pipeline.timings import mark

#: seconds to wait for the temporary server (a cold start on a loaded 2-core machine is slow)
STARTUP_TIMEOUT = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", 180))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_command(port: int) -> list[str]:
    """Prefect's temporary-server command (`prefect.server.api.server`), on `port`."""
    import importlib.util

    spec = importlib.util.find_spec("prefect")
    app_dir = str(Path(spec.origin).parent.parent) if spec and spec.origin else "."
    return [
        sys.executable, "-m", "uvicorn", "--app-dir", app_dir,
        "--factory", "prefect.server.api.server:create_app",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on",
    ]  # fmt: skip


class TemporaryApi:
    """A temporary Prefect API server on 127.0.0.1 that stops when this process exits."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (open for the server's life)
        env = dict(
            os.environ,
            PREFECT_SERVER_UI_ENABLED="0",
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PREFECT__SERVER_EPHEMERAL="1",  # as Prefect runs it: API only, no services
            PREFECT__SERVER_FINAL="1",
        )
        env.pop("PREFECT_API_URL", None)
        # stdin is the lifeline: its write end stays here, and closes when this process ends
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flows.lifeline", *_server_command(self.port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            env=env,
            start_new_session=True,  # Ctrl-C reaches the flow, which then stops the server
        )
        self._ready = False

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT) -> str:
        """Wait until the server answers its health check; returns the API URL."""
        deadline = time.monotonic() + timeout
        while not self._ready:
            if self.process.poll() is not None:
                raise EventpipeError(f"the temporary Prefect server exited: {self._output()}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    self._ready = response.status == 200
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise EventpipeError(
                        f"the temporary Prefect server did not start in {timeout:.0f} s "
                        "(set PREFECT_API_URL to use a running server)"
                    ) from None
                time.sleep(0.05)
        return self.url

    def _output(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-2000:].strip()

    def stop(self, wait: bool = True) -> None:
        """Stop the server (closing the lifeline); wait for it to exit unless `wait` is False
        (the lifeline then stops it on its own). Safe to call twice."""
        if self.process.stdin and not self.process.stdin.closed:
            self.process.stdin.close()
        if wait:
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self._log.closed:
            self._log.close()


def configured_api_url() -> str | None:
    """The Prefect API URL from Prefect's settings (environment, profile), if any."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def temporary_api_needed() -> bool:
    """Whether no Prefect API is configured, judged without importing Prefect when it is not
    imported yet (PREFECT_API_URL only: a server named in a Prefect profile is found later,
    by `run_api`, which then stops the temporary server)."""
    if os.environ.get("PREFECT_API_URL"):
        return False
    if "prefect.settings" in sys.modules:
        return configured_api_url() is None
    return True


@contextmanager
def run_api(started: TemporaryApi | None = None) -> Iterator[str]:
    """The API of one run: `PREFECT_API_URL` when set, else the temporary server `started`
    (its owner stops it) or a new one, stopped on exit. Inside, Prefect's settings point at
    it, so tasks submitted to Dask workers report to it instead of starting servers of
    their own."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    url = configured_api_url()
    if url:
        if started is not None:
            started.stop()  # a Prefect profile names a server: the temporary one is not needed
        yield url
        return
    api = started or TemporaryApi()
    try:
        with temporary_settings(updates={PREFECT_API_URL: api.wait_ready()}):
            mark("api ready")
            try:
                yield api.url
            finally:
                _send_pending_logs()
    finally:
        if started is None:
            api.stop()


def _send_pending_logs() -> None:
    """Send the flow's queued log records to the API before the server stops."""
    from prefect.logging.handlers import APILogHandler

    with suppress(Exception):  # logs only: the run's outcome is recorded already
        APILogHandler().flush()

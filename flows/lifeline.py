"""Run a command that cannot outlive the process that started it.

    python -m flows.lifeline COMMAND [ARGS...]   # stdin: a pipe from the owner

The owner (the ingest process) keeps the write end of this process's stdin. When the owner
exits in any way, the kernel closes that end, even after `kill -9` or the OOM killer,
and this process stops COMMAND (SIGTERM, then SIGKILL) and exits. Without it, a temporary
Prefect server started by a killed ingest would keep running with parent 1 for good. This
module imports only the standard library, so it starts in a few tens of milliseconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

#: seconds COMMAND gets to stop after SIGTERM before it is killed
STOP_TIMEOUT = 5.0


def stop(child: subprocess.Popen) -> None:
    """Terminate `child`, then kill it if it has not exited within `STOP_TIMEOUT`."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def main(argv: list[str] | None = None) -> int:
    """Start the command, stop it when stdin reaches end of file; returns its exit code."""
    command = list(sys.argv[1:] if argv is None else argv)
    if not command:
        print("usage: python -m flows.lifeline COMMAND [ARGS...]", file=sys.stderr)
        return 2
    owner = sys.stdin.buffer
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL)

    def watch_owner() -> None:
        while owner.read(4096):  # the owner never writes: this returns at end of file
            pass
        stop(child)

    def forward(signum: int, _frame: object) -> None:
        stop(child)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the owner; it closes stdin
    threading.Thread(target=watch_owner, daemon=True).start()
    code = child.wait()
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    os._exit(main())  # no interpreter shutdown work: the stdin thread may still be blocked

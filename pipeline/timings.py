"""Where the seconds of a run go: named moments since the process started, on request.

With `EVENTPIPE_TIMINGS=1` in the environment, `mark(name)` records the seconds since the
process started (psutil's start time, so interpreter start-up and imports count) for the
first time each name is reached, and at exit one line `eventpipe-timings {json}` goes to
stderr; `bench.run` reads it. Without the variable `mark` does nothing.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import time

ENABLED = os.environ.get("EVENTPIPE_TIMINGS", "") not in ("", "0")
_marks: dict[str, float] = {}
_start: float | None = None


def _process_start() -> float:
    global _start
    if _start is None:
        import psutil

        _start = psutil.Process().create_time()
    return _start


def mark(name: str, at: float | None = None) -> None:
    """Record that the run reached `name` now, or at the time `at` (`time.time()`, e.g. in a
    child process); the first time only; no-op unless enabled."""
    if ENABLED and name not in _marks:
        _marks[name] = round((time.time() if at is None else at) - _process_start(), 3)


def _report() -> None:
    if _marks:
        mark("exit")
        sys.stderr.write("eventpipe-timings " + json.dumps(_marks) + "\n")
        sys.stderr.flush()


if ENABLED:
    _process_start()
    atexit.register(_report)

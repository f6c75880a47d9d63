"""Progress of an ingest for whoever shows it: a terminal's progress bar, or nothing.

The CLI registers a reporter for the length of a run (`reporting`); the ingest flow, which
runs in the CLI's process, calls it as files are loaded instead of logging a line per batch.
Without a reporter (output not a terminal, a scheduled run) the flow logs as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: reporter(files done, files in the run, events so far)
Reporter = Callable[[int, int, int], None]

_reporter: Reporter | None = None


def current_reporter() -> Reporter | None:
    """The reporter registered by `reporting`, if any."""
    return _reporter


@contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    """Register `reporter` for the runs inside the block."""
    global _reporter
    previous, _reporter = _reporter, reporter
    try:
        yield
    finally:
        _reporter = previous


@contextmanager
def progress_bar(console: object) -> Iterator[Reporter]:
    """A rich progress bar on `console` (a terminal): files done of the run's files, events
    so far, files per second and the time left. Yields the reporter that moves it."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:  # noqa: ANN001 (rich's Task)
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} files/s" if speed else "- files/s")

    bar = Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TextColumn("{task.fields[events]} events"),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )
    task = bar.add_task("ingest", total=None, events=0)

    def report(done: int, total: int, events: int) -> None:
        bar.update(task, completed=done, total=total, events=events)

    with bar:
        yield report

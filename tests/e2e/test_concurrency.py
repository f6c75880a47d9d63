"""Concurrent use: two ingests on one database, and queries or exports while an ingest runs.

The first ingest is a real process (the driver in tests/e2e/test_crash.py over
`pipeline.ingest.ingest_paths`) paused after its first batch while it holds the writer lock
and the open database; the others run against it, then it is released and must finish.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import ROOT
from tests.e2e.test_crash import (
    TIMEOUT,
    check_consistent,
    small_corpus,
    start_driver,
    wait_for,
)

pytestmark = pytest.mark.model
N = 16
REFUSED = "another eventpipe ingest is writing to this database; wait for it to finish"
IN_USE = "the database is in use by another eventpipe process"


class Paused:
    """A running ingest process, paused after its first batch."""

    def __init__(self, tmp_path: Path) -> None:
        self.corpus = small_corpus(tmp_path, N)
        self.db = tmp_path / "shared.duckdb"
        self.dir = tmp_path / "pause"
        self.dir.mkdir()
        self.log = tmp_path / "first.log"
        self.proc = start_driver(
            self.db, self.corpus, self.log, "--batch-size", "4", "--pause-dir", str(self.dir)
        )
        wait_for(lambda: (self.dir / "paused").exists(), "the first ingest to pause", self.proc)

    def release(self) -> str:
        (self.dir / "go").touch()
        self.proc.wait(timeout=TIMEOUT)
        log = self.log.read_text()
        assert self.proc.returncode == 0, log
        return log


@pytest.fixture
def first(tmp_path):
    paused = Paused(tmp_path)
    yield paused
    (paused.dir / "go").touch()
    if paused.proc.poll() is None:
        paused.proc.kill()
        paused.proc.wait(timeout=TIMEOUT)


def runs(db: Path) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "select status, new_documents, unchanged_documents from ingest_runs order by started_at"
        ).fetchall()
    finally:
        con.close()


def one_line(text: str) -> str:
    return " ".join(text.split())


def holds_open(pid: int, path: Path) -> bool:
    """True when process `pid` has `path` open (it is waiting on that lock file)."""
    fd_dir = Path(f"/proc/{pid}/fd")
    try:
        return any(os.path.realpath(fd) == str(path) for fd in fd_dir.iterdir())
    except OSError:
        return False


def test_second_ingest_is_refused_with_a_clear_message(first, tmp_path, prefect_harness):
    second = start_driver(first.db, first.corpus, tmp_path / "second.log")
    second.wait(timeout=TIMEOUT)
    log = (tmp_path / "second.log").read_text()
    assert second.returncode == 1
    assert f"error: {first.db}: {REFUSED} (or pass --wait SECONDS)" in log

    result = CliRunner().invoke(app, ["ingest", str(first.corpus), "--db", str(first.db)])
    assert result.exit_code == 1
    assert REFUSED in one_line(result.output)

    assert "done" in first.release()
    assert check_consistent(first.db) == N
    assert runs(first.db) == [("completed", N, 0)]


def test_second_ingest_with_wait_runs_when_the_first_finishes(first, tmp_path):
    second = start_driver(first.db, first.corpus, tmp_path / "second.log", "--wait", "170")
    lock = Path(f"{os.path.realpath(first.db)}.lock")
    wait_for(lambda: holds_open(second.pid, lock), "the second ingest to reach the lock", second)
    assert second.poll() is None  # waiting, not refused

    first.release()
    second.wait(timeout=TIMEOUT)
    log = (tmp_path / "second.log").read_text()
    assert second.returncode == 0, log
    assert '"new": 0' in log and f'"unchanged": {N}' in log
    assert check_consistent(first.db) == N
    assert runs(first.db) == [("completed", N, 0), ("completed", 0, N)]


def test_query_and_export_during_an_ingest_say_the_database_is_busy(first, tmp_path):
    from pipeline.errors import LockError
    from pipeline.export import export

    query = [sys.executable, "-m", "pipeline", "query", "select count(*) as n from documents"]
    busy = subprocess.run(
        [*query, "--db", str(first.db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=dict(os.environ, COLUMNS="200"),
    )
    assert busy.returncode == 1
    assert busy.stdout == ""
    assert one_line(busy.stderr).startswith(f"error: {first.db}: {IN_USE}")

    with pytest.raises(LockError, match=IN_USE):
        export(first.db, tmp_path / "exports")
    assert not (tmp_path / "exports").exists()

    first.release()
    done = subprocess.run(
        [*query, "--db", str(first.db), "--format", "csv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["n", str(N)]

"""The database file itself: open a connection, hold the writer lock, run a sandboxed query.

One writer owns the database during an ingest (an advisory lock file beside it); a read-only
connection is sandboxed by default, so a query touches no other file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from pipeline.errors import LockError, QueryError


def now_utc() -> datetime:
    """The current time as a naive UTC timestamp (DuckDB TIMESTAMP)."""
    return datetime.now(UTC).replace(tzinfo=None)


def connect(
    db_path: Path | str, read_only: bool = False, sandboxed: bool | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the database; a sandboxed connection (read-only's default) touches no other file."""
    db_path = Path(db_path)
    if read_only and not db_path.exists():
        raise QueryError(f"no database at {db_path}; run `eventpipe ingest PATH` first")
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {}
    if read_only if sandboxed is None else sandboxed:
        config = {"enable_external_access": False, "lock_configuration": True}
    try:
        return duckdb.connect(str(db_path), read_only=read_only, config=config)
    except duckdb.IOException as err:
        if "lock" in str(err).lower():
            raise LockError(
                "the database is in use by another eventpipe process (an ingest writing, or a "
                "query or export reading); try again when it has finished",
                str(db_path),
            ) from err
        raise


@contextlib.contextmanager
def writer_lock(db_path: Path | str, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the advisory writer lock `DB.lock` for the length of an ingest.

    The lock file sits beside the database's real path, so two spellings of one database
    (relative, absolute, through a symlink) share one lock. The kernel drops the lock when the
    holder dies, even by SIGKILL.
    """
    lock_path = Path(f"{os.path.realpath(db_path)}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockError(
                        "another eventpipe ingest is writing to this database; "
                        "wait for it to finish (or pass --wait SECONDS)",
                        str(db_path),
                    ) from None
                time.sleep(0.2)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_query(
    db_path: Path | str, sql: str, params: list[Any] | None = None
) -> tuple[list[str], list[tuple]]:
    """Run one SQL statement on a read-only connection; returns (column names, rows)."""
    con = connect(db_path, read_only=True)
    try:
        statements = len(con.extract_statements(sql))
        if statements != 1:
            raise QueryError(f"expected one SQL statement, got {statements}")
        result = con.execute(sql, params or [])
        if result.description is None:
            return [], []
        columns = [d[0] for d in result.description]
        return columns, result.fetchall()
    except duckdb.Error as err:
        raise QueryError(str(err).splitlines()[0]) from err
    finally:
        con.close()

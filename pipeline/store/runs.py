"""The record of ingest runs in `ingest_runs`: start, finish (which refreshes the view
caches), and fail the runs a killed process left running."""

from __future__ import annotations

import duckdb

from pipeline.store.caches import refresh_view_caches
from pipeline.store.connection import now_utc
from pipeline.timings import mark

# the path-change counts of a run (pipeline.ingest.PATH_KEYS), in the order of their columns
PATH_COUNTS = ("moved", "copied", "removed", "missing", "returned", "pruned")

INTERRUPTED = "interrupted: the run stopped before it finished (killed or crashed)"


def fail_interrupted_runs(con: duckdb.DuckDBPyConnection) -> int:
    """Mark runs left 'running' by a killed process as 'failed'; call it holding the lock."""
    stale = con.execute("select count(*) from ingest_runs where status = 'running'").fetchone()[0]
    if stale:
        con.execute(
            "update ingest_runs set status = 'failed', finished_at = ?, message = ? "
            "where status = 'running'",
            [now_utc(), INTERRUPTED],
        )
    return stale


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, paths: list[str]) -> None:
    """Record a new ingest run as running."""
    con.execute(
        "insert into ingest_runs (run_id, started_at, status, paths) values (?, ?, 'running', ?)",
        [run_id, now_utc(), "; ".join(paths)],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    counts: dict[str, int],
    status: str = "completed",
    message: str | None = None,
    files: int | None = None,
) -> None:
    """Record an ingest run's counts, the files it found, its path changes (moved, copied,
    removed, missing, returned, pruned; migration 008) and its final status.

    Then refresh the view caches for what the run loaded (see `refresh_view_caches`).
    """
    con.execute(
        "update ingest_runs set finished_at = ?, status = ?, new_documents = ?, "
        "updated_documents = ?, unchanged_documents = ?, quarantined_files = ?, events = ?, "
        "stances = ?, message = ?, files_found = ?, moved_documents = ?, copied_files = ?, "
        "removed_paths = ?, missing_documents = ?, returned_documents = ?, "
        "pruned_documents = ? where run_id = ?",
        [
            now_utc(),
            status,
            counts.get("new", 0),
            counts.get("updated", 0),
            counts.get("unchanged", 0),
            counts.get("quarantined", 0),
            counts.get("events", 0),
            counts.get("stances", 0),
            message,
            files,
            *(counts.get(key, 0) for key in PATH_COUNTS),
            run_id,
        ],
    )
    mark("run row written")
    refresh_view_caches(con)
    mark("view caches refreshed")

"""Documents' paths (migration 008_document_paths): read what the database knows of files, and
apply a run's path changes (moves, copies, missing, returned, pruned) in one transaction.

None of these changes needs extraction, so they are applied before the run loads its first
batch; a crash before their commit leaves the database as it was, after it as planned (the
files still to extract are then found by the next run as they are).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

from pipeline.store.caches import mark_stale
from pipeline.store.connection import now_utc

if TYPE_CHECKING:
    from pipeline.plan import KnownState, PathChange, RunPlan

# the tables of a document's rows that feed the cached views (see caches.mark_stale)
_STALE_SOURCES = ("documents", "events", "stances", "actor_mentions")
# every table with rows of a document (load.DOCUMENT_TABLES and its paths)
_PRUNED_TABLES = ("events", "stances", "actor_mentions", "footnotes", "documents", "document_paths")


def known_state(con: duckdb.DuckDBPyConnection) -> KnownState:
    """Every path of every document, each document's main path, the missing documents and
    the quarantined files, for planning a run."""
    from pipeline.plan import KnownState

    primary, missing = {}, set()
    for doc_id, path, is_missing in con.execute(
        "select doc_id, source_path, missing_since is not null from documents"
    ).fetchall():
        primary[doc_id] = path
        if is_missing:
            missing.add(doc_id)
    return KnownState(
        paths=dict(con.execute("select source_path, doc_id from document_paths").fetchall()),
        primary=primary,
        missing=frozenset(missing),
        quarantined=dict(
            con.execute("select source_path, content_hash from quarantine").fetchall()
        ),
    )


def mark_documents_stale(con: duckdb.DuckDBPyConnection, doc_ids_table: str) -> None:
    """Mark stale the cache partitions of the documents listed in `doc_ids_table` (a table
    with a `doc_id` column); call it in the transaction that changes them."""
    mark_stale(
        con,
        {
            table: f"(select * from {table} semi join {doc_ids_table} using (doc_id))"
            for table in _STALE_SOURCES
        },
    )


def record_changes(con: duckdb.DuckDBPyConnection, changes: list[PathChange], run_id: str) -> None:
    """Insert rows into `path_changes` for the run."""
    if changes:
        stamp = now_utc()
        con.executemany(
            "insert into path_changes values (?, ?, ?, ?, ?, ?)",
            [[run_id, c.change, c.doc_id, c.source_path, c.previous_path, stamp] for c in changes],
        )


def _doc_list(con: duckdb.DuckDBPyConnection, name: str, doc_ids: list[str]) -> str:
    con.execute(
        f"create or replace temp table {name} as select unnest(?::varchar[]) as doc_id",
        [doc_ids],
    )
    return name


def apply_path_plan(con: duckdb.DuckDBPyConnection, plan: RunPlan, run_id: str) -> None:
    """Apply the path changes of `plan` in one transaction: document_paths, source_path,
    missing_since, pruned documents' rows, the quarantine rows they settle, `path_changes`,
    and the view caches' stale partitions."""
    if not plan.has_path_changes:
        return
    stamp = now_utc()
    con.execute("begin transaction")
    try:
        if plan.removed_mappings:
            con.execute(
                "delete from document_paths where source_path in (select unnest(?::varchar[]))",
                [plan.removed_mappings],
            )
        if plan.added_mappings:
            con.executemany(
                "insert into document_paths values (?, ?, ?, ?)",
                [[path, doc_id, run_id, stamp] for path, doc_id in plan.added_mappings],
            )
            # a file quarantined before (say as a duplicate) that is now a document's path
            con.execute(
                "delete from quarantine where source_path in (select unnest(?::varchar[]))",
                [[path for path, _ in plan.added_mappings]],
            )
        if plan.primaries:
            moved = _doc_list(con, "moved_docs", list(plan.primaries))
            # only document_summary shows the path
            con.execute(
                f"insert into stale_documents select doc_id from {moved} "
                "except select doc_id from stale_documents"
            )
            con.executemany(
                "update documents set source_path = ? where doc_id = ?",
                [[path, doc_id] for doc_id, path in plan.primaries.items()],
            )
            con.execute(f"drop table {moved}")
        if plan.missing or plan.returned:
            changed = _doc_list(con, "presence_docs", plan.missing + plan.returned)
            mark_documents_stale(con, changed)
            if plan.missing:
                con.execute(
                    "update documents set missing_since = ? "
                    "where doc_id in (select unnest(?::varchar[]))",
                    [stamp, plan.missing],
                )
            if plan.returned:
                con.execute(
                    "update documents set missing_since = null "
                    "where doc_id in (select unnest(?::varchar[]))",
                    [plan.returned],
                )
            con.execute(f"drop table {changed}")
        if plan.pruned:
            pruned = _doc_list(con, "pruned_docs", plan.pruned)
            mark_documents_stale(con, pruned)
            for table in _PRUNED_TABLES:
                con.execute(f"delete from {table} where doc_id in (select doc_id from {pruned})")
            con.execute(f"drop table {pruned}")
        if plan.forgotten:
            con.execute(
                "delete from quarantine where source_path in (select unnest(?::varchar[]))",
                [plan.forgotten],
            )
        record_changes(con, plan.changes, run_id)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise

"""The DuckDB file: connect, migrate, lock, and load extracted rows in bulk.

One writer owns the database during an ingest (an advisory lock file beside it); every
batch of documents is loaded in one transaction, so a crash leaves either all of a
document's rows or none of them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.errors import LockError, QueryError, SchemaError
from pipeline.settings import SQL_DIR

MIGRATIONS_DIR = SQL_DIR / "migrations"
VIEWS_DIR = SQL_DIR / "views"

# Column order of each loaded table, as in sql/migrations (ids first).
TABLE_COLUMNS: dict[str, list[str]] = {
    "documents": [
        "doc_id", "source_path", "title", "author", "author_role", "published_date",
        "published_basis", "source", "url", "text", "n_chars", "run_id", "ingested_at",
    ],
    "footnotes": ["doc_id", "label", "text", "note_date"],
    "actor_mentions": [
        "doc_id", "actor_id", "country", "sector", "text", "char_start", "char_end",
        "mention_date",
    ],
    "events": [
        "event_id", "doc_id", "source_actor", "source_country", "target_actor",
        "target_country", "event_type", "cameo_code", "goldstein", "quad_class", "event_date",
        "date_precision", "date_text", "date_value", "date_basis", "negated", "modality",
        "location", "trigger", "sentence", "char_start", "char_end", "confidence",
        "source_sector", "target_sector", "source_text", "target_text",
    ],
    "stances": [
        "stance_id", "doc_id", "holder_actor", "holder_country", "target_actor",
        "target_country", "target_topic", "polarity", "score", "cue", "sentence", "char_start",
        "char_end", "stance_date", "date_precision",
    ],
}  # fmt: skip

DOCUMENT_TABLES = ("events", "stances", "actor_mentions", "footnotes", "documents")

# Materialised views (migration 003_view_caches): each view `V` keeps its rows in `V_cache`,
# partitioned by the keys of a stale_* table. Listed in refresh order: a view comes after the
# views it reads, and a stale table is emptied once all the views it partitions are refreshed.
CACHED_VIEWS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "stale_dyads",
        ("source_country", "target_country"),
        ("dyad_monthly", "dyad_timeline", "event_cluster_mentions"),
    ),
    # refreshed once event_cluster_mentions is, so that it reads that view's fresh cache
    ("stale_cluster_dyads", ("source_country", "target_country"), ("event_clusters",)),
    ("stale_months", ("month",), ("stance_monthly", "actor_salience_monthly")),
    ("stale_documents", ("doc_id",), ("document_summary",)),
)

# The partitions that rows of some documents belong to, given those documents' rows as the
# relations {documents}, {events}, {stances} and {actor_mentions}; used to mark them stale.
_DYADS = """
    select source_country, target_country
    from {events}
    where source_country is not null and target_country is not null
"""
_STALE_PARTITIONS = {
    "stale_dyads": _DYADS,
    "stale_cluster_dyads": _DYADS,
    "stale_months": """
        select date_trunc('month', coalesce(mentions.mention_date, docs.published_date))::date
        from {actor_mentions} as mentions
        inner join {documents} as docs using (doc_id)
        where coalesce(mentions.mention_date, docs.published_date) is not null
        union
        select date_trunc('month', stance_date)::date
        from {stances}
        where stance_date is not null
    """,
    "stale_documents": "select doc_id from {documents}",
}


@dataclass
class LoadBatch:
    """Rows of a batch of documents, ready to replace whatever their paths loaded before."""

    rows: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {name: [] for name in TABLE_COLUMNS}
    )
    failures: list[tuple[str, str, str | None]] = field(default_factory=list)

    @property
    def source_paths(self) -> list[str]:
        return [row["source_path"] for row in self.rows["documents"]]


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


def _migration_files() -> list[tuple[int, Path]]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = re.match(r"(\d+)_", path.name)
        if match:
            found.append((int(match.group(1)), path))
    return found


def latest_schema_version() -> int:
    """The newest schema version this eventpipe knows."""
    return max(version for version, _ in _migration_files())


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version recorded in the database (0 for a new one)."""
    exists = con.execute(
        "select count(*) from information_schema.tables where table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("select coalesce(max(version), 0) from schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply pending migrations in order, each in its own transaction, then (re)create views."""
    con.execute(
        "create table if not exists schema_version "
        "(version integer not null, name varchar not null, applied_at timestamp not null)"
    )
    current = schema_version(con)
    latest = latest_schema_version()
    if current > latest:
        raise SchemaError(
            f"database schema version {current} is newer than this eventpipe supports "
            f"({latest}); upgrade eventpipe"
        )
    for version, path in _migration_files():
        if version <= current:
            continue
        con.execute("begin transaction")
        try:
            con.execute(path.read_text())
            con.execute(
                "insert into schema_version values (?, ?, ?)", [version, path.stem, now_utc()]
            )
            con.execute("commit")
        except duckdb.Error as err:
            con.execute("rollback")
            raise SchemaError(f"migration {path.name} failed: {err}") from err
    create_views(con)
    refresh_view_caches(con)
    return latest


def view_files() -> list[Path]:
    """The view definitions in `sql/views`, one file per view."""
    return sorted(VIEWS_DIR.glob("*.sql"))


def view_description(path: Path) -> str:
    """The question a view answers: its header's first line after the name."""
    for line in path.read_text().splitlines():
        if line.startswith("--"):
            text = line.lstrip("- ").strip()
            return text.split(":", 1)[1].strip() if ":" in text else text
    return ""


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every view from `sql/views` (they may depend on each other by name order)."""
    pending = view_files()
    for _ in range(len(pending) + 1):
        failed = []
        for path in pending:
            try:
                con.execute(path.read_text())
            except duckdb.CatalogException:
                failed.append(path)
        if not failed:
            return
        pending = failed
    raise SchemaError(f"views could not be created: {', '.join(p.name for p in pending)}")


def open_db(db_path: Path | str, wait_seconds: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open the database for writing and bring its schema up to date.

    While another process has the file open (DuckDB's own lock), retry for `wait_seconds`.
    """
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            con = connect(db_path)
            break
        except LockError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.2)
    try:
        con.execute("set enable_progress_bar = false")  # a long cache refresh prints nothing
        migrate(con)
    except BaseException:
        con.close()
        raise
    return con


def known_documents(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """source_path → doc_id of every loaded document."""
    return dict(con.execute("select source_path, doc_id from documents").fetchall())


def quarantined_hashes(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    """source_path → content hash of every quarantined file."""
    return dict(con.execute("select source_path, content_hash from quarantine").fetchall())


def _arrow_table(schema: pa.Schema, rows: list[dict]) -> pa.Table:
    columns = schema.names
    return pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows], schema=schema)


_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
}


def _arrow_schemas(con: duckdb.DuckDBPyConnection) -> dict[str, pa.Schema]:
    """The Arrow schema of the loaded columns of every document table (one catalog query)."""
    types: dict[str, dict[str, str]] = {table: {} for table in TABLE_COLUMNS}
    for table, column, data_type in con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_name in (select unnest(?))",
        [list(TABLE_COLUMNS)],
    ).fetchall():
        types[table][column] = data_type
    return {
        table: pa.schema([(c, _ARROW_TYPES[types[table][c]]) for c in columns])
        for table, columns in TABLE_COLUMNS.items()
    }


def mark_stale(con: duckdb.DuckDBPyConnection, relations: dict[str, str]) -> None:
    """List the cache partitions that the rows in `relations` (table -> relation) belong to.

    Call it in the transaction that changes those rows: with the old rows before deleting
    them, and with the new rows.
    """
    for stale, partitions in _STALE_PARTITIONS.items():
        con.execute(
            f"insert into {stale} select * from ({partitions.format(**relations)}) "
            f"except select * from {stale}"
        )


def _delete_paths(con: duckdb.DuckDBPyConnection, paths: list[str]) -> None:
    if not paths:
        return
    con.execute(
        "create or replace temp table replaced_paths as select unnest(?::varchar[]) as source_path",
        [paths],
    )
    con.execute(
        "create or replace temp table replaced_docs as select doc_id from documents "
        "where source_path in (select source_path from replaced_paths)"
    )
    if con.execute("select count(*) from replaced_docs").fetchone()[0]:
        mark_stale(
            con,
            {
                table: f"(select * from {table} semi join replaced_docs using (doc_id))"
                for table in ("documents", "events", "stances", "actor_mentions")
            },
        )
        for table in DOCUMENT_TABLES:
            con.execute(f"delete from {table} where doc_id in (select doc_id from replaced_docs)")
    con.execute(
        "delete from quarantine where source_path in (select source_path from replaced_paths)"
    )


def load_batch(con: duckdb.DuckDBPyConnection, batch: LoadBatch, run_id: str) -> None:
    """Replace the rows of every document in the batch, and quarantine its failures, atomically.

    The same transaction marks the cache partitions of the old and new rows stale.
    """
    paths = batch.source_paths + [path for path, _, _ in batch.failures]
    registered = []
    con.execute("begin transaction")
    try:
        _delete_paths(con, paths)
        if any(batch.rows.values()):
            schemas = _arrow_schemas(con)
            for table in TABLE_COLUMNS:
                name = f"batch_{table}"
                con.register(name, _arrow_table(schemas[table], batch.rows[table]))
                registered.append(name)
                if batch.rows[table]:
                    columns = ", ".join(TABLE_COLUMNS[table])
                    con.execute(f"insert into {table} ({columns}) select {columns} from {name}")
            mark_stale(con, {table: f"batch_{table}" for table in TABLE_COLUMNS})
        _insert_quarantine(con, batch.failures, run_id)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        for name in registered:
            con.unregister(name)


def refresh_view_caches(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute the stale partitions of every cached view, in one transaction.

    Called at the end of every ingest run and whenever the database is opened for writing
    (which repairs the caches after a crash). Returns the number of stale partitions it
    refreshed; idempotent, and quick when nothing is stale.
    """
    con.execute("begin transaction")
    try:
        refreshed = 0
        for stale, keys, views in CACHED_VIEWS:
            count = con.execute(f"select count(*) from {stale}").fetchone()[0]
            if not count:
                continue
            refreshed += count
            using = ", ".join(keys)
            matches = " and ".join(f"cache.{key} = {stale}.{key}" for key in keys)
            for view in views:
                cache = f"{view}_cache"
                columns = ", ".join(
                    row[0]
                    for row in con.execute(
                        "select column_name from information_schema.columns "
                        "where table_name = ? order by ordinal_position",
                        [cache],
                    ).fetchall()
                )
                con.execute(f"delete from {cache} as cache using {stale} where {matches}")
                con.execute(
                    f"insert into {cache} ({columns}) "
                    f"select {columns} from {view} semi join {stale} using ({using})"
                )
            con.execute(f"delete from {stale}")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return refreshed


def _insert_quarantine(
    con: duckdb.DuckDBPyConnection,
    failures: Iterable[tuple[str, str, str | None]],
    run_id: str,
) -> None:
    failures = list(failures)
    if not failures:
        return
    stamp = now_utc()
    con.executemany(
        "insert into quarantine (source_path, reason, run_id, quarantined_at, content_hash) "
        "values (?, ?, ?, ?, ?)",
        [[path, reason, run_id, stamp, content_hash] for path, reason, content_hash in failures],
    )


def quarantine(
    con: duckdb.DuckDBPyConnection,
    failures: list[tuple[str, str, str | None]],
    run_id: str,
) -> None:
    """Record files that could not be loaded (path, reason, content hash), replacing old rows."""
    if failures:
        load_batch(con, LoadBatch(failures=failures), run_id)


def replace_actors(con: duckdb.DuckDBPyConnection, actors: list[dict[str, Any]]) -> None:
    """Replace the `actors` table with the registry's actors."""
    actor_rows = pa.Table.from_pylist(  # noqa: F841 (read by DuckDB below)
        actors,
        schema=pa.schema(
            [
                ("actor_id", pa.string()),
                ("name", pa.string()),
                ("country", pa.string()),
                ("sector", pa.string()),
                ("actor_type", pa.string()),
            ]
        ),
    )
    con.execute("begin transaction")
    con.execute("delete from actors")
    con.execute(
        "insert into actors select actor_id, name, country, sector, actor_type from actor_rows"
    )
    con.execute("commit")


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
    """Record an ingest run's counts, the files it found and its final status.

    Then refresh the view caches for what the run loaded (see `refresh_view_caches`).
    """
    con.execute(
        "update ingest_runs set finished_at = ?, status = ?, new_documents = ?, "
        "updated_documents = ?, unchanged_documents = ?, quarantined_files = ?, events = ?, "
        "stances = ?, message = ?, files_found = ? where run_id = ?",
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
            run_id,
        ],
    )
    refresh_view_caches(con)


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

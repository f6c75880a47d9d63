"""Loading: replace the rows of a batch of documents in one transaction, quarantine the files
that failed, and replace the actors table.

Every batch is loaded in one transaction, so a crash leaves either all of a document's rows
or none of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.store.caches import mark_stale
from pipeline.store.connection import now_utc
from pipeline.store.paths import mark_documents_stale

# The tables a batch of documents loads. Their columns are read from the migrated schema
# (`table_columns`), so a column a migration adds is loaded from the row dicts' key of that name
# (NULL where a row has none: a column default would not apply).
LOADED_TABLES = ("documents", "footnotes", "actor_mentions", "events", "stances")

DOCUMENT_TABLES = ("events", "stances", "actor_mentions", "footnotes", "documents")


@dataclass
class LoadBatch:
    """Rows of a batch of documents, ready to replace whatever their paths loaded before."""

    rows: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {name: [] for name in LOADED_TABLES}
    )
    failures: list[tuple[str, str, str | None]] = field(default_factory=list)
    # more paths of the batch's documents (copies found by the same run): (path, doc_id)
    copies: list[tuple[str, str]] = field(default_factory=list)

    @property
    def source_paths(self) -> list[str]:
        return [row["source_path"] for row in self.rows["documents"]]


def known_documents(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """path → doc_id of every path of every loaded document (`document_paths`)."""
    return dict(con.execute("select source_path, doc_id from document_paths").fetchall())


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
    """The Arrow schema of every loaded table, its columns in the migrated schema's order (one
    catalog query)."""
    columns: dict[str, list[tuple[str, pa.DataType]]] = {table: [] for table in LOADED_TABLES}
    for table, column, data_type in con.execute(
        "select table_name, column_name, data_type from duckdb_columns() "
        "where database_name = current_database() and schema_name = 'main' "
        "and table_name in (select unnest(?)) order by table_name, column_index",
        [list(LOADED_TABLES)],
    ).fetchall():
        columns[table].append((column, _ARROW_TYPES[data_type]))
    return {table: pa.schema(columns[table]) for table in LOADED_TABLES}


def table_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The columns of every loaded table, in the order of the migrated schema (ids first)."""
    return {table: schema.names for table, schema in _arrow_schemas(con).items()}


def _delete_paths(con: duckdb.DuckDBPyConnection, paths: list[str], reloaded: list[str]) -> None:
    """Free `paths` for the batch: delete their `document_paths` rows and quarantine rows,
    and the rows of the documents left with no path (or reloaded by the batch: `reloaded`).
    A document still found at another path keeps its rows; its `source_path` moves there when
    it was one of `paths`."""
    if not paths and not reloaded:
        return
    con.execute(
        "create or replace temp table replaced_paths as select unnest(?::varchar[]) as source_path",
        [paths],
    )
    con.execute(
        "create or replace temp table affected_docs as "
        "select doc_id from document_paths semi join replaced_paths using (source_path) "
        "union select doc_id from documents semi join replaced_paths using (source_path)"
    )
    con.execute(
        "delete from document_paths where source_path in (select source_path from replaced_paths)"
    )
    con.execute(
        "create or replace temp table replaced_docs as "
        "select doc_id from affected_docs anti join document_paths using (doc_id) "
        "union select unnest(?::varchar[]) as doc_id",
        [reloaded],
    )
    if con.execute("select count(*) from replaced_docs").fetchone()[0]:
        mark_documents_stale(con, "replaced_docs")
        for table in DOCUMENT_TABLES:
            con.execute(f"delete from {table} where doc_id in (select doc_id from replaced_docs)")
    # a copy stays: its document's path moves there (document_summary shows it)
    con.execute(
        "create or replace temp table relocated_docs as select doc_id from documents "
        "semi join replaced_paths using (source_path)"
    )
    if con.execute("select count(*) from relocated_docs").fetchone()[0]:
        con.execute(
            "insert into stale_documents select doc_id from relocated_docs "
            "except select doc_id from stale_documents"
        )
        con.execute(
            "update documents set source_path = (select min(paths.source_path) "
            "from document_paths as paths where paths.doc_id = documents.doc_id) "
            "where doc_id in (select doc_id from relocated_docs)"
        )
    con.execute(
        "delete from quarantine where source_path in (select source_path from replaced_paths)"
    )


def _insert_paths(con: duckdb.DuckDBPyConnection, batch: LoadBatch, run_id: str) -> None:
    """The `document_paths` rows of the batch's documents and of their copies (recorded in
    `path_changes` as copied)."""
    stamp = now_utc()
    rows = [[row["source_path"], row["doc_id"], run_id, stamp] for row in batch.rows["documents"]]
    loaded = {row["doc_id"]: row["source_path"] for row in batch.rows["documents"]}
    copies = [(path, doc_id) for path, doc_id in batch.copies if doc_id in loaded]
    rows += [[path, doc_id, run_id, stamp] for path, doc_id in copies]
    if rows:
        con.executemany("insert into document_paths values (?, ?, ?, ?)", rows)
    if copies:
        con.executemany(
            "insert into path_changes values (?, 'copied', ?, ?, ?, ?)",
            [[run_id, doc_id, path, loaded[doc_id], stamp] for path, doc_id in copies],
        )


def load_batch(con: duckdb.DuckDBPyConnection, batch: LoadBatch, run_id: str) -> None:
    """Replace the rows of every document in the batch, and quarantine its failures, atomically.

    The same transaction records the documents' paths (and their copies') and marks the cache
    partitions of the old and new rows stale.
    """
    paths = (
        batch.source_paths
        + [path for path, _, _ in batch.failures]
        + [path for path, _ in batch.copies]
    )
    reloaded = [row["doc_id"] for row in batch.rows["documents"]]
    registered = []
    con.execute("begin transaction")
    try:
        _delete_paths(con, paths, reloaded)
        if any(batch.rows.values()):
            schemas = _arrow_schemas(con)
            for table in LOADED_TABLES:
                name = f"batch_{table}"
                con.register(name, _arrow_table(schemas[table], batch.rows[table]))
                registered.append(name)
                if batch.rows[table]:
                    columns = ", ".join(schemas[table].names)
                    con.execute(f"insert into {table} ({columns}) select {columns} from {name}")
            mark_stale(con, {table: f"batch_{table}" for table in LOADED_TABLES})
            _insert_paths(con, batch, run_id)
        _insert_quarantine(con, batch.failures, run_id)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        for name in registered:
            con.unregister(name)


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


def actors_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint of the registry the `actors` table was last loaded from, if known."""
    row = con.execute("select fingerprint from actors_source limit 1").fetchone()
    return row[0] if row else None


def replace_actors(
    con: duckdb.DuckDBPyConnection, actors: list[dict[str, Any]], fingerprint: str | None = None
) -> None:
    """Replace the `actors` table with the registry's actors, and record the registry's
    fingerprint (none: the next run reloads them)."""
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
    con.execute("delete from actors_source")
    if fingerprint is not None:
        con.execute("insert into actors_source values (?, now())", [fingerprint])
    con.execute("commit")

"""Parquet export of every table and trend view, for BI tools.

Layout: `OUT/<name>/year=YYYY/<stamp>_0.parquet` (or `OUT/<name>/<stamp>_0.parquet` for
tables without a date) plus `OUT/manifest.json`. `OUT` is a symbolic link to a complete export
in `OUT.versions/<stamp>/`; a new export is written beside the old one and the link is swapped
atomically (rename), so a reader that resolves the link once sees the old or the new export,
never a mix. File names carry the export's stamp, so even a reader that globbed through the
link just before a swap cannot open a file of the other export by the same name. A replaced
export is kept for READER_GRACE_SECONDS so that readers still on it can finish.

Column types are the ones every BI tool reads: DATE, TIMESTAMP (UTC, microseconds), VARCHAR,
DOUBLE, BIGINT and BOOLEAN; anything else is cast to one of them.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from pipeline.errors import ExportError
from pipeline.store import connect, load_models

# name -> (select statement, date column to partition by or None)
EXPORTED_TABLES: dict[str, tuple[str, str | None]] = {
    "documents": ("select * exclude (text) from documents", "published_date"),
    "events": ("select * from events", "event_date"),
    "stances": ("select * from stances", "stance_date"),
    "actors": ("select * from actors", None),
    "actor_mentions": ("select * from actor_mentions", "mention_date"),
    "footnotes": ("select * from footnotes", None),
    "ingest_runs": ("select * from ingest_runs", None),
    "quarantine": ("select * from quarantine", None),
    "document_paths": ("select * from document_paths", None),
    "path_changes": ("select * from path_changes", None),
}
VIEW_PARTITION_COLUMNS = ("month", "consensus_date")
KEEP_VERSIONS = 2
READER_GRACE_SECONDS = 300
STALE_PARTIAL_SECONDS = 3600
ROW_GROUP_ROWS = 122_880
INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "HUGEINT", "UHUGEINT"}  # fmt: skip
TIMESTAMP_TYPES = {"TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE"}
KEPT_TYPES = {"DATE", "TIMESTAMP", "VARCHAR", "DOUBLE", "BOOLEAN"}


@dataclass
class ExportResult:
    """Where the export went and what it holds."""

    out_dir: Path
    version_dir: Path
    manifest: dict


def _exported(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str | None]]:
    exported = dict(EXPORTED_TABLES)
    for model in load_models():
        name = model.name
        if model.layer != "marts":  # staging and intermediate views are building blocks
            continue
        columns = [r[0] for r in con.execute(f"describe {name}").fetchall()]
        date_column = next((c for c in VIEW_PARTITION_COLUMNS if c in columns), None)
        exported[name] = (f"select * from {name}", date_column)
    return exported


def _bi_cast(name: str, dtype: str) -> str:
    """The select expression that gives column `name` a type every BI tool reads."""
    column = f'"{name}"'
    if dtype in KEPT_TYPES:
        return column
    if dtype in INTEGER_TYPES:
        return f"{column}::bigint as {column}"
    if dtype in ("FLOAT", "REAL") or dtype.startswith("DECIMAL"):
        return f"{column}::double as {column}"
    if dtype == "TIMESTAMP WITH TIME ZONE":
        return f"timezone('UTC', {column})::timestamp as {column}"
    if dtype in TIMESTAMP_TYPES:
        return f"{column}::timestamp as {column}"
    if dtype.endswith("]") or dtype.startswith(("STRUCT", "MAP", "UNION")):
        return f"to_json({column})::varchar as {column}"  # nested values as JSON text
    return f"{column}::varchar as {column}"  # UUID, ENUM, TIME, INTERVAL, BLOB, ...


def _bi_friendly(con: duckdb.DuckDBPyConnection, select: str) -> str:
    """Wrap `select` so every column has a BI-friendly type (see the module docstring)."""
    columns = con.execute(f"describe {select}").fetchall()
    return (
        f"select {', '.join(_bi_cast(name, dtype) for name, dtype, *_ in columns)} from ({select})"
    )


def _sql_path(path: Path) -> str:
    """A path as an SQL string literal (quotes doubled: an --out folder may be named "it's")."""
    return "'" + str(path).replace("'", "''") + "'"


def _write_one(
    con: duckdb.DuckDBPyConnection,
    name: str,
    select: str,
    date_column: str | None,
    target: Path,
    stamp: str,
) -> dict:
    target.mkdir(parents=True)
    select = _bi_friendly(con, select)
    rows = con.execute(f"select count(*) from ({select})").fetchone()[0]
    options = f"format parquet, compression zstd, row_group_size {ROW_GROUP_ROWS}"
    single_file = target / f"{stamp}_0.parquet"
    if date_column:
        con.execute(
            f'copy (select *, coalesce(year("{date_column}"), 0)::bigint as year '
            f"from ({select})) to {_sql_path(target)} "
            f"({options}, partition_by (year), overwrite_or_ignore, "
            f"filename_pattern '{stamp}_{{i}}')"
        )
    else:
        con.execute(f"copy ({select}) to {_sql_path(single_file)} ({options})")
    files = sorted(p for p in target.rglob("*.parquet"))
    if not files:  # an empty dated table still gets a file, so readers see its schema
        con.execute(
            f"copy (select *, 0::bigint as year from ({select}) limit 0) "
            f"to {_sql_path(single_file)} ({options})"
        )
        files = [single_file]
    schema = pq.read_schema(files[0])
    return {
        "name": name,
        "path": name,
        "files": [str(p.relative_to(target.parent)) for p in files],
        "rows": rows,
        "bytes": sum(p.stat().st_size for p in files),
        "partitioned_by": ["year"] if date_column else [],
        "schema": [{"name": f.name, "type": str(f.type)} for f in schema],
    }


def export(db_path: Path | str, out_dir: Path | str) -> ExportResult:
    """Write every table and view as Parquet under `out_dir`; replaces the old export atomically."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_symlink():
        if any(out_dir.iterdir()):
            raise ExportError(
                "exists and is not an eventpipe export (a link to a version folder); "
                "choose another --out or remove it",
                str(out_dir),
            )
        out_dir.rmdir()
    versions = out_dir.parent / f"{out_dir.name}.versions"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    version_dir = versions / stamp
    staging = versions / f".{stamp}.partial"
    staging.mkdir(parents=True)
    con = connect(db_path, read_only=True, sandboxed=False)
    try:
        tables = [
            _write_one(con, name, select, date_column, staging / name, stamp)
            for name, (select, date_column) in _exported(con).items()
        ]
    except (duckdb.Error, OSError) as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise ExportError(f"export failed: {err}", str(out_dir)) from err
    finally:
        con.close()
    manifest = {
        "version": stamp,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": str(db_path),
        "tables": tables,
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str))
    staging.rename(version_dir)
    _swap_link(out_dir, version_dir)
    _prune(versions, keep=version_dir)
    return ExportResult(out_dir, version_dir, manifest)


def _swap_link(link: Path, target: Path) -> None:
    tmp_link = link.parent / f".{link.name}.{os.getpid()}.tmp"
    if tmp_link.is_symlink():
        tmp_link.unlink()
    tmp_link.symlink_to(os.path.relpath(target, link.parent), target_is_directory=True)
    os.replace(tmp_link, link)


def _stamp_time(version: Path) -> float:
    return datetime.strptime(version.name, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC).timestamp()


def _prune(versions: Path, keep: Path, grace_seconds: float | None = None) -> None:
    """Remove older versions and abandoned partial exports, keeping the newest few.

    A version is removed only when it was replaced more than `grace_seconds` ago (default
    READER_GRACE_SECONDS), so a reader that resolved the link to it can still finish.
    """
    grace = READER_GRACE_SECONDS if grace_seconds is None else grace_seconds
    now = datetime.now(UTC).timestamp()
    complete = sorted(p for p in versions.iterdir() if not p.name.startswith("."))
    for old, newer in zip(complete[:-KEEP_VERSIONS], complete[1:], strict=False):
        try:
            replaced_at = _stamp_time(newer)
        except ValueError:
            continue  # not a version folder of ours
        if old != keep and now - replaced_at >= grace:
            shutil.rmtree(old, ignore_errors=True)
    stale = now - STALE_PARTIAL_SECONDS
    for partial in versions.glob(".*.partial"):
        if partial.stat().st_mtime < stale:  # left by an interrupted export
            shutil.rmtree(partial, ignore_errors=True)

"""Parquet export of every table and trend view, for BI tools.

Layout: `OUT/<name>/year=YYYY/*.parquet` (or `OUT/<name>/data_0.parquet` for undated rows)
plus `OUT/manifest.json`. `OUT` is a symbolic link to a complete export in
`OUT.versions/<stamp>/`; a new export is written beside the old one and the link is
swapped atomically (rename), so a reader sees the old or the new export, never a mix.
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
from pipeline.store import connect, view_files

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
}
VIEW_PARTITION_COLUMNS = ("month", "consensus_date")
KEEP_VERSIONS = 2
STALE_PARTIAL_SECONDS = 3600


@dataclass
class ExportResult:
    """Where the export went and what it holds."""

    out_dir: Path
    version_dir: Path
    manifest: dict


def _exported(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str | None]]:
    exported = dict(EXPORTED_TABLES)
    for path in view_files():
        name = path.stem
        columns = [r[0] for r in con.execute(f"describe {name}").fetchall()]
        date_column = next((c for c in VIEW_PARTITION_COLUMNS if c in columns), None)
        exported[name] = (f"select * from {name}", date_column)
    return exported


def _bi_friendly(con: duckdb.DuckDBPyConnection, select: str) -> str:
    """Cast column types some BI tools cannot read (HUGEINT, UUID, ENUM) to plain ones."""
    casts = []
    for name, dtype, *_ in con.execute(f"describe {select}").fetchall():
        if dtype == "HUGEINT":
            casts.append(f'"{name}"::bigint as "{name}"')
        elif dtype in ("UUID",) or dtype.startswith("ENUM"):
            casts.append(f'"{name}"::varchar as "{name}"')
        else:
            casts.append(f'"{name}"')
    return f"select {', '.join(casts)} from ({select})"


def _write_one(
    con: duckdb.DuckDBPyConnection, name: str, select: str, date_column: str | None, target: Path
) -> dict:
    target.mkdir(parents=True)
    select = _bi_friendly(con, select)
    rows = con.execute(f"select count(*) from ({select})").fetchone()[0]
    if date_column:
        con.execute(
            f'copy (select *, coalesce(year("{date_column}"), 0)::integer as year '
            f"from ({select})) to '{target}' "
            "(format parquet, partition_by (year), overwrite_or_ignore, compression zstd)"
        )
    else:
        con.execute(f"copy ({select}) to '{target / 'data_0.parquet'}' (format parquet)")
    files = sorted(p for p in target.rglob("*.parquet"))
    if not files:  # an empty dated table still gets a file, so readers see its schema
        con.execute(
            f"copy (select *, 0::integer as year from ({select}) limit 0) "
            f"to '{target / 'data_0.parquet'}' (format parquet)"
        )
        files = [target / "data_0.parquet"]
    schema = pq.read_schema(files[0])
    return {
        "name": name,
        "path": name,
        "files": [str(p.relative_to(target.parent)) for p in files],
        "rows": rows,
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
            _write_one(con, name, select, date_column, staging / name)
            for name, (select, date_column) in _exported(con).items()
        ]
    except (duckdb.Error, OSError) as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise ExportError(f"export failed: {err}", str(out_dir)) from err
    finally:
        con.close()
    manifest = {
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


def _prune(versions: Path, keep: Path) -> None:
    """Remove older versions and abandoned partial exports, keeping the newest few."""
    complete = sorted(p for p in versions.iterdir() if not p.name.startswith("."))
    for old in complete[:-KEEP_VERSIONS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
    stale = datetime.now(UTC).timestamp() - STALE_PARTIAL_SECONDS
    for partial in versions.glob(".*.partial"):
        if partial.stat().st_mtime < stale:  # left by an interrupted export
            shutil.rmtree(partial, ignore_errors=True)

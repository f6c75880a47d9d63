"""The schema: apply the migrations in `sql/migrations`, (re)create the views of the models in
`sql/` (with their caches), and open a database for writing with its schema brought up to date."""

from __future__ import annotations

import re
import time
from pathlib import Path

import duckdb

from pipeline.errors import LockError, SchemaError
from pipeline.settings import SQL_DIR
from pipeline.store.caches import create_models, refresh_view_caches
from pipeline.store.connection import connect, now_utc
from pipeline.store.contracts import load_models

MIGRATIONS_DIR = SQL_DIR / "migrations"


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
    """The model files (`sql/staging`, `sql/intermediate`, `sql/marts`), one per view, by name."""
    return sorted((model.path for model in load_models()), key=lambda path: path.stem)


def view_description(path: Path) -> str:
    """The question a view answers: the first line of its model's header."""
    return next((model.question for model in load_models() if model.path == path), "")


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every model's view, and the caches and stale tables of the cached ones."""
    create_models(con)


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

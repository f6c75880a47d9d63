"""What every command shares: the consoles, the `--db` option, errors and row printing."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from pipeline.settings import DEFAULT_DB, default_db_path

console = Console(width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 400)  # one line per error

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help=f"DuckDB file (default: $EVENTPIPE_DB, else {DEFAULT_DB.as_posix()}).",
        show_default=False,
    ),
]


def db_path(db: Path | None) -> Path:
    """The `--db` given, else the library's default (`pipeline.settings.default_db_path`)."""
    return db or default_db_path()


def fail(err: Exception, code: int = 1) -> NoReturn:
    """Print `err` on stderr as one line and exit with `code`."""
    err_console.print(f"[red]error:[/red] {err}", highlight=False)
    raise typer.Exit(code)


def print_rows(columns: list[str], rows: list[tuple], fmt: str) -> None:
    """Print rows as a table (on the console), CSV or JSON records (on stdout)."""
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        sys.stdout.write(json.dumps(records, indent=2, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        table = Table(*columns, show_lines=False)
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)

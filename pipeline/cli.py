"""The `eventpipe` command line: each command a few lines over the library or a flow."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipeline.errors import EventpipeError

if TYPE_CHECKING:
    from pipeline.ingest import IngestSummary

app = typer.Typer(
    name="eventpipe",
    help="Turn analyst articles into dated events and actor stances in DuckDB.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)
console = Console(width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 400)  # one line per error

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="DuckDB file (default: $EVENTPIPE_DB, else data/eventpipe.duckdb).",
        show_default=False,
    ),
]


def _db(db: Path | None) -> Path:
    return db or Path(os.environ.get("EVENTPIPE_DB", "data/eventpipe.duckdb"))


def _fail(err: Exception, code: int = 1) -> None:
    err_console.print(f"[red]error:[/red] {err}", highlight=False)
    raise typer.Exit(code)


def _print_rows(columns: list[str], rows: list[tuple], fmt: str) -> None:
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


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (recursive).")],
    db: DbOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Extraction processes (default: one per CPU, at most one per batch of "
            "EVENTPIPE_BATCH_SIZE files to extract; 1 extracts in this process, with no Dask "
            "cluster).",
            show_default=False,
            min=1,
        ),
    ] = None,
    task_runner: Annotated[
        str, typer.Option("--task-runner", help="'local' or 'dask' (Prefect's Dask runner).")
    ] = "local",
    dask_address: Annotated[
        str | None, typer.Option("--dask-address", help="Address of a running Dask scheduler.")
    ] = None,
    force: Annotated[bool, typer.Option(help="Re-extract every document.")] = False,
    wait: Annotated[
        float, typer.Option(help="Seconds to wait for another ingest's lock before failing.")
    ] = 0.0,
    always_flow: Annotated[
        bool,
        typer.Option(
            "--always-flow",
            help="Run the Prefect flow even when no file changed (the default then records "
            "the run without starting Prefect).",
        ),
    ] = False,
) -> None:
    """Ingest documents (.txt, .md, .html) into the database, incrementally.

    Unchanged documents are skipped; changed ones replace their old rows; files that cannot be
    read go to the `quarantine` table with the reason. When no file changed, the run is
    recorded in `ingest_runs` in about a second, without starting Prefect or the workers.

    Example: `eventpipe ingest seeds/ --db data/eventpipe.duckdb`
    """
    if task_runner not in ("local", "dask"):
        _fail(EventpipeError("--task-runner must be 'local' or 'dask'"), 2)
    from pipeline.timings import mark

    mark("cli ready")
    try:
        from pipeline.ingest import preview_run

        db_path = _db(db)
        preview = preview_run(paths, db_path, force)
        mark("changes checked")
        if not preview.unchanged:
            if task_runner == "local" and dask_address is None:
                workers = _local_workers(preview.to_extract, workers)
            with _progress_shown():
                summary = _ingest_with_flow(
                    paths, db_path, force, workers or 1, task_runner, dask_address, wait
                )
        elif always_flow:  # nothing to extract: no workers to start, no model to load
            summary = _ingest_with_flow(
                paths, db_path, force, 1, "local", None, wait, extracting=False
            )
        else:
            summary = _record_unchanged_run(paths, db_path, wait)
    except EventpipeError as err:
        _fail(err)
    counts = summary.counts
    console.print(
        f"run {summary.run_id}: {summary.files} files — "
        f"{counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged, "
        f"{counts['quarantined']} quarantined; "
        f"{counts['events']} events, {counts['stances']} stances extracted",
        highlight=False,
    )
    for path, reason in summary.quarantined:
        console.print(f"  quarantined {path}: {reason}", highlight=False)


@contextmanager
def _progress_shown() -> Iterator[None]:
    """On a terminal, a progress bar for the run (instead of a log line per batch)."""
    if not sys.stdout.isatty():
        yield
        return
    from pipeline.progress import progress_bar, reporting

    with progress_bar(console) as report, reporting(report):
        yield


def _local_workers(to_extract: int, requested: int | None) -> int:
    """Extraction processes on this machine: `requested`, or one per CPU; never more than
    there are batches to extract, so a run whose files fit one batch starts no cluster."""
    from pipeline.ingest import automatic_workers
    from pipeline.settings import Settings

    return automatic_workers(to_extract, Settings().batch_size, requested)


def _ingest_with_flow(
    paths: list[Path],
    db: Path,
    force: bool,
    workers: int,
    task_runner: str,
    dask_address: str | None,
    wait: float,
    extracting: bool = True,
) -> IngestSummary:
    """Run the Prefect ingest flow. The run's temporary Prefect server (without
    PREFECT_API_URL) and a local Dask cluster (`--workers N`) start first, so that they come
    up while this process imports Prefect and opens the flow run; with one worker the model
    loads meanwhile, unless there is nothing to extract (`extracting=False`)."""
    from flows.api import TemporaryApi, temporary_api_needed
    from flows.cluster import local_cluster
    from pipeline.timings import mark

    api = TemporaryApi() if temporary_api_needed() else None
    if extracting and workers == 1 and task_runner == "local":
        # extraction runs in this process: load the model while the API starts
        from pipeline.nlp.build import preload_pipeline
        from pipeline.settings import Settings

        settings = Settings()
        preload_pipeline(settings.model, settings.actors_file)
    try:
        own_cluster = dask_address is None and (workers > 1 or task_runner == "dask")
        with local_cluster(workers) if own_cluster else nullcontext() as cluster:
            from flows.ingest import run_ingest

            mark("prefect imported")
            address = cluster.address if cluster else dask_address
            mark("cluster ready")
            return run_ingest(
                [str(p) for p in paths],
                str(db),
                force=force,
                workers=workers,
                task_runner=task_runner,
                dask_address=address,
                wait_seconds=wait,
                api=api,
            )
    finally:
        if api is not None:
            api.stop(wait=False)  # its lifeline stops it while this process exits


def _record_unchanged_run(paths: list[Path], db: Path, wait: float) -> IngestSummary:
    """Record a run in this process when no file changed (Prefect's start-up and the workers'
    would be most of the time)."""
    from pipeline.ingest import ingest_paths
    from pipeline.settings import Settings

    settings = Settings()
    settings.db_path = db
    # the run re-plans under the writer lock: a file changed since the check is still ingested
    return ingest_paths(paths, settings, wait_seconds=wait)


@app.command("export")
def export_cmd(
    db: DbOption = None,
    out: Annotated[Path, typer.Option(help="Export folder.")] = Path("data/exports"),
) -> None:
    """Export every table and trend view to Parquet (year= partitions, manifest.json).

    The new export replaces the old one atomically.

    Example: `eventpipe export --out data/exports`
    """
    from flows.export import export_flow

    try:
        result = export_flow(str(_db(db)), str(out))
    except EventpipeError as err:
        _fail(err)
    total = sum(t["rows"] for t in result.manifest["tables"])
    console.print(
        f"exported {len(result.manifest['tables'])} tables and views ({total} rows) to {out}",
        highlight=False,
    )


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="One SQL statement (read-only).")],
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Run SQL on a read-only connection to the database.

    Example: `eventpipe query "select * from dyad_monthly limit 5" --format csv`
    """
    from pipeline.store import run_query

    if format not in ("table", "csv", "json"):
        _fail(EventpipeError("--format must be table, csv or json"), 2)
    try:
        columns, rows = run_query(_db(db), sql)
    except EventpipeError as err:
        _fail(err)
    _print_rows(columns, rows, format)


@app.command()
def summary(db: DbOption = None) -> None:
    """Print table counts and the top rows of each trend view.

    Example: `eventpipe summary`
    """
    from pipeline.summary import summary_tables

    try:
        counts, sections = summary_tables(_db(db))
    except EventpipeError as err:
        _fail(err)
    console.print(", ".join(f"{n} {table}" for table, n in counts.items()), highlight=False)
    for title, columns, rows in sections:
        console.print(f"\n[bold]{title}[/bold]")
        _print_rows(columns, rows, "table")


@app.command()
def views() -> None:
    """List the trend views with their one-line descriptions.

    Example: `eventpipe views`
    """
    from pipeline.store import view_description, view_files

    table = Table("view", "question it answers")
    for path in view_files():
        table.add_row(path.stem, view_description(path))
    console.print(table)


@app.command()
def serve(
    path: Annotated[list[Path], typer.Argument(help="Files or folders to ingest on schedule.")],
    cron: Annotated[str, typer.Option(help="Cron schedule, e.g. '0 * * * *'.")] = "0 * * * *",
    db: DbOption = None,
    name: Annotated[str, typer.Option(help="Deployment name.")] = "eventpipe-scheduled-ingest",
) -> None:
    """Serve a scheduled ingestion deployment (Prefect) until interrupted.

    Example: `eventpipe serve --cron "*/30 * * * *" inbox/`
    """
    from flows.serve import serve_ingest

    serve_ingest([str(p.resolve()) for p in path], str(_db(db).resolve()), cron, name)


@app.command()
def report(
    db: DbOption = None,
    out: Annotated[Path, typer.Option(help="Folder for report.html.")] = Path("data/report"),
) -> None:
    """Write a self-contained HTML report with charts of the trends.

    Example: `eventpipe report --out data/report`
    """
    from pipeline.report import write_report

    try:
        path = write_report(_db(db), out)
    except EventpipeError as err:
        _fail(err)
    console.print(f"report written to {path}", highlight=False)


@app.command("eval")
def eval_cmd(
    gold_dir: Annotated[
        list[Path], typer.Argument(help="Folders (or files) of gold annotations (docs/eval.md).")
    ],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the scores as JSON here.")
    ] = None,
) -> None:
    """Score extraction against gold annotations: events, stances, actors and dates.

    Example: `eventpipe eval tests/gold/heldout tests/gold/actors/heldout --json scores.json`
    """
    from pipeline.evaluate import evaluate, format_scores

    try:
        scores = evaluate(gold_dir)
    except EventpipeError as err:
        _fail(err)
    console.print(format_scores(scores), highlight=False)
    if json_out:
        json_out.write_text(json.dumps(scores, indent=2))


@app.command()
def dates(
    files: Annotated[list[Path], typer.Argument(help="Documents (.txt, .md, .html).")],
    dct: Annotated[
        str | None,
        typer.Option(
            help="Document date YYYY-MM-DD or an ISO date-time such as 2003-04-28T09:00:00 "
            "(default: each file's inferred date)."
        ),
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """List every temporal expression in files with its normalised (TIMEX3) value.

    Offsets are character offsets in each plain-text file's own text (in the normalised text
    for HTML and Markdown). With one file the JSON is an array of expressions; with several,
    each expression also names its `file`.

    Example: `eventpipe dates seeds/russia-turkey-st-petersburg-2016.txt --dct 2016-08-10`

    Example: `eventpipe dates seeds/*.txt --format json`
    """
    from pipeline.nlp.timex.document import parse_dct, tag_file

    if format not in ("table", "json"):
        _fail(EventpipeError("--format must be table or json"), 2)
    anchor = None
    if dct:
        try:
            anchor = parse_dct(dct)
        except EventpipeError as err:
            _fail(err, 2)
    columns = ["text", "start", "end", "value", "precision", "basis"]
    rows = []
    for file in files:
        try:
            found = tag_file(file, anchor)
        except EventpipeError as err:
            _fail(err)
        prefix = (str(file),) if len(files) > 1 else ()
        rows += [prefix + tuple(getattr(t, c) for c in columns) for t in found]
    _print_rows((["file"] if len(files) > 1 else []) + columns, rows, format)


actors_app = typer.Typer(
    help="The actor registry: import TABARI/PETRARCH dictionaries.", no_args_is_help=True
)
app.add_typer(actors_app, name="actors")


@actors_app.command("import")
def actors_import(
    files: Annotated[
        list[Path],
        typer.Argument(help="Actor (*.actors.txt) and agent (*agents*.txt) dictionaries."),
    ],
    out: Annotated[Path, typer.Option("--out", help="The registry YAML to write.")],
) -> None:
    """Convert TABARI/PETRARCH-format dictionaries into a registry that extends the shipped one.

    Actor files give countries, organisations, groups and people with dated roles
    (`[TURGOV >030314]`); agent files give nouns with sector codes (`POLICE {} [~COP]`).
    Bad input stops with the file and line; recoverable quirks are listed as warnings.
    Hand-written registry entries (eventpipe's own and yours) win over imported ones.

    Example: `eventpipe actors import my.actors.txt my.agents.txt --out my-actors.yaml`,
    then `EVENTPIPE_ACTORS=my-actors.yaml eventpipe ingest articles/`
    """
    from pipeline.dictionaries.convert import write_registry
    from pipeline.nlp.registry import ActorRegistry

    warnings: list[str] = []
    try:
        counts = write_registry(files, out, warnings)
        registry = ActorRegistry.load(out)
    except EventpipeError as err:
        _fail(err)
    for warning in warnings:
        err_console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    console.print(
        f"{out}: {counts['actors']} actors ({counts['people']} people), "
        f"{counts['agent_nouns']} agent nouns; {len(registry.actors)} actors with the "
        f"shipped registry",
        highlight=False,
    )


def main() -> None:
    """Entry point of the `eventpipe` script."""
    app()


if __name__ == "__main__":
    main()

"""The commands other than `ingest`, each a few lines over the library or a flow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from flows.cli.output import DbOption, console, db_path, err_console, fail, print_rows
from pipeline.errors import EventpipeError


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
        result = export_flow(str(db_path(db)), str(out))
    except EventpipeError as err:
        fail(err)
    total = sum(t["rows"] for t in result.manifest["tables"])
    console.print(
        f"exported {len(result.manifest['tables'])} tables and views ({total} rows) to {out}",
        highlight=False,
    )


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
        fail(EventpipeError("--format must be table, csv or json"), 2)
    try:
        columns, rows = run_query(db_path(db), sql)
    except EventpipeError as err:
        fail(err)
    print_rows(columns, rows, format)


def summary(db: DbOption = None) -> None:
    """Print table counts and the top rows of each trend view.

    Example: `eventpipe summary`
    """
    from pipeline.summary import summary_tables

    try:
        counts, sections = summary_tables(db_path(db))
    except EventpipeError as err:
        fail(err)
    console.print(", ".join(f"{n} {table}" for table, n in counts.items()), highlight=False)
    for title, columns, rows in sections:
        console.print(f"\n[bold]{title}[/bold]")
        print_rows(columns, rows, "table")


def views() -> None:
    """List the trend views with their one-line descriptions.

    Example: `eventpipe views`
    """
    from pipeline.store import view_description, view_files

    table = Table("view", "question it answers")
    for path in view_files():
        table.add_row(path.stem, view_description(path))
    console.print(table)


def serve(
    path: Annotated[list[Path], typer.Argument(help="Files or folders to ingest on schedule.")],
    cron: Annotated[str, typer.Option(help="Cron schedule, e.g. '0 * * * *'.")] = "0 * * * *",
    db: DbOption = None,
    name: Annotated[str, typer.Option(help="Deployment name.")] = "eventpipe-scheduled-ingest",
) -> None:
    """Serve a scheduled ingestion deployment (Prefect) until interrupted.

    Each run is a fork of one warm process that loaded the pipeline when serve started (and
    again after the actor registry changed), so small runs pay no start-up.

    Example: `eventpipe serve --cron "*/30 * * * *" seeds/`
    """
    from flows.warm import WarmProcesses

    warm = WarmProcesses()  # runs fork from it: it loads the pipeline while Prefect imports here
    warm.start()
    from flows.serve import serve_ingest

    serve_ingest([str(p.resolve()) for p in path], str(db_path(db).resolve()), cron, name, warm)


def report(
    db: DbOption = None,
    out: Annotated[Path, typer.Option(help="Folder for report.html.")] = Path("data/report"),
) -> None:
    """Write a self-contained HTML report with charts of the trends.

    Each month of a dyad timeline, each stance heat-map cell and each cross-document event
    links to its evidence: its events or stances with the sentence, the date words, and the
    document's title and path (at most 20 per list, with a query for the rest). Everything is
    inline: open it from disk, no network.

    Example: `eventpipe report --out data/report` (then open data/report/report.html and
    click a month of a timeline)
    """
    from pipeline.report import write_report

    try:
        path = write_report(db_path(db), out)
    except EventpipeError as err:
        fail(err)
    console.print(f"report written to {path}", highlight=False)


def eval_cmd(
    gold_dir: Annotated[
        list[Path], typer.Argument(help="Folders (or files) of gold annotations (docs/eval.md).")
    ],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the scores as JSON here.")
    ] = None,
) -> None:
    """Score extraction against gold annotations: events, stances, actors and dates.

    Example: `eventpipe eval tests/gold/heldout tests/gold/actors/heldout.jsonl --json scores.json`
    """
    from pipeline.evaluate import evaluate, format_scores

    try:
        scores = evaluate(gold_dir)
    except EventpipeError as err:
        fail(err)
    console.print(format_scores(scores), highlight=False)
    if json_out:
        json_out.write_text(json.dumps(scores, indent=2))


def dates(
    files: Annotated[
        list[Path], typer.Argument(help="Documents (.txt, .md, .html, .pdf, .docx).")
    ],
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
    for HTML and Markdown, in the extracted text for PDF and DOCX). With one file the JSON is
    an array of expressions; with several, each expression also names its `file`.

    Example: `eventpipe dates seeds/russia-turkey-st-petersburg-2016.txt --dct 2016-08-10`

    Example: `eventpipe dates seeds/*.txt --format json`
    """
    from pipeline.nlp.timex.document import parse_dct, tag_file

    if format not in ("table", "json"):
        fail(EventpipeError("--format must be table or json"), 2)
    anchor = None
    if dct:
        try:
            anchor = parse_dct(dct)
        except EventpipeError as err:
            fail(err, 2)
    columns = ["text", "start", "end", "value", "precision", "basis"]
    rows = []
    for file in files:
        try:
            found = tag_file(file, anchor)
        except EventpipeError as err:
            fail(err)
        prefix = (str(file),) if len(files) > 1 else ()
        rows += [prefix + tuple(getattr(t, c) for c in columns) for t in found]
    print_rows((["file"] if len(files) > 1 else []) + columns, rows, format)


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

    Example (two small sample dictionaries):
    `eventpipe actors import docs/examples/sample.actors.txt docs/examples/sample.agents.txt
    --out my-actors.yaml`, then `EVENTPIPE_ACTORS=my-actors.yaml eventpipe ingest seeds/`
    """
    from pipeline.dictionaries.convert import write_registry
    from pipeline.nlp.registry import ActorRegistry

    warnings: list[str] = []
    try:
        counts = write_registry(files, out, warnings)
        registry = ActorRegistry.load(out)
    except EventpipeError as err:
        fail(err)
    for warning in warnings:
        err_console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    console.print(
        f"{out}: {counts['actors']} actors ({counts['people']} people), "
        f"{counts['agent_nouns']} agent nouns; {len(registry.actors)} actors with the "
        f"shipped registry",
        highlight=False,
    )

"""`eventpipe ingest`: a preview of the changes, then the Prefect flow, or, when no file
changed, the run recorded in this process."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flows.cli.output import DbOption, console, db_path, fail
from pipeline.errors import EventpipeError

if TYPE_CHECKING:
    from pipeline.ingest import IngestSummary


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (recursive).")],
    db: DbOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Extraction processes (default: one per CPU, at most one per batch of "
            "EVENTPIPE_BATCH_SIZE files to extract; 1 extracts in one process beside this one, "
            "with no Dask cluster).",
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
    prune: Annotated[
        bool,
        typer.Option(
            help="Delete the rows (documents, events, stances, mentions, ...) of documents "
            "whose files are gone from PATH (without it they are kept, marked missing and "
            "left out of the trend views)."
        ),
    ] = False,
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
    """Ingest documents (.txt, .md, .html, .pdf, .docx) into the database, incrementally.

    Unchanged documents are skipped; changed ones replace their old rows; files that cannot be
    read go to the `quarantine` table with the reason (a PDF without a text layer or with a
    password, a damaged PDF or DOCX, an unsupported type, ...). The database follows the folder: a
    moved or renamed file keeps its document (its path is updated, nothing is re-extracted), a
    copy is recorded as another path of the same document, and a document whose files are gone
    from PATH is marked missing (`documents.missing_since`) and left out of the trend views
    until its file comes back, or deleted with `--prune`. When no file needs extracting, the
    run is recorded in `ingest_runs` in about a second, without starting Prefect or the
    workers.

    Example: `eventpipe ingest seeds/ --db data/eventpipe.duckdb`

    Example (delete what was removed from the folder): `eventpipe ingest seeds/ --prune`

    Example: `eventpipe ingest tests/fixtures/sources/idlib-truce.pdf
    tests/fixtures/sources/idlib-truce.docx --db data/eventpipe.duckdb`
    """
    if task_runner not in ("local", "dask"):
        fail(EventpipeError("--task-runner must be 'local' or 'dask'"), 2)
    from pipeline.timings import mark

    mark("cli ready")
    try:
        from pipeline.ingest import preview_run

        database = db_path(db)
        preview = preview_run(paths, database, force)
        mark("changes checked")
        if not preview.unchanged:
            if task_runner == "local" and dask_address is None:
                workers = _local_workers(preview.to_extract, workers)
            with _progress_shown():
                summary = _ingest_with_flow(
                    paths, database, force, workers or 1, task_runner, dask_address, wait,
                    prune=prune,
                )  # fmt: skip
        elif always_flow:  # nothing to extract: no workers to start, no model to load
            summary = _ingest_with_flow(
                paths, database, force, 1, "local", None, wait, extracting=False, prune=prune
            )
        else:
            summary = _record_unchanged_run(paths, database, wait, prune)
    except EventpipeError as err:
        fail(err)
    counts = summary.counts
    console.print(
        f"run {summary.run_id}: {summary.files} files — "
        f"{counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged, "
        f"{counts['quarantined']} quarantined; "
        f"{counts['events']} events, {counts['stances']} stances extracted",
        highlight=False,
    )
    from pipeline.ingest import PATH_KEYS

    if any(counts[key] for key in PATH_KEYS):
        console.print(
            "paths: " + ", ".join(f"{counts[key]} {key}" for key in PATH_KEYS), highlight=False
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
    prune: bool = False,
) -> IngestSummary:
    """Run the Prefect ingest flow. The run's temporary Prefect server (without
    PREFECT_API_URL) and a local Dask cluster (`--workers N`) start first, so that they come
    up while this process imports Prefect and opens the flow run; with one worker the model
    loads meanwhile in a process of its own (`pipeline.extractor`), unless there is nothing
    to extract (`extracting=False`)."""
    from flows.api import TemporaryApi, temporary_api_needed
    from flows.cluster import local_cluster
    from pipeline.timings import mark

    api = TemporaryApi() if temporary_api_needed() else None
    extractor = nullcontext()
    if extracting and workers == 1 and task_runner == "local":
        # one process extracts: it loads the pipeline on the other core while this one
        # imports Prefect (in one process the two would share its interpreter lock)
        from pipeline.extractor import ExtractionProcess, using
        from pipeline.settings import Settings

        settings = Settings()
        extractor = using(ExtractionProcess(settings.model, settings.actors_file))
    try:
        own_cluster = dask_address is None and (workers > 1 or task_runner == "dask")
        with (
            extractor,
            local_cluster(workers) if own_cluster else nullcontext() as cluster,
        ):
            from flows.ingest import run_ingest

            mark("prefect imported")
            address = cluster.address if cluster else dask_address
            mark("cluster ready")
            with _no_heartbeats():
                return run_ingest(
                    [str(p) for p in paths],
                    str(db),
                    force=force,
                    workers=workers,
                    task_runner=task_runner,
                    dask_address=address,
                    wait_seconds=wait,
                    api=api,
                    prune=prune,
                )
    finally:
        if api is not None:
            api.stop(wait=False)  # its lifeline stops it while this process exits


def _no_heartbeats():
    """No flow-run heartbeats for the command line's own run, unless they are configured:
    Prefect's heartbeat thread sleeps in one-second steps and the flow waits for it to end
    (up to a second per run), while the CLI process itself shows whether the run is alive.
    Served runs (`eventpipe serve`) keep them."""
    import os

    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    configured = ("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "PREFECT_RUNNER_HEARTBEAT_FREQUENCY")
    if any(os.environ.get(name) for name in configured):
        return nullcontext()
    return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


def _record_unchanged_run(
    paths: list[Path], db: Path, wait: float, prune: bool = False
) -> IngestSummary:
    """Record a run in this process when no file needs extracting (Prefect's start-up and the
    workers' would be most of the time); moves, copies and files gone are applied here."""
    from pipeline.ingest import ingest_paths
    from pipeline.settings import Settings

    settings = Settings()
    settings.db_path = db
    # the run re-plans under the writer lock: a file changed since the check is still ingested
    return ingest_paths(paths, settings, wait_seconds=wait, prune=prune)

"""Prefect flow: discover → read in batches → extract (task runner) → load (single writer).

Each extraction task handles a batch of documents, never a single sentence; the flow
process is the only DuckDB writer. `--workers N` runs extraction on a local Dask cluster of
N processes, `--task-runner dask --dask-address ADDR` on an existing Dask cluster.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.context import FlowRunContext
from prefect.task_runners import ThreadPoolTaskRunner

from flows.api import TemporaryApi, run_api
from flows.artifacts import publish_event_table
from flows.cluster import configure_local_cluster, local_cluster_kwargs
from pipeline.extractor import current as current_extractor
from pipeline.ingest import (
    IngestRun,
    IngestSummary,
    documents_per_task,
    run_batches,
    tapering_task_sizes,
)
from pipeline.progress import current_reporter
from pipeline.rows import extract_batch
from pipeline.settings import Settings
from pipeline.store import LoadBatch
from pipeline.timings import mark


@task(name="extract-batch", cache_policy=None)
def extract_batch_task(
    documents: list, model: str, actors_file: str | None, batch_size: int, run_id: str
) -> LoadBatch:
    """Extract events, stances and actor mentions from one batch of documents (in the
    extraction process the command line started, when it did: `pipeline.extractor`)."""
    helper = current_extractor()
    if helper is not None and helper.serves(model, actors_file):
        batch = helper.extract(documents, batch_size, run_id)
        if batch is not None:
            return batch
    return extract_batch(documents, model, actors_file, batch_size, run_id)


@flow(name="eventpipe-ingest", log_prints=False, validate_parameters=False)
def ingest_flow(
    paths: list[str],
    db_path: str | None = None,
    force: bool = False,
    in_flight: int = 2,
    wait_seconds: float = 0.0,
    prune: bool = False,
) -> IngestSummary:
    """Ingest files and folders into the DuckDB file, incrementally (with `prune`, the rows of
    documents whose files are gone are deleted)."""
    mark("flow started")
    logger = get_run_logger()
    settings = Settings()
    if db_path:
        settings.db_path = Path(db_path)
    actors_file = str(settings.actors_file) if settings.actors_file else None

    reporter = current_reporter()  # a terminal's progress bar, when the CLI shows one

    def progress(done: int, total: int) -> None:
        if reporter is not None:
            reporter(done, total, run.summary.counts["events"])
        elif done == total or done % max(1, settings.batch_size) == 0:
            logger.info("processed %d/%d files", done, total)

    with IngestRun([Path(p) for p in paths], settings, force, wait_seconds, progress, prune) as run:
        planned = run.plan()
        mark("planned")
        to_extract = sum(1 for item in planned if item.extract)
        # in_flight is two tasks per worker of a local cluster (a remote one: sized below)
        threads = in_flight // 2
        task_size = documents_per_task(to_extract, settings.batch_size, threads)
        sizes = tapering_task_sizes(to_extract, task_size, threads)

        def submit(documents: list):
            return extract_batch_task.submit(
                documents, settings.model, actors_file, settings.batch_size, run.run_id
            )

        run_batches(run, submit, lambda: max(in_flight, 2 * _cluster_threads()), planned, sizes)
        mark("extracted and loaded")
        if to_extract:
            _log_pipeline_origin(logger, settings.model, actors_file)
    mark("run recorded")
    summary = run.summary
    create_markdown_artifact(
        summary.markdown(), key="eventpipe-ingest-summary", description="eventpipe ingest"
    )
    publish_event_table(settings.db_path, summary.run_id, summary.counts["events"])
    mark("artifacts published")
    logger.info("ingest %s done: %s", summary.run_id, summary.counts)
    return summary


def _log_pipeline_origin(logger, model: str, actors_file: str | None) -> None:
    """Say which process loaded the pipeline this run extracted with, when it ran here: under
    `eventpipe serve` the one warm process that every run is forked from."""
    import os
    import sys

    build = sys.modules.get("pipeline.nlp.build")
    origin = build.loaded_in(model, actors_file) if build else None
    if origin is not None:
        logger.info("pipeline loaded by process %d (this run's process: %d)", origin, os.getpid())


def _cluster_threads() -> int:
    """Worker threads of the Dask cluster running this flow's tasks (0 when not on Dask).

    Keeps every worker of a remote cluster busy (two batches each in flight) without reading
    the whole corpus ahead; asked after the first submission, when the Dask task runner has
    connected its client.
    """
    import sys

    if "prefect_dask" not in sys.modules:
        return 0
    from prefect_dask import DaskTaskRunner

    runner = getattr(FlowRunContext.get(), "task_runner", None)
    if not isinstance(runner, DaskTaskRunner):
        return 0
    try:
        return sum(runner.client.nthreads().values())
    except Exception:  # noqa: BLE001 (a sizing hint only)
        return 0


def task_runner_for(workers: int = 1, kind: str = "local", dask_address: str | None = None):
    """The Prefect task runner for the chosen scale-out."""
    if kind == "dask" or workers > 1:
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        configure_local_cluster()
        return DaskTaskRunner(cluster_kwargs=local_cluster_kwargs(workers))
    return ThreadPoolTaskRunner(max_workers=1)


def run_ingest(
    paths: list[str],
    db_path: str | None = None,
    force: bool = False,
    workers: int = 1,
    task_runner: str = "local",
    dask_address: str | None = None,
    wait_seconds: float = 0.0,
    api: TemporaryApi | None = None,
    prune: bool = False,
) -> IngestSummary:
    """Run the ingest flow with the requested task runner, against one Prefect API for the
    whole run (`flows.api.run_api`: PREFECT_API_URL, else `api` or a new temporary server,
    stopped when the run ends)."""
    runner = task_runner_for(workers, task_runner, dask_address)
    in_flight = max(2, 2 * workers)
    with run_api(api):
        return ingest_flow.with_options(task_runner=runner)(
            paths, db_path, force, in_flight, wait_seconds, prune
        )

"""The ingest steps as plain functions: plan, read in batches, extract, load, summarise.

`IngestRun` is the writer's side of a run (lock, database, counts, run record);
`run_batches` is the one ingest loop over it, given a function that submits a batch for
extraction. The Prefect flow in `flows/ingest.py` passes Prefect's task submission;
`ingest_paths` below calls `rows.extract_batch` in-process.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import duckdb

from pipeline.errors import EventpipeError, SourceError
from pipeline.models import Document
from pipeline.plan import KnownState, PlannedFile, plan_files
from pipeline.rows import extract_batch
from pipeline.settings import Settings
from pipeline.sources.read import read_document
from pipeline.store import (
    LoadBatch,
    actors_fingerprint,
    apply_path_plan,
    connect,
    fail_interrupted_runs,
    finish_run,
    known_state,
    latest_schema_version,
    load_batch,
    open_db,
    quarantine,
    replace_actors,
    schema_version,
    start_run,
    writer_lock,
)
from pipeline.timings import mark

MAX_BATCHES_PER_TASK = 2

COUNT_KEYS = ("new", "updated", "unchanged", "quarantined", "events", "stances")
# what changed about paths (pipeline.plan): files moved, copied or found again, documents
# missing or pruned, paths of a document removed while it stays at others
PATH_KEYS = ("moved", "copied", "removed", "returned", "missing", "pruned")


@dataclass
class IngestSummary:
    """What one ingest run did."""

    run_id: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS + PATH_KEYS, 0))
    quarantined: list[tuple[str, str]] = field(default_factory=list)
    files: int = 0

    def markdown(self) -> str:
        """The run's counts (and quarantined files) as a markdown report."""
        lines = [f"# eventpipe ingest {self.run_id}", "", "| documents | count |", "|---|---|"]
        lines += [f"| {key} | {self.counts[key]} |" for key in COUNT_KEYS]
        if any(self.counts[key] for key in PATH_KEYS):
            lines += ["", "| paths | count |", "|---|---|"]
            lines += [f"| {key} | {self.counts[key]} |" for key in PATH_KEYS]
        if self.quarantined:
            lines += ["", "## Quarantined", "", "| file | reason |", "|---|---|"]
            lines += [f"| `{path}` | {reason} |" for path, reason in self.quarantined]
        return "\n".join(lines) + "\n"


def documents_per_task(to_extract: int, batch_size: int, worker_threads: int) -> int:
    """Documents per extraction task: one spaCy batch with a single worker; on a cluster up to
    two batches, keeping at least eight tasks per worker thread so the workers end together.

    Each task run on a Dask worker costs Prefect about a CPU second (it rebuilds the run's
    settings and client), about 6% of a 64-document batch and 3% of two. Tasks stop at two
    batches: a worker running 256-article tasks peaked about 115 MiB higher than with 64
    over the same articles (its rows alone are about 5 MiB per 64 articles).
    """
    if worker_threads <= 1:
        return batch_size
    batches = to_extract // (8 * worker_threads * batch_size)
    return batch_size * max(1, min(MAX_BATCHES_PER_TASK, batches))


def tapering_task_sizes(
    to_extract: int, per_task: int, worker_threads: int, smallest: int = 16
) -> Callable[[int], int]:
    """Task sizes that shrink towards the end of a run, so that the workers finish together.

    Returns a function of the documents already submitted: `per_task` while plenty remain,
    then a share of what remains for each of twice the worker threads (never under
    `smallest`). With fixed tasks one worker may sit idle for most of a task at the end (about
    6 s of a 1k run with 2 workers and 64-article tasks, up to 35 s with 128).
    """

    def size_after(submitted: int) -> int:
        if worker_threads <= 1:
            return per_task
        share = -(-(to_extract - submitted) // (2 * worker_threads))  # ceiling
        return max(smallest, min(per_task, share))

    return size_after


@dataclass(frozen=True)
class Preview:
    """What an ingest would do now, from a read-only look at the database (`preview_run`)."""

    unchanged: bool  # nothing to extract nor to quarantine (moves, copies, gone files aside)
    to_extract: int  # files new or changed (all of them with `force`)


def preview_run(paths: list[Path], db_path: Path | str, force: bool = False) -> Preview:
    """Plan `paths` against the database without its lock, once, to decide before the run
    starts whether there is anything to extract and how many files (to size the run; the run
    itself re-plans under its lock). Files moved, copied or gone need no extraction. Without a
    database, with an older schema or with the database busy, nothing counts as unchanged and
    every readable file is to extract."""
    state = KnownState()
    current = False
    if not force and Path(db_path).exists():
        try:
            con = connect(db_path, read_only=True)
        except (duckdb.Error, EventpipeError):
            con = None
        if con is not None:
            try:
                if schema_version(con) == latest_schema_version():
                    state = known_state(con)
                    current = True
            except duckdb.Error:
                pass
            finally:
                con.close()
    planned = plan_files(paths, state, force).files
    return Preview(
        unchanged=current
        and all(not item.extract and item.action != "quarantine" for item in planned),
        to_extract=sum(1 for item in planned if item.extract),
    )


def is_unchanged(paths: list[Path], db_path: Path | str) -> bool:
    """Whether an ingest would extract nothing now (`preview_run`); False when unsure."""
    return preview_run(paths, db_path).unchanged


def automatic_workers(to_extract: int, batch_size: int, cpus: int | None = None) -> int:
    """Extraction processes for a run of `to_extract` documents: `cpus` (default: the CPUs this
    process may use), but no more than there are batches (each worker gets one at least) and
    at least one."""
    if cpus is None:
        import os

        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    batches = -(-to_extract // max(1, batch_size))  # ceiling
    return max(1, min(cpus or 1, batches))


class IngestRun:
    """The single writer of one ingest: holds the lock and the database, counts, records the run.

    Use as a context manager; iterate `document_batches()` and `load()` each extracted batch.
    """

    def __init__(
        self,
        paths: list[Path],
        settings: Settings,
        force: bool = False,
        wait_seconds: float = 0.0,
        progress: Callable[[int, int], None] | None = None,
        prune: bool = False,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        self.settings = settings
        self.force = force
        self.prune = prune
        self.wait_seconds = wait_seconds
        self.progress = progress
        self.summary = IngestSummary(run_id=uuid.uuid4().hex[:12])
        self._done = 0
        self._actions: dict[str, str] = {}  # source_path -> 'new' | 'updated' | ...
        # copies of content this run loads: the path that loads it -> (hash, copies' paths)
        self._copies: dict[str, tuple[str, list[str]]] = {}
        self._lock = None
        self.con = None

    def __enter__(self) -> IngestRun:
        self._lock = writer_lock(self.settings.db_path, self.wait_seconds)
        self._lock.__enter__()
        try:
            self.con = open_db(self.settings.db_path, self.wait_seconds)
            from pipeline.nlp.registry import ActorRegistry, registry_fingerprint

            # the same registry as last time: keep the table (decoding it costs ~2 s)
            fingerprint = registry_fingerprint(self.settings.actors_file)
            if actors_fingerprint(self.con) != fingerprint:
                registry = ActorRegistry.load(self.settings.actors_file)
                replace_actors(self.con, registry.table_rows(), fingerprint)
            fail_interrupted_runs(self.con)  # we hold the lock: any 'running' run was killed
            start_run(self.con, self.summary.run_id, [str(p) for p in self.paths])
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if self.con is not None:
                status = "completed" if exc is None else "failed"
                message = None if exc is None else f"{type(exc).__name__}: {exc}"
                try:
                    finish_run(
                        self.con,
                        self.summary.run_id,
                        self.summary.counts,
                        status,
                        message,
                        self.summary.files,
                    )
                except duckdb.Error:
                    if exc is None:
                        raise
                    # keep the run's own error; the next run marks this one interrupted
        finally:
            self._release()

    def _release(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    @property
    def run_id(self) -> str:
        return self.summary.run_id

    def plan(self) -> list[PlannedFile]:
        """Every file found under the paths, with the action this run takes for it; applies
        the run's path changes (moves, copies, missing, returned, pruned documents) at once,
        in one transaction, as they need no extraction."""
        state = known_state(self.con)
        run_plan = plan_files(self.paths, state, self.force, self.prune)
        apply_path_plan(self.con, run_plan, self.run_id)
        for change in run_plan.changes:
            if change.change in ("removed", "missing", "pruned"):
                self.summary.counts[change.change] += 1
        loads_at: dict[str, str] = {}  # new content -> the path that loads it
        for item in run_plan.files:
            if item.extract and item.content_hash not in state.primary:
                loads_at.setdefault(item.content_hash, str(item.path))
            elif item.action == "copied" and item.content_hash not in state.primary:
                primary = loads_at[item.content_hash]
                self._copies.setdefault(primary, (item.content_hash, []))[1].append(str(item.path))
        self.summary.files = len(run_plan.files)
        return run_plan.files

    def document_batches(
        self,
        planned: list[PlannedFile] | None = None,
        size: int | Callable[[int], int] | None = None,
    ) -> Iterator[list[Document]]:
        """Read the files to (re)load and yield them in batches of `size` documents (default:
        the settings' batch size; a function gets the number of documents yielded so far);
        quarantine the unreadable."""
        planned = self.plan() if planned is None else planned
        size = size or self.settings.batch_size
        size_after = size if callable(size) else (lambda _yielded, fixed=size: fixed)
        yielded = 0
        target = size_after(0)
        failures: list[tuple[str, str, str | None]] = []
        documents = []
        pending_copies = {path for _, paths in self._copies.values() for path in paths}
        for item in planned:
            if item.action == "quarantine":
                failures.append(
                    (str(item.path), item.reason or "unknown problem", item.content_hash)
                )
                continue
            if not item.extract:
                if str(item.path) not in pending_copies:  # those count when loaded
                    self.summary.counts[item.action] += 1
                    self._advance()
                continue
            try:
                document = read_document(item.path, self.settings.max_file_bytes)
            except SourceError as err:
                failures.append((str(item.path), err.message, item.content_hash))
                failures += self._copy_failures(str(item.path), err.message)
                continue
            except OSError as err:
                reason = f"unreadable: {err.strerror or err}"
                failures.append((str(item.path), reason, None))
                failures += self._copy_failures(str(item.path), reason)
                continue
            self._actions[document.source_path] = item.action
            documents.append(document)
            if len(documents) >= target:
                self._quarantine(failures)
                failures = []
                yield documents
                yielded += len(documents)
                target = size_after(yielded)
                documents = []
        self._quarantine(failures)
        if documents:
            yield documents

    def _copy_failures(self, path: str, reason: str) -> list[tuple[str, str, str | None]]:
        """The copies of a file that failed: quarantined with it, for the same reason."""
        digest, copies = self._copies.pop(path, (None, []))
        return [(copy, reason, digest) for copy in copies]

    def _attach_copies(self, batch: LoadBatch) -> None:
        """Add to the batch the copies of its documents (mappings) and of its failures (with
        the same reason), so that they are recorded in the batch's transaction."""
        for row in batch.rows["documents"]:
            digest, copies = self._copies.pop(row["source_path"], (None, []))
            if digest == row["doc_id"]:  # else the file changed since it was planned
                batch.copies += [(copy, digest) for copy in copies]
        for path, reason, _ in list(batch.failures):
            batch.failures += self._copy_failures(path, reason)

    def _quarantine(self, failures: list[tuple[str, str, str | None]]) -> None:
        if not failures:
            return
        quarantine(self.con, failures, self.run_id)
        self._count_failures(failures)

    def _count_failures(self, failures: list[tuple[str, str, str | None]]) -> None:
        for path, reason, _ in failures:
            self.summary.counts["quarantined"] += 1
            self.summary.quarantined.append((path, reason))
            self._advance()

    def _advance(self) -> None:
        self._done += 1
        if self.progress:
            self.progress(self._done, self.summary.files)

    def load(self, batch: LoadBatch) -> None:
        """Load one extracted batch in one transaction and count it."""
        mark("first batch extracted")
        self._attach_copies(batch)
        load_batch(self.con, batch, self.run_id)
        mark("first batch loaded")
        self.summary.counts["events"] += len(batch.rows["events"])
        self.summary.counts["stances"] += len(batch.rows["stances"])
        for row in batch.rows["documents"]:
            self.summary.counts[self._actions.get(row["source_path"], "new")] += 1
            self._advance()
        for _ in batch.copies:
            self.summary.counts["copied"] += 1
            self._advance()
        self._count_failures(batch.failures)


class PendingBatch(Protocol):
    """A submitted batch: a Prefect or Dask future, or a batch extracted already."""

    def result(self) -> LoadBatch:
        """The extracted batch (waits for it)."""
        ...


class Extracted:
    """A batch extracted in this process: `result()` returns it."""

    def __init__(self, batch: LoadBatch) -> None:
        self.batch = batch

    def result(self) -> LoadBatch:
        """The extracted batch."""
        return self.batch


def run_batches(
    run: IngestRun,
    submit: Callable[[list[Document]], PendingBatch],
    in_flight: int | Callable[[], int] = 0,
    planned: list[PlannedFile] | None = None,
    sizes: int | Callable[[int], int] | None = None,
) -> None:
    """The ingest loop: read the files to (re)load in batches, `submit` each for extraction
    and load the results in order, with at most `in_flight` batches submitted and not yet
    loaded (a number, or a function asked after each submission: a cluster may grow).

    Reading stays ahead of extraction by at most `in_flight` batches, so memory is bounded
    however large the corpus; with `in_flight=0` each batch is loaded before the next is read.
    """
    bound = in_flight if callable(in_flight) else (lambda: in_flight)
    pending: deque[PendingBatch] = deque()
    for documents in run.document_batches(planned, sizes):
        pending.append(submit(documents))
        while len(pending) > bound():
            run.load(pending.popleft().result())
    while pending:
        run.load(pending.popleft().result())


def ingest_paths(
    paths: list[Path],
    settings: Settings | None = None,
    force: bool = False,
    wait_seconds: float = 0.0,
    progress: Callable[[int, int], None] | None = None,
    prune: bool = False,
) -> IngestSummary:
    """Ingest files and folders in this process (no Prefect); returns the run's summary.
    With `prune`, the rows of documents whose files are gone from `paths` are deleted."""
    settings = settings or Settings()
    actors_file = str(settings.actors_file) if settings.actors_file else None
    with IngestRun(paths, settings, force, wait_seconds, progress, prune) as run:

        def extract_here(documents: list[Document]) -> Extracted:
            return Extracted(
                extract_batch(
                    documents, settings.model, actors_file, settings.batch_size, run.run_id
                )
            )

        run_batches(run, extract_here)
    return run.summary

"""The one place where annotated spaCy `Doc`s become table rows (plain dicts).

Workers (processes or Dask) call `extract_batch`; it returns a `LoadBatch` of plain rows
that pickles cheaply and that the single writer loads into DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from pipeline.models import Document
from pipeline.store import LoadBatch, now_utc

if TYPE_CHECKING:  # spaCy is imported only when a batch is extracted, not on a re-ingest
    from spacy.tokens import Doc


def document_row(document: Document, run_id: str | None) -> dict[str, Any]:
    """The `documents` row of a document."""
    return {
        "doc_id": document.doc_id,
        "source_path": document.source_path,
        "title": document.title,
        "author": document.author,
        "author_role": document.author_role,
        "published_date": document.published_date,
        "published_basis": document.published_basis,
        "source": document.source,
        "url": document.url,
        "text": document.text,
        "n_chars": len(document.text),
        "run_id": run_id,
        "ingested_at": now_utc(),
    }


def doc_rows(document: Document, doc: Doc) -> dict[str, list[dict[str, Any]]]:
    """Rows of every extracted table for one annotated document."""
    doc_id = document.doc_id
    events = [
        {"event_id": f"{doc_id}-e{n:04d}", "doc_id": doc_id, **asdict(event)}
        for n, event in enumerate(doc._.events or [])
    ]
    stances = [
        {"stance_id": f"{doc_id}-s{n:04d}", "doc_id": doc_id, **asdict(stance)}
        for n, stance in enumerate(doc._.stances or [])
    ]
    mentions = [
        {
            "doc_id": doc_id,
            "actor_id": mention.actor_id,
            "country": mention.country,
            "sector": mention.sector,
            "text": mention.text,
            "char_start": mention.start,
            "char_end": mention.end,
            "mention_date": document.published_date,
        }
        for mention in doc._.actors or []
    ]
    footnotes = [
        {"doc_id": doc_id, "label": note.label, "text": note.text, "note_date": note.date}
        for note in document.footnotes
    ]
    return {
        "events": events,
        "stances": stances,
        "actor_mentions": mentions,
        "footnotes": footnotes,
    }


def _annotate_each(nlp, documents: list[Document], batch_size: int):
    """Annotate a batch; if the batch fails, retry the rest one by one to isolate the bad one."""
    from pipeline.nlp.build import annotate

    done = 0
    try:
        for document, doc in annotate(nlp, documents, batch_size):
            done += 1
            yield document, doc, None
        return
    except Exception:  # noqa: BLE001 (one bad document must not lose the batch)
        pass
    for document in documents[done:]:  # those already yielded are not extracted twice
        try:
            for _, doc in annotate(nlp, [document], 1):
                yield document, doc, None
        except Exception as err:  # noqa: BLE001
            yield document, None, f"extraction failed: {type(err).__name__}: {_one_line(err)}"


def _one_line(err: Exception, limit: int = 200) -> str:
    text = " ".join(str(err).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def too_long(document: Document, max_chars: int) -> str | None:
    """The quarantine reason when a document is too long for the pipeline, else None."""
    if len(document.text) <= max_chars:
        return None
    return (
        f"text too long for extraction: {len(document.text)} characters, "
        f"over the limit of {max_chars}"
    )


def extract_batch(
    documents: Iterable[Document],
    model: str,
    actors_file: str | None = None,
    batch_size: int = 64,
    run_id: str | None = None,
) -> LoadBatch:
    """Run the extraction pipeline over a batch of documents and return their rows."""
    from pipeline.nlp.build import load_pipeline

    nlp = load_pipeline(model, actors_file)
    batch = LoadBatch()
    fitting = []
    for document in documents:
        problem = too_long(document, nlp.max_length)
        if problem:
            batch.failures.append((document.source_path, problem, document.doc_id))
        else:
            fitting.append(document)
    for document, doc, problem in _annotate_each(nlp, fitting, batch_size):
        if problem:
            batch.failures.append((document.source_path, problem, document.doc_id))
            continue
        batch.rows["documents"].append(document_row(document, run_id))
        for table, rows in doc_rows(document, doc).items():
            batch.rows[table].extend(rows)
    release_free_memory()
    return batch


def release_free_memory() -> None:
    """Hand the memory freed by a task's batches back to the system (glibc's `malloc_trim`).

    spaCy's per-batch arrays are freed into the allocator, which keeps them for reuse; in a
    long-lived worker thread what it keeps grows with the run (2 workers: +28% from 1k to 5k
    articles). Trimming once per `extract_batch` call (one task) brings a worker back to about
    the model's size between tasks, for page faults once per task instead of Dask's
    trim-on-every-free (docs/performance.md, Memory).
    """
    if _malloc_trim is not None:
        _malloc_trim(0)


def _load_malloc_trim():
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


_malloc_trim = _load_malloc_trim()

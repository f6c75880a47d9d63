"""Reading .pdf and .docx files: body text, footnotes, metadata, and the files that are refused.

Every PDF and DOCX here is built in the test (tests/docbuild.py) from text written for it.
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from pipeline.errors import SourceError
from pipeline.sources import read_document
from pipeline.sources.metadata import file_author, file_title
from pipeline.sources.pdf_layout import (
    Line,
    drop_running_lines,
    is_page_number,
    join_lines,
    reading_order,
)
from tests import docbuild
from tests.docbuild import ARTICLE_NOTES, ARTICLE_PARAGRAPHS, ARTICLE_TITLE, MARKER

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def source_error(path: Path, **kwargs: int) -> str:
    with pytest.raises(SourceError) as caught:
        read_document(path, **kwargs)
    assert caught.value.path == str(path)
    return caught.value.message


@pytest.fixture
def txt_article(tmp_path: Path):
    path = tmp_path / "article.txt"
    path.write_text(docbuild.article_txt(), encoding="utf-8")
    return read_document(path)


# --- PDF ---------------------------------------------------------------------------------------


def test_pdf_article_reads_like_the_txt(tmp_path: Path, txt_article) -> None:
    doc = read_document(docbuild.article_pdf(tmp_path / "article.pdf"))
    assert doc.text == txt_article.text  # headers, page numbers, footnotes gone; markers kept
    assert doc.footnotes == txt_article.footnotes
    assert [n.text for n in doc.footnotes] == ARTICLE_NOTES
    assert (doc.title, doc.author) == (ARTICLE_TITLE, "Daniel Morrow")  # from the PDF info
    assert (doc.published_date, doc.published_basis) == (date(2020, 3, 5), "text")
    assert "Eurasia Security Brief" not in doc.text
    assert "17 September 2018.[1] The two leaders" in doc.text


def test_pdf_without_metadata_infers_title_and_author(tmp_path: Path) -> None:
    pdf = docbuild.pdf_document(
        [["By Laura Brandt", ARTICLE_PARAGRAPHS[0]]], heading="Sochi Talks Open a New Channel"
    )
    pdf.output(str(tmp_path / "plain.pdf"))
    doc = read_document(tmp_path / "plain.pdf")
    assert doc.title == "Sochi Talks Open a New Channel"
    assert doc.author == "Laura Brandt"
    assert doc.text.startswith("Sochi Talks Open a New Channel\n\nTurkish President")


def test_pdf_placeholder_metadata_is_ignored(tmp_path: Path) -> None:
    pdf = docbuild.pdf_document(
        [[ARTICLE_PARAGRAPHS[1]]],
        title="Microsoft Word - draft3.docx",
        author="Administrator",
        heading="Idlib Offensive",
    )
    pdf.output(str(tmp_path / "p.pdf"))
    doc = read_document(tmp_path / "p.pdf")
    assert (doc.title, doc.author) == ("Idlib Offensive", None)


LEFT = (
    "Greece and Turkey reopened talks on maritime borders in January 2021. Diplomats from "
    "both capitals met in Istanbul for the first round"
)
RIGHT = (
    "in five years. The European Union welcomed the meeting and hoped that the dialogue "
    "would lower tensions in the eastern Mediterranean."
)


def test_pdf_two_columns_are_read_column_by_column(tmp_path: Path) -> None:
    path = docbuild.two_column_pdf(tmp_path / "cols.pdf", "Aegean Dialogue Resumes", LEFT, RIGHT)
    doc = read_document(path)
    assert doc.text == f"Aegean Dialogue Resumes\n\n{LEFT} {RIGHT}"  # the sentence goes on
    path = docbuild.two_column_pdf(
        tmp_path / "cols2.pdf", "Aegean Dialogue Resumes", LEFT + " in years.", "Brussels " + RIGHT
    )
    assert read_document(path).text == (
        f"Aegean Dialogue Resumes\n\n{LEFT} in years.\n\nBrussels {RIGHT}"
    )


def test_pdf_justified_columns_over_pages(tmp_path: Path) -> None:
    paragraphs = [MARKER.sub("", p) for p in ARTICLE_PARAGRAPHS] * 6
    paragraphs = [f"{n}. {p}" if n % 4 == 0 else p for n, p in enumerate(paragraphs, 1)]
    path = docbuild.columns_pdf(tmp_path / "cols.pdf", "Idlib Files", paragraphs, "Idlib Files")
    assert read_document(path).text == "\n\n".join(["Idlib Files", *paragraphs])


def test_pdf_hyphenated_line_ends_are_joined(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    lines = [
        "After months of nego-",
        "tiations, the Russian-",
        "backed government in Damascus agreed to a truce. The 2019-",
        "2020 offensive had displaced nearly a million civilians.",
    ]
    for line in lines:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "hyphen.pdf"))
    assert read_document(tmp_path / "hyphen.pdf").text == (
        "After months of negotiations, the Russian-backed government in Damascus agreed to a "
        "truce. The 2019-2020 offensive had displaced nearly a million civilians."
    )


def test_pdf_running_headers_and_page_numbers_are_dropped(tmp_path: Path) -> None:
    pages = [[p] for p in ARTICLE_PARAGRAPHS[:3]]
    pdf = docbuild.pdf_document(
        pages, heading="Idlib Diary", header_text="Idlib Diary", page_numbers=True
    )
    pdf.output(str(tmp_path / "running.pdf"))
    doc = read_document(tmp_path / "running.pdf")
    # the running header repeats the title: it goes on every page, the big title stays
    assert doc.text == "\n\n".join(["Idlib Diary", *ARTICLE_PARAGRAPHS[:3]])


def test_pdf_endnotes_after_a_notes_heading(tmp_path: Path) -> None:
    notes = [
        "1. Kremlin press service, statement on Idlib, 6 March 2020.",
        "2. Turkish Ministry of Defence, briefing, 28 February 2020.",
    ]
    pdf = docbuild.pdf_document([[ARTICLE_PARAGRAPHS[2], "Notes", *notes]], heading="Idlib")
    pdf.output(str(tmp_path / "endnotes.pdf"))
    doc = read_document(tmp_path / "endnotes.pdf")
    assert doc.text == f"Idlib\n\n{ARTICLE_PARAGRAPHS[2]}"
    assert [(n.label, n.date) for n in doc.footnotes] == [
        ("1", date(2020, 3, 6)),
        ("2", date(2020, 2, 28)),
    ]
    assert (doc.published_date, doc.published_basis) == (date(2020, 3, 6), "text")


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("L", (120, 60), color=90).save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def test_pdf_with_only_an_image_has_no_text_layer(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.image(_png(), x=10, y=10, w=150)
    pdf.add_page()  # and an empty page
    pdf.output(str(tmp_path / "scan.pdf"))
    assert source_error(tmp_path / "scan.pdf") == "no text layer: scanned image?"


def test_pdf_needing_a_password_is_quarantined(tmp_path: Path) -> None:
    pdf = docbuild.pdf_document([[ARTICLE_PARAGRAPHS[0]]])
    pdf.set_encryption(owner_password="owner-secret", user_password="reader-secret")
    pdf.output(str(tmp_path / "locked.pdf"))
    assert source_error(tmp_path / "locked.pdf") == (
        "encrypted PDF: a password is needed to open it"
    )


def test_pdf_encrypted_without_a_user_password_is_read(tmp_path: Path) -> None:
    pdf = docbuild.pdf_document([[ARTICLE_PARAGRAPHS[0]]])
    pdf.set_encryption(owner_password="owner-secret")  # permissions only: opens without one
    pdf.output(str(tmp_path / "restricted.pdf"))
    assert read_document(tmp_path / "restricted.pdf").text == ARTICLE_PARAGRAPHS[0]


def test_truncated_and_corrupt_pdfs_are_quarantined(tmp_path: Path) -> None:
    good = docbuild.article_pdf(tmp_path / "good.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(good[: len(good) // 2])
    assert source_error(tmp_path / "cut.pdf") == (
        "corrupt PDF: truncated (no %%EOF marker at the end)"
    )
    (tmp_path / "text.pdf").write_bytes(b"Just some words in a file called pdf.\n")
    assert source_error(tmp_path / "text.pdf") == "corrupt PDF: no %PDF- header"
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"\n%%EOF\n")
    assert source_error(tmp_path / "junk.pdf").startswith(("corrupt PDF: ", "no text layer"))


def test_pdf_over_the_size_limit(tmp_path: Path) -> None:
    path = docbuild.article_pdf(tmp_path / "big.pdf")
    size = path.stat().st_size
    assert source_error(path, max_bytes=size - 1) == (
        f"file too large: {size} bytes, over the limit of {size - 1} bytes"
    )


def test_pdf_decompression_bomb_is_refused(tmp_path: Path, monkeypatch) -> None:
    from pipeline.sources import pdf_text

    bomb = zlib.compress(b"0" * 20_000_000, 9)  # about 20 KB on disk
    raw = (
        b"%PDF-1.4\n1 0 obj <</Length " + str(len(bomb)).encode() + b" /Filter /FlateDecode>> "
        b"stream\n" + bomb + b"\nendstream\nendobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
    )
    (tmp_path / "bomb.pdf").write_bytes(raw)
    monkeypatch.setattr(pdf_text, "MAX_INFLATED_BYTES", 10_000_000)
    assert source_error(tmp_path / "bomb.pdf") == (
        "PDF streams inflate to more than 10000000 bytes (a decompression bomb?)"
    )
    monkeypatch.setattr(pdf_text, "MAX_INFLATED_BYTES", 10_000)
    assert read_document(docbuild.article_pdf(tmp_path / "ok.pdf")).title == ARTICLE_TITLE


@pytest.mark.parametrize(
    "build, suffix, most_flips",
    [(docbuild.article_pdf, ".pdf", 40), (docbuild.article_docx, ".docx", 20)],
    ids=["pdf", "docx"],
)
def test_damaged_files_give_a_document_or_a_source_error(
    tmp_path: Path, build, suffix: str, most_flips: int
) -> None:
    good = build(tmp_path / f"good{suffix}").read_bytes()
    rng = random.Random(16)
    for case in range(25):
        data = bytearray(good)
        for _ in range(rng.randint(1, most_flips)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"damaged{case}{suffix}"
        path.write_bytes(bytes(data))
        try:
            doc = read_document(path)
        except SourceError as err:
            assert err.path == str(path) and err.message
        else:
            assert doc.text and doc.text == doc.text.strip()


def test_shipped_fixtures_read_like_the_txt(txt_article) -> None:
    """tests/fixtures/sources/idlib-truce.{pdf,docx} (the --help example) were made with
    `docbuild.article_pdf` / `article_docx`; they read as the article does."""
    for name in ("idlib-truce.pdf", "idlib-truce.docx"):
        doc = read_document(FIXTURES / name)
        assert (doc.text, doc.footnotes, doc.title) == (
            txt_article.text,
            txt_article.footnotes,
            ARTICLE_TITLE,
        )


# --- layout helpers ----------------------------------------------------------------------------


def test_join_lines() -> None:
    assert join_lines("nego-", "tiations") == "negotiations"
    assert join_lines("Moscow-", "based") == "Moscow-based"
    assert join_lines("Turkish-", "Russian") == "Turkish-Russian"
    assert join_lines("talks", "resumed") == "talks resumed"


def test_page_numbers() -> None:
    assert all(map(is_page_number, ["7", "- 7 -", "Page 7", "7 of 12", "12/40", "vii", "XIV"]))
    assert not any(map(is_page_number, ["Civil", "mix", "dim", "Notes", "2016 talks"]))


def test_reading_order_with_a_spanning_line_between_column_bands() -> None:
    def line(x0: float, x1: float, top: float, text: str) -> Line:
        return Line(0, x0, x1, top, top + 10, 10, text)

    lines = [
        line(50, 250, 100, "L1"),
        line(300, 500, 100, "R1"),
        line(50, 250, 114, "L2"),
        line(300, 500, 114, "R2"),
        line(50, 500, 140, "SPAN"),
        line(50, 250, 160, "L3"),
        line(300, 500, 160, "R3"),
        line(50, 250, 174, "L4"),
        line(300, 500, 174, "R4"),
    ]
    order = [ln.text for ln in reading_order(lines)]
    assert order == ["L1", "L2", "R1", "R2", "SPAN", "L3", "L4", "R3", "R4"]


def test_running_lines_need_to_repeat_at_the_same_place() -> None:
    def page(index: int, header_top: float) -> list[Line]:
        words = ["Ankara", "Athens", "Baku", "Cairo", "Doha", "Kyiv", "Minsk", "Riga"]
        texts = [f"{words[i]} {words[index + 4]}" for i in range(4)]
        body = [
            Line(index, 50, 500, 100 + 14 * i, 110 + 14 * i, 10, t) for i, t in enumerate(texts)
        ]
        return [Line(index, 50, 200, header_top, header_top + 8, 8, "Quarterly Review"), *body]

    kept = drop_running_lines([page(0, 20), page(1, 20), page(2, 400)])
    assert [ln.text for ln in kept[0]] == ["Ankara Doha", "Athens Doha", "Baku Doha", "Cairo Doha"]
    assert [ln.text for ln in kept[2]].count("Quarterly Review") == 1  # elsewhere: kept


# --- DOCX --------------------------------------------------------------------------------------


def test_docx_article_reads_like_the_txt(tmp_path: Path, txt_article) -> None:
    doc = read_document(docbuild.article_docx(tmp_path / "article.docx"))
    assert doc.text == txt_article.text
    assert doc.footnotes == txt_article.footnotes
    assert (doc.title, doc.author) == (ARTICLE_TITLE, "Daniel Morrow")
    assert (doc.published_date, doc.published_basis) == (date(2020, 3, 5), "text")


def test_docx_without_core_properties_infers_title(tmp_path: Path) -> None:
    path = docbuild.docx_document(
        tmp_path / "plain.docx", [ARTICLE_PARAGRAPHS[3]], heading="Europe Watches Idlib"
    )
    doc = read_document(path)
    assert (doc.title, doc.author, doc.footnotes) == ("Europe Watches Idlib", None, [])
    assert doc.text == f"Europe Watches Idlib\n\n{ARTICLE_PARAGRAPHS[3]}"


def test_docx_footnotes_and_endnotes_numbered_in_reference_order(tmp_path: Path) -> None:
    path = docbuild.docx_document(
        tmp_path / "notes.docx",
        [
            "Greece and Turkey agreed to resume talks in January 2021.[2] Athens welcomed "
            "the decision.[e1]",
            "Ankara named its delegation a week later.[1]",
        ],
        [
            "Hurriyet, delegation named, 18 January 2021.",
            "Kathimerini, talks agreed, 11 January 2021.",
        ],
        endnotes=["Greek foreign ministry, statement, 12 January 2021."],
    )
    doc = read_document(path)
    assert doc.text == (
        "Greece and Turkey agreed to resume talks in January 2021.[1] Athens welcomed the "
        "decision.[2]\n\nAnkara named its delegation a week later.[3]"
    )
    assert [(n.label, n.date) for n in doc.footnotes] == [
        ("1", date(2021, 1, 11)),
        ("2", date(2021, 1, 12)),
        ("3", date(2021, 1, 18)),
    ]
    assert (doc.published_date, doc.published_basis) == (date(2021, 1, 18), "text")


def test_docx_tables_are_read_cell_by_cell(tmp_path: Path) -> None:
    from docx import Document as new_docx

    document = new_docx()
    document.add_paragraph("Greece and Turkey agreed to resume talks.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Athens"
    table.cell(0, 1).text = "Ankara"
    document.save(str(tmp_path / "t.docx"))
    doc = read_document(tmp_path / "t.docx")
    assert doc.text == "Greece and Turkey agreed to resume talks.\n\nAthens\n\nAnkara"
    assert doc.author is None  # python-docx's template says "python-docx": a placeholder


def test_placeholder_titles_and_authors() -> None:
    assert file_title("Microsoft Word - Idlib brief v3.docx") is None
    assert file_title("Microsoft Word - Idlib Brief") == "Idlib Brief"
    assert [file_title(t) for t in ("Untitled", "Document1", " ", "123")] == [None] * 4
    assert file_title("  Aegean   Dialogue ") == "Aegean Dialogue"
    assert [file_author(a) for a in ("Administrator", "Windows User", "python-docx")] == [None] * 3
    assert file_author("Laura Brandt") == "Laura Brandt"


def test_sidecar_metadata_overrides_the_files_own(tmp_path: Path) -> None:
    docbuild.article_pdf(tmp_path / "brief.pdf")
    (tmp_path / "brief.pdf.meta.yaml").write_text(
        "title: Idlib, Revisited\npublished: 2020-03-09\n"
    )
    doc = read_document(tmp_path / "brief.pdf")
    assert (doc.title, doc.author) == ("Idlib, Revisited", "Daniel Morrow")
    assert (doc.published_date, doc.published_basis) == (date(2020, 3, 9), "metadata")


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_text("Plain words, not a Word file.\n")
    assert source_error(tmp_path / "notes.docx") == "not a DOCX file: not a zip archive"
    (tmp_path / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert source_error(tmp_path / "old.docx").startswith("not a DOCX file: an OLE compound")


def test_docx_zip_without_a_document_or_broken_inside(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "other.docx", "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert source_error(tmp_path / "other.docx") == (
        "not a DOCX file: no word/document.xml inside the zip archive"
    )
    good = docbuild.article_docx(tmp_path / "good.docx")
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(tmp_path / "broken.docx", "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, b"<w:document" if item.filename == "word/document.xml" else data)
    assert source_error(tmp_path / "broken.docx").startswith("corrupt DOCX: ")
    raw = good.read_bytes()
    (tmp_path / "cut.docx").write_bytes(raw[: len(raw) // 2])
    assert source_error(tmp_path / "cut.docx").startswith(("not a DOCX file", "corrupt DOCX"))


def test_docx_over_the_size_limit(tmp_path: Path) -> None:
    path = docbuild.article_docx(tmp_path / "big.docx")
    assert source_error(path, max_bytes=1000).startswith("file too large: ")

"""Build small PDF (fpdf2) and DOCX (python-docx) files in tests, from text written here.

Text passed to the builders may carry footnote markers "[N]": a PDF prints them as superscript
numbers, a DOCX makes them real footnote references.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from docx import Document as new_docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from fpdf import FPDF

MARKER = re.compile(r"\[(\d+)\]")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# An article written for these tests (news-analysis genre), with three footnotes.
ARTICLE_TITLE = "Ankara and Moscow Test a Fragile Truce in Idlib"
ARTICLE_AUTHOR = "Daniel Morrow"
ARTICLE_PARAGRAPHS = [
    "Turkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Sochi on "
    "17 September 2018.[1] The two leaders agreed to create a demilitarised zone around Idlib, "
    "the last province held by the Syrian opposition.",
    "The deal did not hold for long. Syrian government forces launched an offensive in the "
    "south of the province in April 2019, and Russian aircraft bombed several towns near Khan "
    "Shaykhun. Turkey sent reinforcements to its observation posts and warned Damascus against "
    "attacking them.[2]",
    "In February 2020 Syrian artillery killed thirty-three Turkish soldiers near Balyun. "
    "Ankara responded with drone attacks on Syrian army positions. Erdogan and Putin signed a "
    "ceasefire agreement in Moscow on 5 March 2020, which set up joint patrols along the M4 "
    "highway.[3]",
    "European governments watched the crisis with concern. The European Union criticised the "
    "Syrian offensive, and Germany promised humanitarian aid for the displaced families. "
    "Analysts expect Moscow and Ankara to keep negotiating, because neither side wants a "
    "direct war.",
]
ARTICLE_NOTES = [
    "Reuters, Putin and Erdogan agree on Idlib buffer zone, 17 September 2018.",
    "Anadolu Agency, Turkish army reinforces observation posts, 12 May 2019.",
    "TASS, Moscow ceasefire protocol signed, 5 March 2020.",
]


def article_txt() -> str:
    """The article as a .txt file: title, byline, paragraphs, then "[N] ..." footnotes."""
    notes = [f"[{n}] {text}" for n, text in enumerate(ARTICLE_NOTES, 1)]
    blocks = [ARTICLE_TITLE, f"By {ARTICLE_AUTHOR}", *ARTICLE_PARAGRAPHS, *notes]
    return "\n\n".join(blocks) + "\n"


class _Pdf(FPDF):
    def __init__(self, header_text: str | None, page_numbers: bool) -> None:
        super().__init__(format="A4")
        self.header_text = header_text
        self.page_numbers = page_numbers
        self.set_auto_page_break(False)
        self.set_margins(20, 25, 20)

    def header(self) -> None:
        if self.header_text:
            self.set_font("Helvetica", size=8)
            self.set_xy(20, 10)
            self.cell(0, 5, self.header_text)

    def footer(self) -> None:
        if self.page_numbers:
            self.set_font("Helvetica", size=8)
            self.set_xy(20, -15)
            self.cell(0, 5, str(self.page_no()), align="C")


def _write_marked(pdf: FPDF, text: str, height: float) -> None:
    """Write text with "[N]" markers as superscripts, wrapping within the margins."""
    pos = 0
    for match in MARKER.finditer(text):
        pdf.write(height, text[pos : match.start()])
        pdf.char_vpos = "SUP"
        pdf.write(height, match.group(1))
        pdf.char_vpos = "LINE"
        pos = match.end()
    pdf.write(height, text[pos:])


def pdf_document(
    pages: Sequence[Sequence[str]],
    notes: Sequence[Sequence[str]] = (),
    *,
    title: str | None = None,
    author: str | None = None,
    heading: str | None = None,
    header_text: str | None = None,
    page_numbers: bool = False,
    size: float = 11,
) -> FPDF:
    """A one-column PDF: each page's paragraphs, then that page's footnotes in small print.

    `heading` is printed large at the top of the first page; `notes[i]` are "N text" lines.
    """
    pdf = _Pdf(header_text, page_numbers)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    for index, paragraphs in enumerate(pages):
        pdf.add_page()
        pdf.set_xy(20, 25)
        if heading and index == 0:
            pdf.set_font("Helvetica", "B", size=16)
            pdf.multi_cell(0, 8, heading, align="L")
            pdf.ln(4)
        pdf.set_font("Helvetica", size=size)
        for paragraph in paragraphs:
            _write_marked(pdf, paragraph, 5.5)
            pdf.ln(5.5)
            pdf.ln(4)
        page_notes = notes[index] if index < len(notes) else ()
        if page_notes:
            pdf.set_font("Helvetica", size=8)
            pdf.set_xy(20, 297 - 22 - 4.5 * len(page_notes))
            for note in page_notes:
                number, text = note.split(" ", 1)
                pdf.char_vpos = "SUP"
                pdf.write(4.5, number)
                pdf.char_vpos = "LINE"
                pdf.write(4.5, " " + text)
                pdf.ln(4.5)
    return pdf


def article_pdf(path: Path) -> Path:
    """The article as a two-page PDF with metadata, running header, page numbers, footnotes."""
    pdf = pdf_document(
        [[f"By {ARTICLE_AUTHOR}", *ARTICLE_PARAGRAPHS[:2]], ARTICLE_PARAGRAPHS[2:]],
        [[f"1 {ARTICLE_NOTES[0]}", f"2 {ARTICLE_NOTES[1]}"], [f"3 {ARTICLE_NOTES[2]}"]],
        title=ARTICLE_TITLE,
        author=ARTICLE_AUTHOR,
        heading=ARTICLE_TITLE,
        header_text="Eurasia Security Brief - Middle East Series",
        page_numbers=True,
    )
    pdf.output(str(path))
    return path


def two_column_pdf(path: Path, heading: str, left: str, right: str) -> Path:
    """A page with a heading across the page and two columns of text under it."""
    pdf = _Pdf(None, False)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", size=16)
    pdf.set_xy(20, 25)
    pdf.multi_cell(170, 8, heading, align="L")
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(20, 45)
    pdf.multi_cell(80, 5, left, align="L")
    pdf.set_xy(110, 45)
    pdf.multi_cell(80, 5, right, align="L")
    pdf.output(str(path))
    return path


def columns_pdf(path: Path, heading: str, paragraphs: Sequence[str], header_text: str) -> Path:
    """Justified two-column text flowing over pages, under a heading across the first page,
    with a running header and page numbers."""
    pdf = _Pdf(header_text, True)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    pdf.set_xy(20, 25)
    pdf.set_font("Helvetica", "B", size=16)
    pdf.multi_cell(0, 8, heading, align="L")
    pdf.ln(4)
    pdf.set_font("Times", size=10)
    with pdf.text_columns(ncols=2, gutter=8, text_align="J", l_margin=20, r_margin=20) as cols:
        for paragraph in paragraphs:
            cols.write(paragraph)
            cols.ln()
            cols.ln()
    pdf.output(str(path))
    return path


# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------


DOCX_MARKER = re.compile(r"\[(e?)(\d+)\]")  # "[2]" a footnote reference, "[e1]" an endnote's


def _notes_xml(kind: str, notes: Sequence[str]) -> bytes:
    """word/footnotes.xml or word/endnotes.xml (`kind` 'footnote' or 'endnote'), ids from 1."""
    entries = [
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:{kind}>",
    ]
    for number, text in enumerate(notes, 1):
        entries.append(
            f'<w:{kind} w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
            f'</w:rPr><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r>'
            f"</w:p></w:{kind}>"
        )
    return f'<w:{kind}s xmlns:w="{W_NS}">{"".join(entries)}</w:{kind}s>'.encode()


def _add_marked_paragraph(document, text: str) -> None:
    paragraph = document.add_paragraph()
    pos = 0
    for match in DOCX_MARKER.finditer(text):
        paragraph.add_run(text[pos : match.start()])
        kind = "endnote" if match.group(1) else "footnote"
        run = parse_xml(
            f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:{kind}Reference w:id="{match.group(2)}"/></w:r>'
        )
        paragraph._p.append(run)
        pos = match.end()
    paragraph.add_run(text[pos:])


def docx_document(
    path: Path,
    paragraphs: Sequence[str],
    notes: Sequence[str] = (),
    *,
    endnotes: Sequence[str] = (),
    title: str | None = None,
    author: str | None = None,
    heading: str | None = None,
) -> Path:
    """A .docx: optional heading, paragraphs (with "[N]" footnote and "[eN]" endnote
    references), footnotes and endnotes."""
    document = new_docx()
    document.core_properties.title = title or ""
    document.core_properties.author = author or ""
    if heading:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        _add_marked_paragraph(document, text)
    for kind, texts, content_type, reltype in (
        ("footnote", notes, CT.WML_FOOTNOTES, RT.FOOTNOTES),
        ("endnote", endnotes, CT.WML_ENDNOTES, RT.ENDNOTES),
    ):
        if texts:
            name = PackURI(f"/word/{kind}s.xml")
            part = Part(name, content_type, _notes_xml(kind, texts), document.part.package)
            document.part.relate_to(part, reltype)
    document.save(str(path))
    return path


def article_docx(path: Path) -> Path:
    """The article as a .docx with core properties and real footnotes."""
    return docx_document(
        path,
        [f"By {ARTICLE_AUTHOR}", *ARTICLE_PARAGRAPHS],
        ARTICLE_NOTES,
        title=ARTICLE_TITLE,
        author=ARTICLE_AUTHOR,
        heading=ARTICLE_TITLE,
    )

"""A PDF file's bytes → (metadata, text): its text layer read with pdfminer.six.

The text is the body in reading order (see `pipeline.sources.pdf_layout`), one paragraph per
line with blank lines between, then the page footnotes as "[N] text" lines, so that the
footnote split shared with the other formats (`split_footnotes`) finds them. Superscript
numbers in the body become "[N]" markers. Title and author come from the document
information dictionary when they are given. A PDF that needs a password, has no text layer or
cannot be parsed raises `SourceError`.
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from collections import Counter
from statistics import median
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTAnno, LTChar, LTContainer, LTPage, LTTextLineHorizontal
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

from pipeline.errors import SourceError
from pipeline.sources.clean import normalise_text
from pipeline.sources.metadata import file_author, file_title
from pipeline.sources.pdf_layout import (
    Line,
    body_size,
    drop_running_lines,
    paragraphs,
    reading_order,
    split_page_notes,
)

# pdfminer warns on every quirk of a damaged file; the quarantine reason says what matters.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

MAX_PAGES = 2000
MAX_INFLATED_BYTES = 256 * 1024 * 1024
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
_CID = re.compile(r"\(cid:\d+\)")
_LETTER = re.compile(r"[^\W\d_]")


def _one_line(message: object) -> str:
    return " ".join(str(message).split())[:200]


def _check_structure(raw: bytes) -> None:
    if b"%PDF-" not in raw[:1024]:
        raise SourceError("corrupt PDF: no %PDF- header")
    if b"%%EOF" not in raw[-2048:]:
        raise SourceError("corrupt PDF: truncated (no %%EOF marker at the end)")


def _check_inflated_size(raw: bytes) -> None:
    """Refuse a PDF whose Flate streams inflate past `MAX_INFLATED_BYTES` in all (pdfminer
    inflates each stream whole in memory). Streams that are not plain zlib data are skipped."""
    budget = MAX_INFLATED_BYTES
    total = 0
    for match in _STREAM_START.finditer(raw):
        inflater = zlib.decompressobj()
        pos, pending = match.end(), b""
        try:
            while not inflater.eof and total <= budget:
                if not pending:
                    if pos >= len(raw):
                        break
                    pending = raw[pos : pos + (1 << 16)]
                    pos += len(pending)
                total += len(inflater.decompress(pending, budget - total + 1))
                pending = inflater.unconsumed_tail
        except zlib.error:
            continue  # not zlib data, or encrypted: the parser will judge it
        if total > budget:
            raise SourceError(
                f"PDF streams inflate to more than {budget} bytes (a decompression bomb?)"
            )


def _open(raw: bytes) -> PDFDocument:
    try:
        return PDFDocument(PDFParser(io.BytesIO(raw)))
    except PDFPasswordIncorrect as err:
        raise SourceError("encrypted PDF: a password is needed to open it") from err
    except PDFEncryptionError as err:
        raise SourceError(f"encrypted PDF: {_one_line(err)}") from err
    except Exception as err:  # pdfminer raises many types on broken files
        raise SourceError(f"corrupt PDF: {type(err).__name__}: {_one_line(err)}") from err


def _info_text(value: Any) -> str | None:
    value = resolve1(value)
    if isinstance(value, PSLiteral):
        value = value.name
    if isinstance(value, bytes):
        value = decode_text(value)
    if not isinstance(value, str):
        return None
    text = " ".join(normalise_text(value).split())
    return text or None


def pdf_metadata(document: PDFDocument) -> dict[str, Any]:
    """Title and author from the information dictionary, unless they are placeholders
    ("Untitled", "Microsoft Word - draft.docx", "Administrator")."""
    meta: dict[str, Any] = {}
    for info in document.info:
        if not isinstance(info, dict):
            continue
        title = file_title(_info_text(info.get("Title")))
        author = file_author(_info_text(info.get("Author")))
        if title:
            meta.setdefault("title", title)
        if author:
            meta.setdefault("author", author)
    return meta


def _text_lines(item: LTContainer) -> list[LTTextLineHorizontal]:
    """Every horizontal text line inside a layout item (text boxes and figures included)."""
    found: list[LTTextLineHorizontal] = []
    stack: list[Any] = [item]
    while stack:
        node = stack.pop()
        if isinstance(node, LTTextLineHorizontal):
            found.append(node)
        elif isinstance(node, LTContainer):
            stack.extend(node)
    return found


def _line(page_no: int, height: float, line: LTTextLineHorizontal) -> Line | None:
    """A `Line` with superscript numbers turned into "[N]" (or into its label at the start)."""
    chars = [item for item in line if isinstance(item, LTChar)]
    if not chars:
        return None
    sizes = Counter(round(c.size, 1) for c in chars)
    size = sizes.most_common(1)[0][0]
    base = median(c.y0 for c in chars if round(c.size, 1) == size)
    parts: list[str] = []
    superscript = ""
    for item in line:
        sup = (
            isinstance(item, LTChar)
            and item.size < 0.85 * size
            and item.y0 > base + 0.2 * size
            and item.get_text().isdigit()
        )
        if sup:
            superscript += item.get_text()
            continue
        if superscript:
            parts.append(f"[{superscript}]")
            superscript = ""
        parts.append(item.get_text() if isinstance(item, LTChar | LTAnno) else "")
    if superscript:
        parts.append(f"[{superscript}]")
    text = _CID.sub("", "".join(parts)).replace("\n", " ").strip()
    if not text:
        return None
    label = None
    lead = re.match(r"\[(\d{1,3})\]\s*", text)
    if lead and not chars[0].get_text().isspace() and chars[0].size < 0.85 * size:
        label, text = lead.group(1), text[lead.end() :]
    return Line(page_no, line.x0, line.x1, height - line.y1, height - line.y0, size, text, label)


def _pages(document: PDFDocument) -> list[list[Line]]:
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=LAParams(boxes_flow=None, all_texts=True))
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[list[Line]] = []
    for number, page in enumerate(PDFPage.create_pages(document)):
        if number >= MAX_PAGES:
            raise SourceError(f"PDF has more than {MAX_PAGES} pages")
        interpreter.process_page(page)
        layout: LTPage = device.get_result()
        lines = [_line(number, layout.height, ln) for ln in _text_lines(layout)]
        pages.append([ln for ln in lines if ln is not None])
    return pages


def pdf_text(raw: bytes) -> tuple[dict[str, Any], str]:
    """Read a PDF: (metadata with 'title'/'author' when given, text with footnotes last)."""
    _check_structure(raw)
    _check_inflated_size(raw)
    document = _open(raw)
    try:
        meta = pdf_metadata(document)
        pages = _pages(document)
    except SourceError:
        raise
    except Exception as err:
        raise SourceError(f"corrupt PDF: {type(err).__name__}: {_one_line(err)}") from err
    if not any(_LETTER.search(line.text) for page in pages for line in page):
        raise SourceError("no text layer: scanned image?")
    pages = drop_running_lines(pages)
    size = body_size(pages)
    ordered: list[Line] = []
    notes: list[tuple[str, str]] = []
    for page in pages:
        body, page_notes = split_page_notes(page, size)
        ordered += reading_order(body)
        notes += page_notes
    text = "\n\n".join(paragraphs(ordered))
    if notes:
        text += "\n\n" + "\n\n".join(f"[{label}] {note}" for label, note in notes)
    return meta, text

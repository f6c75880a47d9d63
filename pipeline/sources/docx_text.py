"""A Word (.docx) file's bytes → (metadata, text), read with python-docx.

The text is the body's paragraphs in order (tables cell by cell), one per line with blank
lines between; headers, footers, comments and text boxes are left out. Footnote and endnote
references become "[N]" markers (numbered in the order they are first referenced) and the notes
follow the body as "[N] text" lines, so that the footnote split shared with the other formats
(`split_footnotes`) finds them. Title and author come from the core properties when given.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx import Document as open_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from pipeline.errors import SourceError
from pipeline.sources.clean import normalise_text
from pipeline.sources.metadata import file_author, file_title

MAX_UNPACKED_BYTES = 256 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIPPED = frozenset(
    {qn("w:txbxContent"), qn("w:del"), qn("w:moveFrom"), qn("w:pPr"), qn("w:rPr"), _MC_FALLBACK}
)
_NOTE_REFS = {qn("w:footnoteReference"): "footnote", qn("w:endnoteReference"): "endnote"}
_SEPARATOR_TYPES = frozenset({"separator", "continuationSeparator", "continuationNotice"})


def _one_line(message: object) -> str:
    return " ".join(str(message).split())[:200]


def _check_zip(raw: bytes) -> None:
    if raw.startswith(_OLE_MAGIC):
        raise SourceError(
            "not a DOCX file: an OLE compound file (a password-protected or old .doc document?)"
        )
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise SourceError("not a DOCX file: not a zip archive")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise SourceError(f"corrupt DOCX: {_one_line(err)}") from err
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise SourceError(f"DOCX unpacks to more than {MAX_UNPACKED_BYTES} bytes")
    if "word/document.xml" not in {info.filename for info in infos}:
        raise SourceError("not a DOCX file: no word/document.xml inside the zip archive")


class _Notes:
    """Note references met in the body, numbered in order, and the notes' texts by id."""

    def __init__(self, parts: dict[str, Any]) -> None:
        self.texts: dict[tuple[str, str], str] = {}
        self.labels: dict[tuple[str, str], int] = {}
        for kind, root in parts.items():
            for note in root.iter(qn(f"w:{kind}")):
                if note.get(qn("w:type")) in _SEPARATOR_TYPES:
                    continue
                text = " ".join(
                    t for t in (_paragraph_text(p, self) for p in _paragraphs(note)) if t
                )
                self.texts[(kind, note.get(qn("w:id"), ""))] = text

    def label(self, kind: str, note_id: str) -> str:
        key = (kind, note_id)
        if key not in self.texts:
            return ""
        return f"[{self.labels.setdefault(key, len(self.labels) + 1)}]"

    def lines(self) -> list[str]:
        for key in self.texts:  # notes never referenced still come last, in file order
            self.labels.setdefault(key, len(self.labels) + 1)
        ordered = sorted(self.labels.items(), key=lambda item: item[1])
        return [f"[{number}] {self.texts[key]}" for key, number in ordered if self.texts[key]]


def _paragraphs(root: Any) -> list[Any]:
    """The w:p elements under `root` in document order, outside text boxes and fallbacks."""
    found: list[Any] = []
    stack = [iter([root])]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        if node.tag in _SKIPPED:
            continue
        if node.tag == qn("w:p"):
            found.append(node)
        else:
            stack.append(iter(node))
    return found


def _paragraph_text(paragraph: Any, notes: _Notes | None) -> str:
    parts: list[str] = []
    stack = [iter(paragraph)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        tag = node.tag
        if tag in _SKIPPED or tag == qn("w:p"):
            continue
        if tag == qn("w:t"):
            parts.append(node.text or "")
        elif tag == qn("w:tab"):
            parts.append(" ")
        elif tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n" if node.get(qn("w:type")) in (None, "textWrapping") else " ")
        elif tag == qn("w:noBreakHyphen"):
            parts.append("-")
        elif tag in _NOTE_REFS and notes is not None:
            parts.append(notes.label(_NOTE_REFS[tag], node.get(qn("w:id"), "")))
        else:
            stack.append(iter(node))
    return "".join(parts).strip()


def _note_parts(document: Any) -> dict[str, Any]:
    parts: dict[str, Any] = {}
    for rel in document.part.rels.values():
        kind = {RT.FOOTNOTES: "footnote", RT.ENDNOTES: "endnote"}.get(rel.reltype)
        if kind is None or rel.is_external:
            continue
        parts[kind] = parse_xml(rel.target_part.blob)
    return parts


def _core_metadata(document: Any) -> dict[str, Any]:
    core = document.core_properties
    found = {
        "title": file_title(normalise_text(core.title or "")),
        "author": file_author(normalise_text(core.author or "")),
    }
    return {field: value for field, value in found.items() if value}


def docx_text(raw: bytes) -> tuple[dict[str, Any], str]:
    """Read a .docx: (metadata with 'title'/'author' when given, text with notes last)."""
    _check_zip(raw)
    try:
        document = open_docx(io.BytesIO(raw))
        meta = _core_metadata(document)
        notes = _Notes(_note_parts(document))
        body = [_paragraph_text(p, notes) for p in _paragraphs(document.element.body)]
    except SourceError:
        raise
    except Exception as err:  # python-docx and lxml on broken or foreign packages
        raise SourceError(f"corrupt DOCX: {type(err).__name__}: {_one_line(err)}") from err
    text = "\n\n".join(p for p in body if p.strip())
    note_lines = notes.lines()
    if note_lines:
        text += "\n\n" + "\n\n".join(note_lines)
    return meta, text

"""Bytes on disk → `Document`: size and binary checks, sidecars, Markdown, titles, metadata.

Decoding is in `pipeline.sources.decoding`, HTML pages in `pipeline.sources.html_text`, PDF in
`pipeline.sources.pdf_text` and Word files in `pipeline.sources.docx_text`.
Nothing here executes or fetches anything: HTML is parsed as text, links are never followed.
"""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from pipeline.errors import SourceError
from pipeline.models import Document, Footnote
from pipeline.safeyaml import DatelessLoader
from pipeline.sources.clean import normalise_text
from pipeline.sources.decoding import declared_charset, decode_bytes, looks_binary
from pipeline.sources.docx_text import docx_text
from pipeline.sources.html_text import parse_html
from pipeline.sources.metadata import (
    infer_published,
    parse_byline,
    split_footnotes,
)
from pipeline.sources.pdf_text import pdf_text

SIDE_CAR_SUFFIX = ".meta.yaml"
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
#: Formats read from their own structure, not decoded as text.
BINARY_READERS = {".pdf": pdf_text, ".docx": docx_text}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
META_FIELDS = ("title", "author", "author_role", "published", "source", "url")
_META_ALIASES = {"date": "published", "role": "author_role"}
TITLE_MAX_CHARS = 120


# ---------------------------------------------------------------------------------------------
# Sidecars
# ---------------------------------------------------------------------------------------------


def sidecar_candidates(path: Path) -> list[Path]:
    """Where the sidecar of `path` may be: `report.txt.meta.yaml`, then `report.meta.yaml`."""
    return [
        path.with_name(path.name + SIDE_CAR_SUFFIX),
        path.with_name(path.stem + SIDE_CAR_SUFFIX),
    ]


def find_sidecar(path: Path) -> Path | None:
    """The sidecar metadata file of `path`, if one exists."""
    for candidate in sidecar_candidates(path):
        if candidate.is_file():
            return candidate
    return None


def sidecar_owner_candidates(sidecar: Path) -> list[Path]:
    """The documents a `NAME.meta.yaml` file may belong to (existing or not)."""
    base = sidecar.name[: -len(SIDE_CAR_SUFFIX)]
    owners = []
    if Path(base).suffix.lower() in SUPPORTED_SUFFIXES:
        owners.append(sidecar.with_name(base))
    owners.extend(sidecar.with_name(base + suffix) for suffix in sorted(SUPPORTED_SUFFIXES))
    return owners


def has_sidecar_owner(sidecar: Path) -> bool:
    """True when a supported document next to `sidecar` would read it."""
    return any(
        owner.is_file() and find_sidecar(owner) == sidecar
        for owner in sidecar_owner_candidates(sidecar)
    )


# ---------------------------------------------------------------------------------------------
# YAML metadata (front matter and sidecars)
# ---------------------------------------------------------------------------------------------


def _one_line(message: object) -> str:
    return " ".join(str(message).split())


def _load_yaml_mapping(text: str, what: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=DatelessLoader)  # safe; dates stay strings
    except Exception as err:  # YAMLError, but also RecursionError/ValueError on odd input
        raise SourceError(f"invalid {what}: {_one_line(err)}") from err
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError(
            f"invalid {what}: expected a mapping of fields, got {type(data).__name__}"
        )
    return _pick_fields(data, what)


def _scalar_text(value: object, field: str, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, list) and all(
        isinstance(v, str | int | float) and not isinstance(v, bool) for v in value
    ):
        value = ", ".join(str(v).strip() for v in value if str(v).strip())
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise SourceError(f"invalid {what}: {field} must be text, got {type(value).__name__}")
    text = " ".join(normalise_text(str(value)).split())
    return text or None


def _pick_fields(data: dict[Any, Any], what: str) -> dict[str, Any]:
    picked: dict[str, Any] = {}
    for key, value in data.items():
        name = _META_ALIASES.get(str(key).strip().lower(), str(key).strip().lower())
        if name not in META_FIELDS or (name in picked and key != name):
            continue  # unknown field, or an alias when the real field is also given
        if name == "published":
            picked[name] = value
        elif name == "url":
            picked[name] = str(value).strip() or None if value is not None else None
        else:
            picked[name] = _scalar_text(value, name, what)
    return picked


def _read_sidecar(path: Path, max_bytes: int) -> tuple[bytes, dict[str, Any]]:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise SourceError(f"cannot read sidecar {path.name}: {err.strerror or err}") from err
    if len(raw) > max_bytes:
        raise SourceError(f"sidecar {path.name} is larger than the limit of {max_bytes} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SourceError(f"invalid sidecar metadata {path.name}: not UTF-8 text") from err
    return raw, _load_yaml_mapping(text, f"sidecar metadata {path.name}")


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------

_FM_HANDLER = frontmatter.YAMLHandler()
_FENCE = re.compile(r"\s{0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"(?:[-*_]\s*){3,}")
_SETEXT = re.compile(r"=+|-+")
_REF_DEF = re.compile(  # "[label]: https://..." link reference definitions
    r"\s{0,3}\[[^\]^]+\]:\s*<?(?:[A-Za-z][\w+.-]*:|/|#|\.|www\.)\S*>?(?:\s+[\"'(].*[\"')])?"
)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^\s*[-*+]\s+(?=\S)")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|!\[[^\]\n]*\]\[[^\]\n]*\]")
_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_FOOTNOTE_REF = re.compile(r"\[\^(\w+)\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE = re.compile(r"`+([^`\n]+?)`+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_EM_UNDER = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Separate YAML front matter ("---" ... "---") from a Markdown text."""
    if not _FM_HANDLER.detect(text):
        return {}, text
    try:
        fm, content = _FM_HANDLER.split(text)
    except ValueError:
        return {}, text  # a lone "---" line: a rule, not front matter
    return _load_yaml_mapping(fm, "front matter"), content


def strip_markdown(text: str) -> str:
    """Lightly turn Markdown into plain text (headings, emphasis, links, code, images)."""
    out: list[str] = []
    fence: str | None = None
    for line in _HTML_COMMENT.sub("", text).split("\n"):
        stripped = line.strip()
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if _SETEXT.fullmatch(stripped) and out and out[-1].strip():
            continue  # underline of a setext heading
        if _RULE.fullmatch(stripped) or _REF_DEF.fullmatch(line):
            out.append("")
            continue
        line = _HEADING.sub(r"\1", line)
        line = _QUOTE.sub("", line)
        line = _BULLET.sub("", line)
        out.append(line)
    text = "\n".join(out)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _FOOTNOTE_REF.sub(r"[\1]", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _STRIKE.sub(r"\1", text)
    text = _EM_STAR.sub(r"\1", text)
    return _EM_UNDER.sub(r"\1", text)


# ---------------------------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "col",
        "lt",
        "sgt",
        "prof",
        "rep",
        "sen",
        "gov",
        "pres",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "inc",
        "ltd",
        "co",
    ]
)
_SENTENCE_END = re.compile(r"[.!?](?=[\"')\]]*(?:\s+[\"'(\[]*[A-Z0-9]|\s*$))")


def _first_sentence(paragraph: str) -> str:
    for match in _SENTENCE_END.finditer(paragraph):
        before = paragraph[: match.start()].split()
        word = before[-1].lower().rstrip(".") if before else ""
        if match.group(0) == "." and (word in _ABBREVIATIONS or len(word) == 1 or "." in word):
            continue  # "Mr.", "U.S.", "J."
        return paragraph[: match.end()]
    return paragraph


def infer_title(body: str, fallback: str) -> str:
    """First short standalone line without a final full stop, else the first sentence."""
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    if not paragraphs:
        return fallback
    first = paragraphs[0]
    if "\n" not in first and len(first) <= TITLE_MAX_CHARS and not first.endswith("."):
        return first
    sentence = " ".join(_first_sentence(" ".join(first.split())).split())
    if len(sentence) > TITLE_MAX_CHARS:
        cut = sentence[: TITLE_MAX_CHARS - 1]
        if " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        sentence = cut.rstrip(",;:- ") + "\u2026"
    return sentence or fallback


# ---------------------------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{2,}")


def _read_bytes(path: Path, max_bytes: int) -> tuple[bytes, float]:
    try:
        info = path.stat()
    except OSError as err:
        raise SourceError(f"cannot read file: {err.strerror or err}") from err
    if not stat.S_ISREG(info.st_mode):
        raise SourceError("not a regular file")
    if info.st_size > max_bytes:
        raise SourceError(
            f"file too large: {info.st_size} bytes, over the limit of {max_bytes} bytes"
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as err:
        raise SourceError(f"cannot read file: {err.strerror or err}") from err
    if len(raw) > max_bytes:
        raise SourceError(f"file too large: over the limit of {max_bytes} bytes")
    return raw, info.st_mtime


def content_hash(path: Path) -> str:
    """The `doc_id` that `read_document(path)` gives: sha256 (first 32 hex digits) of the
    file's bytes followed by its sidecar's bytes. Raises `SourceError` if unreadable."""
    path = Path(path)
    digest = hashlib.sha256()
    try:
        for part in (path, find_sidecar(path)):
            if part is None:
                continue
            with part.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
    except OSError as err:
        raise SourceError(f"cannot read file: {err.strerror or err}", str(path)) from err
    return digest.hexdigest()[:32]


def _split_body(text: str) -> tuple[str, list[Footnote], str | None, str | None]:
    """Footnotes off the end, then the byline; or the byline first when it follows the notes."""
    body, notes = split_footnotes(text)
    body, author, role = parse_byline(body)
    if not notes:
        alt_body, alt_author, alt_role = parse_byline(text)
        if alt_author is not None:
            alt_body, alt_notes = split_footnotes(alt_body)
            if alt_notes:
                return alt_body, alt_notes, alt_author, alt_role
    return body, notes, author, role


def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one input file into a `Document`; raise `SourceError` if it makes no document."""
    path = Path(path)
    try:
        return _read_document(path, max_bytes)
    except SourceError as err:
        if err.path is None:
            raise SourceError(err.message, str(path)) from err
        raise


def _decoded_text(raw: bytes, suffix: str) -> str:
    declared = declared_charset(raw) if suffix in HTML_SUFFIXES else None
    text = decode_bytes(raw, declared)
    if looks_binary(text):
        raise SourceError("binary content")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_document(path: Path, max_bytes: int) -> Document:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError("unsupported type")
    raw, mtime = _read_bytes(path, max_bytes)
    if not raw:
        raise SourceError("empty file")
    sidecar = find_sidecar(path)
    sidecar_raw, sidecar_meta = _read_sidecar(sidecar, max_bytes) if sidecar else (b"", {})

    meta: dict[str, Any] = {}
    if suffix in BINARY_READERS:
        try:
            meta, text = BINARY_READERS[suffix](raw)
        except SourceError:
            raise
        except Exception as err:  # a reader's own bug on odd input must not stop the run
            raise SourceError(
                f"cannot read {suffix[1:].upper()}: {type(err).__name__}: {_one_line(err)}"
            ) from err
    else:
        text = _decoded_text(raw, suffix)
    if suffix in MARKDOWN_SUFFIXES:
        meta, text = split_front_matter(text.lstrip("\ufeff"))
        text = strip_markdown(text)
    elif suffix in HTML_SUFFIXES:
        try:
            meta, text = parse_html(text)
        except SourceError:
            raise
        except Exception as err:  # the HTML parser on pathological input
            raise SourceError(f"cannot parse HTML: {_one_line(err)}") from err
    meta.update({k: v for k, v in sidecar_meta.items() if v is not None})

    text = normalise_text(text)
    body, notes, byline_author, byline_role = _split_body(text)
    if not _WORD.search(body):
        raise SourceError("no text")

    published, basis = infer_published(meta.get("published"), notes, body, mtime)
    return Document(
        doc_id=hashlib.sha256(raw + sidecar_raw).hexdigest()[:32],
        source_path=str(path),
        text=body,
        title=meta.get("title") or infer_title(body, path.stem),
        author=meta.get("author") or byline_author,
        author_role=meta.get("author_role") or byline_role,
        published_date=published,
        published_basis=basis,
        source=meta.get("source"),
        url=meta.get("url"),
        footnotes=notes,
        file_mtime=mtime,
    )

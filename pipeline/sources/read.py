"""Bytes on disk → `Document`: size and binary checks, decoding, format handling, metadata.

Nothing here executes or fetches anything: HTML is parsed as text, links are never followed.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import re
import stat
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.errors import SourceError
from pipeline.models import Document, Footnote
from pipeline.safeyaml import DatelessLoader
from pipeline.sources.clean import normalise_text
from pipeline.sources.metadata import (
    infer_published,
    is_role,
    parse_byline,
    parse_date_value,
    split_footnotes,
)

SIDE_CAR_SUFFIX = ".meta.yaml"
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
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
# Decoding
# ---------------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TEXT_BYTES = frozenset(b"\t\n\r\f" + bytes(range(0x20, 0x7F)))
_NON_TEXT = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\ud800-\udfff\U000f0000-\U0010ffff]"
)
_CP1252_PUNCT = frozenset("€‚ƒ„…†‡ˆ‰‹‘’“”•–—˜™›")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


def _bomless_utf16(raw: bytes) -> str | None:
    """UTF-16 without a byte order mark: NUL in every other byte of mostly-ASCII text."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    pairs = len(raw) // 2
    even_nul = raw[0::2].count(0)
    odd_nul = raw[1::2].count(0)
    if odd_nul >= 0.6 * pairs and even_nul == 0:
        return "utf-16-le"
    if even_nul >= 0.6 * pairs and odd_nul == 0:
        return "utf-16-be"
    return None


def _plausible_cp1252(text: str) -> bool:
    """Western text: few non-ASCII letters, all Latin, plus the usual cp1252 punctuation."""
    letters = [c for c in text if c.isalpha()]
    high = [c for c in text if ord(c) > 0x7F]
    if not high:
        return True
    if any(not (0xA0 <= ord(c) <= 0xFF or c in _CP1252_PUNCT) for c in high):
        return False
    high_letters = sum(1 for c in high if c.isalpha())
    return bool(letters) and high_letters <= 0.4 * len(letters)


def _declared_charset(raw: bytes) -> str | None:
    match = _HTML_CHARSET.search(raw[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_bytes(raw: bytes, declared: str | None = None) -> str:
    """Decode file bytes: BOM, UTF-8, a declared charset, cp1252, then charset-normalizer."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise SourceError(
                    f"cannot decode as {encoding} despite its byte order mark"
                ) from err
    if b"\x00" in raw:
        encoding = _bomless_utf16(raw)
        if encoding:
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                pass
        raise SourceError("binary content")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared and declared not in ("utf-8", "utf-16-le", "utf-16-be", "utf-16"):
        try:
            return raw.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_cp1252(text):
        return text
    for match in from_bytes(raw):
        if not match.encoding.startswith(("utf_16", "utf_32")):
            return str(match)
    if text is not None:
        return text
    if sum(b in _TEXT_BYTES for b in raw) >= 0.7 * len(raw):
        return raw.decode("latin-1")
    raise SourceError("binary content")


def _looks_binary(text: str) -> bool:
    """More than 10% control, private-use, surrogate or replacement characters."""
    bad = len(text) - len(_NON_TEXT.sub("", text))
    return bad > 0.1 * len(text)


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
# HTML
# ---------------------------------------------------------------------------------------------

_DROP_TAGS = (
    "script, style, nav, header, footer, aside, noscript, form, template, iframe, svg, "
    "object, embed, canvas, button, select, textarea"
)
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "blockquote",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
_CELL_TAGS = frozenset({"td", "th"})
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
_DATE_META = (
    "article:published_time",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "citation_publication_date",
    "og:published_time",
)
_PRE_END = object()
MAX_HTML_DEPTH = 5000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*?(/?)>")
# void and implicitly closed elements do not nest without limit
_NO_DEPTH = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "colgroup",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "optgroup",
        "tbody",
        "thead",
        "tfoot",
        "rb",
        "rt",
        "rp",
        "caption",
    ]
)


def _too_deep(text: str, limit: int = MAX_HTML_DEPTH) -> bool:
    """Element nesting deeper than `limit` (the HTML parser is quadratic in depth)."""
    depth = 0
    for match in _TAG.finditer(text):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _NO_DEPTH:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > limit:
                return True
    return False


def _node_text(node: LexborNode) -> str:
    """Text of `node` with blocks separated by blank lines and <br> by newlines."""
    parts: list[str] = []
    stack: list[Any] = [node]
    in_pre = 0
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if item is _PRE_END:
            in_pre -= 1
            continue
        if item.is_text_node:
            content = item.text_content or ""
            parts.append(content if in_pre else _HTML_SPACE.sub(" ", content))
            continue
        if not item.is_element_node and not item.is_document_node:
            continue  # comments, doctypes
        tag = (item.tag or "").lower()
        if tag == "br":
            parts.append("\n")
            continue
        separator = "\n\n" if tag in _BLOCK_TAGS else " " if tag in _CELL_TAGS else ""
        parts.append(separator)
        stack.append(separator)
        if tag == "pre":
            in_pre += 1
            stack.append(_PRE_END)
        stack.extend(reversed(list(item.iter(include_text=True))))
    return "".join(parts)


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in tree.css("meta"):
        attrs = meta.attributes
        key = attrs.get("name") or attrs.get("property") or attrs.get("itemprop")
        content = attrs.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def _html_date(tree: LexborHTMLParser, metas: dict[str, str]) -> Any:
    for key in _DATE_META:
        if key in metas:
            return metas[key]
    for selector in ("time[pubdate]", "[itemprop=datePublished]", "time[datetime]"):
        node = tree.css_first(selector)
        if node is None:
            continue
        attrs = node.attributes
        value = attrs.get("datetime") or attrs.get("content") or node.text(strip=True)
        if value:
            return value
    return None


_BYLINE_NODES = "article header, [class*=byline], [class*=author]"
_ROLE_END = re.compile(
    r"\s+[\u00b7|\u2022]\s+|\s+[-\u2013\u2014]\s+|\b(?:Published|Posted|Updated)\b"
)


def _html_role(tree: LexborHTMLParser, author: str | None) -> str | None:
    """The role in a page byline such as "Jane Doe, Senior Fellow · Published ..."."""
    if not author:
        return None
    for node in tree.css(_BYLINE_NODES):
        text = " ".join(node.text(separator=" ").split())
        position = text.find(author + ",")
        if position < 0:
            continue
        role = _ROLE_END.split(text[position + len(author) + 1 :], maxsplit=1)[0].strip(" ,")
        role = _clean_field(role)
        if role and is_role(role):
            return role
    return None


def _clean_field(value: str | None) -> str | None:
    if not value:
        return None
    return " ".join(normalise_text(value).split()) or None


def parse_html(text: str) -> tuple[dict[str, Any], str]:
    """(metadata, body text) of an HTML page; the text comes from <article>, <main> or <body>."""
    if _too_deep(text):
        raise SourceError(f"HTML nested more than {MAX_HTML_DEPTH} elements deep")
    tree = LexborHTMLParser(text)
    metas = _meta_tags(tree)
    title_node = tree.css_first("title")
    h1 = tree.css_first("h1")
    title = (
        (title_node.text(strip=True) if title_node else None)
        or metas.get("og:title")
        or (h1.text(separator=" ", strip=True) if h1 else None)
    )
    author = metas.get("author") or metas.get("article:author") or metas.get("dc.creator")
    if author and author.lower().startswith(("http://", "https://")):
        author = None
    canonical = tree.css_first("link[rel=canonical]")
    url = (canonical.attributes.get("href") if canonical else None) or metas.get("og:url")
    meta: dict[str, Any] = {
        "title": _clean_field(title),
        "author": _clean_field(author),
        "source": _clean_field(metas.get("og:site_name")),
        "url": url.strip() or None if url else None,
    }
    meta["author_role"] = _html_role(tree, meta["author"])
    raw_date = _html_date(tree, metas)
    if raw_date:
        # a page's own date tag is a hint, not a promise: if it is invalid, infer from the text
        with contextlib.suppress(SourceError):
            meta["published"] = parse_date_value(raw_date)
    for node in tree.css(_DROP_TAGS):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    body = _node_text(root) if root is not None else ""
    if not any(c.isalpha() for c in body):
        raise SourceError("no text in HTML body")
    return {k: v for k, v in meta.items() if v is not None}, body


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


def _read_document(path: Path, max_bytes: int) -> Document:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError("unsupported type")
    raw, mtime = _read_bytes(path, max_bytes)
    if not raw:
        raise SourceError("empty file")
    sidecar = find_sidecar(path)
    sidecar_raw, sidecar_meta = _read_sidecar(sidecar, max_bytes) if sidecar else (b"", {})

    declared = _declared_charset(raw) if suffix in HTML_SUFFIXES else None
    text = decode_bytes(raw, declared)
    if _looks_binary(text):
        raise SourceError("binary content")
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    meta: dict[str, Any] = {}
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

"""An HTML page → (metadata, body text): title, author and role, site, canonical URL and date
from its head and byline, text from <article>, <main> or <body> with blocks kept apart.

The page is parsed as text (selectolax): nothing is executed and no link is followed.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.errors import SourceError
from pipeline.sources.clean import normalise_text
from pipeline.sources.dates import parse_date_value
from pipeline.sources.metadata import is_role

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

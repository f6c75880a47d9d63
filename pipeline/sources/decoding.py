"""Bytes → text: byte-order marks, a page's declared charset, UTF-8, then detection; and the
check that decoded text is text, not binary."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from pipeline.errors import SourceError

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


def declared_charset(raw: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag of its first 4 KB, if Python knows it."""
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


def looks_binary(text: str) -> bool:
    """More than 10% control, private-use, surrogate or replacement characters."""
    bad = len(text) - len(_NON_TEXT.sub("", text))
    return bad > 0.1 * len(text)

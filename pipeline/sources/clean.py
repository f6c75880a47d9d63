"""Text normalisation: one canonical form for every input, so offsets are stable.

`normalise_text` is idempotent: applying it twice gives the same string as applying it once.
"""

from __future__ import annotations

import re
import unicodedata

# Characters dropped outright: zero-width spaces/joiners, word joiner, BOM, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)

# Line and paragraph breaks in their various spellings.
_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n\n", "\f": "\n", "\v": "\n", "\x85": "\n"})

# C0 controls other than tab and newline are noise.
_C0 = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _c1_table() -> dict[int, str]:
    """Map C1 controls (cp1252 bytes wrongly decoded as latin-1) to their cp1252 characters."""
    table: dict[int, str] = {}
    for code in range(0x80, 0xA0):
        try:
            table[code] = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in cp1252, kept for mojibake
    return table


_C1_TO_CP1252 = _c1_table()
_C1 = re.compile(r"[\x80-\x9f]")

# Mojibake: UTF-8 bytes decoded as cp1252 ("â€™" for "’", "Ã©" for "é").
_CP1252_CONT = "".join(
    bytes([b]).decode("cp1252")
    for b in range(0x80, 0xC0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
)
_CONT = "[" + re.escape(_CP1252_CONT) + "\x81\x8d\x8f\x90\x9d]"
_MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{_CONT}")
# A right double quote whose last byte (0x9D, undefined in cp1252) was lost on the way.
_LOST_RDQUO = re.compile(f"\u00e2\u20ac(?!{_CONT})")
_MOJIBAKE_OK = (
    (0x00A0, 0x024F),  # Latin-1 supplement, Latin extended A/B
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x2000, 0x206F),  # general punctuation
    (0x20A0, 0x20CF),  # currency symbols
    (0x2100, 0x214F),  # letterlike symbols (™)
)


def _to_byte(char: str) -> int:
    code = ord(char)
    return code if code < 0x100 else char.encode("cp1252")[0]


def _fix_mojibake_match(match: re.Match[str]) -> str:
    chunk = match.group(0)
    try:
        fixed = bytes(_to_byte(c) for c in chunk).decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return chunk
    code = ord(fixed)
    if unicodedata.category(fixed).startswith(("M", "C")):
        return chunk
    if any(lo <= code <= hi for lo, hi in _MOJIBAKE_OK):
        return fixed
    return chunk


def fix_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-cp1252 mojibake ("â€™" → "’"), repeatedly until nothing changes."""
    for _ in range(4):
        fixed = _MOJIBAKE.sub(_fix_mojibake_match, text)
        if fixed == text:
            break
        text = fixed
    return _LOST_RDQUO.sub("\u201d", text)


_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        # hyphens, en dash, minus: a plain hyphen
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2212": "-",
    }
)
# Space-like characters: non-breaking, narrow, figure, ideographic, tab.
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# An em dash (or horizontal bar) between two words reads as " - "; elsewhere as "-".
_EM_DASH_BETWEEN = re.compile(r"(\S) *[\u2014\u2015] *(?=\S)")
_EM_DASH = re.compile("[\u2014\u2015]")
# "--" used as a dash between words.
_DOUBLE_HYPHEN = re.compile(r"(\w) *--(?!-) *(?=\w)")
# A full stop glued to the next sentence: "partnership.Between", "in 2016.The".
_GLUED_STOP = re.compile(r"\.(?=[A-Z][a-z])")
# ... when the full stop ends a word of two or more letters ("Mrs", not "U.S" or "e.g") or a year.
_GLUED_WORD_END = re.compile(r"(?:[^\W\d_][a-z]|(?<![\w.])\d{4})\Z")
_URLISH = re.compile(r"://|www\.|@|/|\\")
_MULTI_SPACE = re.compile(r" {2,}")
_LINE_EDGES = re.compile(r"[ ]*\n[ ]*")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def _token_around(text: str, pos: int) -> str:
    start = pos
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = pos
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _dash_unless_url(text: str, match: re.Match[str]) -> str:
    if _URLISH.search(_token_around(text, match.end() - 1)):
        return match.group(0)
    return match.group(1) + " - "


def _space_glued_stops(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        start = match.start()
        if not _GLUED_WORD_END.search(text, max(0, start - 6), start):
            return match.group(0)
        if _URLISH.search(_token_around(text, start)):
            return match.group(0)
        return ". "

    return _GLUED_STOP.sub(repl, text)


def _normalise_once(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_BREAKS)
    text = text.translate(_INVISIBLE)
    text = _C0.sub("", text)
    text = _C1.sub(lambda m: _C1_TO_CP1252.get(ord(m.group(0)), m.group(0)), text)
    text = unicodedata.normalize("NFC", text)
    text = fix_mojibake(text)
    text = _C1.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_QUOTES)
    text = _SPACES.sub(" ", text)
    if "\u2014" in text or "\u2015" in text:
        text = _EM_DASH_BETWEEN.sub(r"\1 - ", text)
        text = _EM_DASH.sub("-", text)
    if "--" in text:
        text = _DOUBLE_HYPHEN.sub(lambda m: _dash_unless_url(text, m), text)
    text = _space_glued_stops(text)
    text = _MULTI_SPACE.sub(" ", text)
    text = _LINE_EDGES.sub("\n", text)
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


def normalise_text(text: str) -> str:
    """Return `text` in canonical form.

    NFC; mojibake and cp1252 control bytes repaired; curly quotes made straight; dashes made
    "-" (" - " for an em dash or "--" between words); odd spaces, tabs and zero-width characters
    removed or made plain spaces; "\\r\\n" → "\\n"; a space put back after a full stop glued to
    the next sentence ("partnership.Between"); runs of spaces collapsed, lines stripped, at most
    one blank line in a row, no leading or trailing whitespace.
    """
    for _ in range(8):
        cleaned = _normalise_once(text)
        if cleaned == text:
            break
        text = cleaned
    return text

"""Text lines placed on PDF pages → body text in reading order, and the page footnotes.

Works on `Line`s (text plus position and font size) so it does not depend on the PDF parser:
running headers and footers (lines that repeat at the same height across pages) and bare page
numbers are dropped; small-print labelled lines at the foot of a page are footnotes; columns
are read one after the other; lines are joined into paragraphs, hyphenation at line ends undone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One line of text on a page; `top`/`bottom` are measured down from the page's top edge.

    `label` is the footnote number printed as a superscript at the start of the line, if any.
    """

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    label: str | None = None

    @property
    def height(self) -> float:
        return self.bottom - self.top


_EDGE_LINES = 2  # lines at the top and bottom of a page looked at for headers and footers
_PAGE_NUMBER = re.compile(
    r"(?:page\s+|p\.\s*)?[-\u2013\u2014 ]*(?:\d{1,4}|x{0,3}(?:ix|iv|v?i{1,3}|v)|x{1,3})"
    r"[-\u2013\u2014 ]*"
    r"(?:(?:of|/)\s*\d{1,4})?",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_NOTE_START = re.compile(r"\[?(?P<label>\d{1,3})\]?[.):]?\s+(?P<text>\S.*)")
_LIST_LABEL = re.compile(r"(?:\[(?P<br>\d{1,4})\]|(?P<num>\d{1,3})[.)])\s+\S")
_SENTENCE_END = re.compile(r"[.!?:][\"')\]]*$|\[\d+\]$")
# "Russian-\nbacked": the hyphen belongs to the word, not to the line break.
_COMPOUND_TAILS = frozenset(
    re.findall(
        r"\w+",
        "backed based led run owned made style term scale level wide like free related oriented "
        "friendly controlled funded sponsored speaking born linked minded long year month day "
        "week old time party state members member elect designate in up down out off over",
    )
)


def _key(text: str) -> str:
    """Header identity: case, spaces and numbers ("Page 3") do not matter."""
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def is_page_number(text: str) -> bool:
    """A bare page number: "7", "- 7 -", "Page 7", "7 of 12", "vii"."""
    return bool(_PAGE_NUMBER.fullmatch(text.strip()))


def _edges(page: Sequence[Line]) -> list[Line]:
    ordered = sorted(page, key=lambda ln: ln.top)
    if len(ordered) <= 2 * _EDGE_LINES:
        return ordered
    return ordered[:_EDGE_LINES] + ordered[-_EDGE_LINES:]


def drop_running_lines(pages: Sequence[Sequence[Line]]) -> list[list[Line]]:
    """Each page without its running header/footer lines and bare page numbers.

    A header is a line near the top or bottom of a page whose text (numbers aside) comes back
    at about the same height and size on at least half of the pages (and on two at least).
    """
    by_key: dict[str, list[tuple[int, Line]]] = {}
    for index, page in enumerate(pages):
        for line in _edges(page):
            by_key.setdefault(_key(line.text), []).append((index, line))
    needed = max(2, (len(pages) + 1) // 2)
    running: set[tuple[int, Line]] = set()
    for same_text in by_key.values():
        for index, line in same_text:
            if is_page_number(line.text):
                running.add((index, line))
                continue
            on_pages = {
                other_index
                for other_index, other in same_text
                if abs(other.top - line.top) <= 6 and abs(other.size - line.size) <= 0.6
            }
            if len(on_pages) >= needed:
                running.add((index, line))
    return [
        [line for line in page if (index, line) not in running] for index, page in enumerate(pages)
    ]


def body_size(pages: Sequence[Sequence[Line]]) -> float:
    """The font size of most of the text (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def split_page_notes(page: Sequence[Line], size: float) -> tuple[list[Line], list[tuple[str, str]]]:
    """(body lines, footnotes as (label, text)) of one page.

    Footnotes are the run of small-print lines at the foot of the page whose first line starts
    with a number (superscript or not); later lines starting with the next number start the
    next note, others continue the current one.
    """
    ordered = sorted(page, key=lambda ln: ln.top)
    start = len(ordered)
    while start > 0 and ordered[start - 1].size < size - 0.75:
        start -= 1
    small = ordered[start:]
    if not small or start == 0:
        return list(ordered), []
    notes: list[list[str]] = []
    for line in small:
        label, text = _note_start(line, int(notes[-1][0]) + 1 if notes else None)
        if label is not None:
            notes.append([label, text])
        elif notes:
            notes[-1][1] = join_lines(notes[-1][1], line.text.strip())
        else:
            return list(ordered), []  # small print that is not a footnote (a caption, a note)
    return ordered[:start], [(label, text) for label, text in notes]


def _note_start(line: Line, expected: int | None) -> tuple[str | None, str]:
    if line.label is not None:
        return line.label, line.text.strip()
    match = _NOTE_START.fullmatch(line.text.strip())
    if match and (expected is None or int(match["label"]) == expected):
        return match["label"], match["text"]
    return None, line.text


# ---------------------------------------------------------------------------------------------
# Reading order
# ---------------------------------------------------------------------------------------------


def _gutter(lines: Sequence[Line]) -> float | None:
    """An x between two columns: crossed by few lines, with aligned lines starting right of it."""
    if len(lines) < 4:
        return None
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    width = right - left
    if width <= 0:
        return None
    best: tuple[int, float] | None = None
    steps = 50
    for step in range(int(steps * 0.25), int(steps * 0.75) + 1):
        x = left + width * step / steps
        crossing = sum(1 for ln in lines if ln.x0 < x - 1 and ln.x1 > x + 1)
        right_starts = Counter(round(ln.x0 / 3) for ln in lines if ln.x0 >= x)
        left_count = sum(1 for ln in lines if ln.x1 <= x)
        aligned = right_starts.most_common(1)[0][1] if right_starts else 0
        if aligned < 2 or left_count < 2 or crossing * 4 > len(lines):
            continue
        if best is None or crossing < best[0]:
            best = (crossing, x)
    return best[1] if best else None


def reading_order(lines: Sequence[Line], depth: int = 0) -> list[Line]:
    """The lines of one page in reading order: top to bottom, a column at a time.

    Lines that cross the gutter (a title over both columns) cut the page into bands; within a
    band the left column is read before the right one. Columns may nest (three columns).
    """
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    gutter = _gutter(ordered) if depth < 3 else None
    if gutter is None:
        return ordered
    out: list[Line] = []
    band: list[Line] = []
    for line in ordered:
        if line.x0 < gutter - 1 and line.x1 > gutter + 1:
            out += _band_order(band, gutter, depth)
            band = []
            out.append(line)
        else:
            band.append(line)
    return out + _band_order(band, gutter, depth)


def _band_order(band: list[Line], gutter: float, depth: int) -> list[Line]:
    left = [ln for ln in band if ln.x1 <= gutter + 1]
    right = [ln for ln in band if ln.x1 > gutter + 1]
    return reading_order(left, depth + 1) + reading_order(right, depth + 1)


# ---------------------------------------------------------------------------------------------
# Paragraphs
# ---------------------------------------------------------------------------------------------


def join_lines(before: str, after: str) -> str:
    """Join two lines of a paragraph, undoing hyphenation at the line end.

    "nego-" + "tiations" → "negotiations"; "Russian-" + "backed" → "Russian-backed";
    "1990-" + "2000" → "1990-2000"; otherwise a space between.
    """
    if not before:
        return after
    if not after:
        return before
    if before.endswith("-") and len(before) >= 2 and before[-2].isalnum():
        word = re.match(r"[^\W\d_]+", after)
        if word and after[0].islower() and word.group(0).lower() not in _COMPOUND_TAILS:
            return before[:-1] + after
        return before + after
    return f"{before} {after}"


def _column_left(lines: Sequence[Line], index: int) -> tuple[float, float]:
    """Left and right edges of the column that lines[index] belongs to (its neighbours)."""
    line = lines[index]
    near = [
        ln
        for ln in lines[max(0, index - 8) : index + 9]
        if ln.page == line.page and ln.x0 < line.x1 and ln.x1 > line.x0
    ]
    return min(ln.x0 for ln in near), max(ln.x1 for ln in near)


def _justified(lines: Sequence[Line], index: int, right: float) -> bool:
    """Most lines around lines[index] end at the column's right edge (justified text)."""
    line = lines[index]
    near = [
        ln
        for ln in lines[max(0, index - 8) : index + 1]
        if ln.page == line.page and ln.x0 < line.x1 and ln.x1 > line.x0
    ]
    return len(near) >= 3 and sum(abs(ln.x1 - right) <= 2 for ln in near) >= 0.6 * len(near)


def _breaks_paragraph(lines: Sequence[Line], index: int, expected_label: int | None) -> bool:
    prev, line = lines[index - 1], lines[index]
    if abs(prev.size - line.size) > 1.0:
        return True  # a heading, or the end of one
    if _starts_item(line.text, expected_label):
        return True
    same_flow = line.page == prev.page and line.top > prev.top and line.x0 < prev.x1
    prev_left, prev_right = _column_left(lines, index - 1)
    left, _ = _column_left(lines, index)
    ends_sentence = bool(_SENTENCE_END.search(prev.text.rstrip()))
    short = prev.x1 < prev_right - 0.15 * (prev_right - prev_left)
    indented = line.x0 > left + 0.9 * line.size
    if not same_flow:  # the next column or page
        if not ends_sentence or line.text[:1].islower():
            return False
        # a full line of justified text ending a sentence may not end its paragraph
        return short or indented or not _justified(lines, index - 1, prev_right)
    if line.top - prev.bottom > 0.6 * min(prev.size, line.size):
        return True
    if indented and prev.x0 <= left + 0.5 * line.size:
        return True  # first-line indent
    return short and ends_sentence


def _starts_item(text: str, expected: int | None) -> bool:
    match = _LIST_LABEL.match(text.strip())
    if not match:
        return False
    number = int(match["br"] or match["num"])
    return number == 1 or expected is None or number == expected


def paragraphs(lines: Sequence[Line]) -> list[str]:
    """Lines in reading order → paragraphs, each one line of text."""
    out: list[str] = []
    current = ""
    last_label: int | None = None
    for index, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        expected = last_label + 1 if last_label is not None else None
        if index and current and _breaks_paragraph(lines, index, expected):
            out.append(current)
            current = ""
        item = _LIST_LABEL.match(text)
        if item:
            last_label = int(item["br"] or item["num"])
        current = join_lines(current, text)
    if current:
        out.append(current)
    return out

"""Temporal expressions of a document file: what `eventpipe dates` and the TimeML scorer run."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from datetime import date, datetime
from difflib import SequenceMatcher
from pathlib import Path

from pipeline.errors import EventpipeError
from pipeline.models import Timex
from pipeline.nlp.timex.tagger import tag_timexes


def parse_dct(value: str) -> date:
    """A document creation time given as `YYYY-MM-DD` or an ISO date-time.

    `2003-04-28`, `2003-04-28T09:00:00`, `2003-04-28 09:00` and `20030428` all give
    2003-04-28; raises `EventpipeError` on anything else.
    """
    text = value.strip()
    try:
        if len(text) == 8 and text.isdigit():
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise EventpipeError(
            f"--dct {value!r} is not a date (YYYY-MM-DD or an ISO date-time)"
        ) from None


def tag_file(path: Path, dct: date | None = None) -> list[Timex]:
    """Read `path` as `eventpipe` reads documents and tag its temporal expressions.

    `dct` defaults to the document's inferred date. Offsets (and texts) are in the file's own
    decoded text for a plain-text file, so that `text[start:end]` of the file is the
    expression whatever the reading normalised (blank lines, "--"); for HTML, Markdown, PDF and
    DOCX they are in the document's normalised text (`read_document(path).text`). Raises
    `EventpipeError` when the file makes no document.
    """
    from pipeline.sources.read import decode_bytes, read_document

    document = read_document(path)
    found = tag_timexes(document.text, dct if dct is not None else document.published_date)
    if path.suffix.lower() != ".txt" or not found:
        return found
    return to_file_offsets(found, document.text, decode_bytes(path.read_bytes()))


_TOKEN = re.compile(r"\S+")


def to_file_offsets(found: list[Timex], text: str, raw: str) -> list[Timex]:
    """The timexes of `text` (a normalised `raw`) with offsets and texts in `raw`.

    The two texts are aligned word by word (normalising changes spaces, line breaks and a few
    characters, and may drop a byline); an offset inside an unaligned word moves by the shift
    of the nearest aligned word before it.
    """
    words = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    raw_words = [(m.start(), m.end()) for m in _TOKEN.finditer(raw)]
    matcher = SequenceMatcher(
        None, [raw[a:b] for a, b in raw_words], [text[a:b] for a, b in words], autojunk=False
    )
    to_raw: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        to_raw.update((block.b + k, block.a + k) for k in range(block.size))
    starts = [a for a, _ in words]

    def shift(offset: int, end: bool) -> int:
        i = max(0, bisect_right(starts, offset - (1 if end else 0)) - 1)
        while i > 0 and i not in to_raw:
            i -= 1
        if i not in to_raw:
            return offset
        a, b = words[i]
        ra, rb = raw_words[to_raw[i]]
        if a <= offset <= b:
            return min(ra + offset - a, rb)
        return offset + ra - a

    out = []
    for t in found:
        start, end = shift(t.start, False), shift(t.end, True)
        if not 0 <= start < end <= len(raw):
            return found  # the alignment failed: keep the normalised offsets
        out.append(replace(t, text=raw[start:end], start=start, end=end))
    return out

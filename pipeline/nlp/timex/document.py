"""Temporal expressions of a document file: what `eventpipe dates` and the TimeML scorer run."""

from __future__ import annotations

from datetime import date, datetime
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

    `dct` defaults to the document's inferred date. Offsets are in the document's normalised
    text (`read_document(path).text`). Raises `EventpipeError` when the file makes no document.
    """
    from pipeline.sources.read import read_document

    document = read_document(path)
    return tag_timexes(document.text, dct if dct is not None else document.published_date)

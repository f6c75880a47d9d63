"""Dates written out in a document: scanning text for calendar dates ("August 25, 2016",
"25/08/2016"), and reading a metadata date, with a clear error for an impossible one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime

from pipeline.errors import SourceError

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_RE = re.compile(
    "|".join(
        [
            # August 25, 2016 / Aug. 25 2016 / August 25th, 2016
            rf"\b{_MONTH}\s+(?P<d1>\d{{1,2}}){_ORD},?\s+(?P<y1>\d{{4}})\b",
            # 3 October 2016 / 3rd of October, 2016
            rf"\b(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH.replace('month', 'month2')},?"
            rf"\s+(?P<y2>\d{{4}})\b",
            # 2016-10-03 / 2016/10/03 / 2016.10.03
            r"\b(?P<y3>\d{4})(?P<sep3>[-/.])(?P<m3>\d{1,2})(?P=sep3)(?P<d3>\d{1,2})\b",
            # 03/10/2016 / 3.10.2016 (day and month told apart only when one is above 12)
            r"\b(?P<a4>\d{1,2})(?P<sep4>[/.])(?P<b4>\d{1,2})(?P=sep4)(?P<y4>\d{4})\b",
        ]
    ),
    re.IGNORECASE,
)

MIN_YEAR = 1800


class DateHit:
    """A date-like match: a valid `value`, or a `problem` ('invalid' or 'ambiguous')."""

    __slots__ = ("start", "end", "value", "problem")

    def __init__(self, start: int, end: int, value: date | None, problem: str | None) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.problem = problem


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def scan_dates(text: str) -> Iterator[DateHit]:
    """Every date-like match in `text`, valid or not, in order."""
    for m in _DATE_RE.finditer(text):
        g = m.groupdict()
        problem = None
        if g["y1"]:
            value = _make_date(int(g["y1"]), _MONTHS[g["month"].lower()], int(g["d1"]))
        elif g["y2"]:
            value = _make_date(int(g["y2"]), _MONTHS[g["month2"].lower()], int(g["d2"]))
        elif g["y3"]:
            value = _make_date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        else:
            a, b = int(g["a4"]), int(g["b4"])
            if a > 12 >= b:
                value = _make_date(int(g["y4"]), b, a)
            elif b > 12 >= a or a == b:
                value = _make_date(int(g["y4"]), a, b)
            elif a <= 12 and b <= 12:
                value, problem = None, "ambiguous"
            else:
                value = None
        if value is None and problem is None:
            problem = "invalid"
        yield DateHit(m.start(), m.end(), value, problem)


def find_dates(text: str) -> list[date]:
    """Every valid calendar date written out in `text`, in order ("August 25, 2016")."""
    return [hit.value for hit in scan_dates(text) if hit.value is not None]


def plausible(value: date, today: date | None = None) -> bool:
    """A document could carry this date: from 1800 and not after today."""
    today = today or date.today()
    return value.year >= MIN_YEAR and value <= today


_ISO_DATE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"
)


def parse_date_value(value: object) -> date | None:
    """Turn a metadata date (date, datetime or string) into a date; None when empty.

    Raises `SourceError` ("invalid published date ...") for impossible, ambiguous,
    incomplete or out-of-range dates (before 1800 or after next year).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        result: date | None = value.date()
    elif isinstance(value, date):
        result = value
    elif isinstance(value, str):
        raw = value.strip()
        if not raw:
            return None
        result = _parse_date_string(raw)
    else:
        raise SourceError(f"invalid published date {value!r}: expected a date such as 2016-08-25")
    assert result is not None
    if not MIN_YEAR <= result.year <= date.today().year + 1:
        raise SourceError(f"invalid published date {value!r}: year {result.year} is out of range")
    return result


def _parse_date_string(raw: str) -> date:
    iso = _ISO_DATE.fullmatch(raw)
    if iso:
        parsed = _make_date(int(iso["y"]), int(iso["m"]), int(iso["d"]))
        if parsed is None:
            raise SourceError(f"invalid published date {raw!r}: no such day")
        return parsed
    hits = list(scan_dates(raw))
    if hits:
        hit = hits[0]
        if hit.value is not None:
            return hit.value
        if hit.problem == "ambiguous":
            raise SourceError(
                f"invalid published date {raw!r}: day and month are ambiguous, use YYYY-MM-DD"
            )
        raise SourceError(f"invalid published date {raw!r}: no such day")
    parsed = _dateparser_parse(raw)
    if parsed is None:
        raise SourceError(f"invalid published date {raw!r}: not a full date")
    return parsed


def _dateparser_parse(raw: str) -> date | None:
    if len(raw) > 100:
        return None
    import dateparser  # slow to import; only needed for unusual spellings

    try:
        parsed = dateparser.parse(
            raw,
            settings={
                "REQUIRE_PARTS": ["day", "month", "year"],
                "PARSERS": ["absolute-time"],
                "STRICT_PARSING": True,
            },
        )
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return parsed.date() if parsed else None

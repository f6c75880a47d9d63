"""TIMEX3 value arithmetic: numbers, calendar shifts, ISO weeks, seasons, and `period_of`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.nlp.timex.vocab import _MONTHS, _NUMBER_WORDS, _SEASON_INDEX, _SEASON_START_MONTH


def _month_of(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _unit_of(word: str) -> str:
    word = word.lower()
    return "century" if word.startswith("centur") else word.rstrip("s")


def _number(word: str) -> float | None:
    word = re.sub(r"\s+", " ", word.lower().replace("-", " ").replace(",", "")).strip()
    if word and word[0].isdigit():
        try:
            return float(word)
        except ValueError:
            return None
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    parts = word.split(" ")
    if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[parts[0]] + _NUMBER_WORDS[parts[1]])
    return None


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _season_idx(d: date) -> int:
    """Chronological season index (label_year * 4 + order) of the season containing `d`."""
    m = d.month
    if m == 12:
        return (d.year + 1) * 4
    if m <= 2:
        return d.year * 4
    return d.year * 4 + (1 if m <= 5 else 2 if m <= 8 else 3)


def _season_value(idx: int) -> str:
    code = {v: k for k, v in _SEASON_INDEX.items()}[idx % 4]
    return f"{idx // 4:04d}-{code}"


_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4}


@dataclass(frozen=True)
class _Anchor:
    """A reference time: a representative date and how much of it is known."""

    day: date
    precision: str  # 'day' | 'week' | 'month' | 'year'


def _format(d: date, precision: str) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "week":
        return _week(d)
    if precision == "month":
        return _ym(d.year, d.month)
    return f"{d.year:04d}"


def _coarser(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


def _shift(d: date, unit: str, n: int) -> date:
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    if unit == "month":
        y, m = _add_months(d.year, d.month, n)
        return date(y, m, 1)
    step = {"year": 1, "decade": 10, "century": 100}[unit]
    return date(d.year + n * step, 1, 1)


_VALUE_RE = re.compile(
    r"(?P<y>[0-9]{4})(?:-(?:(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2})(?:T[0-9A-Z:]+)?)?|Q(?P<q>[1-4])|H(?P<h>[12])"
    r"|W(?P<w>[0-9]{2})(?:-WE)?|(?P<s>SP|SU|FA|WI)))?|(?P<dec>[0-9]{3})X"
)


def period_of(value: str) -> tuple[date | None, str]:
    """Map a TIMEX3 value to (first day of its period, event precision).

    Event precision is 'day', 'month', 'year' or 'none': days and ISO weeks give 'day' (the
    week's Monday), months, quarters and seasons 'month', years, halves ('2017-H1') and
    decades ('201X') 'year'. References, durations, centuries and anything unparseable give
    (None, 'none'). A winter ('2016-WI', December 2015 to February 2016) maps to 2016-01-01.
    """
    m = _VALUE_RE.fullmatch(value or "")
    if m is None:
        return None, "none"
    try:
        if m["dec"]:
            return date(int(m["dec"]) * 10, 1, 1), "year"
        y = int(m["y"])
        if m["d"]:
            return date(y, int(m["m"]), int(m["d"])), "day"
        if m["m"]:
            return date(y, int(m["m"]), 1), "month"
        if m["q"]:
            return date(y, 3 * int(m["q"]) - 2, 1), "month"
        if m["s"]:
            return date(y, _SEASON_START_MONTH[m["s"]], 1), "month"
        if m["w"]:
            return date.fromisocalendar(y, int(m["w"]), 1), "day"
        if m["h"]:
            return date(y, 1 if m["h"] == "1" else 7, 1), "year"
        return date(y, 1, 1), "year"
    except ValueError:
        return None, "none"


def clock_suffix(m: re.Match[str]) -> str:
    """The time suffix of a match's `clock` group: 'T12:00' for noon or midday, 'T24' for
    midnight, 'T22:00' for "10 p.m." ('' without a clock time)."""
    g = m.groupdict()
    clock = (g.get("clock") or "").lower()
    if clock in ("noon", "midday"):
        return "T12:00"
    if clock == "midnight":
        return "T24"
    if clock and g.get("hh"):
        hour = int(g["hh"]) % 12 + (12 if g["ap"].lower() == "p" else 0)
        return f"T{hour:02d}:{g.get('mm') or '00'}"
    return ""

"""Resolvers of calendar expressions: full dates, months, years, decades, quarters, seasons."""

from __future__ import annotations

import re
from datetime import date

from pipeline.nlp.timex.candidates import _Candidate, _ymd
from pipeline.nlp.timex.context import _Context, _Result
from pipeline.nlp.timex.patterns import (
    _DATE_FUTURE_BEFORE,
    _DATE_PAST_BEFORE,
    _HAD_CUE,
    _PLAN_CUE,
)
from pipeline.nlp.timex.values import (
    _month_of,
    _season_idx,
    _season_value,
    _week,
    _ym,
    clock_suffix,
)
from pipeline.nlp.timex.vocab import _CENTURY_WORDS, _QUARTER_ORD, _SEASON_INDEX, _SEASONS


def _ref(direction: str) -> _Result:
    value = {"past": "PAST_REF", "future": "FUTURE_REF", "present": "PRESENT_REF"}[direction]
    return value, "ref", "document" if direction == "present" else "relative", "DATE"


def _day_result(c: _Candidate, d: date, basis: str) -> _Result:
    if c.week_of:
        return _week(d), "week", basis, "DATE"
    return d.isoformat(), "day", basis, "DATE"


def _r_full(c: _Candidate, ctx: _Context) -> _Result | None:
    y, mo, d = _ymd(c.m)
    return _day_result(c, date(y, mo, d), "explicit")


# a month without a year this close ahead of the dct is the coming one unless the clause is past
_NEAR_AHEAD_MONTHS = 2
_NEAR_AHEAD_DAYS = 14


def _unyeared_month(
    c: _Candidate, ctx: _Context, month: int, day: int = 0
) -> tuple[int, str] | None:
    """Year (and basis) for a month given without one: range, then dct/tense, then anchor.

    A date (`day`) at most `_NEAR_AHEAD_DAYS` after the dct is the coming one unless the words
    right before it make it past: a report would give the year of one a year back.
    """
    year = ctx.range_year(month)
    if year is not None:
        return year, "explicit"
    if ctx.dct is not None:
        y, m0 = ctx.dct.year, ctx.dct.month
        ahead = (month - m0) % 12
        before = ctx.text[max(0, c.start - 40) : c.start]
        if _DATE_PAST_BEFORE.search(before):
            return (y if month <= m0 else y - 1), "relative"
        near = 0 < ahead <= _NEAR_AHEAD_MONTHS and not ctx.past(c.start)
        if day and 0 < ahead <= 1 and not (month == 2 and day == 29):
            coming = date(y + (month < m0), month, day)
            near = near or (coming - ctx.dct).days <= _NEAR_AHEAD_DAYS
        soon = _DATE_FUTURE_BEFORE.search(before) or _PLAN_CUE.search(ctx.clause_left(c.start))
        left = ctx.clause_left(c.start)
        if soon and _HAD_CUE.search(left[left.rfind(",") + 1 :] + ctx.clause_right(c.end)):
            soon = None  # "by 20 April the talks had stalled"; not "which had been expected,"
        if soon or ctx.future(c.start, c.end) or near:
            # the future tense, or a month just ahead ("on Dec. 15" in a November report)
            return (y if month >= m0 else y + 1), "relative"
        return (y if month <= m0 else y - 1), "relative"
    if ctx.anchor is not None:
        return ctx.anchor.day.year, "relative"
    return None


def _r_month_day(c: _Candidate, ctx: _Context) -> _Result | None:
    _, mo, d = _ymd(c.m)
    found = _unyeared_month(c, ctx, mo, d)
    if found is None:
        return None
    year, basis = found
    time = clock_suffix(c.m)
    if time and not c.week_of:  # "until 5 p.m. EST Nov. 9"
        return f"{date(year, mo, d).isoformat()}{time}", "day", basis, "TIME"
    return _day_result(c, date(year, mo, d), basis)


def _r_month_year(c: _Candidate, ctx: _Context) -> _Result | None:
    if c.m.groupdict().get("yrel"):  # "in June last year"
        if ctx.dct is None:
            return None
        year = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[c.m["yrel"].lower()]
        return _ym(year, _month_of(c.m["mon"])), "month", "relative", "DATE"
    return _ym(int(c.m["year"]), _month_of(c.m["mon"])), "month", "explicit", "DATE"


def _r_month(c: _Candidate, ctx: _Context) -> _Result | None:
    month = _month_of(c.m["mon"])
    found = _unyeared_month(c, ctx, month)
    if found is None:
        return None
    return _ym(found[0], month), "month", found[1], "DATE"


def _r_year(c: _Candidate, ctx: _Context) -> _Result | None:
    return c.m["year"], "year", "explicit", "DATE"


def _r_decade(c: _Candidate, ctx: _Context) -> _Result | None:
    dec = c.m["dec"] if c.m.groupdict().get("dec") else "19" + c.m["short"] + "0"
    return dec[:3] + "X", "decade", "explicit", "DATE"


def _r_century(c: _Candidate, ctx: _Context) -> _Result | None:
    word = c.m["cent"].lower().replace("-", " ")
    n = _CENTURY_WORDS.get(word) or _CENTURY_WORDS.get(word.replace(" ", "-"))
    if n is None:
        n = int(word[:2])
    return f"{n - 1:02d}", "century", "explicit", "DATE"


def _yearref(c: _Candidate, ctx: _Context) -> tuple[int, str] | None:
    """Year of a `_YEARREF` group (or of the anchor/dct when the pattern has none)."""
    g = c.m.groupdict()
    if g.get("year"):
        return int(g["year"]), "explicit"
    if g.get("yrel"):
        if ctx.dct is None:
            return None
        return ctx.dct.year + {"this": 0, "last": -1, "next": 1}[g["yrel"].lower()], "relative"
    ref = ctx.reference()
    if ref is None:
        return None
    rel = re.sub(r"\s+", " ", (g.get("yanc") or "the").lower())
    offset = {"the following": 1, "the next": 1, "the previous": -1, "the preceding": -1}
    offset["the prior"] = -1
    return ref.day.year + offset.get(rel, 0), "relative"


def _r_quarter(c: _Candidate, ctx: _Context) -> _Result | None:
    g = c.m.groupdict()
    q = int(g["q"]) if g.get("q") else _QUARTER_ORD[g["qord"].lower()]
    no_year = not (g.get("year") or g.get("yrel") or g.get("yanc"))
    if g.get("pl") and no_year:  # "trade peaks in the second and fourth quarters": any year's
        return f"XXXX-Q{q}", "duration", "explicit", "SET"
    if ctx.dct is not None and no_year:
        # a bare "the third quarter" in a report is the latest one not after the dct's quarter,
        # not a quarter of an earlier year the text mentioned
        current = (ctx.dct.month - 1) // 3 + 1
        year = ctx.dct.year if q <= current else ctx.dct.year - 1
        return f"{year:04d}-Q{q}", "quarter", "relative", "DATE"
    found = _yearref(c, ctx)
    if found is None:
        return None
    return f"{found[0]:04d}-Q{q}", "quarter", found[1], "DATE"


def _r_half(c: _Candidate, ctx: _Context) -> _Result | None:
    g = c.m.groupdict()
    h = int(g["h"]) if g.get("h") else (1 if g["hord"].lower() in ("first", "1st") else 2)
    found = _yearref(c, ctx)
    if found is None:
        return None
    return f"{found[0]:04d}-H{h}", "year", found[1], "DATE"


def _r_season(c: _Candidate, ctx: _Context) -> _Result | None:
    code = _SEASONS[c.m["season"].lower()]
    found = _yearref(c, ctx)
    if found is None:
        return None
    return f"{found[0]:04d}-{code}", "season", found[1], "DATE"


def _r_bare_season(c: _Candidate, ctx: _Context) -> _Result | None:
    k = _SEASON_INDEX[_SEASONS[c.m["season"].lower()]]
    if ctx.dct is None:
        if ctx.anchor is None:
            return None
        return f"{ctx.anchor.day.year:04d}-{_season_value(k)[-2:]}", "season", "relative", "DATE"
    cur = _season_idx(ctx.dct)
    idx = (cur // 4) * 4 + k
    if ctx.future(c.start, c.end):
        idx += 4 if idx < cur else 0
    else:
        idx -= 4 if idx > cur else 0
    return _season_value(idx), "season", "relative", "DATE"

"""Resolvers of the reporting periods of financial news: "the quarter", "the latest period",
"the year-ago quarter", "the 1988 period", and "a year ago" said of a quarter's results.

Earnings reports name one quarter and then refer back to it ("sales in the latest quarter") and
to the same quarter a year before ("net income of $2 million a year earlier"); the context's
`quarter` is that reporting quarter (`reporting_quarter`). Without one, "the quarter"
is the last quarter completed before the dct.
"""

from __future__ import annotations

import re

from pipeline.nlp.timex.candidates import _Candidate
from pipeline.nlp.timex.context import _Context, _Result
from pipeline.nlp.timex.values import _month_of
from pipeline.nlp.timex.vocab import _QUARTER_ORD


def _q(year: int, q: int, basis: str = "relative") -> _Result:
    return f"{year:04d}-Q{q}", "quarter", basis, "DATE"


def _completed(ctx: _Context) -> tuple[int, int] | None:
    """The last quarter completed before the dct."""
    if ctx.dct is None:
        return None
    k = ctx.dct.year * 4 + (ctx.dct.month - 1) // 3 - 1
    return k // 4, k % 4 + 1


def _reporting(ctx: _Context) -> tuple[int, int] | None:
    return ctx.quarter or _completed(ctx)


def sets_quarter(c: _Candidate) -> bool:
    """True when the candidate names a reporting quarter: not the year before it ("the year-ago
    quarter"). A quarter ahead of the dct counts too: fiscal years make "the fourth quarter
    ended Sept. 30" a report's own quarter."""
    g = c.m.groupdict()
    if c.kind == "fperiod":
        return not (g.get("ago") or g.get("ly") or g.get("yrel") or g.get("year"))
    return c.kind == "quarter"


def reporting_quarter(ctx: _Context, named: tuple[int, int]) -> tuple[int, int]:
    """The reporting quarter once the text names `named` (year, quarter).

    The first quarter named is the report's own; a later one replaces it only when it is more
    recent and already completed by the dct: another company's "third-quarter profit" after a
    fiscal "first quarter" does, but not "after a flat second quarter" (a comparison) or "a
    fourth-quarter charge" (an estimate of the quarter under way).
    """
    if ctx.quarter is None:
        return named
    completed = _completed(ctx)
    if completed is not None and ctx.quarter < named <= completed:
        return named
    return ctx.quarter


def year_before(ctx: _Context) -> _Result | None:
    """The reporting quarter a year back ("a year ago"), or None when no quarter was named.

    In a sentence about a longer period of the year ("In the nine months, net rose ... from
    $4 million a year earlier") it is that period's year.
    """
    if ctx.quarter is None:
        return None
    start = ctx.cands[ctx.i].start
    if _LONGER_PERIOD.search(ctx.text, max(0, start - 200), start) and _LONGER_PERIOD.search(
        ctx.clause_left(start)
    ):
        return f"{ctx.quarter[0] - 1:04d}", "year", "relative", "DATE"
    return _q(ctx.quarter[0] - 1, ctx.quarter[1])


_LONGER_PERIOD = re.compile(r"\b(?:nine|six)(?:\s+|-)months?\b|\bfirst\s+half\b", re.I)


def _r_fperiod(c: _Candidate, ctx: _Context) -> _Result | None:
    g = c.m.groupdict()
    if g.get("year") or g.get("yrel"):  # "the 1988 period", "last year's quarter"
        if g.get("year"):
            year, basis = int(g["year"]), "explicit"
        elif ctx.dct is not None:
            year, basis = ctx.dct.year - (g["yrel"].lower() == "last"), "relative"
        else:
            return None
        if ctx.quarter is None:
            return f"{year:04d}", "year", basis, "DATE"
        return _q(year, ctx.quarter[1], basis)
    if g.get("ago"):  # "the year-ago quarter", "year-earlier results"
        ref = _reporting(ctx) if g.get("pu") or ctx.quarter else None
        if g.get("qord") and ref is not None:
            return _q(ref[0] - 1, _QUARTER_ORD[g["qord"].lower()])
        if ref is not None:
            return _q(ref[0] - 1, ref[1])
        return (f"{ctx.dct.year - 1:04d}", "year", "relative", "DATE") if ctx.dct else None
    if (g.get("rel") or "").lower() == "current" and ctx.dct is not None:
        return _q(ctx.dct.year, (ctx.dct.month - 1) // 3 + 1)
    if g.get("emon") and ctx.dct is not None and ctx.quarter is None:
        # "the quarter ended Sept. 30" is Q3; one ended July 31 (May to July) mostly Q2; after
        # "the fiscal first quarter" it is that quarter
        month = _month_of(g["emon"])
        year = ctx.dct.year if month <= ctx.dct.month else ctx.dct.year - 1
        mid = month - 1 if month > 1 else 12
        return _q(year - (month == 1), (mid - 1) // 3 + 1)
    ref = ctx.quarter if g["pu"].lower() == "period" else _reporting(ctx)
    if ref is None:
        return None
    return _q(ref[0] - (1 if g.get("ly") else 0), ref[1])


def _r_fyear(c: _Candidate, ctx: _Context) -> _Result | None:
    """ "the year ended March 31" is the twelve months a report covers: 'P1Y'."""
    return "P1Y", "duration", "explicit", "DURATION"

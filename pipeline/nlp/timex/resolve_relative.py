"""Resolvers of relative expressions: last/next, weekdays, ago, references, anchors, durations."""

from __future__ import annotations

import re
from datetime import date, timedelta

from pipeline.nlp.timex.candidates import _Candidate
from pipeline.nlp.timex.context import _Context, _Result
from pipeline.nlp.timex.data import alternation, load_timex_words
from pipeline.nlp.timex.patterns import (
    _FUTURE_CUE,
    _HAD_CUE,
    _MODAL_BEFORE,
    _PAST_VERB_AFTER,
    _PLAN_CUE,
    _THE_BEFORE,
    _WEEKDAY_FUTURE_BEFORE,
    _WEEKDAY_PAST_AFTER,
    _WEEKDAY_PAST_BEFORE,
    _WEEKDAY_PRESENT_BEFORE,
)
from pipeline.nlp.timex.resolve_dates import _ref
from pipeline.nlp.timex.resolve_fiscal import year_before
from pipeline.nlp.timex.values import (
    _RANK,
    _add_months,
    _Anchor,
    _coarser,
    _fmt_num,
    _format,
    _month_of,
    _number,
    _season_idx,
    _season_value,
    _shift,
    _unit_of,
    _week,
    _ym,
    clock_suffix,
)
from pipeline.nlp.timex.vocab import _SEASON_INDEX, _SEASONS, _VAGUE_QUANT, _WEEKDAYS


def _nearest_weekday(d: date, wd: int, direction: int, strict: bool) -> date:
    """The weekday `wd` nearest `d` going back (-1) or forward (+1)."""
    delta = ((d.weekday() - wd) % 7) if direction < 0 else ((wd - d.weekday()) % 7)
    if strict and delta == 0:
        delta = 7
    return d + timedelta(days=direction * delta)


def _r_ltn(c: _Candidate, ctx: _Context) -> _Result | None:
    rel = c.m["rel"].lower().split()
    step = {"last": -1, "next": 1}.get(rel[0], 0)
    if len(rel) > 1 and rel[0] == "this":
        step = -1 if rel[1] == "past" else 1  # "this past week", "this coming summer"
    unit = c.m["unit"]
    if ctx.dct is None:
        lead = ctx.text[c.start : c.start + 7].lower()  # "earlier this year", "later this month"
        if step == 0 and lead.startswith(("earlier", "later")):
            step = -1 if lead.startswith("earlier") else 1
        return _ref({-1: "past", 0: "present", 1: "future"}[step])
    dct = ctx.dct
    low = unit.lower()
    if low == "week":
        basis = "document" if step == 0 else "relative"
        return _week(dct + timedelta(weeks=step)), "week", basis, "DATE"
    if low == "month":
        return _ym(*_add_months(dct.year, dct.month, step)), "month", "relative", "DATE"
    if low == "year":
        return f"{dct.year + step:04d}", "year", "relative", "DATE"
    if low == "quarter":
        if step == 0 and ctx.quarter is not None and not ctx.future(c.start, c.end):
            # "This quarter's loss includes charges": the report's own quarter
            return f"{ctx.quarter[0]:04d}-Q{ctx.quarter[1]}", "quarter", "relative", "DATE"
        k = dct.year * 4 + (dct.month - 1) // 3 + step
        return f"{k // 4:04d}-Q{k % 4 + 1}", "quarter", "relative", "DATE"
    if low == "decade":
        return f"{(dct.year // 10 + step):03d}X", "decade", "relative", "DATE"
    if low == "century":
        return f"{dct.year // 100 + step:02d}", "century", "relative", "DATE"
    if low in _SEASONS:
        cur = _season_idx(dct)
        k = _SEASON_INDEX[_SEASONS[low]]
        options = [(cur // 4 + dy) * 4 + k for dy in (-1, 0, 1)]
        if step < 0:
            idx = max(i for i in options if i < cur)
        elif step > 0:
            idx = min(i for i in options if i > cur)
        else:  # nearest; a tie ("this winter" in August) goes to the coming one
            idx = min(options, key=lambda i: (abs(i - cur), i < cur))
        return _season_value(idx), "season", "relative", "DATE"
    if unit[:3].lower() in _WEEKDAYS and unit[0].isupper() and unit.endswith("day"):
        wd = _WEEKDAYS[unit[:3].lower()]
        if step == 0:
            d = dct - timedelta(days=dct.weekday()) + timedelta(days=wd)
        else:
            d = _nearest_weekday(dct, wd, step, strict=True)
        return d.isoformat(), "day", "relative", "DATE"
    month = _month_of(unit)
    if step < 0:
        # the month just before the dct's would be "last month": "last February" said in
        # March is the February of a year before
        back = (dct.month - month) % 12 or 12
        back += 12 if back == 1 else 0
        k = dct.year * 12 + dct.month - 1 - back
        year = k // 12
    elif step > 0:
        year = dct.year if month > dct.month else dct.year + 1
    else:
        year = dct.year
    return _ym(year, month), "month", "relative", "DATE"


def _r_word(c: _Candidate, ctx: _Context) -> _Result | None:
    w = c.m["w"].lower()
    offset = -1 if w in ("yesterday", "last night") else 1 if w == "tomorrow" else 0
    if ctx.dct is None:
        return _ref({-1: "past", 0: "present", 1: "future"}[offset])
    basis = "document" if offset == 0 else "relative"
    day = (ctx.dct + timedelta(days=offset)).isoformat()
    part = _PARTS_OF_DAY.get(w.split()[-1])
    if part:  # "this morning" is the dct's morning, "last night" the night before it
        return f"{day}{part}", "day", basis, "TIME"
    return day, "day", basis, "DATE"


_PARTS_OF_DAY = load_timex_words().parts_of_day
_WEEKDAY_PARTS = frozenset(load_timex_words().lists["weekday_parts"])


def _r_weekday(c: _Candidate, ctx: _Context) -> _Result | None:
    if ctx.dct is None:
        return None
    wd = _WEEKDAYS[c.m["wd"][:3].lower()]
    d = _nearest_weekday(ctx.dct, wd, _weekday_direction(c, ctx), strict=False)
    time = _clock_time(c.m)
    if time:
        return f"{d.isoformat()}{time}", "day", "relative", "TIME"
    return d.isoformat(), "day", "relative", "DATE"


def _weekday_direction(c: _Candidate, ctx: _Context) -> int:
    """-1 for the weekday before the dct, 1 for the one after, from the words around it.

    Only the clause before the weekday counts: "issued a statement Friday saying it will"
    is a past Friday.
    """
    before = ctx.text[max(0, c.start - 40) : c.start]
    if _WEEKDAY_PAST_BEFORE.search(before) or _WEEKDAY_PAST_AFTER.match(ctx.text, c.end):
        return -1
    left = ctx.clause_left(c.start)
    if _HAD_CUE.search(left + ctx.clause_right(c.end)):
        return -1  # "until Thursday, they had not called him a suspect"
    if _WEEKDAY_FUTURE_BEFORE.search(before):
        return 1
    if _FUTURE_CUE.search(left) or _PLAN_CUE.search(left):
        return 1
    if _WEEKDAY_PRESENT_BEFORE.search(before) and not ctx.past(c.start):
        return 1  # "the two leaders meet separately Monday"
    if _CLAUSE_OPENING.fullmatch(left) and ctx.future(c.start, c.end):
        return 1  # "On Tuesday, the league plans to hold a rally"
    return -1


_CLAUSE_OPENING = re.compile(r"[\s,'\"`]*(?:(?:and|but|then)\s+)?(?:on\s+|by\s+)?", re.I)


def _clock_time(m: re.Match[str]) -> str:
    """The time suffix of "noon Friday", "10 p.m. Monday", "Friday evening" ('T12:00',
    'T22:00', 'TEV'; '' without a clock time).

    Only the parts of the day of `weekday_parts` (timex.yaml) go into the value: news
    annotation gives "Friday evening" as 'TEV' but "Friday night" and "Friday morning" mostly
    as the day.
    """
    pod = (m.groupdict().get("pod") or "").lower()
    if not m.groupdict().get("clock") and pod in _WEEKDAY_PARTS:
        return _PARTS_OF_DAY[pod]
    return clock_suffix(m)


def _r_clock(c: _Candidate, ctx: _Context) -> _Result | None:
    """A clock time alone is on the narrative's day (a day-level anchor), else the dct's."""
    anchor = ctx.anchor
    day = anchor.day if anchor is not None and anchor.precision == "day" else ctx.dct
    if day is None:
        return None
    return f"{day.isoformat()}{clock_suffix(c.m)}", "day", "relative", "TIME"


def _r_pod(c: _Candidate, ctx: _Context) -> _Result | None:
    """A part of the day: "mid-afternoon" on the narrative's day (or the dct's, or the day
    "yesterday" names); "in the morning" only on a day-level anchor: without one it is a
    habit, not a time; "4 in the morning" is a clock time ('T04:00') on the narrative's day
    or the dct."""
    anchor = ctx.anchor
    day_anchor = anchor is not None and anchor.precision == "day"
    if c.m["pod2"] and not day_anchor and not c.m["hh"]:
        return None
    word = (c.m["w"] or "").lower()
    if word and ctx.dct is not None:
        day = ctx.dct + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0))
    else:
        day = anchor.day if anchor is not None and day_anchor else ctx.dct
    if day is None:
        return None
    pod = (c.m["pod"] or c.m["pod2"]).lower()
    part = _PARTS_OF_DAY[pod]
    if c.m["hh"]:  # "4 in the morning", "8 in the evening"
        part = f"T{int(c.m['hh']) % 12 + (0 if pod == 'morning' else 12):02d}:00"
    return f"{day.isoformat()}{part}", "day", "relative", "TIME"


def _r_ago(c: _Candidate, ctx: _Context) -> _Result | None:
    unit = _unit_of(c.m["unit"])
    n = _number(c.m["n"])
    if unit == "year" and n == 1 and (quarter := year_before(ctx)) is not None:
        return quarter  # "earned $2 million a year ago" in a quarterly report
    if ctx.dct is None or n is None or n != int(n) or c.m["n"].lower() in _VAGUE_QUANT:
        return _ref("past")
    d = _shift(ctx.dct, "day" if unit == "hour" else unit, -int(n))
    if unit == "decade":
        return f"{d.year // 10:03d}X", "decade", "relative", "DATE"
    prec = {"hour": "day", "decade": "year"}.get(unit, unit)
    return _format(d, prec), prec, "relative", "DATE"


# "Now," opening a sentence is the discourse marker ("Now, he says, the plan is dead"), not a
# time; "For now," and "right now," are
_DISCOURSE_NOW = re.compile(r"(?:^|[.!?:;\n]['\"`’”]*)\s*['\"`‘“]*$")


def _r_ref(c: _Candidate, ctx: _Context) -> _Result | None:
    g = c.m.groupdict()
    if (
        (g.get("present") or "").lower() == "now"
        and ctx.text.startswith(",", c.end)
        and _DISCOURSE_NOW.search(ctx.text, max(0, c.start - 8), c.start)
    ):
        return None
    unit = next((g[k] for k in _VAGUE_UNIT_GROUPS if g.get(k)), None)
    if unit:
        return _duration(None, _unit_of(unit))
    return _ref(next(k for k in ("present", "past", "future") if g.get(k)))


_VAGUE_UNIT_GROUPS = ("unit_recent", "unit_coming", "unit_upcoming", "unit_ahead")


def _r_soon(c: _Candidate, ctx: _Context) -> _Result | None:
    if _PAST_VERB_AFTER.match(ctx.text, c.end) and not _MODAL_BEFORE.search(
        ctx.text, max(0, c.start - 12), c.start
    ):
        return None  # "relations soon deteriorated": narrative, not a future reference
    return _ref("future")


def _r_anchor(c: _Candidate, ctx: _Context) -> _Result | None:
    g = c.m.groupdict()
    ref = ctx.reference()
    if g.get("t") and ctx.dct is not None and ctx.future(c.start, c.end):
        ref = _Anchor(ctx.dct, "day")  # "will be done by the end of the year": the dct's year
    if ref is None:
        return None
    if g.get("wd") or g.get("pod"):
        return _anchor_day(c, ref)
    unit = c.m["unit"].lower()
    step = 0
    if g.get("dir"):
        step = -1 if g["dir"].lower() == "before" else 1
    elif g.get("rel"):
        rel = re.sub(r"\s+", " ", c.m["rel"].lower())
        step = {"the following": 1, "the next": 1}.get(rel, 0)
        step = -1 if rel in ("the previous", "the preceding", "the prior") else step
    if unit in _SEASONS:
        k = _SEASON_INDEX[_SEASONS[unit]]
        if ref.precision == "year":
            return (
                f"{ref.day.year + step:04d}-{_season_value(k)[-2:]}",
                "season",
                "relative",
                "DATE",
            )
        cur = _season_idx(ref.day)
        options = [(cur // 4 + dy) * 4 + k for dy in (-1, 0, 1)]
        if step < 0:
            idx = max(i for i in options if i < cur)
        elif step > 0:
            idx = min(i for i in options if i > cur)
        else:
            idx = min(options, key=lambda i: (abs(i - cur), i < cur))
        return _season_value(idx), "season", "relative", "DATE"
    if _RANK[ref.precision] > _RANK[unit]:
        return None  # "the same day" after "in 2015": the anchor is too coarse
    d = _shift(ref.day, unit, step) if unit != "year" else date(ref.day.year + step, 1, 1)
    return _format(d, unit), unit, "relative", "DATE"


def _anchor_day(c: _Candidate, ref: _Anchor) -> _Result | None:
    """A weekday or part of the day from the anchor: "the previous Friday" (strictly before
    the anchor's day), "the following Monday", "the next morning" (the day after; its part
    of the day as `weekday_parts` has it)."""
    if ref.precision != "day":
        return None  # "the following Monday" after "in May": which one is unknown
    back = c.m["rel"].lower().split()[-1] in ("previous", "preceding", "prior")
    if c.m["wd"]:
        d = _nearest_weekday(ref.day, _WEEKDAYS[c.m["wd"][:3].lower()], -1 if back else 1, True)
        return d.isoformat(), "day", "relative", "DATE"
    d = ref.day + timedelta(days=-1 if back else 1)
    pod = c.m["pod"].lower()
    if pod in _WEEKDAY_PARTS:
        return f"{d.isoformat()}{_PARTS_OF_DAY[pod]}", "day", "relative", "TIME"
    return d.isoformat(), "day", "relative", "DATE"


def _r_later(c: _Candidate, ctx: _Context) -> _Result | None:
    ref = ctx.anchor  # "two years later" counts from the narrative, never from the dct
    n = _number(c.m["n"])
    year_ago = _unit_of(c.m["unit"]) == "year" and n == 1 and c.m["dir"].lower() == "earlier"
    if year_ago and (quarter := year_before(ctx)) is not None:
        return quarter
    if ref is None or n is None or n != int(n):
        return None
    unit = _unit_of(c.m["unit"])
    sign = -1 if c.m["dir"].lower() == "earlier" else 1
    d = _shift(ref.day, unit, sign * int(n))
    prec = _coarser("year" if unit == "decade" else unit, ref.precision)
    return _format(d, prec), prec, "relative", "DATE"


# how far back (characters) the anchor of a vague offset may be: "Weeks after" follows its
# anchor's sentence; "in the weeks before the shooting" counts from an event, not a date
_VAGUE_REACH = 200


def _r_vague(c: _Candidate, ctx: _Context) -> _Result | None:
    if ctx.anchor is None or c.start - ctx.anchor_end > _VAGUE_REACH:
        return None
    if _THE_BEFORE.search(ctx.text, max(0, c.start - 5), c.start):
        return None
    unit = _unit_of(c.m["unit"])
    prec = _coarser("month" if unit in ("day", "week") else "year", ctx.anchor.precision)
    return _format(ctx.anchor.day, prec), prec, "relative", "DATE"


_SOMEDAY_BEFORE = re.compile(
    rf"\b(?:{alternation(load_timex_words().lists['someday_before'])})\s+$", re.I
)
_UNIT_CODES = {"minute": "M", "hour": "H", "day": "D", "month": "M", "year": "Y"}
_HALF_OF = {"minute": "30S", "hour": "30M", "day": "T12H", "month": "15D", "year": "6M"}


def _duration(n: str | None, unit: str, half: bool = False) -> _Result | None:
    value = None if n is None or n.lower() in _VAGUE_QUANT else _number(n)
    if value is not None and half and value == int(value) and unit in _HALF_OF:
        # "2 1/2 years" is P2Y6M, "five and a half hours" PT5H30M
        whole = f"{int(value)}{_UNIT_CODES[unit]}" if value else ""
        prefix = "PT" if unit in ("hour", "minute") else "P"
        return f"{prefix}{whole}{_HALF_OF[unit]}", "duration", "explicit", "DURATION"
    if unit in ("hour", "minute"):
        code = "H" if unit == "hour" else "M"
        amount = "X" if value is None else _fmt_num(value)
        return f"PT{amount}{code}", "duration", "explicit", "DURATION"
    if value is None:
        code = {"decade": "DE", "century": "CE"}.get(unit, unit[0].upper())
        return f"PX{code}", "duration", "explicit", "DURATION"
    scale = {"decade": 10, "century": 100}.get(unit, 1)
    code = {"day": "D", "week": "W", "month": "M", "quarter": "Q"}.get(unit, "Y")
    return f"P{_fmt_num(value * scale)}{code}", "duration", "explicit", "DURATION"


def _r_duration(c: _Candidate, ctx: _Context) -> _Result | None:
    g = c.m.groupdict()
    one_day = (g.get("n") or "").lower() == "one" and (g.get("unit") or "").lower() == "day"
    if one_day and _SOMEDAY_BEFORE.search(ctx.text, max(0, c.start - 12), c.start):
        return _ref("future")  # "Islam will one day be", "he hopes he one day flies"
    if g.get("units"):
        return _duration(None, _unit_of(g["units"]))
    return _duration(g["n"] or "one", _unit_of(g.get("unit") or g["u2"]), bool(g.get("half")))


def _r_span(c: _Candidate, ctx: _Context) -> _Result | None:
    g = c.m.groupdict()
    unit_word = g["unit"].lower()
    if g.get("n") is None:
        if unit_word.endswith("s") and not unit_word.endswith("century"):
            if g["dir"].lower() == "coming":
                return _ref("future")  # "over the coming months"
            return _duration(None, _unit_of(unit_word))
        return _duration("one", _unit_of(unit_word))
    n = g["n"].lower()
    return _duration("a few" if n in ("few", "several") else n, _unit_of(unit_word))

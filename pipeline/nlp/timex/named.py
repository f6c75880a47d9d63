"""Resolvers of named days and recurring times (patterns in `patterns_named`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from pipeline.nlp.timex.candidates import _Candidate
from pipeline.nlp.timex.context import _Context, _Result
from pipeline.nlp.timex.data import load_timex_words
from pipeline.nlp.timex.values import _month_of, _number, _week
from pipeline.nlp.timex.vocab import _WEEKDAYS

_DATA = load_timex_words()
_UNITS_OF_SET = {"hour": "PT1H", "day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y"}
_UNITS_OF_SET["quarter"] = "P3M"


_EASTER_WEEKS = frozenset(_DATA.lists["easter_weeks"])


def easter_sunday(year: int) -> date:
    """Easter Sunday of a (Gregorian) year: the anonymous Gregorian computus."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _holiday_on(name: str, year: int) -> date:
    if name in _EASTER_WEEKS:
        return easter_sunday(year)
    if name in _DATA.easter_holidays:
        return easter_sunday(year) + timedelta(days=_DATA.easter_holidays[name])
    fixed = _DATA.fixed_holidays.get(name)
    if fixed is not None:
        return date(year, *fixed)
    month, weekday, nth, after = _DATA.weekday_holidays[name]
    if nth < 0:
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        day = last - timedelta(days=(last.weekday() - weekday) % 7)
    else:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day + timedelta(days=after)


def _r_holiday(c: _Candidate, ctx: _Context) -> _Result | None:
    name = re.sub(r"\s+", " ", c.m["hol"].lower())
    ref = ctx.dct if ctx.dct is not None else (ctx.anchor.day if ctx.anchor else None)
    if ref is None:
        return None
    rel = (c.m["hrel"] or "").lower()
    day = _holiday_on(name, ref.year)
    if name in _EASTER_WEEKS and day - timedelta(days=6) <= ref <= day:
        return _week(day), "week", "document", "DATE"  # said during the week itself
    if rel == "last" or (not rel and day > ref and not ctx.future(c.start, c.end)):
        day = day if day < ref else _holiday_on(name, ref.year - 1)
    elif rel == "next" or (not rel and day < ref and ctx.future(c.start, c.end)):
        day = day if day > ref else _holiday_on(name, ref.year + 1)
    if name in _EASTER_WEEKS:  # "Easter week": the week that ends on Easter Sunday
        return _week(day), "week", "relative", "DATE"
    return day.isoformat(), "day", "relative", "DATE"


def _r_weekend(c: _Candidate, ctx: _Context) -> _Result | None:
    if ctx.dct is None:
        return None
    dct = ctx.dct
    rel = c.m["wrel"].lower()
    ahead = rel == "next" or (rel != "last" and ctx.future(c.start, c.end))
    saturday = dct + timedelta(days=(5 - dct.weekday()) % 7)  # the coming one (or today)
    if not ahead and saturday > dct:
        saturday -= timedelta(weeks=1)
    return f"{_week(saturday)}-WE", "week", "relative", "DATE"


def _r_set(c: _Candidate, ctx: _Context) -> _Result | None:
    g = c.m.groupdict()
    if g.get("adv"):
        value = _DATA.recurring[g["adv"].lower()]
    elif g.get("unit"):
        value = _UNITS_OF_SET[g["unit"].lower()]
    elif g.get("mon"):
        value = f"XXXX-{_month_of(g['mon']):02d}"
    elif g.get("pwd"):  # "on Fridays", "Tuesday nights"
        part = _DATA.parts_of_day[g["ppod"].lower()] if g.get("ppod") else ""
        value = f"XXXX-WXX-{_WEEKDAYS[g['pwd'][:3].lower()] + 1}{part}"
    else:
        value = f"XXXX-WXX-{_WEEKDAYS[g['wd'][:3].lower()] + 1}"
    return value, "duration", "explicit", "SET"


def _r_rate(c: _Candidate, ctx: _Context) -> _Result | None:
    """ "$2 billion a year", "twice a week": the set of the unit ('P1Y', 'P1W')."""
    return _UNITS_OF_SET[c.m["unit"].lower()], "duration", "explicit", "SET"


def _r_spelled_year(c: _Candidate, ctx: _Context) -> _Result | None:
    words = re.sub(r"[-\s]+", " ", c.m["sy"].lower()).split()
    if words[0] == "two":  # two thousand [and] N
        rest = [w for w in words[2:] if w != "and"]
        year = 2000 + int(_number(" ".join(rest)) or 0) if rest else 2000
    else:
        tail = _number(" ".join(words[1:]))
        if tail is None:
            return None
        year = 1900 + int(tail)
    if c.m["mon"]:
        return f"{year:04d}-{_month_of(c.m['mon']):02d}", "month", "explicit", "DATE"
    if c.m["season"]:
        return f"{year:04d}-{_DATA.seasons[c.m['season'].lower()]}", "season", "explicit", "DATE"
    return f"{year:04d}", "year", "explicit", "DATE"


NAMED_RESOLVERS = {
    "holiday": _r_holiday,
    "weekend": _r_weekend,
    "set": _r_set,
    "rate": _r_rate,
    "spelled_year": _r_spelled_year,
}

"""Patterns of named days and recurring times: holidays ("Thanksgiving Day"), weekends, sets
("daily", "every week", "each July"; not the statistic "average daily volume") and years
spelled out in transcripts ("nineteen ninety-six", "the winter of nineteen ninety-four");
`named` resolves them."""

from __future__ import annotations

import re

from pipeline.nlp.timex.data import alternation, load_timex_words
from pipeline.nlp.timex.patterns import _MONTH_WORD, _WEEKDAY, _p, _Pattern
from pipeline.nlp.timex.vocab import _SMALL, _TENS

_DATA = load_timex_words()
_NAMED_DAYS = [*_DATA.fixed_holidays, *_DATA.weekday_holidays, *_DATA.easter_holidays]
_HOLIDAYS = alternation([*_NAMED_DAYS, *_DATA.lists["easter_weeks"]])
_TEEN = "|".join(_SMALL[10:])
_RATE_WORDS = alternation(_DATA.lists["rate_quantities"])
_UNIT_WORD = "|".join(_SMALL[1:10])
_SPELLED_YEAR = (
    rf"nineteen\s+(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{_UNIT_WORD}))?|{_TEEN})"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_UNIT_WORD}|{_TEEN}))?"
)

NAMED_PATTERNS: list[_Pattern] = [
    _p(
        "holiday",
        rf"\b(?:(?P<hrel>last|next|this)\s+)?(?P<hol>{_HOLIDAYS})\b",
    ),
    _p("weekend", r"\b(?P<wrel>the|this|last|next)\s+weekend\b"),
    _p(
        "set",
        rf"\b(?:(?<!\baverage\s)(?P<adv>{alternation(list(_DATA.recurring))})"
        r"|(?:every|each)\s+(?:(?P<unit>hour|day|week|month|year|quarter)"
        rf"|(?P<mon>{_MONTH_WORD})|(?P<wd>{_WEEKDAY})))\b(?!-)",
    ),
    # a weekday in the plural is a set: "on Fridays", "Tuesday nights" ('XXXX-WXX-2TNI')
    _p(
        "set",
        r"\b(?P<pwd>(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))"
        r"(?:s|\s+(?P<ppod>morning|afternoon|evening|night)s)\b",
    ),
    # a rate: "$2 billion a year", "hundreds of interviews a day", "twice a week" (the "a
    # year" is the set, 'P1Y'); not "10 years and a day", "up 5% from a year ago"
    _p(
        "rate",
        rf"\b(?:[0-9][0-9,.]*%?|{_RATE_WORDS})(?:\s+(?!(?:and|or|but|than|from|since|to|in|for"
        r"|within|over|after|before|by|at|on|about|nearly|almost|more|less|hours?|days?|weeks?"
        r"|months?|years?)\b)[a-z]+){0,2}?\s+(?P<t>(?:a|an|per)\s+(?P<unit>hour|day|week|month|year))\b"
        r"(?!\s+(?:ago|earlier|later|before|after|old|or\s+(?:two|so|more|less|longer)"
        r"|and\s+a\s+half)\b|[-'’])",
        group="t",
    ),
    _p(
        "spelled_year",
        rf"\b(?:(?P<mon>{_MONTH_WORD})\s+|(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)"
        rf"\s+of\s+)?(?P<the>the\s+year\s+)?(?P<sy>{_SPELLED_YEAR})\b"
        r"(?!\s+(?:hundred|thousand|million|billion|people|dollars)\b)",
    ),
]
NAMED_TRIGGERS = {"holiday": "H", "weekend": "H", "set": "HW", "rate": "U", "spelled_year": "HM"}
NAMED_ROOTS = [(w, "H") for w in ("nineteen", "thousand", "every", "each", "weekend")]
NAMED_ROOTS += [(w, "H") for w in _DATA.recurring]
NAMED_ROOTS += [(name.split()[0][:5], "H") for name in _NAMED_DAYS]


def keep_named(kind: str, m: re.Match[str]) -> bool:
    """Holidays are capitalised ("Thanksgiving", not "thanksgiving turkey" in a list)."""
    if kind == "holiday":
        return m["hol"][0].isupper()
    if kind == "spelled_year":
        # "two thousand" alone is a number; only "the year two thousand" is a year
        named = bool(m["the"] or m["mon"] or m["season"])
        return not m["sy"].lower().startswith("two") or named
    return True

"""Temporal tagger: finds temporal expressions and normalises them to TIMEX3-style values.

`tag_timexes(text, dct)` is pure Python built on compiled regular expressions (it needs
neither spaCy nor dateparser), so it is fast and deterministic. It works in three passes:

1. every pattern proposes candidates (a span plus the match that produced it), scanning only
   windows around cheap trigger words (month names, digits, "year", "ago", "now", ...); a few
   generic prefixes ("early", "mid-", "the end of", "the week of") widen the candidates;
2. overlapping candidates are resolved longest-first, so "June 2016" beats "June" and "2016";
3. the survivors are resolved left to right, carrying an *anchor*: the last expression with a
   concrete calendar value (explicit or resolved), used by narrative expressions such as
   "the same month", "the following year", "that year" or "two years later".

Resolution rules and heuristics (documented because tests and downstream code rely on them):

* Expressions resolved against the document creation time (dct) get basis 'relative';
  "today"/"tonight"/"this morning"/"this week" (the dct's own day or week) get 'document';
  text that fully gives the date gets 'explicit'.
* A month, "Month D" or season without a year ("in March", "on November 24", "in the summer")
  takes the most recent such period not after the dct month/season; if the clause has a
  future cue ("will", "is expected to", ...) it takes the nearest one not before it. In a
  range whose other end has a year ("between June and August 2016"), the year comes from
  that end (basis 'explicit'). Without a dct, the anchor's year is used, else it is skipped.
* A bare weekday ("on Tuesday") is the most recent such day on or before the dct (the one on
  or after it with a future cue). "last/next Tuesday" is the nearest strictly before/after.
* "the same/that/the following/the previous" + day/week/month/year/season, "the day
  after" and "the end of the year" resolve against the anchor, falling back to the dct ("the
  end of the year" with a future cue uses the dct). "N units later/earlier" need an
  anchor (else they are skipped). Results are never finer than the anchor ("ten days later"
  after "in August 2016" is 2016-08); "the same day" after a bare year is skipped.
* Vague offsets ("weeks after", "days before", "months later") keep the anchor's value at
  month precision for days/weeks and at year precision for months (years: not tagged); they
  need an anchor and do not move it. This dates the sentence's event to the narrative time.
* Without a dct, dct-relative expressions become 'PAST_REF'/'FUTURE_REF'/'PRESENT_REF'
  (weekdays are skipped). Durations ("three months", "the past two years", "several weeks")
  get type 'DURATION', precision 'duration' and values such as 'P3M', 'P2Y', 'PT48H', 'PXM'.
* "the first/second half of 2017" is '2017-H1'/'2017-H2' with precision 'year'; "the 1990s"
  is '199X' (decade); "the 20th century" is '19' (century); "winter 2016" ('2016-WI') is the
  winter that ends in early 2016.
* A 4-digit 1900-2099 number is a year unless a counting word follows ("2016 soldiers") or a
  reference word precedes it ("Resolution 1973").
* Prepositions are not part of a timex ("in June 2016" gives "June 2016", "for two years"
  gives "two years"), except in fixed phrases that are themselves references ("in the past",
  "at present", "in recent years", "in the coming months").

The spaCy component is registered as `FACTORY_NAME` ("eventpipe_timex_v1": spaCy rejects "."
in factory names, so "eventpipe.timex.v1" cannot be used).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.models import Timex
from pipeline.nlp import extensions  # noqa: F401  (registers the Doc._ extensions)

__all__ = ["FACTORY_NAME", "TimexTagger", "make_timex_tagger", "period_of", "tag_timexes"]

# spaCy forbids "." in factory names (error E853), so "eventpipe.timex.v1" is spelt this way.
FACTORY_NAME = "eventpipe_timex_v1"

# --------------------------------------------------------------------------- vocabulary

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
# chronological order inside a label year: winter (Dec-Feb, ending in the year) comes first
_SEASON_INDEX = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}
_SEASON_START_MONTH = {"WI": 1, "SP": 3, "SU": 6, "FA": 9}
_QUARTER_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_QUARTER_ORD.update({"fourth": 4, "4th": 4, "final": 4, "last": 4})


def _words(text: str) -> list[str]:
    return text.split()


_SMALL = _words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TENS = _words("twenty thirty forty fifty sixty seventy eighty ninety")
_NUMBER_WORDS = {w: i for i, w in enumerate(_SMALL)}
_NUMBER_WORDS.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
_NUMBER_WORDS.update({"hundred": 100, "a": 1, "an": 1, "one hundred": 100, "a dozen": 12})
_NUMBER_WORDS["a couple of"] = 2
_VAGUE_QUANT = ("few", "a few", "several", "many", "some", "a number of", "numerous")

_CENTURY_WORDS = {
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "twenty first": 21,
}

# ----------------------------------------------------------------------------- patterns

_MONTH_FULL = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MONTH = rf"\b(?-i:(?:{_MONTH_FULL})\b|(?:{_MONTH_ABBR})(?:\.|\b))"
_MONTH_WORD = rf"\b(?-i:(?:{_MONTH_FULL})\b)"
_WEEKDAY = r"\b(?-i:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:19|20)[0-9]{2}"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_NUM_WORD = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?"
    rf"|{'|'.join(sorted(_SMALL, key=len, reverse=True))}|a\s+dozen|(?:one\s+)?hundred)"
)
_NUM = rf"(?:[0-9]+(?:\.[0-9]+)?|{_NUM_WORD})"
# a cheap stand-in for _NUM in the patterns: `_keep` checks that the word is a number
_ANY_NUM = (
    r"(?:a\s+few|a\s+couple\s+of|a\s+number\s+of|[0-9]{1,3}(?:,[0-9]{3})++"
    r"|[0-9]++(?:\.[0-9]+)?|[a-z]++(?:-[a-z]++)?)"
)
_UNIT = r"(?:hours?|days?|weeks?|months?|years?|decades?|century|centuries)"
_COUNTING = _words(
    "people persons soldiers troops servicemen civilians refugees migrants deaths dead "
    "casualties victims fighters militants rebels insurgents jihadists members employees "
    "workers officers officials personnel prisoners detainees hostages men women children "
    "residents citizens voters votes seats delegates protesters demonstrators students "
    "tanks vehicles aircraft planes jets missiles rockets drones ships vessels units weapons "
    "rounds cases incidents attacks strikes arrests km kilometres kilometers miles metres "
    "meters tons tonnes barrels dollars euros rubles roubles pounds lira liras yuan "
    "million billion thousand hundred percent times pages words copies households families "
    "companies firms villages homes houses buildings jobs posts sites points hours"
)

# a year reference after "of" ("the third quarter of 2016 / of last year / of that year")
_YEARREF = (
    rf"(?:(?P<year>{_YEAR})\b|(?P<yrel>this|last|next)\s+year\b"
    r"|(?P<yanc>the\s+same|that|the\s+following|the\s+next|the\s+previous|the\s+preceding"
    r"|the\s+prior|the)\s+year\b)"
)

_FLAGS = re.IGNORECASE

_MOD_BEFORE = re.compile(
    r"(?:\b(?:the\s+)?(?:very\s+)?(?:early|earlier|late|later|mid)(?:\s+|-)|\bmid-"
    r"|\b(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|close)\s+of\s+)$",
    _FLAGS,
)
_MOD_HINTS = ("of", "earl", "late", "mid")  # cheap pre-checks of the 9 characters before
_WEEK_OF_HINTS = ("of", "ning", "ting")
_WEEK_OF_BEFORE = re.compile(r"\bthe\s+week\s+(?:of|beginning|starting)\s+$", _FLAGS)
_NUM_BEFORE = re.compile(rf"\b(?:{_NUM}|an?)\s+$", _FLAGS)
_CONNECTOR = re.compile(r"\s*(?:and|to|until|till|through|or|-|–|—)\s*", _FLAGS)
_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|won't|going\s+to|(?:is|are|'s|'re)\s+(?:expected|scheduled|set|due"
    r"|slated|planned|poised|likely|going)\s+to|(?:is|are|'s|'re)\s+(?:scheduled|set|slated"
    r"|planned|due)\s+for|plans?\s+to|intends?\s+to|upcoming)\b|'ll\b",
    _FLAGS,
)
_PAST_VERB_AFTER = re.compile(
    r"\s+(?:[a-z]+ed|was|were|had|became|began|came|went|took|made|found|gave|led|fell|met"
    r"|saw|grew|broke|rose|won|lost|left|sent|held|told|said|thought|knew|got)\b",
    _FLAGS,
)
_MODAL_BEFORE = re.compile(r"(?:\b(?:will|would|could|may|might|should|must|to)|'ll)\s+$", _FLAGS)
_CAPITALISED_NAME_BEFORE = re.compile(r"\b(?-i:[A-Z][\w.'-]*)\s+$", _FLAGS)
_HOLIDAY_BEFORE = re.compile(
    r"\b(?:Bloody|Black|Good|Easter|Palm|Ash|Holy|Maundy|Cyber|Super)\s+$", _FLAGS
)
# "Resolution 1973", "Law No. 2016", "Article 1999": numbers, not years
_YEAR_BLOCK_BEFORE = re.compile(
    r"\b(?:resolutions?|no|nos|number|articles?|decree|law|chapter|section|flight|route|pages?"
    r"|pp|p|paragraph|para|item|code|bill|room|vol|volume|issue)\.?\s*#?\s*$",
    _FLAGS,
)
_THE_BEFORE = re.compile(r"\bthe\s+$", _FLAGS)
_OF_AFTER = re.compile(r"\s+of\b", _FLAGS)
_SENTENCE_BREAK = re.compile(r"[.!?;:\n]\s*$")


@dataclass(frozen=True)
class _Pattern:
    kind: str
    regex: re.Pattern[str]
    group: str | int = 0  # the group whose span is the timex
    modifiable: bool = False  # may be widened by "early"/"the end of"/...
    day_level: bool = False  # may be widened by "the week of"
    quantity: frozenset[str] | None = None  # see `_keep`


def _p(
    kind: str,
    pattern: str,
    group: str | int = 0,
    mod: bool = False,
    day: bool = False,
    quantity: str | None = None,
) -> _Pattern:
    words = None if quantity is None else frozenset(filter(None, quantity.split(",")))
    return _Pattern(kind, re.compile(pattern, _FLAGS), group, mod, day, words)


_PATTERNS: list[_Pattern] = [
    # full dates
    _p("iso", rf"\b(?P<year>{_YEAR})([-/])(?P<mm>[0-9]{{1,2}})\2(?P<dd>[0-9]{{1,2}})\b"),
    _p(
        "slash",
        rf"\b(?<!/)(?P<a>[0-9]{{1,2}})/(?P<b>[0-9]{{1,2}})/(?P<year>{_YEAR})\b",
        day=True,
    ),
    _p(
        "mdy",
        rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<mon>{_MONTH})\s*(?P<day>{_DAY})"
        rf"(?:\s*[-–]\s*{_DAY})?(?:,\s*|\s+)(?:of\s+)?(?P<year>{_YEAR})\b",
        day=True,
    ),
    _p(
        "dmy",
        rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?<![0-9.,])(?P<day>{_DAY})"
        rf"(?:\s*[-–]\s*{_DAY})?\s+(?:of\s+)?(?P<mon>{_MONTH}),?\s+(?P<year>{_YEAR})\b",
        day=True,
    ),
    _p("my", rf"(?P<mon>{_MONTH})\s*(?:of\s+)?(?P<year>{_YEAR})\b", mod=True),
    _p(
        "md",
        rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<mon>{_MONTH})\s*(?P<day>{_DAY})"
        r"(?!\s*[-–/:.,]?[0-9])(?!\s+(?:alliance|coalition|movement|bloc|camp|forces)\b)",
        day=True,
    ),
    _p(
        "dm",
        rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?<![0-9.,])(?P<day>{_DAY})\s+(?:of\s+)?"
        rf"(?P<mon>{_MONTH})",
        day=True,
    ),
    # months, years, decades, centuries
    _p(
        "month",
        r"\b(?P<cue>in|since|by|until|till|through|throughout|during|before|after|from|between"
        r"|of|to|for|around|as\s+of|starting|beginning|ending|early|late|mid)(?:\s+|-)"
        r"(?:(?:early|late|mid)(?:\s+|-))?"
        rf"(?P<mon>{_MONTH_WORD})",
        group="mon",
        mod=True,
    ),
    _p(
        "month",
        rf"(?P<mon>{_MONTH_WORD})(?=\s*(?:and|to|through|until|or|-|–|—)\s*{_MONTH}\s*"
        rf"(?:{_DAY},?\s*)?{_YEAR}\b)",
        group="mon",
        mod=True,
    ),
    _p(
        "year",
        rf"\b(?<![$€£¥#/])(?<![0-9][.,])(?P<year>{_YEAR})\b(?![.,][0-9]|/|\s*%)"
        rf"(?!\s+(?:per\s*cent|percent|{'|'.join(_COUNTING)})\b)",
        mod=True,
    ),
    _p("decade", r"\b(?:the\s+)?(?<![\w$])(?P<dec>(?:1[0-9]|20)[0-9]0)'?s\b", mod=True),
    _p("decade", r"\bthe\s+'(?P<short>[0-9])0s\b", mod=True),
    _p(
        "century",
        r"\b(?:the\s+)?(?P<cent>[0-9]{2}(?:st|nd|rd|th)|[a-z]++(?:[-\s]first)?)[\s-]+century\b",
        mod=True,
    ),
    # quarters and halves
    _p(
        "quarter",
        r"\b(?:the\s+)?(?P<qord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+quarter"
        rf"(?:\s+(?:of\s+)?{_YEARREF})?",
        mod=True,
    ),
    _p("quarter", rf"\bQ(?P<q>[1-4])\s*(?:of\s+)?(?P<year>{_YEAR})\b", mod=True),
    _p("quarter", rf"(?<![\w$])(?P<year>{_YEAR})\s*-?\s*Q(?P<q>[1-4])\b", mod=True),
    _p("half", rf"\b(?:the\s+)?(?P<hord>first|second|latter|1st|2nd)\s+half\s+of\s+{_YEARREF}"),
    _p("half", rf"\bH(?P<h>[12])\s*(?:of\s+)?(?P<year>{_YEAR})\b"),
    # seasons
    _p("season", rf"\b(?:the\s+)?(?P<season>{_SEASON})\s+(?:of\s+)?{_YEARREF}", mod=True),
    _p(
        "bare_season",
        r"\b(?P<cue>(?:in|during|since|until|by|through|throughout|over|before|after|of|from"
        r"|to|early|late|mid)(?:\s+|-))?(?P<t>(?:the\s+)?(?P<season>(?-i:spring|summer|autumn"
        r"|winter)))\b(?!\s+of\b)",
        group="t",
        mod=True,
    ),
    # dct-relative
    _p(
        "ltn",
        r"\b(?P<rel>last|next|this(?:\s+(?:past|coming))?)\s+(?P<unit>week|month|year|quarter"
        rf"|decade|century|{_SEASON}|{_MONTH_WORD}|{_WEEKDAY})\b",
        mod=True,
    ),
    _p(
        "word",
        r"\b(?P<w>today|yesterday|tomorrow|tonight|this\s+(?:morning|afternoon|evening)"
        r"|last\s+night)\b",
    ),
    _p(
        "ago",
        rf"\b(?P<n>{_ANY_NUM})"
        r"\s+(?P<unit>hours?|days?|weeks?|months?|years?|decades?)\s+ago\b",
        quantity="a,an,a few,few,several,many,some,a couple of,a number of",
    ),
    _p("weekday", rf"(?P<wd>{_WEEKDAY})"),
    # references to past, present and future
    _p(
        "ref",
        r"\b(?:(?P<present>now|currently|at\s+present|presently|nowadays|these\s+days"
        r"|at\s+the\s+moment)|(?P<past>recently|in\s+the\s+past|formerly|previously|lately"
        r"|(?:in|over)\s+recent\s+(?:days|weeks|months|years|decades|times))"
        r"|(?P<future>in\s+the\s+(?:near\s+|distant\s+|foreseeable\s+)?future"
        r"|in\s+the\s+coming\s+(?:days|weeks|months|years|decades)"
        r"|in\s+the\s+(?:days|weeks|months|years|decades)\s+ahead))\b",
    ),
    _p("soon", r"\b(?<!\bas\s)soon\b(?!\s+(?:after|afterwards?|thereafter|as|enough)\b)"),
    # anchor-relative
    _p(
        "anchor",
        r"\b(?P<rel>the\s+same|that|the\s+following|the\s+next|the\s+previous|the\s+preceding"
        r"|the\s+prior)\s+(?P<unit>day|week|month|year|spring|summer|autumn|winter)\b",
        mod=True,
    ),
    _p(
        "anchor",
        r"\bthe\s+(?P<unit>day|week|month|year)\s+(?P<dir>before|after)(?=\s*(?:[,.;:!?)]|$))",
    ),
    _p(
        "anchor",
        r"\b(?:end|beginning|start|middle|close)\s+of\s+(?P<t>the\s+(?P<unit>week|month|year))\b"
        r"(?!\s+(?:before|after)\b)",
        group="t",
        mod=True,
    ),
    _p(
        "later",
        rf"\b(?P<n>{_ANY_NUM})\s+(?P<unit>days?|weeks?|months?|years?|decades?)"
        r"\s+(?P<dir>later|earlier|afterwards?|thereafter)\b",
        quantity="a,an,a couple of",
    ),
    _p(
        "vague",
        r"\b(?:(?:just|only|a\s+few|several|some|mere)\s+)?(?P<unit>days|weeks|months)\s+"
        r"(?:later|after|afterwards?|before|earlier)\b",
    ),
    # durations
    _p(
        "duration",
        rf"\b(?P<n>{_ANY_NUM})(?P<half>\s+and\s+a\s+half)?\s+(?P<unit>{_UNIT})\b"
        r"(?!\s+old\b|\s+of\s+age\b)",
        quantity="",
    ),
    _p(
        "duration",
        r"\b(?P<n>[0-9]++(?:\.[0-9]+)?|[a-z]++(?:-[a-z]++)?)-(?P<unit>hour|day|week|month|year"
        r"|decade|century)\b(?!-old)",
        quantity="",
    ),
    _p(
        "duration",
        rf"\b(?P<n>a\s+few|several|many|a\s+couple\s+of|a\s+number\s+of|numerous)\s+(?P<unit>{_UNIT})\b",
    ),
    _p(
        "duration",
        r"\b(?:for|over|within|in|about|nearly|almost|around|than|lasting|spanning|only|just"
        r"|after)\s+(?P<t>(?P<n>an?)\s+(?P<unit>hour|day|week|month|year|decade|century))\b",
        group="t",
    ),
    _p(
        "duration",
        r"\b(?:for|over|within|in|after)\s+(?P<t>(?P<units>hours|days|weeks|months|years|decades"
        r"|centuries))\b(?!\s+(?:ago|later|after|before|earlier))",
        group="t",
    ),
    _p(
        "span",
        r"\bthe\s+(?P<dir>past|last|previous|next|coming|following|first|final)\s+"
        rf"(?P<n>{_ANY_NUM}|couple\s+of)\s+(?P<unit>{_UNIT})\b",
        quantity="few,several,a few,couple of,a couple of",
    ),
    _p(
        "span",
        r"\bthe\s+(?P<dir>past|last|coming)\s+(?P<unit>hour|day|week|month|year|decade|century"
        r"|hours|days|weeks|months|years|decades|centuries)\b(?!\s+of\b)",
    ),
]


# ------------------------------------------------------------------------------ helpers


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


# ----------------------------------------------------------------------------- candidates


@dataclass
class _Candidate:
    start: int
    end: int
    order: int
    kind: str
    m: re.Match[str]
    week_of: bool = False


_Result = tuple[str, str, str, str]  # value, precision, basis, type


class _Context:
    """Resolution state: the text, the dct, the current anchor and the selected candidates."""

    def __init__(self, text: str, dct: date | None, cands: list[_Candidate]) -> None:
        self.text = text
        self.dct = dct
        self.cands = cands
        self.anchor: _Anchor | None = None
        self.i = 0  # index of the candidate being resolved

    def reference(self) -> _Anchor | None:
        """The anchor, else the dct (at day precision), else None."""
        if self.anchor is not None:
            return self.anchor
        return _Anchor(self.dct, "day") if self.dct is not None else None

    def past(self, start: int) -> bool:
        """True when the clause before `start` has a past-tense cue ("broke down in October")."""
        left = self.text[max(0, start - 120) : start]
        left = left[max(left.rfind(c) for c in ".!?;\n") + 1 :]
        return bool(_PAST_CUE.search(left))

    def future(self, start: int, end: int) -> bool:
        """True when the clause around [start, end) has a future-tense cue."""
        lo = max(0, start - 160)
        left = self.text[lo:start]
        cut = max(left.rfind(c) for c in ".!?;\n")
        left = left[cut + 1 :]
        right = self.text[end : end + 160]
        cuts = [i for i in (right.find(c) for c in ".!?;\n") if i >= 0]
        right = right[: min(cuts)] if cuts else right
        return bool(_FUTURE_CUE.search(left) or _FUTURE_CUE.search(right))

    def range_year(self, month: int) -> int | None:
        """Year from the next candidate when it closes a range ("June and August 2016")."""
        if self.i + 1 >= len(self.cands):
            return None
        cur, nxt = self.cands[self.i], self.cands[self.i + 1]
        if nxt.kind not in ("my", "mdy", "dmy") or not _CONNECTOR.fullmatch(
            self.text, cur.end, nxt.start
        ):
            return None
        year = int(nxt.m["year"])
        return year - 1 if month > _month_of(nxt.m["mon"]) else year


# Each pattern needs a trigger word from some classes; the patterns only run in windows around
# those words, which keeps long documents fast (a regex scan of every pattern over the whole
# text costs ~35x more). M month, W weekday, D digits, U unit, S season, Q quarter/half,
# R reference word, A "ago".
_TRIGGER_CLASSES = {
    "iso": "D",
    "slash": "D",
    "year": "D",
    "decade": "D",
    "mdy": "M",
    "dmy": "M",
    "my": "M",
    "md": "M",
    "dm": "M",
    "month": "M",
    "quarter": "Q",
    "half": "Q",
    "season": "S",
    "bare_season": "S",
    "ltn": "UQSMW",
    "weekday": "W",
    "word": "R",
    "ref": "RU",
    "soon": "R",
    "ago": "A",
    "century": "U",
    "anchor": "US",
    "later": "U",
    "vague": "U",
    "duration": "U",
    "span": "U",
}
_CAPITAL_WORD = re.compile(r"[A-Z][a-z]*[0-9]?")
_CAPITAL_TRIGGERS = {m: "M" for m in _MONTH_ABBR.split("|") + _MONTH_FULL.split("|")}
_CAPITAL_TRIGGERS.update((f"{d}day", "W") for d in _words("Mon Tues Wednes Thurs Fri Satur Sun"))
_CAPITAL_TRIGGERS.update((q, "Q") for q in _words("Q1 Q2 Q3 Q4 H1 H2"))
_DIGITS = re.compile(r"[0-9]+")
_ROOTS = [(w, "U") for w in ("hour", "day", "week", "month", "year", "decade", "centur")]
_ROOTS += [(w, "S") for w in ("spring", "summer", "autumn", "fall", "winter")]
_ROOTS += [("quarter", "Q"), ("half", "Q"), ("ago", "A")]
_ROOTS += [
    (w, "R")
    for w in _words(
        "now current present moment recent past former previous lately future soon today "
        "yesterday tomorrow night morning afternoon evening"
    )
]
# how far (chars before, chars after its start) a match can reach from a trigger of the class
_REACH = {
    "D": (10, 35),
    "M": (35, 50),
    "W": (15, 50),
    "U": (35, 30),
    "S": (25, 40),
    "Q": (25, 45),
    "R": (30, 30),
    "A": (35, 8),
}


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Merged (start, end) windows around the trigger words of each pattern's classes.

    Triggers are found with fast literal searches; substrings are fine ("now" in "know"): a
    spurious trigger only widens the text the patterns scan.
    """
    hits: dict[str, list[int]] = {c: [] for c in _REACH}
    for m in _CAPITAL_WORD.finditer(text):
        cls = _CAPITAL_TRIGGERS.get(m.group())
        if cls is not None:
            hits[cls].append(m.start())
    hits["D"] = [m.start() for m in _DIGITS.finditer(text)]
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lowered
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for root, cls in _ROOTS:
        found = hits[cls]
        i = lowered.find(root)
        while i >= 0:
            found.append(i)
            i = lowered.find(root, i + 1)
    n = len(text)
    spans = {
        c: [(max(0, p - _REACH[c][0]), min(n, p + _REACH[c][1])) for p in ps]
        for c, ps in hits.items()
    }
    out: dict[str, list[tuple[int, int]]] = {}
    for classes in set(_TRIGGER_CLASSES.values()):
        merged: list[tuple[int, int]] = []
        for lo, hi in sorted(w for c in classes for w in spans[c]):
            if merged and lo <= merged[-1][1]:
                if hi > merged[-1][1]:
                    merged[-1] = (merged[-1][0], hi)
            else:
                merged.append((lo, hi))
        out[classes] = merged
    return out


def _candidates(text: str, full_scan: bool = False) -> list[_Candidate]:
    """Every pattern match, widened by modifiers (`full_scan` skips the trigger windows)."""
    windows = None if full_scan else _windows(text)
    seen: set[tuple[int, int, int]] = set()
    out: list[_Candidate] = []
    for order, pat in enumerate(_PATTERNS):
        spans = [(0, len(text))] if windows is None else windows[_TRIGGER_CLASSES[pat.kind]]
        for lo, hi in spans:
            for found in pat.regex.finditer(text, lo, hi):
                m: re.Match[str] | None = found
                if hi < len(text) and found.end() > hi - 25:
                    # near the window's end a lookahead or \b saw a false end of text
                    m = pat.regex.match(text, found.start())
                if m is None:
                    continue
                start, end = m.span(pat.group)
                if start < 0 or start == end or (start, end, order) in seen:
                    continue
                seen.add((start, end, order))
                if not _keep(pat.kind, m, text, start, pat.quantity):
                    continue
                week_of = False
                tail = text[max(0, start - 9) : start].lower()
                if pat.modifiable and any(w in tail for w in _MOD_HINTS):
                    mod = _MOD_BEFORE.search(text, max(0, start - 40), start)
                    if mod:
                        start = mod.start()
                if pat.day_level and any(w in tail for w in _WEEK_OF_HINTS):
                    wk = _WEEK_OF_BEFORE.search(text, max(0, start - 30), start)
                    if wk:
                        start, week_of = wk.start(), True
                out.append(_Candidate(start, end, order, pat.kind, m, week_of))
    return out


def _keep(
    kind: str, m: re.Match[str], text: str, start: int, quantity: frozenset[str] | None
) -> bool:
    """Filters that are easier to write in Python than in the patterns.

    `quantity`: for patterns whose count is any word (`_ANY_NUM`), the non-numeric words they
    accept; other words must be numbers ("a"/"an" are left to the patterns that allow them).
    """
    before = text[max(0, start - 30) : start]
    if kind == "month" and m["mon"] == "May":
        # Theresa May: "a speech by May", "May's cabinet", "Merkel and May"
        cue = (m.groupdict().get("cue") or "").lower()
        return cue in _MAY_CUES and not text.startswith(("'s", "’s"), m.end())
    if kind == "season" and m["season"].lower() == "fall":
        # "exports fall next year": a verb unless "the fall", "fall of ..." or "fall 2016"
        return m.group().lower().startswith("the") or " of " in m.group() or bool(m["year"])
    if kind == "quarter" and (m.groupdict().get("qord") or "").lower() in ("last", "final"):
        # "the last quarter of 2016" is Q4, but a bare "last quarter" is the previous one (ltn)
        return bool(m["year"] or m["yrel"] or m["yanc"])
    if kind == "ltn":
        # "the last week of June", "the next decade": ordinals, not relative to the dct
        return not (_THE_BEFORE.search(before) or _OF_AFTER.match(text, m.end()))
    if kind == "bare_season":
        return bool(m["cue"]) or m["t"].lower().startswith("the")
    if kind == "word" and m["w"][0] == "T" and m["w"].lower() == "today":
        # "Russia Today", "USA Today": a capitalised name right before, mid-sentence
        return not (_CAPITALISED_NAME_BEFORE.search(before) and not _sentence_start(text, start))
    if kind == "weekday":
        return not _HOLIDAY_BEFORE.search(before)
    if kind == "vague":
        return not _NUM_BEFORE.search(before)
    if kind in ("md", "dm", "mdy", "dmy", "iso", "slash"):
        return _valid_date(m)
    if kind == "century":
        cent = m["cent"].lower().replace(" ", "-")
        return cent in _CENTURY_WORDS or cent[:2] in {str(n) for n in range(10, 22)}
    if kind == "year":
        return not _YEAR_BLOCK_BEFORE.search(before)
    if kind in ("duration", "span") and m.groupdict().get("unit") and m["unit"][0].isupper():
        return False  # "the Six-Day War", "the Thirty Years' War", "the Five-Year Plan"
    if quantity is not None:
        n = re.sub(r"\s+", " ", m["n"].lower())
        if n in quantity:
            return True
        return n not in _VAGUE_QUANT and n not in ("a", "an") and _number(n) is not None
    return True


_MAY_CUES = {"in", "since", "until", "till", "through", "throughout", "during", "early", "late"}
_MAY_CUES |= {"mid", "as of", "starting", "beginning", "ending"}


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 5) : start]
    return not before.strip() or bool(_SENTENCE_BREAK.search(before))


def _ymd(m: re.Match[str]) -> tuple[int, int, int]:
    """(year, month, day) of a full date match (year 0 when the text has none)."""
    groups = m.groupdict()
    if "mm" in groups and groups["mm"]:
        return int(m["year"]), int(m["mm"]), int(m["dd"])
    if "a" in groups and groups["a"]:
        a, b = int(m["a"]), int(m["b"])
        if a > 12 >= b:  # 24/11/2015 can only be day/month
            a, b = b, a
        return int(m["year"]), a, b
    day = int(m["day"].rstrip("stndrh"))
    year = int(m["year"]) if groups.get("year") else 0
    return year, _month_of(m["mon"]), day


def _valid_date(m: re.Match[str]) -> bool:
    y, mo, d = _ymd(m)
    try:
        date(y or 2000, mo, d)  # 2000 is a leap year, so February 29 passes without a year
    except ValueError:
        return False
    return True


def _select(cands: list[_Candidate], length: int) -> list[_Candidate]:
    """Keep the longest candidates that do not overlap (ties: earlier pattern first)."""
    taken = bytearray(length + 1)
    chosen: list[_Candidate] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.order, c.start)):
        if 1 in taken[c.start : c.end]:
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


# ------------------------------------------------------------------------------ resolvers


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
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|said|broke|met|took|made|came|went|began|fell|rose|won|lost|"
    r"\w+ed)\b",
    re.I,
)
_NEAR_AHEAD_MONTHS = 2


def _unyeared_month(c: _Candidate, ctx: _Context, month: int) -> tuple[int, str] | None:
    """Year (and basis) for a month given without one: range, then dct/tense, then anchor."""
    year = ctx.range_year(month)
    if year is not None:
        return year, "explicit"
    if ctx.dct is not None:
        y, m0 = ctx.dct.year, ctx.dct.month
        ahead = (month - m0) % 12
        near = 0 < ahead <= _NEAR_AHEAD_MONTHS and not ctx.past(c.start)
        if ctx.future(c.start, c.end) or near:
            # the future tense, or a month just ahead ("on Dec. 15" in a November report)
            return (y if month >= m0 else y + 1), "relative"
        return (y if month <= m0 else y - 1), "relative"
    if ctx.anchor is not None:
        return ctx.anchor.day.year, "relative"
    return None


def _r_month_day(c: _Candidate, ctx: _Context) -> _Result | None:
    _, mo, d = _ymd(c.m)
    found = _unyeared_month(c, ctx, mo)
    if found is None:
        return None
    year, basis = found
    return _day_result(c, date(year, mo, d), basis)


def _r_month_year(c: _Candidate, ctx: _Context) -> _Result | None:
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
    if ctx.dct is not None and not (g.get("year") or g.get("yrel") or g.get("yanc")):
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


def _nearest_weekday(d: date, wd: int, direction: int, strict: bool) -> date:
    """The weekday `wd` nearest `d` going back (-1) or forward (+1)."""
    delta = ((d.weekday() - wd) % 7) if direction < 0 else ((wd - d.weekday()) % 7)
    if strict and delta == 0:
        delta = 7
    return d + timedelta(days=direction * delta)


def _r_ltn(c: _Candidate, ctx: _Context) -> _Result | None:
    rel = c.m["rel"].lower().split()
    step = {"last": -1, "next": 1}.get(rel[0], 0)
    if len(rel) > 1:
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
        year = dct.year if month < dct.month else dct.year - 1
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
    return (ctx.dct + timedelta(days=offset)).isoformat(), "day", basis, "DATE"


def _r_weekday(c: _Candidate, ctx: _Context) -> _Result | None:
    if ctx.dct is None:
        return None
    wd = _WEEKDAYS[c.m["wd"][:3].lower()]
    direction = 1 if ctx.future(c.start, c.end) else -1
    return (
        _nearest_weekday(ctx.dct, wd, direction, strict=False).isoformat(),
        "day",
        "relative",
        "DATE",
    )


def _r_ago(c: _Candidate, ctx: _Context) -> _Result | None:
    unit = _unit_of(c.m["unit"])
    n = _number(c.m["n"])
    if ctx.dct is None or n is None or n != int(n) or c.m["n"].lower() in _VAGUE_QUANT:
        return _ref("past")
    d = _shift(ctx.dct, "day" if unit == "hour" else unit, -int(n))
    if unit == "decade":
        return f"{d.year // 10:03d}X", "decade", "relative", "DATE"
    prec = {"hour": "day", "decade": "year"}.get(unit, unit)
    return _format(d, prec), prec, "relative", "DATE"


def _r_ref(c: _Candidate, ctx: _Context) -> _Result | None:
    g = c.m.groupdict()
    return _ref(next(k for k in ("present", "past", "future") if g.get(k)))


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


def _r_later(c: _Candidate, ctx: _Context) -> _Result | None:
    ref = ctx.anchor  # "two years later" counts from the narrative, never from the dct
    n = _number(c.m["n"])
    if ref is None or n is None or n != int(n):
        return None
    unit = _unit_of(c.m["unit"])
    sign = -1 if c.m["dir"].lower() == "earlier" else 1
    d = _shift(ref.day, unit, sign * int(n))
    prec = _coarser("year" if unit == "decade" else unit, ref.precision)
    return _format(d, prec), prec, "relative", "DATE"


def _r_vague(c: _Candidate, ctx: _Context) -> _Result | None:
    if ctx.anchor is None:
        return None
    unit = _unit_of(c.m["unit"])
    prec = _coarser("month" if unit in ("day", "week") else "year", ctx.anchor.precision)
    return _format(ctx.anchor.day, prec), prec, "relative", "DATE"


def _duration(n: str | None, unit: str, half: bool = False) -> _Result | None:
    value = None if n is None or n.lower() in _VAGUE_QUANT else _number(n)
    if value is not None and half:
        value += 0.5
    if unit == "hour":
        return f"PT{'X' if value is None else _fmt_num(value)}H", "duration", "explicit", "DURATION"
    if value is None:
        code = {"decade": "DE", "century": "CE"}.get(unit, unit[0].upper())
        return f"PX{code}", "duration", "explicit", "DURATION"
    scale = {"decade": 10, "century": 100}.get(unit, 1)
    code = {"day": "D", "week": "W", "month": "M"}.get(unit, "Y")
    return f"P{_fmt_num(value * scale)}{code}", "duration", "explicit", "DURATION"


def _r_duration(c: _Candidate, ctx: _Context) -> _Result | None:
    g = c.m.groupdict()
    if g.get("units"):
        return _duration(None, _unit_of(g["units"]))
    return _duration(g["n"], _unit_of(g["unit"]), bool(g.get("half")))


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


_RESOLVERS: dict[str, Callable[[_Candidate, _Context], _Result | None]] = {
    "iso": _r_full,
    "slash": _r_full,
    "mdy": _r_full,
    "dmy": _r_full,
    "md": _r_month_day,
    "dm": _r_month_day,
    "my": _r_month_year,
    "month": _r_month,
    "year": _r_year,
    "decade": _r_decade,
    "century": _r_century,
    "quarter": _r_quarter,
    "half": _r_half,
    "season": _r_season,
    "bare_season": _r_bare_season,
    "ltn": _r_ltn,
    "word": _r_word,
    "weekday": _r_weekday,
    "ago": _r_ago,
    "ref": _r_ref,
    "soon": _r_soon,
    "anchor": _r_anchor,
    "later": _r_later,
    "vague": _r_vague,
    "duration": _r_duration,
    "span": _r_span,
}


def _anchor_of(value: str, precision: str, kind: str) -> _Anchor | None:
    """The anchor a resolved DATE value sets, or None (refs, decades, vague offsets)."""
    if kind == "vague" or precision not in _RANK:
        return None
    first, _ = period_of(value)
    if first is None:
        return None
    if precision in ("day", "week", "month"):
        return _Anchor(first, precision)
    return _Anchor(first, "year")


# ------------------------------------------------------------------------------- public


def tag_timexes(text: str, dct: date | None) -> list[Timex]:
    """Find the temporal expressions in `text`, normalised against the document date `dct`.

    Returns non-overlapping `Timex` records sorted by start, with `text[start:end] == t.text`.
    See the module docstring for the resolution rules and heuristics.
    """
    if isinstance(dct, datetime):
        dct = dct.date()
    chosen = _select(_candidates(text), len(text))
    ctx = _Context(text, dct, chosen)
    out: list[Timex] = []
    for i, c in enumerate(chosen):
        ctx.i = i
        try:
            result = _RESOLVERS[c.kind](c, ctx)
        except (ValueError, OverflowError):
            result = None  # out-of-range arithmetic or an unexpected form: not a timex
        if result is None:
            continue
        value, precision, basis, type_ = result
        out.append(Timex(text[c.start : c.end], c.start, c.end, value, precision, basis, type_))
        if type_ == "DATE":
            anchor = _anchor_of(value, precision, c.kind)
            if anchor is not None:
                ctx.anchor = anchor
    return out


_VALUE_RE = re.compile(
    r"(?P<y>[0-9]{4})(?:-(?:(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?|Q(?P<q>[1-4])|H(?P<h>[12])"
    r"|W(?P<w>[0-9]{2})|(?P<s>SP|SU|FA|WI)))?|(?P<dec>[0-9]{3})X"
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


class TimexTagger:
    """spaCy component: sets `doc._.timexes` and `doc.spans[spans_key]` (label = precision)."""

    def __init__(self, name: str = FACTORY_NAME, spans_key: str = "timexes") -> None:
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        timexes = tag_timexes(doc.text, doc._.dct)
        doc._.timexes = timexes
        spans = []
        for t in timexes:
            span = doc.char_span(t.start, t.end, label=t.precision, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(FACTORY_NAME, default_config={"spans_key": "timexes"})
def make_timex_tagger(nlp: Language, name: str, spans_key: str) -> TimexTagger:
    """Build the temporal tagger component: `nlp.add_pipe(FACTORY_NAME)`."""
    return TimexTagger(name=name, spans_key=spans_key)

"""The regular expressions of the temporal tagger: one `_Pattern` per expression shape, plus
the context cues (modifiers, tense cues, blockers) the filters and resolvers look at."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.nlp.timex.data import alternation, load_timex_words
from pipeline.nlp.timex.vocab import _SMALL, _TENS, _words

_LISTS = load_timex_words().lists

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
    r"|[0-9]++(?:\.[0-9]+)?"
    rf"|(?:{'|'.join(_TENS)})\s(?:one|two|three|four|five|six|seven|eight|nine)\b"  # "twenty four"
    r"|[a-z]++(?:-[a-z]++)?)"
)
_UNIT = r"(?:minutes?|hours?|days?|weeks?|months?|years?|decades?|century|centuries)"
# words between a count and its unit that keep it a duration: "two more weeks", "at least 20
# more years", "eight trading days"
_COUNT_MOD = r"(?:more|additional|extra|further|trading|business|working)"
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
# a clock time before a weekday or date: "noon Friday", "5 p.m. EST Nov. 9"
_CLOCK = (
    r"noon|midnight|(?P<hh>[0-9]{1,2})(?::(?P<mm>[0-9]{2}))?\s*(?P<ap>[ap])\.?m\.?"
    r"(?:\s+(?-i:[A-Z]{3}))?"
)
_POD = alternation(list(load_timex_words().parts_of_day))  # "Friday night"
_QORD = r"first|second|third|fourth|final|last|1st|2nd|3rd|4th"

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
# past-tense cues of a clause: a month just ahead of the dct is then still the past one
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|said|broke|met|took|made|came|went|began|fell|rose|won|lost|"
    r"brought|bought|sold|told|left|held|sent|gave|led|saw|grew|knew|thought|found|got|paid"
    r"|fought|struck|spent|built|wrote|spoke|chose|drove|flew|threw|stood|sank|fled|ran|shot"
    r"|drew|swore|sought|caught|kept|meant|felt|dealt|arose|froze|shook|stole|swept|tore|withdrew"
    r"|became|forgot|hid|slept|\w+ed)\b",
    re.I,
)
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
# a weekday said of the past or the future whatever the clause's tense: "said Monday", "met on
# Friday"; "as early as Tuesday", "until Monday", "planned to leave on Thursday"
_WEEKDAY_PAST_BEFORE = re.compile(
    rf"\b(?:{alternation(_LISTS['weekday_past_before'])}|\w+ed)\s+(?:on\s+)?(?:early\s+|late\s+)?$",
    _FLAGS,
)
_WEEKDAY_PAST_AFTER = re.compile(
    rf"(?:'s\b|(?:\s+(?:{_POD}))?,?\s+(?:{alternation(_LISTS['reporting_verbs'][:2])})\b)", _FLAGS
)
_WEEKDAY_FUTURE_BEFORE = re.compile(
    rf"\b(?:{alternation(_LISTS['weekday_future_before'])})\s+(?:on\s+)?$", _FLAGS
)
# "the two leaders meet Monday", "talks resume on Tuesday": a scheduled event, the coming day
_WEEKDAY_PRESENT_BEFORE = re.compile(
    rf"\b(?:{alternation(_LISTS['weekday_present_future'])})\s+(?:\w+ly\s+)?(?:on\s+)?$", _FLAGS
)
_PLAN_CUE = re.compile(rf"\b(?:{alternation(_LISTS['plan_cues'])})\b", _FLAGS)
# a month or date without a year right after these words is the coming one ("payable Dec. 15",
# "effective Feb. 1", "by January"), after these the past one ("since May", "ended Sept. 30")
_DATE_FUTURE_BEFORE = re.compile(
    rf"\b(?:{alternation(_LISTS['date_future_before'])})\s+"
    r"(?:on\s+|in\s+)?(?:(?:early|mid|late)(?:\s+|-))?$",
    _FLAGS,
)
_DATE_PAST_BEFORE = re.compile(
    rf"\b(?:{alternation(_LISTS['date_past_before'])}"
    r"|(?:was|were|had\s+been)\s+\w+ed\s+(?:on|in)"
    r"|(?<!\bbe\s)(?!(?:expect|schedul|plann|slat|target|propos|extend|postpon|delay)ed\b)"
    r"[a-z]+ed)\s+(?:(?:early|mid|late)(?:\s+|-))?$",
    _FLAGS,
)
_HAD_CUE = re.compile(r"\bhad\b", _FLAGS)
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
    _p("my", rf"(?P<mon>{_MONTH_WORD})\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year\b", mod=True),
    _p(
        "md",
        rf"(?:\b(?P<clock>{_CLOCK}),?\s+)?"
        rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<mon>{_MONTH})\s*(?P<day>{_DAY})"
        r"(?!\s*[-–/:.,]?[0-9])(?!\s+(?:alliance|coalition|movement|bloc|camp|forces)\b)",
        day=True,
    ),
    # the second day of "April 24 and 25"
    _p(
        "md",
        rf"(?P<mon>{_MONTH})\s*{_DAY}\s*(?:and|or|&)\s*(?P<day>{_DAY})"
        rf"(?!\s*[-–/:.,]?[0-9])(?!,?\s*{_YEAR})",
        group="day",
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
    # "the March accession", "a June agreement": a month modifying a noun
    _p(
        "month",
        rf"\b(?:the|an?)\s+(?P<mon>{_MONTH_WORD})(?=\s+(?-i:[a-z]+)\b)(?!\s+(?:of|and|or|to)\b)",
        group="mon",
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
    # an older year after a preposition: "independence from Spain in 1898"
    _p(
        "year",
        r"\b(?:in|since|from|until|by|before|after)\s+(?P<year>1[5-8][0-9]{2})\b(?![.,][0-9]|\s*%)"
        rf"(?!\s+(?:per\s*cent|percent|{'|'.join(_COUNTING)})\b)",
        group="year",
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
        rf"\b(?:the\s+)?(?:fiscal\s+)?(?P<qord>{_QORD})[\s-]+quarter(?P<pl>s\b)?(?!ly)"
        rf"(?:\s+(?:of\s+)?{_YEARREF})?",
        mod=True,
    ),
    # the first of coordinated quarters is a quarter of its own: "third" of "the third and
    # fourth quarters (of 2012)"
    _p(
        "quarter",
        rf"\b(?P<qord>{_QORD})(?=\s+(?:and|or|to|through)\s+(?:the\s+)?(?:{_QORD})[\s-]+"
        rf"quarter(?P<pl>s)\b(?:\s+(?:of\s+)?{_YEARREF})?)",
        group="qord",
    ),
    _p(
        "quarter",
        rf"\b(?:the\s+)?(?:(?P<year>{_YEAR})|(?P<yrel>this|last|next)\s+year'?s)\s+(?:fiscal\s+)?"
        rf"(?P<qord>{_QORD})[\s-]+quarter(?!ly)",
        mod=True,
    ),
    # the reporting periods of financial news, resolved against the last quarter mentioned
    _p(
        "fperiod",
        rf"\b(?:the\s+)?(?:(?P<year>{_YEAR})|(?P<yrel>this|last)\s+year'?s)\s+(?:fiscal\s+)?"
        r"(?P<pu>quarter|period)\b",
    ),
    _p(
        "fperiod",
        r"\b(?:the\s+)?(?:(?P<cmp>comparable|corresponding|same)\s+)?(?P<ago>year-(?:ago|earlier))"
        rf"(?:\s+(?:(?P<qord>{_QORD})[\s-]+)?(?:fiscal\s+)?(?P<pu>quarter|period)\b)?",
    ),
    _p(
        "fperiod",
        r"\b(?P<the>the|that)\s+(?:(?P<rel>latest|current|comparable|corresponding|same)\s+)?"
        r"(?:fiscal\s+)?(?P<pu>quarter|period)\b(?!\s+of\b|-to-)"
        rf"(?=\s+(?:ended|ending)\s+(?P<emon>{_MONTH}))?"
        r"(?:\s+(?P<ly>last\s+year|a\s+year\s+(?:ago|earlier)))?",
    ),
    # "for the year ended March 31": the twelve months of a report, a duration
    _p("fyear", r"\bthe\s+(?:fiscal\s+)?year(?=\s+(?:ended|ending)\b)"),
    _p("quarter", rf"\bQ(?P<q>[1-4])\s*(?:of\s+)?(?P<year>{_YEAR})\b", mod=True),
    _p("quarter", rf"(?<![\w$])(?P<year>{_YEAR})\s*-?\s*Q(?P<q>[1-4])\b", mod=True),
    _p(
        "half", rf"\b(?:the\s+)?(?P<hord>first|second|latter|last|1st|2nd)\s+half\s+of\s+{_YEARREF}"
    ),
    _p("half", rf"\bH(?P<h>[12])\s*(?:of\s+)?(?P<year>{_YEAR})\b"),
    _p(
        "half",
        rf"\b(?:the\s+)?(?P<hord>first|last)\s+two\s+quarters\s+of\s+{_YEARREF}",
    ),
    # seasons
    _p("season", rf"\b(?:the\s+)?(?P<season>{_SEASON})\s+(?:of\s+)?{_YEARREF}", mod=True),
    _p(
        "bare_season",
        r"\b(?P<cue>(?:in|during|since|until|by|through|throughout|over|before|after|of|from"
        r"|to|early|late|mid)(?:\s+|-))?(?P<t>(?:the\s+)?(?P<season>(?-i:spring|summer|autumn"
        r"|winter|(?<=\bthe\s)fall(?!\s+(?:in|to|from|was|is|has|had|came|would|will|could"
        r"|followed)\b))))\b(?!\s+of\b)",
        group="t",
        mod=True,
    ),
    # dct-relative
    _p(
        "ltn",
        r"\b(?P<rel>last|next|this(?:\s+(?:past|coming))?|the\s+(?:current|full)(?:\s+fiscal)?)\s+"
        r"(?P<unit>week|month|year|quarter"
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
    _p("weekday", rf"(?:\b(?P<clock>{_CLOCK})\s+)?(?P<wd>{_WEEKDAY})(?:\s+(?P<pod>{_POD}))?"),
    # a clock time alone ("shot at 10 p.m.", "at midday"): the narrative's day
    _p(
        "clock",
        r"\b(?P<clock>(?P<hh>1[0-2]|0?[1-9])(?::(?P<mm>[0-5][0-9]))?\s*(?P<ap>[ap])\.m\b\.?"
        r"(?:\s+(?-i:[A-Z]{3})\b)?|(?<=\bat\s)(?:noon|midday|midnight))",
    ),
    # a part of the day on the narrative's day: "mid-afternoon (yesterday)", "placed orders in
    # the morning" (this one only with a day to anchor it), "at 4 in the morning" (T04:00)
    _p(
        "pod",
        r"\b(?:mid-?\s?|mid(?=[ma]))(?P<pod>morning|afternoon)\b"
        r"(?:\s+(?P<w>yesterday|today|tomorrow))?"
        r"|(?:\b(?P<hh>1[0-2]|0?[1-9])(?:\s+o'clock)?\s+in\s+|(?<=\bin\s))the\s+(?P<pod2>morning|afternoon"
        r"|evening)\b(?!\s+(?:of|before|after|hours|news|papers?|show|session)\b)",
    ),
    # references to past, present and future
    _p(
        "ref",
        r"\b(?:(?P<present>now|currently|at\s+present|presently|nowadays|these\s+days"
        r"|at\s+the\s+moment|(?<!then\s)(?-i:current)(?=\s+[a-z])"
        rf"(?!\s+(?:{alternation(_LISTS['current_not_before'])})\b))|(?P<past>recently|in\s+the\s+past|formerly|lately"
        # "in recent weeks" and "in the coming days" read as vague durations (PXW, PXD), as the
        # TimeML news corpora annotate them; years and decades stay references ("in recent years")
        r"|(?:in|over)\s+recent\s+(?:(?P<unit_recent>days|weeks|months)|years|decades|times))"
        r"|(?P<future>(?:in\s+)?the\s+(?:near\s+|distant\s+|foreseeable\s+)?future(?!\s+of\b)"
        r"|in\s+the\s+coming\s+(?:(?P<unit_coming>days|weeks)|months|years|decades)"
        r"|(?:in|for|over|during|into)\s+(?:coming|future|upcoming)\s+(?:(?P<unit_upcoming>days"
        r"|weeks)|months|years|decades|quarters)"
        r"|in\s+the\s+(?:(?P<unit_ahead>days|weeks)|months|years|decades)\s+ahead"
        # "the challenges of the near term", "at a later date"
        r"|the\s+(?:near|short)\s+term(?=\s*[,.;:!?)\"'`’”]|$)|a\s+later\s+date))\b",
    ),
    _p("soon", r"\b(?<!\bas\s)soon\b(?!\s+(?:after|afterwards?|thereafter|as|enough)\b)"),
    # anchor-relative
    _p(
        "anchor",
        r"\b(?P<rel>the\s+same|that|the\s+following|the\s+next|the\s+previous|the\s+preceding"
        r"|the\s+prior)\s+(?P<unit>day|week|month|year|spring|summer|autumn|winter)\b",
        mod=True,
    ),
    # "the previous Friday", "the following Monday", "the next morning": from the anchor's day
    _p(
        "anchor",
        r"\b(?P<rel>the\s+following|the\s+next|the\s+previous|the\s+preceding|the\s+prior)\s+"
        rf"(?:(?P<wd>{_WEEKDAY})|(?P<pod>morning|afternoon|evening|night)\b)",
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
    # "for the year", "earlier in the year", "the first nine months of the year": the year of
    # the narrative (the dct's without an anchor), not a twelve-month duration
    _p(
        "anchor",
        r"\b(?:for|(?:earlier|later)\s+in|during|(?:months|weeks|days|half|part|rest|remainder"
        r"|balance)\s+of)\s+(?P<t>the\s+(?:fiscal\s+)?(?P<unit>year))\b"
        r"(?!\s+(?:ended|ending|before|after|to|that|when|in|[0-9]|two|nineteen)\b|\s+of\s+[a-z]"
        r"|[-'’])",
        group="t",
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
        rf"\b(?P<n>{_ANY_NUM})(?P<half>\s+and\s+a\s+half|\s+1/2)?\s+(?:{_COUNT_MOD}\s+)?"
        rf"(?P<unit>{_UNIT})\b(?!\s+old\b|\s+of\s+age\b)",
        quantity="",
    ),
    # the first count of a range is a duration of its own: "two" of "two to six days"
    _p(
        "duration",
        rf"\b(?P<n>{_ANY_NUM})(?=\s*(?:to|or|-|–)\s*{_ANY_NUM}\s+(?:{_COUNT_MOD}\s+)?"
        rf"(?P<unit>{_UNIT})\b(?!\s+old\b|\s+of\s+age\b))",
        quantity="",
    ),
    # "an additional year", "a further month"; "a minute and a half" (PT1M30S)
    _p(
        "duration",
        r"\b(?P<n>an?)\s+(?:(?:additional|extra|further)\s+(?P<unit>hour|day|week|month|year)\b"
        r"|(?P<u2>minute|hour|day|month|year)(?P<half>\s+and\s+a\s+half)\b)",
    ),
    _p(
        "duration",
        r"\b(?P<n>[0-9]++(?:\.[0-9]+)?|[a-z]++(?:-[a-z]++)?)-(?P<unit>hour|day|week|month|year"
        r"|decade|century)\b(?!-old)",
        quantity="several,few",
    ),
    # "a day-long meeting", "a year-long dispute": one unit
    _p("duration", r"\b(?P<unit>hour|day|week|month|year)-long\b(?P<n>)"),
    _p(
        "duration",
        r"\b(?P<n>a\s+few|several|many|a\s+couple\s+of|a\s+number\s+of|numerous)\s+"
        rf"(?:{_COUNT_MOD}\s+)?(?P<unit>{_UNIT})\b",
    ),
    _p(
        "duration",
        r"\b(?:for|over|within|in|about|nearly|almost|around|than|lasting|spanning|only|just"
        r"|after|barely|roughly|least|long\s+as)\s+(?P<t>(?P<n>an?)\s+(?P<unit>hour|day|week|month|year|decade|century))\b",
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
        rf"(?P<n>{_ANY_NUM}|couple\s+of)\s+(?P<unit>{_UNIT}|quarters)\b",
        quantity="few,several,a few,couple of,a couple of",
    ),
    _p(
        "span",
        r"\bthe\s+(?P<dir>past|last|coming)\s+(?P<unit>hour|day|week|month|year|decade|century"
        r"|hours|days|weeks|months|years|decades|centuries)\b(?!\s+of\b)",
    ),
]

"""Candidate expressions: trigger windows, pattern matches, filters and longest-first selection."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.nlp.timex.data import alternation, load_timex_words
from pipeline.nlp.timex.patterns import (
    _CAPITALISED_NAME_BEFORE,
    _HOLIDAY_BEFORE,
    _MOD_BEFORE,
    _MOD_HINTS,
    _MONTH_ABBR,
    _MONTH_FULL,
    _NUM_BEFORE,
    _OF_AFTER,
    _PATTERNS,
    _SENTENCE_BREAK,
    _THE_BEFORE,
    _WEEK_OF_BEFORE,
    _WEEK_OF_HINTS,
    _YEAR_BLOCK_BEFORE,
)
from pipeline.nlp.timex.patterns_named import (
    NAMED_PATTERNS,
    NAMED_ROOTS,
    NAMED_TRIGGERS,
    keep_named,
)
from pipeline.nlp.timex.values import _month_of, _number
from pipeline.nlp.timex.vocab import _CENTURY_WORDS, _VAGUE_QUANT, _words


@dataclass
class _Candidate:
    start: int
    end: int
    order: int
    kind: str
    m: re.Match[str]
    week_of: bool = False


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
    "fperiod": "QU",
    "fyear": "U",
    "season": "S",
    "bare_season": "S",
    "ltn": "UQSMW",
    "weekday": "W",
    "clock": "DR",
    "pod": "R",
    "word": "R",
    "ref": "RUQ",
    "soon": "R",
    "ago": "A",
    "century": "U",
    "anchor": "USWR",
    "later": "U",
    "vague": "U",
    "duration": "U",
    "span": "UQ",
    **NAMED_TRIGGERS,
}
_CAPITAL_WORD = re.compile(r"[A-Z][a-z]*[0-9]?")
_CAPITAL_TRIGGERS = {m: "M" for m in _MONTH_ABBR.split("|") + _MONTH_FULL.split("|")}
_CAPITAL_TRIGGERS.update(
    (f"{d}day{s}", "W") for d in _words("Mon Tues Wednes Thurs Fri Satur Sun") for s in ("", "s")
)
_CAPITAL_TRIGGERS.update((q, "Q") for q in _words("Q1 Q2 Q3 Q4 H1 H2"))
_DIGITS = re.compile(r"[0-9]+")
_ROOTS = [(w, "U") for w in ("minute", "hour", "day", "week", "month", "year", "decade", "centur")]
_ROOTS += [(w, "S") for w in ("spring", "summer", "autumn", "fall", "winter")]
_ROOTS += NAMED_ROOTS
_ROOTS += [("quarter", "Q"), ("half", "Q"), ("period", "Q"), ("ago", "A")]
_ROOTS += [
    (w, "R")
    for w in _words(
        "now current present moment recent past former previous lately future soon today "
        "yesterday tomorrow night morning afternoon evening noon midday midnight term later"
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
    "H": (30, 40),
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
    for order, pat in enumerate(_PATTERNS + NAMED_PATTERNS):
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
    if kind in NAMED_TRIGGERS:
        return keep_named(kind, m)
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
        # "the last week of June", "the next decade": ordinals, not relative to the dct;
        # ABC's "This Week": a title mid-sentence
        title = m.group().istitle() and not _sentence_start(text, start)
        return not (title or _THE_BEFORE.search(before) or _OF_AFTER.match(text, m.end()))
    if kind == "bare_season":
        return bool(m["cue"]) or m["t"].lower().startswith("the")
    if kind == "word" and m["w"].lower() == "today" and _GENERIC_TODAY.match(text, m.end()):
        return False  # "today's youth", "in today's world": the present age, not the dct
    if kind == "word" and m["w"].lower() == "tomorrow" and _GENERIC_OF_BEFORE.search(before):
        return False  # "the people of tomorrow": the coming age, not the day after the dct
    if kind == "word" and m["w"][0] == "T" and m["w"].lower() == "today":
        # "Russia Today", "USA Today": a capitalised name right before, mid-sentence
        return not (_CAPITALISED_NAME_BEFORE.search(before) and not _sentence_start(text, start))
    if kind == "ref" and _MOST_RECENTLY.match(text, start - 5):
        return False  # "killed three times, most recently last October": the date is the timex
    if kind == "weekday":
        return not _HOLIDAY_BEFORE.search(before)
    if kind == "vague":  # not "two days later" (a count) or "a matter of days before"
        return not (_NUM_BEFORE.search(before) or _MATTER_OF_BEFORE.search(before))
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


_GENERIC_TODAY = re.compile(
    rf"['’]s\s+(?:[a-z]+\s+)?(?:{alternation(load_timex_words().lists['generic_after_todays'])})\b",
    re.I,
)
_MOST_RECENTLY = re.compile(r"most\s+recently,?\s+(?:last|this|on|in)\s", re.I)
_GENERIC_OF_BEFORE = re.compile(
    r"(?<!\bend)(?<!\bmorning)(?<!\bnight)(?<!\bevening)(?<!\bafternoon)\s+of\s+$", re.I
)
_MATTER_OF_BEFORE = re.compile(r"\bmatter\s+of\s+$", re.I)
_MAY_CUES = {"in", "since", "until", "till", "through", "throughout", "during", "early", "late"}
_MAY_CUES |= {"mid", "as of", "starting", "beginning", "ending"}


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 5) : start]
    return not before.strip() or bool(_SENTENCE_BREAK.search(before))


def _ymd(m: re.Match[str]) -> tuple[int, int, int]:
    """(year, month, day) of a full date match (year 0 when the text has none)."""
    groups = m.groupdict()
    if groups.get("dd"):
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

"""Resolution state shared by the resolvers: the text, the dct, the anchor, tense cues."""

from __future__ import annotations

import re
from datetime import date

from pipeline.nlp.timex.candidates import _Candidate
from pipeline.nlp.timex.data import alternation, load_timex_words
from pipeline.nlp.timex.patterns import _CONNECTOR, _FUTURE_CUE, _PAST_CUE
from pipeline.nlp.timex.values import _Anchor, _month_of

_Result = tuple[str, str, str, str]  # value, precision, basis, type
# words that look past but do not make a clause past: the reporting verb of news ("X said it
# will pay on Dec. 7"), passives after a modal or "to" ("to be completed around Nov. 1") and
# the present perfect and passive ("has invited them to a ceremony on March 12", "is paid on
# Dec. 7")
_NOT_PAST = re.compile(
    rf"\b(?:{alternation(load_timex_words().lists['reporting_verbs'])}|(?:to|will|would|could"
    r"|may|might|should|must|shall)\s+(?:\w+ly\s+)?(?:be|have\s+been)\s+\w+ed"
    r"|(?:has|have)\s+(?:\w+ly\s+)?\w+ed|(?:is|are|am|being)\s+(?:\w+ly\s+)?[a-z]+)\b",
    re.I,
)
# an infinitive after the clause's last past verb carries the date: "decided to admit them
# in early March", "summoned him to testify on Feb. 10"
# ("changed to a calendar year in December" is no infinitive)
_INFINITIVE = re.compile(
    rf"\bto\s+(?!(?:be|{alternation(load_timex_words().lists['to_non_verbs'])})\b)[a-z]+\b"
)


# where a clause ends: ".!?;" or a line break, but not the period of "Mr.", "Corp.", "P."
_BREAK = re.compile(r"[!?;\n]|\.(?=[\s'\"’”)]|$)")
_WORD_BEFORE = re.compile(r"[A-Za-z.]+$")
_ABBREVIATIONS = frozenset(load_timex_words().lists["abbreviations"])


def _is_break(text: str, i: int) -> bool:
    if text[i] != ".":
        return True
    word = _WORD_BEFORE.search(text, 0, i)
    w = word.group().lower() if word else ""
    return not (len(w) == 1 or "." in w or w in _ABBREVIATIONS)


def _after_break(left: str) -> str:
    """The text after the last clause break of `left`."""
    for m in reversed(list(_BREAK.finditer(left))):
        if _is_break(left, m.start()):
            return left[m.end() :]
    return left


def _before_break(right: str) -> str:
    """The text before the first clause break of `right`."""
    for m in _BREAK.finditer(right):
        if _is_break(right, m.start()):
            return right[: m.start()]
    return right


# a finite past verb: after a future cue it dates what follows ("since he was rescued in May")
_FINITE_PAST = re.compile(r"\b(?:was|were|had|did)\b", re.I)


class _Context:
    """Resolution state: the text, the dct, the current anchor and the selected candidates."""

    def __init__(self, text: str, dct: date | None, cands: list[_Candidate]) -> None:
        self.text = text
        self.dct = dct
        self.cands = cands
        self.anchor: _Anchor | None = None
        self.anchor_end = 0  # where the anchor's expression ends
        self.quarter: tuple[int, int] | None = None  # the reporting quarter (year, q)
        self.i = 0  # index of the candidate being resolved

    def reference(self) -> _Anchor | None:
        """The anchor, else the dct (at day precision), else None."""
        if self.anchor is not None:
            return self.anchor
        return _Anchor(self.dct, "day") if self.dct is not None else None

    def past(self, start: int) -> bool:
        """True when the clause before `start` has a past-tense cue ("broke down in October")."""
        left = _after_break(self.text[max(0, start - 120) : start])
        left = _NOT_PAST.sub(" ", left)
        cues = list(_PAST_CUE.finditer(left))
        return bool(cues) and not _INFINITIVE.search(left, cues[-1].end())

    def clause_left(self, start: int) -> str:
        """The text of the clause before `start` (up to 160 characters)."""
        return _after_break(self.text[max(0, start - 160) : start])

    def clause_right(self, end: int) -> str:
        """The text of the clause after `end` (up to 160 characters)."""
        return _before_break(self.text[end : end + 160])

    def future(self, start: int, end: int) -> bool:
        """True when the clause around [start, end) has a future-tense cue."""
        left = self.clause_left(start)
        right = self.clause_right(end)
        cues = list(_FUTURE_CUE.finditer(left))
        if cues:
            # unless a past verb comes between ("will take him from the relatives who have
            # cared for him since he was rescued in late November")
            return not _FINITE_PAST.search(left, cues[-1].end())
        # a cue after the expression counts unless a past verb comes first ("In May it
        # announced plans to ...") or the clause before is past ("issued May 1, which will")
        cue = _FUTURE_CUE.search(right)
        if cue is None or _PAST_CUE.search(left):
            return False
        past = _PAST_CUE.search(right, 0, cue.start())
        return past is None

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

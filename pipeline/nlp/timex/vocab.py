"""Vocabulary of the temporal tagger: month, weekday, season and number words, read from
`pipeline/data/timex.yaml` (see `pipeline.nlp.timex.data`)."""

from __future__ import annotations

from pipeline.nlp.timex.data import load_timex_words

_DATA = load_timex_words()

_MONTHS = _DATA.months
_WEEKDAYS = _DATA.weekdays
_SEASONS = _DATA.seasons
# chronological order inside a label year: winter (Dec-Feb, ending in the year) comes first
_SEASON_INDEX = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}
_SEASON_START_MONTH = {"WI": 1, "SP": 3, "SU": 6, "FA": 9}
_QUARTER_ORD = _DATA.quarter_ordinals


def _words(text: str) -> list[str]:
    return text.split()


_SMALL = list(_DATA.lists["small_numbers"])
_TENS = list(_DATA.lists["tens"])
_NUMBER_WORDS = {w: i for i, w in enumerate(_SMALL)}
_NUMBER_WORDS.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
_NUMBER_WORDS.update({"hundred": 100, "a": 1, "an": 1, "one hundred": 100, "a dozen": 12})
_NUMBER_WORDS["a couple of"] = _NUMBER_WORDS["couple of"] = 2
_VAGUE_QUANT = _DATA.lists["vague_quantities"]

_CENTURY_WORDS = _DATA.century_words

"""Vocabulary of the temporal tagger: month, weekday, season and number words."""

from __future__ import annotations

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

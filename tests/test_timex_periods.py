"""The temporal tagger on periods of news reports: "for the year" as the narrative's year,
rates ("$2 billion a year") and plural weekdays ("on Fridays") as sets, "last <month>" for
the month just past, "the fall" as a season, and the discourse "Now," that is no time."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.nlp.timex import tag_timexes
from pipeline.nlp.timex.named import easter_sunday

EARNINGS = date(2016, 11, 3)
MARCH_FIRST = date(2016, 3, 1)
JANUARY = date(2017, 1, 12)
SPRING = date(2013, 3, 14)


def _values(text: str, dct: date) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag_timexes(text, dct)]


CASES: list[tuple[str, date, list[tuple[str, str]]]] = [
    # ---- "the year" of a report is the year the narrative is in, not twelve months
    (
        "Arms exports fell 4% for the year, the ministry said.",
        EARNINGS,
        [("the year", "2016")],
    ),
    (
        "Grain shipments through the strait doubled in the first nine months of the year.",
        EARNINGS,
        [("the first nine months", "P9M"), ("the year", "2016")],
    ),
    (
        "The ceasefire collapsed in 2014. Talks had stalled earlier in the year over prisoners.",
        EARNINGS,
        [("2014", "2014"), ("the year", "2014")],
    ),
    (
        "The fund expects lower aid disbursements for the fiscal year.",
        EARNINGS,
        [("the fiscal year", "2016")],
    ),
    # ... but "the year ended June 30" stays the twelve months, "the year before" the anchor's
    (
        "The agency spent $3 million in the year ended June 30.",
        EARNINGS,
        [("the year", "P1Y"), ("June 30", "2016-06-30")],
    ),
    (
        "Refugee arrivals rose in 2015 and fell the year before.",
        EARNINGS,
        [("2015", "2015"), ("the year before", "2014")],
    ),
    (
        "Observers called her the diplomat of the year.",
        EARNINGS,
        [],
    ),
    (
        "The rouble sank to a low for the year of 80 in January.",
        EARNINGS,
        [("the year", "2016"), ("January", "2016-01")],
    ),
    # ---- an irregular past verb makes a month just ahead of the dct the past one
    (
        "The ferry sank in December; its crew fled in January.",
        EARNINGS,
        [("December", "2015-12"), ("January", "2016-01")],
    ),
    # ---- vague futures of business and diplomatic news
    (
        "Officials do not expect a settlement in the near term.",
        EARNINGS,
        [("the near term", "FUTURE_REF")],
    ),
    (
        "The talks may stall in the short term, but the rest of the aid will flow at a later date.",
        EARNINGS,
        [("the short term", "FUTURE_REF"), ("a later date", "FUTURE_REF")],
    ),
    (
        "The short term loans were repaid.",
        EARNINGS,
        [],
    ),
    # ---- rates: the "a year" of an amount per year is a set
    (
        "The pipeline would earn Kiev $2 billion a year in transit fees.",
        EARNINGS,
        [("a year", "P1Y")],
    ),
    (
        "Border guards turn back hundreds of migrants a day and patrol twice a week.",
        EARNINGS,
        [("a day", "P1D"), ("a week", "P1W")],
    ),
    (
        "He was sentenced to ten years and a day.",
        EARNINGS,
        [("ten years", "P10Y")],
    ),
    (
        "Remittances rose 5% from a year ago.",
        EARNINGS,
        [("a year ago", "2015")],
    ),
    # ---- "last <month>": the month just before the dct's would be "last month"
    (
        "Two patrol boats collided last February off the coast.",
        MARCH_FIRST,
        [("last February", "2015-02")],
    ),
    (
        "The envoy visited Baku last December and again last November.",
        JANUARY,
        [("last December", "2015-12"), ("last November", "2016-11")],
    ),
    (
        "The junta seized power last August.",
        MARCH_FIRST,
        [("last August", "2015-08")],
    ),
    # ---- a scheduled event in the present tense is on the coming weekday
    (
        "The two foreign ministers meet separately Monday with the mediator.",
        SPRING,
        [("Monday", "2013-03-18")],
    ),
    (
        "Ceasefire talks resume on Tuesday in Geneva.",
        SPRING,
        [("Tuesday", "2013-03-19")],
    ),
    (
        "The two foreign ministers met Monday.",
        SPRING,
        [("Monday", "2013-03-11")],
    ),
    # ---- quarters in the plural: any year's without a year; each conjunct is one
    (
        "Fighting usually peaks in the second and fourth quarters.",
        SPRING,
        [("second", "XXXX-Q2"), ("fourth quarters", "XXXX-Q4")],
    ),
    (
        "Exports fell in the third and fourth quarters of 2012.",
        SPRING,
        [("third", "2012-Q3"), ("fourth quarters of 2012", "2012-Q4")],
    ),
    # ---- weekdays in the plural are sets
    (
        "Opposition supporters rally in the capital on Fridays.",
        SPRING,
        [("Fridays", "XXXX-WXX-5")],
    ),
    (
        "Ferries to the island sail on Monday and Thursday nights.",
        SPRING,
        [("Monday", "2013-03-11"), ("Thursday nights", "XXXX-WXX-4TNI")],
    ),
    # ---- "the fall" is the season after a preposition, not a drop
    (
        "The accord, reached in the fall, lapses next year.",
        SPRING,
        [("the fall", "2012-FA"), ("next year", "2014")],
    ),
    (
        "Parliamentary elections will be held in the fall.",
        SPRING,
        [("the fall", "2013-FA")],
    ),
    (
        "The fall in oil prices hurt Moscow; after the fall of the regime, exiles returned.",
        SPRING,
        [],
    ),
    # ---- movable feasts from Easter Sunday (2013: March 31)
    (
        "The patriarch will lead prayers on Easter Sunday.",
        SPRING,
        [("Easter Sunday", "2013-03-31")],
    ),
    (
        "Shops in the old city closed on Good Friday.",
        date(2013, 4, 10),
        [("Good Friday", "2013-03-29")],
    ),
    (
        "Pilgrims crowded Jerusalem during Holy Week.",
        date(2013, 4, 10),
        [("Holy Week", "2013-W13")],
    ),
    (
        "Security was tight as Easter week began.",
        date(2013, 3, 26),
        [("Easter week", "2013-W13")],
    ),
    # ---- "Now," opening a sentence is the discourse marker
    (
        'The plan was a fair one. "Now, it looks as if the West wants a war," he said.',
        MARCH_FIRST,
        [],
    ),
    (
        "Now, after the sale of its shipyards, the state holds little.",
        MARCH_FIRST,
        [],
    ),
    (
        "For now, the embassy issues only emergency visas. Now the talks resume.",
        MARCH_FIRST,
        [("now", "PRESENT_REF"), ("Now", "PRESENT_REF")],
    ),
]


@pytest.mark.parametrize(("text", "dct", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_report_periods(text: str, dct: date, expected: list[tuple[str, str]]) -> None:
    assert _values(text, dct) == expected


def test_rates_and_plural_weekdays_are_sets() -> None:
    found = tag_timexes("The mine yields 40 tonnes a month; miners rest on Sundays.", EARNINGS)
    assert [(t.text, t.value, t.type) for t in found] == [
        ("a month", "P1M", "SET"),
        ("Sundays", "XXXX-WXX-7", "SET"),
    ]


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2000, date(2000, 4, 23)), (2016, date(2016, 3, 27)), (2019, date(2019, 4, 21))],
)
def test_easter_sunday(year: int, expected: date) -> None:
    assert easter_sunday(year) == expected

"""The temporal tagger on news conventions: reporting quarters, weekday and month direction,
clock times, holidays, weekends, sets, spelled-out years, and file offsets of `tag_file`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.nlp.timex import period_of, tag_timexes
from pipeline.nlp.timex.document import tag_file

EARNINGS = date(2016, 11, 3)  # a Thursday in the fourth quarter: third-quarter reports
THURSDAY = date(2016, 8, 25)
OCTOBER = date(2016, 10, 28)


def _values(text: str, dct: date) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag_timexes(text, dct)]


CASES: list[tuple[str, date, list[tuple[str, str]]]] = [
    # ---- reporting quarters of earnings reports
    (
        "Acme Corp. posted a third-quarter loss of $4 million.",
        EARNINGS,
        [("third-quarter", "2016-Q3")],
    ),
    (
        "The insurer reported fiscal second-quarter profit of $9 million.",
        EARNINGS,
        [("fiscal second-quarter", "2016-Q2")],
    ),
    (
        "Sales in the latest quarter rose 5% to $30 million from $28 million a year earlier.",
        EARNINGS,
        [("the latest quarter", "2016-Q3"), ("a year earlier", "2015-Q3")],
    ),
    (
        "The chain reported third-quarter net income of $2 million, up from $1.5 million a year "
        "ago.",
        EARNINGS,
        [("third-quarter", "2016-Q3"), ("a year ago", "2015-Q3")],
    ),
    (
        "Fourth-quarter results were weak. In the year-ago quarter, the bank earned $7 million.",
        EARNINGS,
        [("Fourth-quarter", "2016-Q4"), ("the year-ago quarter", "2015-Q4")],
    ),
    (
        "Third-quarter sales fell; in the 2015 period the company had a loss.",
        EARNINGS,
        [("Third-quarter", "2016-Q3"), ("the 2015 period", "2015-Q3")],
    ),
    (
        "The airline lost money in the quarter ended Sept. 30.",
        EARNINGS,
        [("the quarter", "2016-Q3"), ("Sept. 30", "2016-09-30")],
    ),
    (
        "The chemical maker posted third-quarter profit of $8 million. It expects a "
        "fourth-quarter charge for the plant closing. Sales in the latest quarter rose 4%.",
        EARNINGS,
        [
            ("third-quarter", "2016-Q3"),
            ("fourth-quarter", "2016-Q4"),
            ("the latest quarter", "2016-Q3"),
        ],
    ),
    (
        "Net rose in the third quarter. After a weak second quarter, margins improved from a "
        "year ago.",
        EARNINGS,
        [
            ("the third quarter", "2016-Q3"),
            ("second quarter", "2016-Q2"),
            ("a year ago", "2015-Q3"),
        ],
    ),
    (
        "The retailer earned more in its fiscal first quarter. In the quarter ended Sept. 30, "
        "sales rose. Another chain posted third-quarter sales up from $5 million a year earlier.",
        EARNINGS,
        [
            ("fiscal first quarter", "2016-Q1"),
            ("the quarter", "2016-Q1"),
            ("Sept. 30", "2016-09-30"),
            ("third-quarter", "2016-Q3"),
            ("a year earlier", "2015-Q3"),
        ],
    ),
    (
        "Third-quarter net rose; in the 2015 period it was lower. The year-ago figure was "
        "restated.",
        EARNINGS,
        [("Third-quarter", "2016-Q3"), ("the 2015 period", "2015-Q3"), ("The year-ago", "2015-Q3")],
    ),
    (
        "Third-quarter net rose. For the nine months, profit was $9 million, up from $7 million "
        "a year earlier.",
        EARNINGS,
        [("Third-quarter", "2016-Q3"), ("nine months", "P9M"), ("a year earlier", "2015")],
    ),
    (
        "The company compared its year-earlier results with the current quarter.",
        EARNINGS,
        [("year-earlier", "2015"), ("the current quarter", "2016-Q4")],
    ),
    (
        "Home prices are higher than a year ago, the survey found.",
        EARNINGS,
        [("a year ago", "2015")],
    ),
    ("Profit for the full year is expected to rise.", EARNINGS, [("the full year", "2016")]),
    (
        "The brewer earned $40 million in the fiscal year ended June 30.",
        EARNINGS,
        [("the fiscal year", "P1Y"), ("June 30", "2016-06-30")],
    ),
    # ---- an adjective "current" is the present, not in "the current account deficit"
    (
        "Based on current prices, the deal is worth $3 billion; the current account deficit "
        "widened.",
        EARNINGS,
        [("current", "PRESENT_REF")],
    ),
    # ---- months without a year: "to" before a noun is no infinitive; a "had" of a relative
    # clause does not make "by February" past
    (
        "The utility switched to a calendar year in December.",
        OCTOBER,
        [("December", "2015-12")],
    ),
    (
        "The sale, which had been expected, is part of a plan to repay the loan by February.",
        OCTOBER,
        [("February", "2017-02")],
    ),
    # ---- a weekday's evening is in its value, its night and morning are not
    (
        "Rebels shelled the town on Tuesday evening.",
        THURSDAY,
        [("Tuesday evening", "2016-08-23TEV")],
    ),
    ("The convoy left on Tuesday night.", THURSDAY, [("Tuesday night", "2016-08-23")]),
    # ---- clock times before a date, and alone (the narrative's day, else the dct's)
    (
        "The tender offer expires at 5 p.m. EDT Sept. 2.",
        THURSDAY,
        [("5 p.m. EDT Sept. 2", "2016-09-02T17:00")],
    ),
    (
        "The guard was shot at 10:40 p.m. near the gate.",
        THURSDAY,
        [("10:40 p.m.", "2016-08-25T22:40")],
    ),
    (
        "On Aug. 3, 2016, the court met at midday.",
        THURSDAY,
        [("Aug. 3, 2016", "2016-08-03"), ("midday", "2016-08-03T12:00")],
    ),
    (
        "The agency will hand the girl to her aunt, who has looked after her since she was "
        "found in late November.",
        THURSDAY,
        [("late November", "2015-11")],
    ),
    # ---- a clause runs past "P." and "Corp."; the present perfect, a passive and a participle
    # right before the date decide as they read
    (
        "Ms. Reyes will succeed Thomas P. Ward Jan. 15 as chief executive.",
        OCTOBER,
        [("Jan. 15", "2017-01-15")],
    ),
    (
        "The minister has invited her counterparts to a summit on Nov. 20.",
        OCTOBER,
        [("Nov. 20", "2016-11-20")],
    ),
    (
        "The fund will buy back the bonds issued Nov. 3, which will mature in 2020.",
        OCTOBER,
        [("Nov. 3", "2015-11-03"), ("2020", "2020")],
    ),
    (
        "Growth should pick up over the next couple of years and in the last half of 2017.",
        OCTOBER,
        [("the next couple of years", "P2Y"), ("the last half of 2017", "2017-H2")],
    ),
    (
        "Acme said it plans a placement of preferred shares around Nov. 4.",
        OCTOBER,
        [("Nov. 4", "2016-11-04")],
    ),
    # ---- weekdays: the verb next to them, plan cues, past perfect; clock times
    ("The minister said Monday that the talks would resume.", THURSDAY, [("Monday", "2016-08-22")]),
    (
        "Farmers planned a protest in the capital on Saturday.",
        THURSDAY,
        [("Saturday", "2016-08-27")],
    ),
    # ---- a vague "one day", and the present age of "today's youth"
    ("She said the region will one day be at peace.", THURSDAY, [("one day", "FUTURE_REF")]),
    ("The strike lasted one day.", THURSDAY, [("one day", "P1D")]),
    ("The war shaped today's youth, the author said.", THURSDAY, []),
    ("The decree appeared in today's edition.", THURSDAY, [("today", "2016-08-25")]),
    ("On Monday, the union plans to strike again.", THURSDAY, [("Monday", "2016-08-29")]),
    (
        "The delegation planned to leave for Geneva on Saturday.",
        THURSDAY,
        [("Saturday", "2016-08-27")],
    ),
    (
        "The ceasefire could take effect as early as Tuesday, diplomats said.",
        THURSDAY,
        [("Tuesday", "2016-08-30")],
    ),
    ("Until Monday, officials had refused to comment.", THURSDAY, [("Monday", "2016-08-22")]),
    (
        "Wednesday's ruling angered the opposition, which will appeal.",
        THURSDAY,
        [("Wednesday", "2016-08-24")],
    ),
    (
        "Rebels attacked the convoy at noon Tuesday.",
        THURSDAY,
        [("noon Tuesday", "2016-08-23T12:00")],
    ),
    ("The polls will close at 10 p.m. Friday.", THURSDAY, [("10 p.m. Friday", "2016-08-26T22:00")]),
    ("The envoys met Wednesday night in Vienna.", THURSDAY, [("Wednesday night", "2016-08-24")]),
    # ---- months and dates without a year: the words right before them
    (
        "The dividend is payable Dec. 15 to holders of record Nov. 30.",
        OCTOBER,
        [("Dec. 15", "2016-12-15"), ("Nov. 30", "2016-11-30")],
    ),
    (
        "The new tariffs, effective Feb. 1, were published by the ministry.",
        OCTOBER,
        [("Feb. 1", "2017-02-01")],
    ),
    ("The deadline for the offer was extended to Nov. 16.", OCTOBER, [("Nov. 16", "2016-11-16")]),
    ("The company said the bonus is paid on Dec. 7.", OCTOBER, [("Dec. 7", "2016-12-07")]),
    ("Traders had bought the bonds until Sept. 29.", OCTOBER, [("Sept. 29", "2016-09-29")]),
    ("Exports have fallen steadily since May.", OCTOBER, [("May", "2016-05")]),
    (
        "The alliance decided to admit the two states in early November.",
        OCTOBER,
        [("early November", "2016-11")],
    ),
    (
        "The dispute may finally be settled in a hearing on Nov. 20.",
        OCTOBER,
        [("Nov. 20", "2016-11-20")],
    ),
    (
        "Police found new evidence in the November shooting of a judge.",
        date(2017, 3, 2),
        [("November", "2016-11")],
    ),
    ("The May government resigned.", OCTOBER, []),
    ("In April, the firm announced plans to build a plant.", OCTOBER, [("April", "2016-04")]),
    ("The rebels seized the town in June last year.", OCTOBER, [("June last year", "2015-06")]),
    ('The envoy said on ABC\'s "This Week" that talks would go on.', THURSDAY, []),
    (
        "The plant opened in May 2010. In the weeks before the vote, protests grew.",
        OCTOBER,
        [("May 2010", "2010-05")],
    ),
    # ---- holidays, weekends, sets, spelled-out years, minutes, the future
    (
        "Shoppers crowded the malls on Thanksgiving Day.",
        date(2016, 11, 30),
        [("Thanksgiving Day", "2016-11-24")],
    ),
    (
        "Voters will go to the polls on Election Day.",
        date(2016, 10, 20),
        [("Election Day", "2016-11-08")],
    ),
    ("Markets were calm over the weekend.", date(2016, 8, 29), [("the weekend", "2016-W34-WE")]),
    ("The agency publishes the casualty figures daily.", THURSDAY, [("daily", "P1D")]),
    ("Inspectors visit the site every week.", THURSDAY, [("every week", "P1W")]),
    ("The festival is held each July in the old town.", THURSDAY, [("each July", "XXXX-07")]),
    ("The bank pays a quarterly dividend.", THURSDAY, []),
    (
        "Oil prices peaked in nineteen ninety-six, the analyst said.",
        THURSDAY,
        [("nineteen ninety-six", "1996")],
    ),
    (
        "Planners worried about computers in the year two thousand.",
        THURSDAY,
        [("the year two thousand", "2000")],
    ),
    ("About two thousand people marched to the square.", THURSDAY, []),
    ("The talks lasted ninety minutes.", THURSDAY, [("ninety minutes", "PT90M")]),
    ("The refugees lived in the camps for 2 1/2 years.", THURSDAY, [("2 1/2 years", "P2Y6M")]),
    ("The flight took five and a half hours.", THURSDAY, [("five and a half hours", "PT5H30M")]),
    ("The alliance must prepare for the future.", THURSDAY, [("the future", "FUTURE_REF")]),
    ("The future of the alliance is in doubt.", THURSDAY, []),
    ("The spokesman had previously denied the report.", THURSDAY, []),
    # ---- counts with a word before the unit, and "a unit and a half"
    (
        "The lease lets the navy stay for at least 15 more years.",
        THURSDAY,
        [("15 more years", "P15Y")],
    ),
    (
        "The lender may extend the loan for an additional year.",
        THURSDAY,
        [("an additional year", "P1Y")],
    ),
    (
        "The index recovered six trading days after the crash.",
        THURSDAY,
        [("six trading days", "P6D")],
    ),
    (
        "A minute and a half later the pilot radioed the tower.",
        THURSDAY,
        [("A minute and a half", "PT1M30S")],
    ),
    ("The strike began barely a month after the vote.", THURSDAY, [("a month", "P1M")]),
    # ---- recent and coming days, weeks (and recent months) as vague durations; years stay refs
    (
        "Border guards have turned back hundreds of trucks in recent weeks.",
        THURSDAY,
        [("in recent weeks", "PXW")],
    ),
    (
        "Grain prices climbed over recent months as the drought spread.",
        THURSDAY,
        [("over recent months", "PXM")],
    ),
    (
        "The two ministers are expected to speak in the coming days.",
        THURSDAY,
        [("in the coming days", "PXD")],
    ),
    (
        "Negotiators face a hard road in the weeks ahead.",
        THURSDAY,
        [("in the weeks ahead", "PXW")],
    ),
    (
        "The opposition has gained seats in recent years.",
        THURSDAY,
        [("in recent years", "PAST_REF")],
    ),
    (
        "The ports stayed shut for the last twenty four hours.",
        THURSDAY,
        [("the last twenty four hours", "PT24H")],
    ),
    # ---- vague futures without "the"
    (
        "Analysts expect the steel market to weaken in coming quarters.",
        THURSDAY,
        [("in coming quarters", "FUTURE_REF")],
    ),
    (
        "The tax credits will cut payments in future years.",
        THURSDAY,
        [("in future years", "FUTURE_REF")],
    ),
    # ---- parts of the day
    (
        "In Frankfurt at mid-afternoon yesterday, the bank's shares were down 3%.",
        THURSDAY,
        [("mid-afternoon yesterday", "2016-08-24TAF")],
    ),
    (
        "Shares slid on Tuesday. Traders sold heavily in the morning and bought later.",
        THURSDAY,
        [("Tuesday", "2016-08-23"), ("the morning", "2016-08-23TMO")],
    ),
    ("Farmers in the valley usually work in the morning.", THURSDAY, []),
    (
        "The minister said the delegation will leave at 5 in the morning.",
        THURSDAY,
        [("5 in the morning", "2016-08-25T05:00")],
    ),
    # ---- days counted from the narrative's day
    (
        "The index closed at 2,080 on Friday, down 4% from the previous Friday.",
        OCTOBER,
        [("Friday", "2016-10-28"), ("the previous Friday", "2016-10-21")],
    ),
    (
        "The suspect was arrested on Aug. 20 and appeared in court the next morning.",
        THURSDAY,
        [("Aug. 20", "2016-08-20"), ("the next morning", "2016-08-21")],
    ),
    (
        "The summit will be held on Oct. 3 and 4 in the capital.",
        THURSDAY,
        [("Oct. 3", "2016-10-03"), ("4", "2016-10-04")],
    ),
    ("It is a matter of days before the envoy returns home.", THURSDAY, []),
    # ---- months modifying a noun, older years
    (
        "The bank is still bound by a March agreement with its creditors.",
        THURSDAY,
        [("March", "2016-03")],
    ),
    ("The colony won its independence from Spain in 1821.", THURSDAY, [("1821", "1821")]),
    ("The town was rebuilt by 1600 workers.", THURSDAY, []),
    (
        "Two clinics were bombed, most recently last March.",
        THURSDAY,
        [("last March", "2016-03")],
    ),
    ("The appeal could take as long as a year.", THURSDAY, [("a year", "P1Y")]),
    # ---- ranges: each count is a duration of its own
    (
        "Repairs should take between three to five days.",
        THURSDAY,
        [("three", "P3D"), ("five days", "P5D")],
    ),
    # ---- one unit, vague units, halves of a year
    ("The rebels ended a week-long siege of the town.", THURSDAY, [("week-long", "P1W")]),
    ("She returned after a several-year absence.", THURSDAY, [("several-year", "PXY")]),
    (
        "Demand will stay weak through the first two quarters of 2017.",
        THURSDAY,
        [("the first two quarters of 2017", "2017-H1")],
    ),
    (
        "Oil fell to levels last seen in the winter of nineteen ninety-eight.",
        THURSDAY,
        [("the winter of nineteen ninety-eight", "1998-WI")],
    ),
    # ---- generic and statistical uses that are no timex
    ("The party wants to train the leaders of tomorrow.", THURSDAY, []),
    ("The exchange's average daily turnover fell 8%.", THURSDAY, []),
    ("The quarter-to-quarter comparison was distorted by a charge.", EARNINGS, []),
    # ---- "this quarter" in a report is the report's quarter, unless said of the future
    (
        "The retailer posted a third-quarter loss. This quarter's loss includes a charge.",
        EARNINGS,
        [("third-quarter", "2016-Q3"), ("This quarter", "2016-Q3")],
    ),
    (
        "The retailer posted a third-quarter loss. Sales this quarter will rise.",
        EARNINGS,
        [("third-quarter", "2016-Q3"), ("this quarter", "2016-Q4")],
    ),
]


@pytest.mark.parametrize(("text", "dct", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_news_conventions(text: str, dct: date, expected: list[tuple[str, str]]) -> None:
    assert _values(text, dct) == expected


def test_sets_and_clock_times_have_their_types() -> None:
    types = {t.text: t.type for t in tag_timexes("Guards check daily until noon Friday.", THURSDAY)}
    assert types == {"daily": "SET", "noon Friday": "TIME"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2016-08-23T12:00", (date(2016, 8, 23), "day")), ("2016-W34-WE", (date(2016, 8, 22), "day"))],
)
def test_period_of_times_and_weekends(value: str, expected: tuple[date, str]) -> None:
    assert period_of(value) == expected


def test_tag_file_offsets_are_in_the_file_text(tmp_path: Path) -> None:
    raw = "PARIS -- Talks\n\n\n\nresumed on Monday.\n\n\nThey ended -- abruptly -- in March 2016.\n"
    path = tmp_path / "story.txt"
    path.write_text(raw, encoding="utf-8")
    found = tag_file(path, THURSDAY)
    assert [(raw[t.start : t.end], t.text) for t in found] == [
        ("Monday", "Monday"),
        ("March 2016", "March 2016"),
    ]

"""Tests for the temporal tagger (`pipeline.nlp.timex`)."""

from __future__ import annotations

import random
import time
from datetime import date, datetime

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp.timex import FACTORY_NAME, _candidates, _select, period_of, tag_timexes

DCT = date(2016, 8, 25)  # a Thursday, ISO week 34, third quarter, summer

PRECISIONS = {"day", "week", "month", "season", "quarter", "year", "decade", "century"}
PRECISIONS |= {"ref", "duration"}

# (sentence, dct, [(text, value, precision, basis), ...]): every timex the tagger must find
CASES: list[tuple[str, date | None, list[tuple[str, str, str, str]]]] = [
    # ---- explicit dates
    (
        "Ankara and Moscow signed the memorandum on November 24, 2015.",
        DCT,
        [("November 24, 2015", "2015-11-24", "day", "explicit")],
    ),
    (
        "The envoy returned to Tehran on 24 November 2015 after the talks.",
        DCT,
        [("24 November 2015", "2015-11-24", "day", "explicit")],
    ),
    (
        "The ceasefire, agreed on 2016-02-27, collapsed within weeks.",
        DCT,
        [("2016-02-27", "2016-02-27", "day", "explicit"), ("weeks", "PXW", "duration", "explicit")],
    ),
    (
        "A communiqué dated 11/24/2015 was circulated among the allies.",
        DCT,
        [("11/24/2015", "2015-11-24", "day", "explicit")],
    ),
    (
        "The reform package was unveiled on 29 February 2016.",
        DCT,
        [("29 February 2016", "2016-02-29", "day", "explicit")],
    ),
    (
        "Tuesday, March 1, 2016 marked the start of the naval exercise.",
        DCT,
        [("Tuesday, March 1, 2016", "2016-03-01", "day", "explicit")],
    ),
    (
        "The framework was initialled on Sept. 9, 2016 in Geneva.",
        DCT,
        [("Sept. 9, 2016", "2016-09-09", "day", "explicit")],
    ),
    (
        "The summit, held on November 24-25, 2015, ended without a communiqué.",
        DCT,
        [("November 24-25, 2015", "2015-11-24", "day", "explicit")],
    ),
    (
        "Monitors toured the region during the week of August 8, 2016.",
        DCT,
        [("the week of August 8, 2016", "2016-W32", "week", "explicit")],
    ),
    (
        "Turkish President Erdogan wrote to the Kremlin in June 2016.",
        DCT,
        [("June 2016", "2016-06", "month", "explicit")],
    ),
    ("Sanctions were first imposed in 2014.", DCT, [("2014", "2014", "year", "explicit")]),
    (
        "The treaty was to be renegotiated by the end of 2016.",
        DCT,
        [("the end of 2016", "2016", "year", "explicit")],
    ),
    (
        "Negotiators hope to conclude the deal by the end of October 2016.",
        DCT,
        [("the end of October 2016", "2016-10", "month", "explicit")],
    ),
    (
        "Growth in the Gulf monarchies slowed in early 2016.",
        DCT,
        [("early 2016", "2016", "year", "explicit")],
    ),
    (
        "The pipeline is due to be completed in mid-2017.",
        DCT,
        [("mid-2017", "2017", "year", "explicit")],
    ),
    (
        "Tehran's oil exports recovered in the first half of 2017.",
        DCT,
        [("the first half of 2017", "2017-H1", "year", "explicit")],
    ),
    (
        "H1 2016 figures showed a slump in arms deliveries.",
        DCT,
        [("H1 2016", "2016-H1", "year", "explicit")],
    ),
    (
        "Defence spending rose sharply in the third quarter of 2016.",
        DCT,
        [("the third quarter of 2016", "2016-Q3", "quarter", "explicit")],
    ),
    (
        "Chinese investment in the port peaked in Q3 2016.",
        DCT,
        [("Q3 2016", "2016-Q3", "quarter", "explicit")],
    ),
    (
        "The refugee arrangement was drafted in the summer of 2016.",
        DCT,
        [("the summer of 2016", "2016-SU", "season", "explicit")],
    ),
    (
        "Kyiv hopes for a breakthrough in spring 2017.",
        DCT,
        [("spring 2017", "2017-SP", "season", "explicit")],
    ),
    (
        "The offensive stalled in the fall of 2015.",
        DCT,
        [("the fall of 2015", "2015-FA", "season", "explicit")],
    ),
    (
        "Non-aligned diplomacy flourished in the 1990s.",
        DCT,
        [("the 1990s", "199X", "decade", "explicit")],
    ),
    (
        "The strategic map of the region changed throughout the 2010s.",
        DCT,
        [("the 2010s", "201X", "decade", "explicit")],
    ),
    (
        "Moscow's position hardened in the late 1990s.",
        DCT,
        [("the late 1990s", "199X", "decade", "explicit")],
    ),
    (
        "The crisis of the '90s left deep scars in the Balkans.",
        DCT,
        [("the '90s", "199X", "decade", "explicit")],
    ),
    (
        "Many of these borders were drawn in the early 20th century.",
        DCT,
        [("the early 20th century", "19", "century", "explicit")],
    ),
    (
        "The 2016 elections reshaped the governing coalition.",
        DCT,
        [("2016", "2016", "year", "explicit")],
    ),
    (
        "The Arab Spring began in 2011.",
        DCT,
        [("2011", "2011", "year", "explicit")],
    ),
    # ---- ranges: one timex per end, the year shared
    (
        "The standoff lasted from 2014 to 2016.",
        DCT,
        [("2014", "2014", "year", "explicit"), ("2016", "2016", "year", "explicit")],
    ),
    (
        "Fighting intensified between June and August 2016.",
        DCT,
        [("June", "2016-06", "month", "explicit"), ("August 2016", "2016-08", "month", "explicit")],
    ),
    (
        "The blockade ran from December to February 2017.",
        DCT,
        [
            ("December", "2016-12", "month", "explicit"),
            ("February 2017", "2017-02", "month", "explicit"),
        ],
    ),
    (
        "Shelling continued between November 20 and December 1, 2015.",
        DCT,
        [
            ("November 20", "2015-11-20", "day", "explicit"),
            ("December 1, 2015", "2015-12-01", "day", "explicit"),
        ],
    ),
    # ---- numbers that are not years, and names that are not dates
    ("More than 2,016 soldiers were deployed.", DCT, []),
    ("Officials said 2016 soldiers had crossed the border.", DCT, []),
    ("Reserves stood at $2016 million at the time.", DCT, []),
    (
        "February 30, 2016 is not a date, but its year is.",
        DCT,
        [("2016", "2016", "year", "explicit")],
    ),
    ("Russia Today reported the strike.", DCT, []),
    ("Bloody Sunday is still commemorated in Derry.", DCT, []),
    ("Theresa May met the Turkish premier; a speech by May followed.", DCT, []),
    ("The March 14 alliance boycotted the session.", DCT, []),
    ("The 72-year-old diplomat retired.", DCT, []),
    ("The minister was 64 years old.", DCT, []),
    ("Security Council Resolution 1973 authorised the no-fly zone.", DCT, []),
    ("Veterans of the Six-Day War and the Thirty Years' War gathered.", DCT, []),
    (
        "Monitors stayed through the last week of June 2016.",
        DCT,
        [("June 2016", "2016-06", "month", "explicit")],
    ),
    ("Six months later the deal still held.", DCT, []),
    ("Negotiations will continue as soon as possible.", DCT, []),
    ("Relations soon deteriorated.", DCT, []),
    # ---- relative to the document date
    (
        "Last November, Moscow suspended charter flights.",
        DCT,
        [("Last November", "2015-11", "month", "relative")],
    ),
    (
        "Parliament will vote on the package next year.",
        DCT,
        [("next year", "2017", "year", "relative")],
    ),
    (
        "Exports will fall next year.",
        DCT,
        [("next year", "2017", "year", "relative")],
    ),
    (
        "Trade volumes shrank this year.",
        DCT,
        [("this year", "2016", "year", "relative")],
    ),
    (
        "The envoy has met his counterpart twice this month.",
        DCT,
        [("this month", "2016-08", "month", "relative")],
    ),
    (
        "Earlier this year, the ministry recalled its ambassador.",
        DCT,
        [("Earlier this year", "2016", "year", "relative")],
    ),
    (
        "Late last year, the talks collapsed.",
        DCT,
        [("Late last year", "2015", "year", "relative")],
    ),
    (
        "The agreement was signed two years ago.",
        DCT,
        [("two years ago", "2014", "year", "relative")],
    ),
    (
        "Three months ago the border crossings reopened.",
        DCT,
        [("Three months ago", "2016-05", "month", "relative")],
    ),
    (
        "Sanctions were lifted eighteen months ago.",
        DCT,
        [("eighteen months ago", "2015-02", "month", "relative")],
    ),
    (
        "Ten days ago, the foreign minister flew to Riyadh.",
        DCT,
        [("Ten days ago", "2016-08-15", "day", "relative")],
    ),
    (
        "A week ago the coalition struck the depot.",
        DCT,
        [("A week ago", "2016-W33", "week", "relative")],
    ),
    (
        "A few years ago the two navies held joint drills.",
        DCT,
        [("A few years ago", "PAST_REF", "ref", "relative")],
    ),
    (
        "On Tuesday the minister rejected the proposal.",
        DCT,
        [("Tuesday", "2016-08-23", "day", "relative")],
    ),
    (
        "On Friday, the delegation left Ankara.",
        DCT,
        [("Friday", "2016-08-19", "day", "relative")],
    ),
    (
        "Last Friday, protesters gathered outside the embassy.",
        DCT,
        [("Last Friday", "2016-08-19", "day", "relative")],
    ),
    (
        "The decision was postponed until next Monday.",
        DCT,
        [("next Monday", "2016-08-29", "day", "relative")],
    ),
    (
        "Yesterday the parliament ratified the accord.",
        DCT,
        [("Yesterday", "2016-08-24", "day", "relative")],
    ),
    (
        "The two presidents will speak by phone tomorrow.",
        DCT,
        [("tomorrow", "2016-08-26", "day", "relative")],
    ),
    (
        "Today the alliance faces a new test.",
        DCT,
        [("Today", "2016-08-25", "day", "document")],
    ),
    (
        "The parliament approved the budget this morning.",
        DCT,
        [("this morning", "2016-08-25TMO", "day", "document")],
    ),
    (
        "Protesters clashed with the police last night.",
        DCT,
        [("last night", "2016-08-24TNI", "day", "relative")],
    ),
    (
        "The foreign ministers are meeting this week in Vienna.",
        DCT,
        [("this week", "2016-W34", "week", "document")],
    ),
    (
        "The drills took place last week near the border.",
        DCT,
        [("last week", "2016-W33", "week", "relative")],
    ),
    ("Talks resume next week.", DCT, [("next week", "2016-W35", "week", "relative")]),
    (
        "In March the parliament passed the bill.",
        DCT,
        [("March", "2016-03", "month", "relative")],
    ),
    (
        "The ceasefire broke down in October.",
        DCT,
        [("October", "2015-10", "month", "relative")],
    ),
    (
        "The assembly will reconvene in October.",
        DCT,
        [("October", "2016-10", "month", "relative")],
    ),
    (
        "The referendum is scheduled for March.",
        DCT,
        [("March", "2017-03", "month", "relative")],
    ),
    (
        "The minister resigned in mid-June.",
        DCT,
        [("mid-June", "2016-06", "month", "relative")],
    ),
    (
        "Ankara recalled its ambassador at the end of March.",
        DCT,
        [("the end of March", "2016-03", "month", "relative")],
    ),
    (
        "The minister visited Baku on November 24.",
        DCT,
        [("November 24", "2015-11-24", "day", "relative")],
    ),
    (
        "On 3 August the convoy was attacked.",
        DCT,
        [("3 August", "2016-08-03", "day", "relative")],
    ),
    (
        "Relations soured last summer.",
        DCT,
        [("last summer", "2015-SU", "season", "relative")],
    ),
    (
        "A new round of talks is planned for next spring.",
        DCT,
        [("next spring", "2017-SP", "season", "relative")],
    ),
    (
        "Energy prices are expected to climb this winter.",
        DCT,
        [("this winter", "2017-WI", "season", "relative")],
    ),
    (
        "Kurdish forces advanced in the summer.",
        DCT,
        [("the summer", "2016-SU", "season", "relative")],
    ),
    (
        "The central bank cut rates last quarter.",
        DCT,
        [("last quarter", "2016-Q2", "quarter", "relative")],
    ),
    (
        "The first quarter of this year saw record arms sales.",
        DCT,
        [("The first quarter of this year", "2016-Q1", "quarter", "relative")],
    ),
    (
        "Diplomats met twice in the second half of last year.",
        DCT,
        [("the second half of last year", "2015-H2", "year", "relative")],
    ),
    # ---- relative to an anchor found earlier in the text
    (
        "Turkey downed the jet in November 2015. The following month, Moscow imposed sanctions.",
        DCT,
        [
            ("November 2015", "2015-11", "month", "explicit"),
            ("The following month", "2015-12", "month", "relative"),
        ],
    ),
    (
        "The coup attempt came in July 2016. The same month, thousands were detained.",
        DCT,
        [
            ("July 2016", "2016-07", "month", "explicit"),
            ("The same month", "2016-07", "month", "relative"),
        ],
    ),
    (
        "Elections were held in 2015. That year, the ruling party lost its majority.",
        DCT,
        [("2015", "2015", "year", "explicit"), ("That year", "2015", "year", "relative")],
    ),
    (
        "The accord was signed in 2015; the following year, it began to unravel.",
        DCT,
        [("2015", "2015", "year", "explicit"), ("the following year", "2016", "year", "relative")],
    ),
    (
        "The leaders met in August 2016. Weeks after, the pipeline deal was revived.",
        DCT,
        [
            ("August 2016", "2016-08", "month", "explicit"),
            ("Weeks after", "2016-08", "month", "relative"),
        ],
    ),
    (
        "Sanctions came in January 2016. Months later, the embargo was eased.",
        DCT,
        [
            ("January 2016", "2016-01", "month", "explicit"),
            ("Months later", "2016", "year", "relative"),
        ],
    ),
    (
        "The summit opened on 9 August 2016. The next day, the ministers met again.",
        DCT,
        [
            ("9 August 2016", "2016-08-09", "day", "explicit"),
            ("The next day", "2016-08-10", "day", "relative"),
        ],
    ),
    (
        "The jet was downed in November 2015. Ten days later, Moscow retaliated.",
        DCT,
        [
            ("November 2015", "2015-11", "month", "explicit"),
            ("Ten days later", "2015-11", "month", "relative"),
        ],
    ),
    (
        "The deal collapsed in 2012. Two years later, talks resumed.",
        DCT,
        [("2012", "2012", "year", "explicit"), ("Two years later", "2014", "year", "relative")],
    ),
    (
        "The same month, the parliament met in emergency session.",
        DCT,
        [("The same month", "2016-08", "month", "relative")],
    ),
    ("Weeks after the vote, the cabinet resigned.", DCT, []),
    (
        "Moscow annexed Crimea in 2014. By the end of the year, sanctions were in place.",
        DCT,
        [("2014", "2014", "year", "explicit"), ("the end of the year", "2014", "year", "relative")],
    ),
    (
        "In 2014 the talks began; the deal will be signed by the end of the year.",
        DCT,
        [("2014", "2014", "year", "explicit"), ("the end of the year", "2016", "year", "relative")],
    ),
    # ---- references to the past, present and future
    (
        "Ankara and Moscow are now positioned to cooperate.",
        DCT,
        [("now", "PRESENT_REF", "ref", "document")],
    ),
    (
        "The two sides currently disagree over Syria.",
        DCT,
        [("currently", "PRESENT_REF", "ref", "document")],
    ),
    (
        "At present, neither side is willing to compromise.",
        DCT,
        [("At present", "PRESENT_REF", "ref", "document")],
    ),
    (
        "Relations have recently improved.",
        DCT,
        [("recently", "PAST_REF", "ref", "relative")],
    ),
    (
        "In the past, such disputes were settled quietly.",
        DCT,
        [("In the past", "PAST_REF", "ref", "relative")],
    ),
    (
        "The general formerly commanded the northern army.",
        DCT,
        [("formerly", "PAST_REF", "ref", "relative")],
    ),
    (
        "In recent years, Beijing expanded its presence in the region.",
        DCT,
        [("In recent years", "PAST_REF", "ref", "relative")],
    ),
    (
        "In the future, the corridor may carry gas to Europe.",
        DCT,
        [("In the future", "FUTURE_REF", "ref", "relative")],
    ),
    (
        "In the coming months, the coalition will decide.",
        DCT,
        [("In the coming months", "FUTURE_REF", "ref", "relative")],
    ),
    ("A decision is expected soon.", DCT, [("soon", "FUTURE_REF", "ref", "relative")]),
    # ---- durations
    (
        "The embargo lasted three months.",
        DCT,
        [("three months", "P3M", "duration", "explicit")],
    ),
    (
        "The two countries negotiated for two years.",
        DCT,
        [("two years", "P2Y", "duration", "explicit")],
    ),
    (
        "Inspectors spent ten days at the site.",
        DCT,
        [("ten days", "P10D", "duration", "explicit")],
    ),
    (
        "The observers stayed for a week.",
        DCT,
        [("a week", "P1W", "duration", "explicit")],
    ),
    (
        "Over the past three years, bilateral trade has doubled.",
        DCT,
        [("the past three years", "P3Y", "duration", "explicit")],
    ),
    (
        "Over the last decade, the region rearmed.",
        DCT,
        [("the last decade", "P10Y", "duration", "explicit")],
    ),
    (
        "A 48-hour truce was declared.",
        DCT,
        [("48-hour", "PT48H", "duration", "explicit")],
    ),
    (
        "The dispute has simmered for decades.",
        DCT,
        [("decades", "PXDE", "duration", "explicit")],
    ),
    (
        "The siege of the city lasted 1,000 days.",
        DCT,
        [("1,000 days", "P1000D", "duration", "explicit")],
    ),
    (
        "Talks dragged on for several months.",
        DCT,
        [("several months", "PXM", "duration", "explicit")],
    ),
    # ---- without a document date
    (
        "Last November, Moscow suspended charter flights.",
        None,
        [("Last November", "PAST_REF", "ref", "relative")],
    ),
    (
        "Two years ago the agreement was signed.",
        None,
        [("Two years ago", "PAST_REF", "ref", "relative")],
    ),
    (
        "Next year the treaty expires.",
        None,
        [("Next year", "FUTURE_REF", "ref", "relative")],
    ),
    (
        "Earlier this year, the ministry recalled its ambassador.",
        None,
        [("Earlier this year", "PAST_REF", "ref", "relative")],
    ),
    (
        "Today the alliance faces a new test.",
        None,
        [("Today", "PRESENT_REF", "ref", "document")],
    ),
    ("On Tuesday the minister spoke.", None, []),
    ("The same month, sanctions followed.", None, []),
    (
        "In June 2016 the leaders met; in March they had quarrelled.",
        None,
        [
            ("June 2016", "2016-06", "month", "explicit"),
            ("March", "2016-03", "month", "relative"),
        ],
    ),
]


def _tuples(text: str, dct: date | None) -> list[tuple[str, str, str, str]]:
    return [(t.text, t.value, t.precision, t.basis) for t in tag_timexes(text, dct)]


@pytest.mark.parametrize(("text", "dct", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_tag_timexes_cases(text, dct, expected):
    assert _tuples(text, dct) == expected


def test_case_table_is_large():
    assert len(CASES) >= 60


def test_durations_have_duration_type():
    [t] = tag_timexes("The embargo lasted three months.", DCT)
    assert (t.type, t.precision) == ("DURATION", "duration")
    [t] = tag_timexes("The embargo ended in June 2016.", DCT)
    assert t.type == "DATE"


def test_offsets_slice_the_text():
    text = " ".join(c[0] for c in CASES)
    timexes = tag_timexes(text, DCT)
    assert len(timexes) > 100
    for t in timexes:
        assert text[t.start : t.end] == t.text
    starts = [t.start for t in timexes]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(timexes, timexes[1:], strict=False))


def test_offsets_in_a_longer_document():
    text = (
        "ANKARA — Relations between the two capitals, frozen since November 2015, thawed "
        "in June 2016.\n\nOn Tuesday, officials said a summit was planned for next month."
    )
    found = {t.text: t for t in tag_timexes(text, DCT)}
    assert set(found) == {"November 2015", "June 2016", "Tuesday", "next month"}
    t = found["June 2016"]
    assert (t.start, t.end) == (text.index("June 2016"), text.index("June 2016") + 9)
    assert found["next month"].value == "2016-09"


def test_preposition_is_not_part_of_the_timex():
    [t] = tag_timexes("The envoy arrived in June 2016.", DCT)
    assert t.text == "June 2016"


def test_anchor_moves_with_the_narrative():
    text = (
        "The crisis began in November 2015. The following month, trade collapsed. "
        "In 2017 talks resumed; that year, tourism recovered."
    )
    values = [(t.text, t.value) for t in tag_timexes(text, DCT)]
    assert values == [
        ("November 2015", "2015-11"),
        ("The following month", "2015-12"),
        ("2017", "2017"),
        ("that year", "2017"),
    ]


def test_month_without_year_uses_the_anchor_without_dct():
    [_, t] = tag_timexes("The talks opened in 2014. By March the sides had split.", None)
    assert (t.text, t.value, t.basis) == ("March", "2014-03", "relative")


def test_datetime_dct_is_accepted():
    [t] = tag_timexes("Yesterday the accord was ratified.", datetime(2016, 8, 25, 14, 30))
    assert t.value == "2016-08-24"


def test_empty_and_date_free_text():
    assert tag_timexes("", DCT) == []
    assert tag_timexes("Diplomats in both capitals remain cautious.", DCT) == []


def test_trigger_windows_find_what_a_full_scan_finds():
    text = " ".join(c[0] for c in CASES)
    windowed = [(c.start, c.end, c.kind) for c in _select(_candidates(text), len(text))]
    full = [(c.start, c.end, c.kind) for c in _select(_candidates(text, True), len(text))]
    assert windowed == full


def test_five_thousand_words_are_fast():
    rng = random.Random(7)
    dated = [c[0] for c in CASES]
    plain = [
        "Analysts in both capitals argue that the rapprochement reflects shared grievances.",
        "The economic logic of the partnership explains much of the diplomatic choreography.",
        "European officials remained sceptical of the durability of the new alignment.",
        "Energy, tourism and agricultural trade form the core of the bilateral agenda.",
        "Neither government has published the text of the protocol on security cooperation.",
    ]
    words: list[str] = []
    while len(words) < 5000:
        words += rng.choice(dated if rng.random() < 0.15 else plain).split()
    text = " ".join(words[:5000])
    tag_timexes(text, DCT)
    best = min(_timed(tag_timexes, text, DCT) for _ in range(5))
    assert best < 0.05, f"{best * 1000:.1f} ms for 5,000 words"


def _timed(func, *args) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


# ---- period_of


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-11-24", (date(2015, 11, 24), "day")),
        ("2016-06", (date(2016, 6, 1), "month")),
        ("2016", (date(2016, 1, 1), "year")),
        ("2016-Q3", (date(2016, 7, 1), "month")),
        ("2016-Q1", (date(2016, 1, 1), "month")),
        ("2016-SP", (date(2016, 3, 1), "month")),
        ("2016-SU", (date(2016, 6, 1), "month")),
        ("2016-FA", (date(2016, 9, 1), "month")),
        ("2016-WI", (date(2016, 1, 1), "month")),
        ("2016-W32", (date(2016, 8, 8), "day")),
        ("2017-H1", (date(2017, 1, 1), "year")),
        ("2017-H2", (date(2017, 7, 1), "year")),
        ("201X", (date(2010, 1, 1), "year")),
        ("199X", (date(1990, 1, 1), "year")),
        ("19", (None, "none")),
        ("PAST_REF", (None, "none")),
        ("PRESENT_REF", (None, "none")),
        ("FUTURE_REF", (None, "none")),
        ("P3M", (None, "none")),
        ("PXY", (None, "none")),
        ("PT48H", (None, "none")),
        ("2016-02-30", (None, "none")),
        ("2016-W60", (None, "none")),
        ("", (None, "none")),
        ("next Tuesday", (None, "none")),
    ],
)
def test_period_of(value, expected):
    assert period_of(value) == expected


def test_every_tagged_value_has_a_period_or_is_vague():
    text = " ".join(c[0] for c in CASES)
    for t in tag_timexes(text, DCT):
        first, precision = period_of(t.value)
        if t.precision in ("ref", "duration", "century"):
            assert (first, precision) == (None, "none"), t
        else:
            assert first is not None and precision in ("day", "month", "year"), t


# ---- the spaCy component


def test_spacy_component_sets_timexes_and_spans():
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY_NAME)
    text = "In June 2016 the two presidents met, and last week their ministers spoke."
    doc = nlp.make_doc(text)
    doc._.dct = DCT
    doc = nlp(doc)
    assert doc._.timexes == tag_timexes(text, DCT)
    spans = doc.spans["timexes"]
    assert [(s.text, s.label_) for s in spans] == [("June 2016", "month"), ("last week", "week")]


def test_spacy_component_without_dct_and_custom_key():
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY_NAME, config={"spans_key": "dates"})
    doc = nlp("Next year the treaty expires; on Tuesday nothing happened.")
    assert [(t.text, t.value) for t in doc._.timexes] == [("Next year", "FUTURE_REF")]
    assert [s.label_ for s in doc.spans["dates"]] == ["ref"]


def test_spacy_span_expands_to_tokens():
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY_NAME)
    doc = nlp.make_doc("A 48-hour truce held.")
    doc._.dct = DCT
    doc = nlp(doc)
    [span] = doc.spans["timexes"]
    assert "48" in span.text and span.label_ == "duration"


# ---- properties

_VOCAB = [
    "in", "on", "the", "of", "last", "next", "this", "that", "same", "following", "early",
    "mid-", "late", "end", "between", "and", "to", "from", "ago", "later", "after", "weeks",
    "months", "years", "days", "two", "a", "few", "several", "March", "May", "June",
    "November", "Tuesday", "Friday", "2015", "2016", "1990s", "24", "31", "24,", "Q3",
    "H1", "quarter", "half", "first", "third", "summer", "winter", "fall", "spring", "now",
    "today", "yesterday", "soon", "recently", "past", "future", "century", "20th",
    "week", "month", "year", "decade", "11/24/2015", "2016-02-30", "2015-11-24", "'90s",
    ".", ",", ";", "-", "\n", "Russia", "Today", "9999", "0", "1", "100000000000000000000",
    "Q3 2016", "the same", "Monday,", "twenty-first", "1st", "a couple of", "eighteen",
    "this past", "'s", "Theresa", "for", "by", "Sept.", "Dec", "Wednesday, the 24th-25th of",
    "throughout early", "twenty-seven and a half", "a number of", "the following couple of",
    "in the foreseeable", "the first half of the following", "the preceding", "old",
]  # fmt: skip


def _check(text: str, dct: date | None) -> None:
    timexes = tag_timexes(text, dct)
    last_end = 0
    for t in timexes:
        assert text[t.start : t.end] == t.text
        assert t.start >= last_end and t.end > t.start
        last_end = t.end
        assert t.precision in PRECISIONS
        assert t.basis in {"explicit", "relative", "document"}
        assert t.type in {"DATE", "DURATION"}
        period_of(t.value)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), dct=st.one_of(st.none(), st.dates()))
def test_never_raises_on_arbitrary_text(text, dct):
    _check(text, dct)


@settings(max_examples=500, deadline=None)
@given(
    words=st.lists(st.sampled_from(_VOCAB), max_size=40),
    seps=st.lists(st.sampled_from([" ", "  ", "-", "", "\n"]), min_size=40, max_size=40),
    dct=st.one_of(st.none(), st.dates()),
)
def test_never_raises_on_temporal_word_salad(words, seps, dct):
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    _check(text, dct)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_VOCAB), max_size=30),
    seps=st.lists(st.sampled_from([" ", "  ", "-", "", "\n", ", "]), min_size=30, max_size=30),
)
def test_trigger_windows_agree_with_a_full_scan(words, seps):
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    windowed = [(c.start, c.end, c.kind) for c in _select(_candidates(text), len(text))]
    full = [(c.start, c.end, c.kind) for c in _select(_candidates(text, True), len(text))]
    assert windowed == full


def test_a_month_just_ahead_of_the_document_date_is_the_coming_one_unless_the_clause_is_past():
    ahead = tag_timexes("The offer expires on October 3.", DCT)
    assert [(t.text, t.value) for t in ahead] == [("October 3", "2016-10-03")]
    past = tag_timexes("The ceasefire broke down in October.", DCT)
    assert [t.value for t in past] == ["2015-10"]


def test_a_bare_quarter_is_the_latest_one_not_after_the_document_date():
    text = "Profit fell from 1999. In the third quarter, sales rose; the fourth quarter is slow."
    values = [t.value for t in tag_timexes(text, DCT) if "quarter" in t.text]
    assert values == ["2016-Q3", "2015-Q4"]

"""Footnote blocks, bylines and the document date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pipeline.errors import SourceError
from pipeline.models import Footnote
from pipeline.sources.metadata import (
    find_dateline,
    find_dates,
    infer_published,
    parse_byline,
    parse_date_value,
    split_footnotes,
)

ARTICLE = """\
Warsaw and Kyiv signed a memorandum on energy cooperation.[1] Both sides hailed it.

The agreement still needs approval by the Polish parliament.[2]

by Marta Kowalczyk
Junior Analyst

[1]; August 25, 2016

[2] Reuters, 3 October 2016

[3] Ibid"""


# --- footnotes ---------------------------------------------------------------------------------


def test_split_footnotes_bracketed_block() -> None:
    body, notes = split_footnotes(ARTICLE)
    assert body == (
        "Warsaw and Kyiv signed a memorandum on energy cooperation.[1] Both sides hailed it."
        "\n\nThe agreement still needs approval by the Polish parliament.[2]\n\n"
        "by Marta Kowalczyk\nJunior Analyst"
    )
    assert notes == [
        Footnote("1", "August 25, 2016", date(2016, 8, 25)),
        Footnote("2", "Reuters, 3 October 2016", date(2016, 10, 3)),
        Footnote("3", "Ibid", None),
    ]
    # only the tail is cut: offsets in the body are those of the input
    assert ARTICLE.startswith(body)


def test_split_footnotes_numbered_with_dates() -> None:
    text = "Talks resumed in Minsk.\n\n1. Interfax, 2016-10-03\n2. TASS, accessed 5 Oct 2016"
    body, notes = split_footnotes(text)
    assert body == "Talks resumed in Minsk."
    assert notes == [
        Footnote("1", "Interfax, 2016-10-03", date(2016, 10, 3)),
        Footnote("2", "TASS, accessed 5 Oct 2016", date(2016, 10, 5)),
    ]


def test_split_footnotes_heading_block_with_continuation() -> None:
    text = (
        "The summit ended early.\n\nReferences\n"
        "- Le Monde, 12 March 2017\n- Weiss, K. (2015) Borders and trade,\n  second edition"
    )
    body, notes = split_footnotes(text)
    assert body == "The summit ended early."
    assert notes == [
        Footnote("1", "Le Monde, 12 March 2017", date(2017, 3, 12)),
        Footnote("2", "Weiss, K. (2015) Borders and trade, second edition", None),
    ]


def test_split_footnotes_notes_heading_with_labels() -> None:
    text = "Body sentence here.\n\nNotes:\n[a] Kommersant, 2 June 2016\n[b] Ibid"
    body, notes = split_footnotes(text)
    assert body == "Body sentence here."
    assert notes == [
        Footnote("a", "Kommersant, 2 June 2016", date(2016, 6, 2)),
        Footnote("b", "Ibid", None),
    ]


def test_split_footnotes_plain_lines_under_heading() -> None:
    text = "The summit ended early.\n\nSources\nReuters, 2016\nAP, 4 May 2016\ncontinued here"
    body, notes = split_footnotes(text)
    assert body == "The summit ended early."
    assert notes == [
        Footnote("1", "Reuters, 2016", None),
        Footnote("2", "AP, 4 May 2016 continued here", date(2016, 5, 4)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # prose under a heading that happens to be called "Sources"
        "Intro.\n\nSources\nThe roots of the dispute are old. They go back decades. Few deny "
        "it.\n\nAnother paragraph in 2016.",
        "Intro.\n\nNotes\nA short remark with nothing to cite\n\nAnother remark",
        # a bracketed word is not a footnote label
        "Intro.\n\n[Update] The ministry later confirmed the figures.",
    ],
)
def test_body_text_is_not_a_footnote_block(text: str) -> None:
    assert split_footnotes(text) == (text, [])


def test_numbered_list_in_body_is_not_a_footnote_block() -> None:
    text = "Three demands were made:\n\n1. A ceasefire\n2. Prisoner exchanges\n3. New talks"
    assert split_footnotes(text) == (text, [])


def test_text_without_footnotes_is_unchanged() -> None:
    text = "A plain paragraph.[1] With a marker but no notes."
    assert split_footnotes(text) == (text, [])


def test_multi_line_bracketed_entry() -> None:
    text = "Body text.\n\n[1] Financial daily, long title\ncontinued on a second line, 4 May 2016"
    body, notes = split_footnotes(text)
    assert body == "Body text."
    assert notes == [
        Footnote(
            "1",
            "Financial daily, long title continued on a second line, 4 May 2016",
            date(2016, 5, 4),
        ),
    ]


# --- bylines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The ministers met twice.\n\nby Marta Kowalczyk\nJunior Analyst",
            ("The ministers met twice.", "Marta Kowalczyk", "Junior Analyst"),
        ),
        (
            "The ministers met twice.\n\nBy Marta Kowalczyk\nSenior Fellow, Europe Program",
            ("The ministers met twice.", "Marta Kowalczyk", "Senior Fellow, Europe Program"),
        ),
        (
            "The ministers met twice.\n\nby Marta Kowalczyk",
            ("The ministers met twice.", "Marta Kowalczyk", None),
        ),
        (
            "The ministers met twice.\n\nby Marta Kowalczyk, Senior Fellow",
            ("The ministers met twice.", "Marta Kowalczyk", "Senior Fellow"),
        ),
        (
            "The ministers met twice.\n\nMarta Kowalczyk / Junior Analyst",
            ("The ministers met twice.", "Marta Kowalczyk", "Junior Analyst"),
        ),
        (
            "The ministers met twice.\n\nby Marta Kowalczyk and Jonas Berg",
            ("The ministers met twice.", "Marta Kowalczyk and Jonas Berg", None),
        ),
        (
            "The ministers met twice.\nby Anna van der Berg",
            ("The ministers met twice.", "Anna van der Berg", None),
        ),
        (
            "By Marta Kowalczyk, Senior Fellow\n\nThe ministers met twice.",
            ("The ministers met twice.", "Marta Kowalczyk", "Senior Fellow"),
        ),
        (
            "Energy Talks in Kyiv\nBy Marta Kowalczyk\n\nThe ministers met twice.",
            ("Energy Talks in Kyiv\n\nThe ministers met twice.", "Marta Kowalczyk", None),
        ),
        (
            "By Marta Kowalczyk\nResearch Associate\n\nThe ministers met twice.",
            ("The ministers met twice.", "Marta Kowalczyk", "Research Associate"),
        ),
    ],
)
def test_parse_byline(text: str, expected: tuple[str, str | None, str | None]) -> None:
    assert parse_byline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "By 2016, the two countries had restored direct flights.\n\nTrade recovered slowly.",
        "By Tuesday, ministers had agreed.\n\nNothing else changed.",
        "The deal was welcomed.\n\nIt was signed by the ministers",
        "The deal was welcomed.\n\nby the Foreign Ministry of Poland in a statement issued late",
        "Trade recovered slowly.\n\nBy March 2017",
        "",
    ],
)
def test_parse_byline_ignores_body_sentences(text: str) -> None:
    assert parse_byline(text) == (text, None, None)


# --- dates -------------------------------------------------------------------------------------


def test_find_dates_formats() -> None:
    text = (
        "August 25, 2016; Aug. 26 2016; 3 October 2016; 4th of October, 2016; 2016-10-05; "
        "2016/10/06; 31/12/2016; 12/31/2016; 02/03/2016 (ambiguous); February 30, 2016 (invalid)"
    )
    assert find_dates(text) == [
        date(2016, 8, 25),
        date(2016, 8, 26),
        date(2016, 10, 3),
        date(2016, 10, 4),
        date(2016, 10, 5),
        date(2016, 10, 6),
        date(2016, 12, 31),
        date(2016, 12, 31),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2016, 8, 25), date(2016, 8, 25)),
        (datetime(2016, 8, 25, 23, 0, tzinfo=UTC), date(2016, 8, 25)),
        ("2016-08-25", date(2016, 8, 25)),
        ("2016-08-25T10:15:00+02:00", date(2016, 8, 25)),
        ("25 August 2016", date(2016, 8, 25)),
        ("Thursday, August 25, 2016", date(2016, 8, 25)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_value(value: object, expected: date | None) -> None:
    assert parse_date_value(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2016-02-30", "invalid published date '2016-02-30': no such day"),
        ("February 30, 2016", "invalid published date 'February 30, 2016': no such day"),
        ("3016-01-01", "invalid published date '3016-01-01': year 3016 is out of range"),
        (
            date(3016, 1, 1),
            "invalid published date datetime.date(3016, 1, 1): year 3016 is out of range",
        ),
        (
            "03/04/2016",
            "invalid published date '03/04/2016': day and month are ambiguous, use YYYY-MM-DD",
        ),
        ("last spring", "invalid published date 'last spring': not a full date"),
        (2016, "invalid published date 2016: expected a date such as 2016-08-25"),
    ],
)
def test_parse_date_value_rejects(value: object, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_date_value(value)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("WARSAW, October 5, 2016 - Ministers met today.\n\nMore text.", date(2016, 10, 5)),
        ("Published: 5 October 2016\n\nMinisters met today.", date(2016, 10, 5)),
        ("October 5, 2016\n\nMinisters met today.", date(2016, 10, 5)),
        ("Ministers met today.\n\nPosted on Wednesday, 5 October 2016", date(2016, 10, 5)),
        ("Ministers met on October 5, 2016 in Warsaw.", None),
        ("Nothing dated here.", None),
    ],
)
def test_find_dateline(body: str, expected: date | None) -> None:
    assert find_dateline(body) == expected


NOTES = [
    Footnote("1", "August 25, 2016", date(2016, 8, 25)),
    Footnote("2", "Reuters, 3 October 2016", date(2016, 10, 3)),
    Footnote("3", "Ibid", None),
]
MTIME = datetime(2020, 1, 2, 12, 0, tzinfo=UTC).timestamp()


def test_infer_published_prefers_metadata() -> None:
    assert infer_published("2016-09-01", NOTES, "Body.", MTIME) == (date(2016, 9, 1), "metadata")


def test_infer_published_latest_footnote() -> None:
    assert infer_published(None, NOTES, "Body.", MTIME) == (date(2016, 10, 3), "text")


def test_infer_published_dateline_before_footnotes() -> None:
    body = "KYIV, September 30, 2016 - Talks began.\n\nMore."
    assert infer_published(None, NOTES, body, MTIME) == (date(2016, 9, 30), "text")


def test_infer_published_ignores_future_footnotes() -> None:
    notes = [Footnote("1", "typo", date(2999, 1, 1)), Footnote("2", "x", date(2015, 5, 1))]
    assert infer_published(None, notes, "Body.", MTIME) == (date(2015, 5, 1), "text")


def test_infer_published_file_then_unknown() -> None:
    assert infer_published(None, [], "Body.", MTIME) == (date(2020, 1, 2), "file")
    assert infer_published("", [], "Body.", None) == (None, "unknown")


def test_infer_published_impossible_metadata_date() -> None:
    with pytest.raises(SourceError, match="invalid published date '2016-02-30'"):
        infer_published("2016-02-30", NOTES, "Body.", MTIME)

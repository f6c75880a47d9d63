"""A trigger inside another event's phrase is what that event is about (nlp/embedded.py)."""

from __future__ import annotations

import pytest

from tests.test_events import country_keys, extract, nlp  # noqa: F401 (fixture)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one-sided and undated: the bombing is what the condemnation is about
        (
            "The Arab League condemned the bombing of a hospital in Sanaa.",
            [("ARAB_LEAGUE", "YEM", "ACCUSE")],
        ),
        # both sides named: the strikes are reported too
        (
            "Japan condemned China's missile strikes on Taiwan.",
            [("JPN", "CHN", "ACCUSE"), ("CHN", "TWN", "ASSAULT")],
        ),
        # a relative clause on the object: the arrest is background, the release is the news
        ("Pakistan freed the journalists it had arrested.", [("PAK", None, "CONCEDE")]),
        # ... unless the text dates it
        (
            "Pakistan freed the journalists it had arrested in March.",
            [("PAK", None, "CONCEDE"), ("PAK", None, "COERCE")],
        ),
        # a phrase that places it in time keeps the earlier event
        (
            "After mass protests against the government, the army seized power in Mali.",
            ["PROTEST", "COERCE"],
        ),
        # releasing a statement is no concession; the criticism in it is the event
        ("Egypt released a statement criticising Israel.", [("EGY", "ISR", "ACCUSE")]),
    ],
)
def test_embedded_mentions(nlp, text, expected):  # noqa: F811
    events = extract(nlp, text)
    if expected and isinstance(expected[0], str):
        assert [e.event_type for e in events] == expected
    else:
        keys = [(e.source_actor if e.source_country is None else e.source_country, *k[1:])
                for e, k in zip(events, country_keys(events), strict=True)]  # fmt: skip
        assert keys == expected

""" "X says Y must Z" is X's demand to Y (pipeline/nlp/demands.py)."""

from __future__ import annotations

import pytest

from tests.test_events import country_keys, extract, nlp  # noqa: F401 (fixture)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the demanded release is no event; the demand is
        ("Germany says Turkey must release the detained journalists.", [("DEU", "TUR", "REQUEST")]),
        (
            "Japan said on Monday that China should stop its military drills near Taiwan.",
            [("JPN", "CHN", "REQUEST")],
        ),
        # the speech verb after the clause
        ("Iran must halt uranium enrichment, France says.", [("FRA", "IRN", "REQUEST")]),
        # no addressee: the demand has no target
        ("Nigeria said the talks must be postponed.", [("NGA", None, "REQUEST")]),
        # a speaker who is no actor makes no demand
        ("Analysts say Turkey must pay a high price.", []),
        # a modal without a speech verb is no demand
        ("Turkey should have released the journalists.", [("TUR", None, "CONCEDE")]),
    ],
)
def test_demands_in_reported_speech(nlp, text, expected):  # noqa: F811
    assert country_keys(extract(nlp, text)) == expected

"""Sides the registry does not know: provisional mentions and how they end."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.models import Stance
from pipeline.nlp.unresolved import resolved_event, resolved_stance
from tests.conftest import make_event


def event(**overrides):
    from pipeline.models import Event

    row = make_event(**overrides)
    return Event(**row)


def stance(holder: str | None, target: str | None) -> Stance:
    return Stance(holder, "TUR" if holder and holder[0] != "~" else "", target, "", None,
                  "negative", -0.5, "criticized", "s", 0, 1, date(2020, 1, 1), "day")  # fmt: skip


def test_an_unresolved_side_keeps_its_words_and_no_actor():
    got = resolved_event(event(source_actor="~Movement for Quality Government", source_country=""))
    assert (got.source_actor, got.source_country, got.source_text) == (
        None, None, "Movement for Quality Government")  # fmt: skip
    assert (got.target_actor, got.target_text) == ("RUS", None)


def test_a_stance_needs_a_known_holder_and_takes_an_unknown_target_as_topic():
    assert resolved_stance(stance("~Acme Corp", "TUR")) is None
    got = resolved_stance(stance("TUR", "~Movement for Change"))
    assert (got.target_actor, got.target_topic) == (None, "Movement for Change")


@pytest.mark.model
def test_an_event_between_organisations_outside_the_registry_is_kept():
    from pipeline.extract import extract_text

    found = extract_text(
        "The Ogoni Rights Forum sued the Delta Petroleum Corporation on Monday.", date(2004, 3, 9)
    )
    assert found.events
    assert all(e.source_actor is None for e in found.events)
    assert any(e.source_text and "Ogoni" in e.source_text for e in found.events)
    assert not any(m.actor_id.startswith("~") for m in found.actors)


@pytest.mark.model
def test_a_title_of_a_registry_actor_is_that_actor():
    from pipeline.extract import extract_text

    found = extract_text(
        "UN refugee envoy Gareth Pullman called on Hungary to reopen its border.", date(2016, 1, 5)
    )
    assert {(e.source_actor, e.target_actor) for e in found.events} == {("UN", "HUN")}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source_text", "event_type"),
    [
        # "it"/"its" in what a singular country-less body or an unknown organisation says
        ("The trade union said that it will not end the strike until the ministry pays its "
         "members.", "trade union", "REJECT"),
        ("The Movement for Change said it would reject the new constitution.",
         "Movement for Change", "REJECT"),
        # "they" in what a plural one says
        ("The dockworkers said they will not end the strike.", "dockworkers", "REJECT"),
        # protesters blocking roads obstruct passage
        ("Farmers blocked roads across Punjab to protest the new farm laws.", "Farmers",
         "PROTEST"),
    ],
)  # fmt: skip
def test_a_pronoun_speaks_for_a_country_less_speaker(text, source_text, event_type):
    from pipeline.extract import extract_text

    found = extract_text(text, date(2019, 5, 2))
    assert [(e.source_text, e.event_type) for e in found.events] == [(source_text, event_type)]

"""Agents without a country ("nurses", "police", "a suicide bomber") as sides of events."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.nlp.agents import load_actor_words

DCT = date(2011, 6, 14)


def events_of(text: str):
    from pipeline.extract import extract_text

    return extract_text(text, DCT).events


def test_the_not_bare_list_is_lower_case_words():
    words = load_actor_words().not_bare
    assert "side" in words and "positions" in words
    assert all(w == w.lower() and w.strip() for w in words)


@pytest.mark.model
def test_marchers_with_no_country_keep_their_words_and_sector():
    (event,) = events_of("Thousands of nurses marched on the parliament in the capital on Monday.")
    assert event.event_type == "PROTEST"
    assert (event.source_actor, event.source_country) == (None, None)
    assert event.source_text == "nurses"
    assert event.source_sector == "HLH"


@pytest.mark.model
def test_police_and_protesters_are_both_sides_and_no_country_is_guessed():
    (event,) = events_of("Riot police detained scores of students outside the education ministry.")
    assert event.event_type == "COERCE"
    assert (event.source_text, event.source_sector) == ("Riot police", "COP")
    assert event.target_text == "students"
    assert event.source_country is None and event.target_country is None


@pytest.mark.model
def test_a_bomber_is_a_side_and_a_modified_thing_is_not():
    (event,) = events_of("A suicide bomber killed nine soldiers at a checkpoint on Sunday.")
    assert (event.event_type, event.source_text) == ("ASSAULT", "suicide bomber")
    assert "refugee" not in {
        e.target_text for e in events_of("Hungary rejected the refugee quota scheme in 2015.")
    }


@pytest.mark.model
def test_an_agent_owned_by_a_registry_actor_resolves_to_it():
    for text, target in [
        ("The EU imposed sanctions on Belarus's senior officials on Friday.", "BLR"),
        ("Paris recalled its ambassador from Rome on Thursday.", None),
        ("Rwanda shelled the army of Burundi near the border.", "BDI"),
    ]:
        found = events_of(text)
        assert found, text
        assert all(e.target_text is None for e in found), (text, found)
        if target:
            assert any((e.target_country or "") == target for e in found), (text, found)


@pytest.mark.model
def test_a_place_deeper_in_the_phrase_does_not_own_the_agent():
    # "in Portugal" qualifies the depots, not the workers: the workers stay a side of their own
    (event,) = events_of("Some 1,500 workers at fuel depots in Portugal went on strike on Monday.")
    assert event.event_type == "PROTEST"
    assert (event.source_text, event.source_country) == ("workers", None)
    # a place right after the agent still owns it ("journalists in Turkey" is Turkey's)
    found = events_of("The European Union condemned the arrests of journalists in Turkey.")
    assert [(e.source_actor, e.target_actor) for e in found] == [("EU", "TUR")]

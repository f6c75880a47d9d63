"""Implied sides of self-targeted events: the context country and its data file."""

from __future__ import annotations

import pytest

from pipeline.errors import RegistryError
from pipeline.models import ActorMention
from pipeline.nlp.context import context_country, load_event_context, state_mention

CTX = load_event_context()
STATES = frozenset({"TUR", "RUS", "USA", "MLI"})


def mention(country: str, actor_id: str | None = None) -> ActorMention:
    return ActorMention(actor_id or country, country, country, "GOV", country, 0, 0)


def test_the_shipped_file_names_the_military_of_a_coup():
    assert CTX.sector_modifiers["military"] == "MIL"
    assert CTX.default_sectors["coup"] == "MIL"


def test_a_sentence_naming_one_country_gives_it():
    assert context_country([mention("MLI")], [mention("MLI")], CTX, STATES) == "MLI"


def test_the_leading_country_of_the_document_wins_when_the_sentence_names_it_too():
    document = [mention("TUR")] * 6 + [mention("RUS")] * 3
    assert context_country([mention("TUR"), mention("USA")], document, CTX, STATES) == "TUR"
    assert context_country([], document, CTX, STATES) == "TUR"


def test_no_guess_without_a_clear_country():
    balanced = [mention("TUR")] * 4 + [mention("RUS")] * 4
    assert context_country([mention("TUR"), mention("RUS")], balanced, CTX, STATES) is None
    assert context_country([], balanced, CTX, STATES) is None


def test_groups_are_not_states():
    the_west = mention("WST")
    assert context_country([the_west], [the_west] * 5, CTX, STATES) is None


def test_state_mention_names_the_sector_actor():
    assert state_mention("TUR", "MIL", "coup").actor_id == "TURMIL"
    assert state_mention("TUR", "GOV", "coup").actor_id == "TUR"


def test_bad_entries_name_the_file_and_entry(tmp_path):
    bad = tmp_path / "context.yaml"
    bad.write_text(
        "sector_modifiers: {military: ARMY}\ndefault_sectors: {coup: MIL}\n"
        "context_lead: 1.5\ncontext_mentions: 3\n"
    )
    with pytest.raises(RegistryError, match=r"context.yaml.*military.*ARMY"):
        load_event_context(bad)

"""The actor registry and the actor-mention component."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import RegistryError
from pipeline.nlp.actors import FACTORY_NAME, ActorRegistry, normalise_title

SMALL = """
sector_nouns:
  MIL: [troops, army]
  CVL: [citizens]
  GOV: [government]
actors:
  - {id: TUR, type: country, name: Turkey, country: TUR, sector: GOV,
     aliases: [Turkey, Ankara], demonyms: [Turkish]}
  - {id: RUS, type: country, name: Russia, country: RUS, sector: GOV,
     aliases: [Russia, Moscow, Kremlin], demonyms: [Russian]}
  - id: ERDOGAN
    type: person
    name: Recep Tayyip Erdogan
    country: TUR
    sector: GOV
    aliases: [Erdogan]
    roles:
      - {title: prime minister, start: 2003-03-14, end: 2014-08-28, leader: true}
      - {title: president, start: 2014-08-28, leader: true}
"""


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return ActorRegistry.load()


@pytest.fixture(scope="module")
def blank_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY_NAME)
    return nlp


def mentions(nlp, text: str, dct: date | None = date(2016, 8, 25)):
    doc = nlp.make_doc(text)
    doc._.dct = dct
    doc = nlp(doc)
    return [(m.text, m.actor_id, m.country, m.sector) for m in doc._.actors]


# ------------------------------------------------------------------------------ registry
def test_default_registry_is_valid_and_broad(registry):
    countries = [a for a in registry.actors if a.type == "country"]
    people = [a for a in registry.actors if a.type == "person"]
    assert len(countries) >= 60
    assert len(people) >= 100
    ids = [a.actor_id for a in registry.actors]
    assert len(ids) == len(set(ids))
    for needed in ("TUR", "RUS", "EU", "NATO", "UN", "ISIS", "HAMAS", "HEZBOLLAH", "OPEC", "IMF"):
        assert registry.get(needed) is not None, needed
    assert registry.get("ISIS").sector == "INS"
    assert registry.get("EU").sector == "IGO"


def test_derived_country_sector_actors(registry):
    mil = registry.get("TURMIL")
    assert (mil.country, mil.sector, mil.name, mil.derived) == (
        "TUR",
        "MIL",
        "Turkey (military)",
        True,
    )
    assert registry.sector_actor(registry.get("TUR"), "CVL").actor_id == "TURCVL"
    assert registry.sector_actor(registry.get("TUR"), "GOV").actor_id == "TUR"
    assert registry.sector_actor(registry.get("NATO"), "MIL").actor_id == "NATO"
    # an explicit entry replaces the derived one
    assert registry.get("USAMIL").derived is False
    assert "Pentagon" in registry.get("USAMIL").aliases


def test_table_rows(registry):
    rows = registry.table_rows()
    assert len(rows) == len(registry.actors)
    assert {
        "actor_id": "TUR",
        "name": "Turkey",
        "country": "TUR",
        "sector": "GOV",
        "actor_type": "country",
    } in rows


def test_office_holders_by_date(registry):
    assert registry.holder("TUR", "president", date(2016, 8, 25)).actor_id == "ERDOGAN"
    assert registry.holder("TUR", "president", date(2010, 1, 1)).actor_id == "GUL"
    assert registry.holder("TUR", "prime minister", date(2016, 8, 25)).actor_id == "YILDIRIM"
    assert registry.holder("TUR", "leader", date(2010, 1, 1)).actor_id == "ERDOGAN"
    assert registry.holder("USA", "president", date(2020, 6, 1)).actor_id == "TRUMP"
    assert registry.holder("USA", "president", date(2022, 6, 1)).actor_id == "BIDEN"
    assert registry.holder("RUS", "defense minister", date(2016, 1, 1)).actor_id == "SHOIGU"
    assert registry.holder("TUR", "president", None) is None
    assert registry.holder("TUR", "emir", date(2016, 1, 1)) is None


def test_office_in_another_country(registry):
    tusk = registry.get("TUSK")
    assert registry.country_on(tusk, date(2016, 1, 1)) == "EU"
    assert registry.country_on(tusk, date(2024, 6, 1)) == "POL"
    assert registry.holder("POL", "prime minister", date(2024, 6, 1)).actor_id == "TUSK"


def test_title_normalisation():
    assert normalise_title("Defense  Minister") == "defence minister"
    assert normalise_title("Secretary - General") == "secretary-general"
    assert normalise_title("premier") == "prime minister"


def _registry_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "actors.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_small_registry_file(tmp_path):
    registry = ActorRegistry.load(_registry_file(tmp_path, SMALL))
    assert [a.actor_id for a in registry.actors if not a.derived] == ["TUR", "RUS", "ERDOGAN"]
    assert registry.sector_nouns == {
        "troops": "MIL",
        "army": "MIL",
        "citizens": "CVL",
        "government": "GOV",
    }


def test_extends_default(tmp_path):
    body = """
extends: default
actors:
  - {id: TUR, type: country, name: Türkiye, country: TUR, sector: GOV, aliases: [Türkiye]}
  - {id: ACME, type: organisation, name: Acme Arms, country: USA, sector: BUS,
     aliases: [Acme Arms]}
"""
    registry = ActorRegistry.load(_registry_file(tmp_path, body))
    assert registry.get("TUR").name == "Türkiye"
    assert registry.get("ACME").sector == "BUS"
    assert registry.get("RUS") is not None
    assert registry.sector_nouns["troops"] == "MIL"


PERSON = "{id: X, type: person, name: X, country: TUR, sector: GOV, "


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "{id: TUR, type: country, name: Turkey, country: TUR}",
            "actor #1 (TUR): missing or empty 'sector'",
        ),
        (
            "{id: TUR, type: country, name: Turkey, country: TUR, sector: ARMY}",
            "sector 'ARMY' is not one of",
        ),
        (
            "{id: TUR, type: nation, name: Turkey, country: TUR, sector: GOV}",
            "type 'nation' is not one of",
        ),
        (
            "{id: tur, type: country, name: Turkey, country: TUR, sector: GOV}",
            "id must be upper case",
        ),
        ("{id: TUR, type: country, name: Turkey, country: RUS, sector: GOV}", "same alpha-3"),
        (
            "{id: TUR, type: country, name: Turkey, country: TUR, sector: GOV, alias: [T]}",
            "unknown key(s) alias",
        ),
        (
            PERSON + "roles: [{title: king, start: 2020-13-01}]}",
            "role start '2020-13-01' is not a YYYY-MM-DD date",
        ),
        (
            PERSON + "roles: [{title: king, start: 2020-01-01, end: 2019-01-01}]}",
            "role 'king' ends before it starts",
        ),
        (
            "{id: X, type: person, name: X, country: TUR, sector: GOV, aliases: [1]}",
            "'aliases' must be a list",
        ),
    ],
)
def test_invalid_entries_name_the_entry_and_problem(tmp_path, entry, message):
    path = _registry_file(tmp_path, f"actors:\n  - {entry}\n")
    with pytest.raises(RegistryError) as err:
        ActorRegistry.load(path)
    assert message in str(err.value)
    assert str(err.value).startswith(str(path))


def test_duplicates_are_rejected(tmp_path):
    twice = "actors:\n" + "  - {id: TUR, type: country, name: T, country: TUR, sector: GOV}\n" * 2
    with pytest.raises(RegistryError, match=r"actor #2 \(TUR\): duplicate id \(also actor #1\)"):
        ActorRegistry.load(_registry_file(tmp_path, twice))
    clash = """actors:
  - {id: TUR, type: country, name: T, country: TUR, sector: GOV, aliases: [Ankara]}
  - {id: RUS, type: country, name: R, country: RUS, sector: GOV, aliases: [Ankara]}
"""
    with pytest.raises(RegistryError, match="alias 'Ankara' is also an alias of TUR"):
        ActorRegistry.load(_registry_file(tmp_path, clash))


def test_unreadable_and_malformed_files(tmp_path):
    with pytest.raises(RegistryError, match="cannot read the actor registry"):
        ActorRegistry.load(tmp_path / "missing.yaml")
    with pytest.raises(RegistryError, match="invalid YAML"):
        ActorRegistry.load(_registry_file(tmp_path, "actors: [\n"))
    with pytest.raises(RegistryError, match="non-empty 'actors' list"):
        ActorRegistry.load(_registry_file(tmp_path, "actors: []\n"))


# ------------------------------------------------------------------------------ matching
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ankara answered.", [("Ankara", "TUR", "TUR", "GOV")]),
        ("The Turkish government answered.", [("Turkish government", "TUR", "TUR", "GOV")]),
        (
            "Turkish President Erdogan answered.",
            [("Turkish President Erdogan", "ERDOGAN", "TUR", "GOV")],
        ),
        ("The Kremlin answered.", [("Kremlin", "RUS", "RUS", "GOV")]),
        ("Brussels answered.", [("Brussels", "EU", "EU", "IGO")]),
        ("The Pentagon answered.", [("Pentagon", "USAMIL", "USA", "MIL")]),
        ("Turkish troops crossed.", [("Turkish troops", "TURMIL", "TUR", "MIL")]),
        ("Russian jets flew.", [("Russian jets", "RUSMIL", "RUS", "MIL")]),
        ("Turkish citizens travel.", [("Turkish citizens", "TURCVL", "TUR", "CVL")]),
        ("They sell Turkish products.", [("Turkish", "TUR", "TUR", "GOV")]),
        ("Saudi Arabia agreed.", [("Saudi Arabia", "SAU", "SAU", "GOV")]),
        ("Let us see what the US does.", [("US", "USA", "USA", "GOV")]),
        (
            "The Islamic State and Daesh.",
            [("Islamic State", "ISIS", "ISIS", "INS"), ("Daesh", "ISIS", "ISIS", "INS")],
        ),
        (
            "Russian President Vladimir Putin spoke.",
            [("Russian President Vladimir Putin", "PUTIN", "RUS", "GOV")],
        ),
        (
            "Turkey's President Erdogan spoke.",
            [("Turkey's President Erdogan", "ERDOGAN", "TUR", "GOV")],
        ),
        (
            "Turkish EU Affairs Minister Omer Celik spoke.",
            [("Turkish EU Affairs Minister Omer Celik", "OMER_CELIK", "TUR", "GOV")],
        ),
        ("Mr. Putin spoke.", [("Mr. Putin", "PUTIN", "RUS", "GOV")]),
    ],
)
def test_mentions(blank_nlp, text, expected):
    assert mentions(blank_nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "dct", "actor"),
    [
        ("The Turkish president spoke.", date(2016, 8, 25), "ERDOGAN"),
        ("The Turkish president spoke.", date(2010, 5, 1), "GUL"),
        ("The Turkish leader spoke.", date(2010, 5, 1), "ERDOGAN"),
        ("Turkey's prime minister spoke.", date(2016, 8, 25), "YILDIRIM"),
        ("The president of the United States spoke.", date(2015, 5, 1), "OBAMA"),
        ("The Russian foreign minister spoke.", date(2016, 8, 25), "LAVROV"),
        ("The Turkish president spoke.", None, "TUR"),
    ],
)
def test_offices_resolve_by_document_date(blank_nlp, text, dct, actor):
    found = mentions(blank_nlp, text, dct)
    assert [m[1] for m in found] == [actor]


def test_unknown_name_after_a_title_is_the_country(blank_nlp):
    found = mentions(blank_nlp, "Turkish Foreign Minister Ali Veli met them.")
    assert found == [("Turkish Foreign Minister Ali Veli", "TUR", "TUR", "GOV")]


def test_spans_and_offsets(blank_nlp):
    doc = blank_nlp.make_doc("Moscow and Ankara, not Turkish troops.")
    doc = blank_nlp(doc)
    assert [(s.text, s.label_) for s in doc.spans["actors"]] == [
        ("Moscow", "RUS"),
        ("Ankara", "TUR"),
        ("Turkish troops", "TURMIL"),
    ]
    for m in doc._.actors:
        assert doc.text[m.start : m.end] == m.text


def test_user_registry_through_config(tmp_path):
    path = _registry_file(tmp_path, SMALL)
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY_NAME, config={"registry_path": str(path)})
    assert mentions(nlp, "Turkish army and Russian citizens met Erdogan in Paris.") == [
        ("Turkish army", "TURMIL", "TUR", "MIL"),
        ("Russian citizens", "RUSCVL", "RUS", "CVL"),
        ("Erdogan", "ERDOGAN", "TUR", "GOV"),
    ]


_WORDS = [
    "Turkey",
    "Ankara",
    "Turkish",
    "troops",
    "the",
    "said",
    "Erdogan",
    "US",
    "us",
    "and",
    "Russian",
    "President",
    "Vladimir",
    "Putin",
    "'s",
    "leader",
    "of",
    ",",
    "European",
    "Union",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14))
def test_mentions_never_overlap_and_slice_the_text(blank_nlp, words):
    doc = blank_nlp.make_doc(" ".join(words))
    doc._.dct = date(2016, 8, 25)
    doc = blank_nlp(doc)
    last_end = -1
    for m in doc._.actors:
        assert doc.text[m.start : m.end] == m.text
        assert m.start >= last_end
        last_end = m.end


# ------------------------------------------------------------------------------ with the model
@pytest.mark.model
def test_pronouns_resolve_to_the_previous_person():
    from pipeline.nlp.build import load_pipeline

    nlp = load_pipeline()
    doc = nlp.make_doc("Putin called Erdogan on Monday. He offered his condolences.")
    doc._.dct = date(2016, 8, 25)
    doc = nlp(doc)
    found = [(m.text, m.actor_id) for m in doc._.actors]
    assert found == [("Putin", "PUTIN"), ("Erdogan", "ERDOGAN"), ("He", "PUTIN"), ("his", "PUTIN")]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # another given name before a registry surname is another person of the family
        ("Michelle Obama spoke in Chicago.", []),
        ("On Friday Ivanka Trump visited Berlin.", [("Berlin", "DEU")]),
        # a registry name followed by another surname in one person's name
        ("Kerry Jang welcomed Donald Trump.", [("Donald Trump", "TRUMP")]),
        (
            "Kerry met Lavrov in Geneva.",
            [("Kerry", "KERRY"), ("Lavrov", "LAVROV")],
        ),
        # a title, a name the actor has, or a demonym before it is no given name
        ("President Obama spoke in Chicago.", [("President Obama", "OBAMA")]),
        ("Barack Obama spoke in Chicago.", [("Barack Obama", "OBAMA")]),
        ("Candidate Trump spoke in Ohio.", [("Trump", "TRUMP")]),
        # a listed place that contains an alias cuts the alias, not a longer name around it
        ("The West Virginia Coal Association sued Washington.", [("Washington", "USA")]),
        (
            "The New York Times interviewed Erdogan.",
            [("New York Times", "NEW_YORK_TIMES"), ("Erdogan", "ERDOGAN")],
        ),
        ("Israel expanded a road in the West Bank.", [("Israel", "ISR"), ("the West Bank", "PSE")]),
        ("The National Security Council met Obama.", [("Obama", "OBAMA")]),
        ("Canada backed the North American trade pact.", [("Canada", "CAN")]),
        ("The Trump Administration sued Iran.", [("Trump Administration", "USA"), ("Iran", "IRN")]),
    ],
)
def test_a_relative_is_not_the_registry_person(text, expected):
    from pipeline.nlp.build import load_pipeline

    doc = load_pipeline().make_doc(text)
    doc._.dct = date(2016, 8, 25)
    doc = load_pipeline()(doc)
    assert [(m.text, m.actor_id) for m in doc._.actors] == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a surname alone, after the person was named in full, is that person
        (
            "Senator John McCain spoke on Monday. McCain later met Merkel.",
            [
                ("Senator John McCain", "JOHN_MCCAIN"),
                ("McCain", "JOHN_MCCAIN"),
                ("Merkel", "MERKEL"),
            ],
        ),
        # not before the full name, and not with another given name
        (
            "McCain spoke first. Then Senator John McCain spoke.",
            [("Senator John McCain", "JOHN_MCCAIN")],
        ),
        (
            "John McCain met Cindy McCain. McCain spoke.",
            [("John McCain", "JOHN_MCCAIN"), ("McCain", "JOHN_MCCAIN")],
        ),
    ],
)
def test_a_surname_after_the_full_name(text, expected):
    from pipeline.nlp.build import load_pipeline

    doc = load_pipeline().make_doc(text)
    doc._.dct = date(2016, 8, 25)
    doc = load_pipeline()(doc)
    assert [(m.text, m.actor_id) for m in doc._.actors] == expected

"""TABARI/PETRARCH dictionaries: the converter, the shipped Phoenix registry, agents and
`eventpipe actors import`. Sentences are the project's own, written in wire style."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from flows.cli import app
from pipeline.dictionaries.convert import code_tables, convert_files, display_phrase
from pipeline.dictionaries.tabari import parse_actors, parse_agents, parse_restriction
from pipeline.errors import RegistryError
from pipeline.nlp.actors import FACTORY_NAME, ActorRegistry
from pipeline.nlp.agents import load_actor_words
from pipeline.nlp.imported import PHOENIX_JSON

PHOENIX_DIR = Path(__file__).resolve().parents[2] / "shared/dev-data/petrarch2-dictionaries"
PHOENIX_FILES = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
    "Phoenix.agents.txt",
]

USER_ACTORS = """\
# a small user dictionary in TABARI format
FREEDONIA_  [FRD]
+FREEDONIAN_
+FREEDONIA_CITY

RUFUS_T._FIREFLY_  # an invented leader
+FIREFLY_
\t[FRDELI 900101-011231]
\t[FRDGOV >020101]
\t[FRDELI]

SYLVANIAN_LIBERATION_FRONT_ [FRDREB]
+SLF_
"""
USER_AGENTS = """\
!PERSON! = MAN, MEN
HARBOUR!PERSON! [~LAB]
TAX_COLLECTOR [~GOV]
DOCKHAND {} [~LAB]
"""


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY_NAME)
    return nlp


def mentions(nlp, text: str, dct: date | None = date(2003, 6, 1)):
    doc = nlp.make_doc(text)
    doc._.dct = dct
    doc = nlp(doc)
    return [(m.text, m.country, m.sector) for m in doc._.actors]


# ------------------------------------------------------------------------------ parsing
def test_restrictions_and_dates():
    assert parse_restriction("TURGOV >030314").start == date(2003, 3, 14)
    early = parse_restriction("AFGELI 320101-331108")
    assert (early.start, early.end) == (date(1932, 1, 1), date(1933, 11, 8))
    assert parse_restriction("USAELI 18970101-450703").start == date(1897, 1, 1)
    assert parse_restriction("EGYGOV > 140608").start == date(2014, 6, 8)
    assert parse_restriction("ELI").start is None
    with pytest.raises(ValueError):
        parse_restriction("TURGOV 031399")


def test_user_file_converts(tmp_path):
    actors = tmp_path / "user.actors.txt"
    agents = tmp_path / "user.agents.txt"
    actors.write_text(USER_ACTORS)
    agents.write_text(USER_AGENTS)
    data = convert_files([actors, agents])
    by_id = {e["id"]: e for e in data["imported"]}
    assert by_id["FRD"]["type"] == "country"
    assert "Freedonian" in by_id["FRD"]["aliases"]
    firefly = by_id["RUFUS_T_FIREFLY"]
    assert firefly["type"] == "person" and firefly["country"] == "FRD"
    assert {"sector": "GOV", "country": "FRD", "start": "2002-01-01"} in firefly["roles"]
    assert by_id["SYLVANIAN_LIBERATION_FRONT"]["sector"] == "REB"
    nouns = data["imported_sector_nouns"]
    assert {"harbourman", "harbourmen", "dockhand"} <= set(nouns["LAB"])
    assert "dockhands" not in nouns["LAB"]  # "{}": no plural
    assert {"tax collector", "tax collectors"} <= set(nouns["GOV"])


def test_a_name_that_reads_as_a_date_is_no_alias(tmp_path):
    actors = tmp_path / "dated.actors.txt"
    actors.write_text(
        "OCTOBER_3_\n\t[FRDREB]\nOCTOBER_3_LIBERATION_FRONT_\n\t[FRDREB]\nJUNE_ROSSI_\n\t[FRDGOV]\n"
    )
    ids = {e["id"]: e["aliases"] for e in convert_files([actors])["imported"]}
    assert "OCTOBER_3" not in ids  # "October 3" in news is a date
    assert ids["OCTOBER_3_LIBERATION_FRONT"] == ["October 3 Liberation Front"]
    assert ids["JUNE_ROSSI"] == ["June Rossi"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("+SYNONYM_FIRST\n", "line 1: a '+' synonym before any actor"),
        ("\t[ABCGOV]\n", "line 1: a code restriction before any actor"),
        ("NAME_ [ABC\n+OTHER [X\n", "unbalanced"),
        ("NAME_\n[ABCGOV]\n", "line 2: a code restriction must be indented"),
    ],
)
def test_bad_actor_files_name_file_and_line(tmp_path, text, message):
    path = tmp_path / "bad.actors.txt"
    path.write_text(text)
    with pytest.raises(RegistryError) as err:
        parse_actors(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_bad_agent_lines_name_file_and_line(tmp_path):
    path = tmp_path / "bad.agents.txt"
    path.write_text("POLICE {} [~COP]\nSOLDIER [MIL]\n")
    with pytest.raises(RegistryError, match=r"bad.agents.txt: line 2: agent code"):
        parse_agents(path)
    path.write_text("CADET {} [~MIL]\nBROKEN [~ABC\n")
    with pytest.raises(RegistryError, match="line 2"):
        parse_agents(path)


def test_recoverable_quirks_are_warnings(tmp_path):
    path = tmp_path / "quirks.actors.txt"
    path.write_text("SOMEONE_  # x\n\t[ABCGOV 9008223]\n\t[ABCGOV >020101]\n")
    warnings: list[str] = []
    (record,) = parse_actors(path, warnings)
    assert len(record.restrictions) == 1
    assert warnings and ":2:" in warnings[0]


def test_display_phrases():
    assert display_phrase("RECEP TAYYIP ERDOGAN") == "Recep Tayyip Erdogan"
    assert display_phrase("FBI") == "FBI"
    assert display_phrase("UNITED STATES OF AMERICA") == "United States of America"
    assert display_phrase("U.S. STATE DEPARTMENT") == "U.S. State Department"


# ------------------------------------------------------------------------------ data files
def test_code_table_schema():
    tables = code_tables()
    assert tables["sectors"]["GOV"] == "GOV" and tables["kinds"]["IGO"] == "IGO"
    assert tables["organisations"]["UNO"] == "UN"


def test_actor_words_schema():
    words = load_actor_words()
    assert "president" in words.honorifics and "riot" in words.modifiers
    assert "COP" in words.located["in"] and "MIL" not in words.located["in"]
    assert "organization" in words.not_names


def test_shipped_phoenix_file_schema():
    with gzip.open(PHOENIX_JSON, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    assert len(data["imported"]) > 20000
    assert set(data) == {"imported", "imported_sector_nouns", "source"}
    assert (PHOENIX_JSON.parent / "NOTICE").read_text().startswith("The MIT License")


# ------------------------------------------------------------------------------ registry
def test_shipped_registry_has_phoenix_and_own_entries_win():
    registry = ActorRegistry.load()
    assert registry.get("ERDOGAN") is not None  # own entry
    assert registry.get("RECEP_TAYYIP_ERDOGAN") is None  # same person: own entry wins
    assert registry.by_alias["Erdogan"] == "ERDOGAN"
    fbi = registry.get("FEDERAL_BUREAU_OF_INVESTIGATION")
    assert (fbi.country, fbi.sector) == ("USA", "COP")
    assert registry.get("TUR").name == "Turkey"  # own state, Phoenix names added
    assert "Istanbul" in registry.get("TUR").places
    assert registry.sector_nouns["police"] == "COP" and registry.sector_nouns["navy"] == "MIL"
    assert registry.sector_nouns["students"] == "CVL"  # own noun wins over the agents' EDU


def test_dated_roles_resolve_by_document_date():
    registry = ActorRegistry.load()
    yilmaz = registry.get("MESUT_YILMAZ")
    assert registry.on_date(yilmaz, date(1998, 1, 1)) == ("TUR", "GOV")
    assert registry.on_date(yilmaz, date(1993, 1, 1)) == ("TUR", "ELI")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Peruvian navy seized the trawler.", [("Peruvian navy", "PER", "MIL")]),
        (
            "Basque separatist guerrillas bombed a depot.",
            [("Basque separatist guerrillas", "ESP", "REB")],
        ),  # noqa: E501
        (
            "Canadian customs officers held the cargo.",
            [("Canadian customs officers", "CAN", "GOV")],
        ),  # noqa: E501
        (
            "Senior Polish and Czech officials met in Prague.",
            [("Polish", "POL", "GOV"), ("Czech officials", "CZE", "GOV"), ("Prague", "CZE", "GOV")],
        ),  # noqa: E501
        ("Students across Chile boycotted classes.", [("Students across Chile", "CHL", "CVL")]),  # noqa: E501
        ("Kenyan riot police dispersed the crowd.", [("Kenyan riot police", "KEN", "COP")]),
        ("The Kinshasa government expelled the envoy.", [("Kinshasa government", "COD", "GOV")]),  # noqa: E501
        ("Yoruba community leaders called for calm.", [("Yoruba community leaders", "NGA", "CVL")]),  # noqa: E501
        ("Police in Nairobi detained four men.", [("Police in Nairobi", "KEN", "COP")]),
        ("Troops in Syria shelled the town.", [("Syria", "SYR", "GOV")]),  # troops: no guess
        ("Authorities in Ghana closed the mine.", [("Authorities in Ghana", "GHA", "GOV")]),
        ("Diplomats in Ghana met the envoy.", [("Ghana", "GHA", "GOV")]),  # often foreign
        ("Police in the Netherlands held two men.", [("Police in the Netherlands", "NLD", "COP")]),
        ("Ghanaian peacekeepers left Bunia.", [("Ghanaian peacekeepers", "GHA", "MIL")]),
        ("A court in Ankara jailed the editor.", [("court in Ankara", "TUR", "JUD")]),
        (  # a name that ends in the agent noun stays that name
            "The International Criminal Court in The Hague charged him.",
            [("International Criminal Court", "ICC", "JUD"), ("The Hague", "NLD", "GOV")],
        ),
        (  # a capital that names its state in the registry does too
            "The authorities in Accra closed the mine.",
            [("The authorities in Accra", "GHA", "GOV")],
        ),
        ("Police detained four men.", []),  # no country in the phrase: none invented
        ("The lawyers sued the FBI in Boston.", [("FBI", "USA", "COP")]),  # Boston: a place
        ("The federal reserve of grain ran low.", []),  # not written as a name
        ("Rebels advanced on Goma.", []),  # a Phoenix place of a hand-written state: a place
        ("The Goma authorities imposed a curfew.", [("Goma authorities", "COD", "GOV")]),
    ],
)
def test_agents_and_imported_names(nlp, text, expected):
    assert mentions(nlp, text) == expected


def test_person_sector_follows_the_document_date(nlp):
    assert mentions(nlp, "Mesut Yilmaz spoke.", date(1998, 1, 1)) == [
        ("Mesut Yilmaz", "TUR", "GOV")
    ]  # noqa: E501
    assert mentions(nlp, "Mesut Yilmaz spoke.", date(1993, 1, 1)) == [
        ("Mesut Yilmaz", "TUR", "ELI")
    ]  # noqa: E501


# ------------------------------------------------------------------------------ command line
def test_import_user_file_and_use_it(tmp_path, monkeypatch):
    (tmp_path / "user.actors.txt").write_text(USER_ACTORS)
    (tmp_path / "user.agents.txt").write_text(USER_AGENTS)
    out = tmp_path / "reg.yaml"
    result = CliRunner().invoke(
        app,
        [
            "actors",
            "import",
            str(tmp_path / "user.actors.txt"),
            str(tmp_path / "user.agents.txt"),
            "--out",
            str(out),
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines()[6] == "extends: default"
    registry = ActorRegistry.load(out)
    assert registry.get("FRD").type == "country" and registry.get("TUR") is not None
    assert registry.sector_nouns["harbourmen"] == "LAB"
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY_NAME, config={"registry_path": str(out)})
    assert mentions(nlp, "Firefly met Freedonian harbourmen.", date(2003, 1, 1)) == [
        ("Firefly", "FRD", "GOV"),
        ("Freedonian harbourmen", "FRD", "LAB"),
    ]


def test_import_reports_bad_input(tmp_path):
    bad = tmp_path / "bad.actors.txt"
    bad.write_text("+ORPHAN\n")
    result = CliRunner().invoke(app, ["actors", "import", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "bad.actors.txt: line 1" in result.output
    help_text = CliRunner().invoke(app, ["actors", "import", "--help"]).output
    assert "Example" in help_text


@pytest.mark.skipif(not PHOENIX_DIR.is_dir(), reason="the PETRARCH2 dictionaries are absent")
def test_shipped_phoenix_round_trips(tmp_path):
    out = tmp_path / "phoenix.yaml"
    files = [str(PHOENIX_DIR / name) for name in PHOENIX_FILES]
    result = CliRunner().invoke(app, ["actors", "import", *files, "--out", str(out)])
    assert result.exit_code == 0, result.output
    shipped = ActorRegistry.load()
    imported = ActorRegistry.load(out)

    def summary(registry):
        return {
            (a.actor_id, a.country, a.sector, a.type, frozenset(a.aliases + a.folded), a.roles)
            for a in registry.actors
        }

    assert summary(imported) == summary(shipped)
    assert imported.sector_nouns == shipped.sector_nouns


# ------------------------------------------------------------------------------ cache
def test_disk_cache_builds_once_and_survives_a_bad_file(tmp_path, monkeypatch):
    from pipeline.nlp.cache import cache_dir, cached

    monkeypatch.setenv("EVENTPIPE_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "source.yaml"
    source.write_text("a: 1\n")
    calls = []

    def build():
        calls.append(1)
        return {"value": len(calls)}

    assert cached("test", [source], "salt", build) == {"value": 1}
    assert cached("test", [source], "salt", build) == {"value": 1} and len(calls) == 1
    for path in cache_dir().iterdir():
        path.write_bytes(b"not JSON at all")
    assert cached("test", [source], "salt", build) == {"value": 2}
    source.write_text("a: 22\n")  # a changed source is a new key
    assert cached("test", [source], "salt", build) == {"value": 3}


def test_role_needs_a_title_or_a_sector(tmp_path):
    path = tmp_path / "reg.yaml"
    path.write_text(
        "extends: default\nactors:\n  - {id: NOBODY, type: person, name: No Body, country: TUR,\n"
        "     sector: GOV, aliases: [No Body], roles: [{start: 2001-01-01}]}\n"
    )
    with pytest.raises(RegistryError, match="each role needs a 'title' or a 'sector'"):
        ActorRegistry.load(path)


def test_the_cache_stores_json_and_rebuilds_allowed_dataclasses_only(tmp_path, monkeypatch):
    from pipeline.nlp.cache import cache_dir, cached
    from pipeline.nlp.registry import Role

    monkeypatch.setenv("EVENTPIPE_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "source.yaml"
    source.write_text("a: 1\n")
    value = {("a", "b"): (Role("president", date(2003, 1, 1)), {1, 2}, frozenset({"x"}))}
    assert cached("roles", [source], "", lambda: value, (Role,)) == value
    assert cached("roles", [source], "", lambda: None, (Role,)) == value  # read back
    stored = next(cache_dir().iterdir())
    assert stored.suffix == ".json" and '"Role"' in stored.read_text()
    # a class that is not allowed is never built from a cache file: the value is rebuilt
    assert cached("roles", [source], "", lambda: "rebuilt") == "rebuilt"

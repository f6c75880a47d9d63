"""The trigger lexicon: own rules over the converted CAMEO base lexicon, and the converter."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from pipeline.errors import RegistryError
from pipeline.nlp import cameo
from pipeline.nlp.lexicon import BASE_LEXICON, TRIGGERS_YAML, _load_base, load_triggers
from pipeline.nlp.ontology import PLOVER_TYPES

VERBS = """\
&TRUCE
+CEASEFIRE
+TRUCE

--- DENOUNCE [111] ---
DENOUNCE
+LASH_OUT
- * AGAINST + [111]  # DENOUNCE
- * &TRUCE [196]  # DENOUNCE
- * REPORT [---]  # DENOUNCE
- SAID * POLICY [100]  # DENOUNCE
- * LOUDLY [100]  # LASH_OUT

--- DEPART [---] ---
DEPART
QUIT [080]
- * TALKS [164]  # QUIT
"""
CROSSWALK = """\
# test table
11: ACCUSE
111: ACCUSE, criticize, # Criticize
08: CONCEDE
080: CONCEDE, , # Yield
16: SANCTION
164: SANCTION, withdraw, diplomatic # Halt negotiations
19: ASSAULT
196: ASSAULT, , military # Violate ceasefire
"""


def _convert(tmp_path: Path, filter_text: str = "verbs: []\n") -> list[dict]:
    (tmp_path / "v.txt").write_text(VERBS)
    (tmp_path / "c.txt").write_text(CROSSWALK)
    (tmp_path / "f.yaml").write_text(filter_text)
    return cameo.convert(tmp_path / "v.txt", tmp_path / "c.txt", tmp_path / "f.yaml")


def test_converter_reads_verbs_patterns_synsets_and_nulls(tmp_path):
    rules = {
        (r["lemma"], r.get("particle"), tuple(r.get("object", ())), tuple(r.get("pobj", ()))): r
        for r in _convert(tmp_path)
    }
    bare = rules[("denounce", None, (), ())]
    assert (bare["type"], bare["cameo"], bare["not_object"]) == ("ACCUSE", "111", ["report"])
    assert rules[("denounce", "against", (), ())]["type"] == "ACCUSE"
    assert rules[("denounce", None, ("ceasefire", "truce"), ())]["type"] == "ASSAULT"
    assert rules[("lash", "out", (), ())]["type"] == "ACCUSE"  # "+LASH_OUT"
    assert rules[("quit", None, ("talks",), ())]["type"] == "SANCTION"
    assert rules[("quit", None, (), ())]["type"] == "CONCEDE"  # its own code
    assert not any(lemma == "depart" for lemma, *_ in rules)  # null block: no event
    # a pattern with words before the verb, and one found with another verb, are left out
    assert not any(r.get("object") == ["policy"] for r in rules.values())
    assert ("quit", None, ("ceasefire", "truce"), ()) not in rules


def test_converter_filter_drops_verbs_and_patterns(tmp_path):
    text = "verbs: [quit]\nbare: [denounce]\npatterns: [denounce ceasefire]\n"
    rules = _convert(tmp_path, text)
    assert {r["lemma"] for r in rules} == {"denounce", "lash"}
    assert not any(r["lemma"] == "denounce" and "object" not in r and "particle" not in r
                   for r in rules)  # fmt: skip
    assert not any("ceasefire" in r.get("object", []) for r in rules)


def test_crosswalk_takes_the_longest_listed_prefix():
    table = {"16": "SANCTION", "163": "COERCE"}
    assert cameo.plover_type("1631", table) == "COERCE"
    assert cameo.plover_type("161", table) == "SANCTION"
    assert cameo.plover_type("010", table) is None
    assert cameo.plover_type("---", table) is None


def test_shipped_base_lexicon_schema_and_notice():
    data = json.loads(BASE_LEXICON.read_text(encoding="utf-8"))
    assert "PETRARCH2" in data["source"] and "CC BY-SA 4.0" in data["source"]
    rules = _load_base(str(BASE_LEXICON))  # validated like triggers.yaml
    assert len(rules) > 500
    assert all(r.type in PLOVER_TYPES for group in rules.values() for r in group)
    notice = (BASE_LEXICON.parent / "NOTICE.cameo").read_text(encoding="utf-8")
    assert "MIT License" in notice and "CC BY-SA 4.0" in notice
    assert cameo.load_filter()["verbs"] >= {"depart", "leave", "say"}


def test_base_lexicon_error_names_file_and_entry(tmp_path):
    bad = tmp_path / "base.json"
    bad.write_text(json.dumps({"events": [{"lemma": "smite", "type": "SMITE"}]}))
    with pytest.raises(RegistryError, match=r"base.json.*smite"):
        load_triggers(TRIGGERS_YAML, base=bad)


def test_own_rules_win_and_base_rules_lie_beneath():
    own = load_triggers(base=None)
    merged = load_triggers()
    assert merged[("verb", "sever")] == own[("verb", "sever")]  # own word: own rules only
    assert len(set(merged) - set(own)) > 500  # words only the base lexicon knows
    assert ("verb", "obstruct") not in own and ("verb", "obstruct") in merged
    for verb in ("depart", "leave"):  # "departed Seoul after a two-day visit": no event
        assert ("verb", verb) not in merged or merged[("verb", verb)] == own[("verb", verb)]
    for verb in ("lift", "rescind", "repeal"):  # easing, never SANCTION
        ban = [r for r in merged[("verb", verb)] if "ban" in r.objects]
        assert ban and all(r.type in ("CONCEDE", "RETREAT") for r in ban)
    walk = [r for r in merged[("verb", "walk")] if r.particle == "away"]
    assert walk and walk[0].type == "REJECT" and "accord" in walk[0].pobjs


def test_loading_is_fast_and_cached():
    _load_base.cache_clear()
    start = time.perf_counter()
    load_triggers()
    assert time.perf_counter() - start < 1.0
    start = time.perf_counter()
    load_triggers()
    assert time.perf_counter() - start < 0.01


@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp.build import load_pipeline

    return load_pipeline()


def _keys(nlp, text: str) -> list[tuple]:
    from datetime import date

    from pipeline.models import Document
    from pipeline.nlp.build import annotate

    document = Document(doc_id="t", source_path="t.txt", text=text, published_date=date(2016, 1, 5))
    ((_, doc),) = list(annotate(nlp, [document]))
    return [(e.source_country, e.target_country, e.event_type) for e in doc._.events]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran severed diplomatic ties with Saudi Arabia in 2016.", ("IRN", "SAU", "SANCTION")),
        ("Washington walked away from the accord with Tehran.", ("USA", "IRN", "REJECT")),
        ("The European Union voted to lift the embargo on Belarus.", ("EU", "BLR", "CONCEDE")),
        ("Japan rescinded the ban on beef from the United States.", ("JPN", "USA", "CONCEDE")),
        ("Turkish troops bombarded Kurdish villages near the border.", ("TUR", "KURDS", "ASSAULT")),
        ("Pakistan lambasted India over the border clashes.", ("PAK", "IND", "ACCUSE")),
    ],
)  # fmt: skip
def test_phrase_patterns_and_base_verbs_type_events(nlp, text, expected):
    keys = _keys(nlp, text)
    source, target, kind = expected  # target None: whichever side the registry resolves
    assert any(k[0] == source and k[2] == kind and target in (None, k[1]) for k in keys), keys
    assert not any(kind == "SANCTION" for *_, kind in keys if "ban" in text or "embargo" in text)


@pytest.mark.model
def test_departing_after_a_visit_is_no_event(nlp):
    assert _keys(nlp, "The Chinese foreign minister departed Seoul after a two-day visit.") == []


DEV = Path(__file__).resolve().parents[1] / ".." / "shared" / "dev-data"


def test_converter_says_plainly_when_a_file_is_missing(tmp_path, capsys):
    assert cameo.main([str(tmp_path / "none.txt"), str(tmp_path / "none2.txt")]) == 2
    assert "not found" in capsys.readouterr().err


@pytest.mark.skipif(not (DEV / "petrarch2-dictionaries").is_dir(), reason="no dev data")
def test_shipped_base_lexicon_is_the_conversion_of_the_dictionary():
    rules = cameo.convert(
        DEV / "petrarch2-dictionaries" / "CAMEO.verbpatterns.150430.txt",
        DEV / "plover-crosswalk" / "CAMEO2PLOVER-2021.txt",
    )
    shipped = json.loads(BASE_LEXICON.read_text(encoding="utf-8"))["events"]
    assert len(rules) == len(shipped)

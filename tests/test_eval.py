"""`eventpipe eval`: the scorer on hand-made extractions, and the held-out targets."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pipeline.evaluate import format_scores, item_kind, load_gold, score
from pipeline.extract import Extraction
from pipeline.models import ActorMention, Event, Timex

GOLD = Path(__file__).parent / "gold"
TARGETS = {
    "events F1": 0.75,
    "dates": 0.90,
    "negated/hypothetical flagged": 0.95,
    "stances F1": 0.70,
    "actors": 0.95,
}


def _event(src, tgt, kind, negated=False, mood="asserted", when=None, precision="none"):
    basis = "explicit" if when else "document"
    return Event(src, src, tgt, tgt, kind, "01", 0.0, 1, when, precision, None, None, basis,
                 negated, mood, None, "x", "s", 0, 1, 1.0)  # fmt: skip


def test_item_kinds_and_loader(tmp_path):
    path = tmp_path / "g.jsonl"
    lines = [
        {"id": "e", "text": "Turkey met Russia.", "dct": "2016-01-01"},
        {"id": "a", "text": "Turkey met Russia.", "actors": [{"text": "Turkey", "country": "TUR",
                                                                  "sector": "GOV"}]},
        {"id": "t", "text": "In 2015.", "timexes": [{"text": "2015", "value": "2015"}]},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(line) for line in lines))
    items = load_gold(path)
    assert [item_kind(i) for i in items] == ["events", "actors", "timexes"]
    assert items[0]["events"] == [] and "events" not in items[1]
    path.write_text(json.dumps({"text": "x", "actors": [{"text": "Iran", "country": "IRN"}]}))
    with pytest.raises(Exception, match="not in the item's text"):
        load_gold(path)


def test_scores_fields_flags_actors_and_timexes():
    items = [
        {"text": "t", "dct": "2016-01-01", "stances": [],
         "events": [{"source": "TUR", "target": "RUS", "type": "ASSAULT", "date": "2015-11"},
                    {"source": "RUS", "target": "TUR", "type": "SANCTION", "modality": "future"},
                    {"source": "IRN", "target": "USA", "type": "ACCUSE", "negated": True}]},
        {"text": "Turkish troops and he", "actors": [
            {"text": "Turkish troops", "country": "TUR", "sector": "MIL"},
            {"text": "he", "country": "RUS", "sector": "GOV"}]},
        {"text": "in June 2016 and now", "dct": "2016-08-25", "timexes": [
            {"text": "June 2016", "value": "2016-06"}, {"text": "now", "value": "PRESENT_REF"}]},
    ]  # fmt: skip
    found = [
        Extraction(
            events=[
                _event("TUR", "RUS", "ASSAULT", when=date(2015, 11, 1), precision="month"),
                _event("RUS", "TUR", "SANCTION", mood="future"),
                _event("IRN", "USA", "SANCTION"),  # wrong type, unflagged
            ]
        ),
        Extraction(actors=[ActorMention("TURMIL", "x", "TUR", "MIL", "Turkish troops", 0, 14)]),
        Extraction(
            timexes=[
                Timex("June 2016", 3, 12, "2016-06", "month", "explicit"),
                Timex("and now", 13, 20, "FUTURE_REF", "ref", "relative"),
            ]
        ),  # fmt: skip
    ]
    s = score(items, found)
    assert s["item_kinds"] == {"actors": 1, "events": 1, "timexes": 1}
    assert (s["events"]["tp"], s["events"]["predicted"], s["events"]["gold"]) == (2, 3, 3)
    assert s["event_fields"]["source"]["f1"] == 1.0
    assert s["event_fields"]["type"]["tp"] == 2
    assert s["event_fields"]["type"]["accuracy_given_other_two"] == round(2 / 3, 4)
    assert s["dates"] == {"accuracy": 1.0, "right": 1, "total": 1}
    assert s["non_asserted_flagged"] == {"accuracy": 1.0, "right": 1, "total": 1}
    assert s["actors"]["mentions"] == {"accuracy": 0.5, "right": 1, "total": 2}
    assert s["timexes"]["strict"]["tp"] == 1 and s["timexes"]["relaxed"]["tp"] == 2
    assert s["timexes"]["value"]["f1"] == 0.5
    assert s["confusion"] == [{"gold": "ACCUSE", "predicted": "SANCTION", "count": 1}]
    text = format_scores(s)
    assert "non_asserted_flagged" in text and "timex value" in text and "actor mentions" in text


@pytest.fixture(scope="module")
def heldout_scores():
    from pipeline.evaluate import evaluate

    return evaluate([GOLD / "heldout", GOLD / "actors" / "heldout.jsonl",
                     GOLD / "timex" / "heldout.jsonl"])  # fmt: skip


def _value(s: dict, name: str) -> float:
    return {
        "events F1": lambda: s["events"]["f1"],
        "dates": lambda: s["dates"]["accuracy"],
        "negated/hypothetical flagged": lambda: s["non_asserted_flagged"]["accuracy"],
        "stances F1": lambda: s["stances"]["f1"],
        "actors": lambda: s["actors"]["mentions"]["accuracy"],
    }[name]()


@pytest.mark.model
@pytest.mark.parametrize("name", list(TARGETS))
def test_heldout_meets_the_target(heldout_scores, name):
    assert _value(heldout_scores, name) >= TARGETS[name]


@pytest.mark.model
def test_heldout_actor_and_timex_sets(heldout_scores):
    assert heldout_scores["actors"]["mentions"]["total"] >= 150
    assert heldout_scores["timexes"]["value"]["f1"] >= 0.85

"""Promises are AGREE events (PLOVER: express intent to cooperate; CAMEO 03x)."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.errors import RegistryError
from pipeline.nlp.rules_data import load_frames

DCT = date(2016, 3, 7)


def types_of(text: str) -> dict[str, tuple[str, str]]:
    from pipeline.extract import extract_text

    return {
        e.event_type: (e.cameo_code, e.modality)
        for e in extract_text(text, DCT).events
        if not e.negated
    }


def test_intent_codes_are_agree_codes():
    frames = load_frames()
    codes = {t: f.intent for t, f in frames.items() if f.intent}
    assert {"CONSULT", "AID", "CONCEDE", "RETREAT", "COOPERATE"} <= set(codes)
    assert all(code.startswith("03") for code in codes.values())


def test_an_intent_code_must_be_quoted_digits(tmp_path):
    bad = tmp_path / "frames.yaml"
    bad.write_text("types:\n  AID: {intent: 33}\n")
    with pytest.raises(RegistryError, match="AID.intent"):
        load_frames(bad)


@pytest.mark.model
@pytest.mark.parametrize(
    "text, code",
    [
        ("The Taliban said it will release two kidnapped Indian engineers on Friday.", "035"),
        ("Japan is willing to withdraw its troops from the disputed islands.", "0356"),
        ("The Kenyan government said it would provide food aid to Somalia.", "033"),
        ("Erdogan will meet Putin in Sochi on Wednesday.", "036"),
    ],
)
def test_a_promised_act_is_an_agree_event(text, code):
    found = types_of(text)
    assert "AGREE" in found, found
    assert found["AGREE"][0] == code
    assert not {"CONCEDE", "RETREAT", "AID", "CONSULT"} & set(found), found


@pytest.mark.model
def test_what_happened_and_what_might_happen_keep_their_type():
    assert "CONSULT" in types_of("Erdogan met Putin in Sochi on Wednesday.")
    assert "RETREAT" in types_of("Japan withdrew its troops from the disputed islands.")
    hypothetical = types_of("Japan could withdraw its troops from the disputed islands.")
    assert "RETREAT" in hypothetical and "AGREE" not in hypothetical


@pytest.mark.model
@pytest.mark.parametrize(
    "text, code",
    [
        ("Ottawa is set to impose tariffs on American steel next month.", "1312"),
        ("Ankara said it would launch an offensive against the YPG in Syria.", "138"),
        ("Iran said it would sever diplomatic ties with Saudi Arabia.", "131"),
    ],
)
def test_an_announced_hostile_act_is_a_threat(text, code):
    found = types_of(text)
    assert "THREATEN" in found, found
    assert found["THREATEN"][0] == code
    assert not {"SANCTION", "COERCE", "ASSAULT"} & set(found), found


@pytest.mark.model
def test_an_event_after_before_a_dated_clause_is_not_dated_by_it():
    from pipeline.extract import extract_text

    text = (
        "On New Year's Day the Russian embargo took full effect, six weeks after Turkish "
        "fighter jets shot down a Russian bomber."
    )
    (downing,) = [
        e for e in extract_text(text, date(2016, 1, 9)).events if e.event_type == "ASSAULT"
    ]
    assert downing.event_date != date(2016, 1, 1)

"""Negation and modality on real parses of the trained model (sentences written for eventpipe)."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract import extract_texts

pytestmark = pytest.mark.model

CASES = [
    ("Moscow hopes to sign a gas deal with Ankara next year.", "SUPPORT", False, "hypothetical"),
    ("The EU is considering sanctions on Belarus.", "COERCE", False, "hypothetical"),
    ("Israel is prepared to strike Iran if talks fail.", "THREATEN", False, "hypothetical"),
    ("Analysts expect China to sign a deal with Brazil.", "AGREE", False, "future"),
    (
        "The White House is weighing new sanctions against Tehran.",
        "COERCE",
        False,
        "hypothetical",
    ),
    ("Seoul could face sanctions from Washington.", "COERCE", False, "hypothetical"),
    ("Russia refrained from attacking Ukraine.", "ASSAULT", True, "asserted"),
    ("Beijing ruled out talks with Taipei.", "CONSULT", True, "asserted"),
    ("Turkey stopped short of sanctioning Russia.", "COERCE", True, "asserted"),
    ("Egypt was reportedly mediating between Israel and Hamas.", "CONSULT", False, "reported"),
    ("Turkey imposed new sanctions on Syria.", "COERCE", False, "asserted"),
    ("Russia launched an attack on Ukraine in February 2022.", "ASSAULT", False, "asserted"),
]


@pytest.fixture(scope="module")
def extracted():
    return extract_texts([(text, date(2016, 8, 25)) for text, *_ in CASES])


@pytest.mark.parametrize("index", range(len(CASES)))
def test_negation_and_modality(extracted, index):
    text, event_type, negated, modality = CASES[index]
    found = [(e.event_type, e.negated, e.modality) for e in extracted[index].events]
    assert (event_type, negated, modality) in found, (text, found)

"""Negation and modality read from hand-built dependency parses (no model needed)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.nlp.modality import Modality
from pipeline.nlp.rule_words import default_rule_words

# the rules with the shipped word classes (what a pipeline with default paths reads)
_RULES = Modality(default_rule_words())
in_quotes, modality, negated = _RULES.in_quotes, _RULES.modality, _RULES.negated
negation_kind = _RULES.negation_kind

_NO_SPACE_BEFORE = {".", ",", "n't", "'s", ":", ";", "”", "?"}


def parsed(spec: str, nlp=None) -> Doc:
    """A parsed Doc from "word/dep/head/lemma/POS[/TAG]" items; head is a token index (the
    root points to itself). Used by the event and stance unit tests too."""
    nlp = nlp or spacy.blank("en")
    items = [item.split("/") for item in spec.split()]
    words = [i[0] for i in items]
    spaces = [
        n + 1 < len(words) and words[n + 1] not in _NO_SPACE_BEFORE and words[n] not in ("“",)
        for n in range(len(words))
    ]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        deps=[i[1] for i in items],
        heads=[int(i[2]) for i in items],
        lemmas=[i[3] for i in items],
        pos=[i[4] for i in items],
        tags=[i[5] if len(i) > 5 else "" for i in items],
    )


DID_NOT_CRITICIZE = (
    "The/det/1/the/DET EU/nsubj/4/EU/PROPN did/aux/4/do/AUX not/neg/4/not/PART "
    "criticize/ROOT/4/criticize/VERB/VB Ankara/dobj/4/Ankara/PROPN ./punct/4/./PUNCT"
)


def test_parsed_helper_builds_a_parsed_doc():
    doc = parsed(DID_NOT_CRITICIZE)
    assert doc.text == "The EU did not criticize Ankara."
    assert doc.has_annotation("DEP")
    assert [t.text for t in doc[4].children] == ["EU", "did", "not", "Ankara", "."]


def test_not_negates_the_verb():
    doc = parsed(DID_NOT_CRITICIZE)
    assert negated(doc[4]) is True
    assert negation_kind(doc[4]) == "grammatical"
    assert modality(doc[4]) == "asserted"


def test_refused_to_negates_the_infinitive():
    doc = parsed(
        "Turkey/nsubj/1/Turkey/PROPN refused/ROOT/1/refuse/VERB/VBD to/aux/3/to/PART "
        "meet/xcomp/1/meet/VERB/VB Russia/dobj/3/Russia/PROPN ./punct/1/./PUNCT"
    )
    assert negated(doc[3]) is True
    assert negated(doc[1]) is False


def test_has_yet_to_is_negated_but_not_hypothetical():
    doc = parsed(
        "The/det/1/the/DET EU/nsubj/2/EU/PROPN has/ROOT/2/have/VERB/VBZ yet/advmod/2/yet/ADV "
        "to/aux/5/to/PART deliver/xcomp/2/deliver/VERB/VB aid/dobj/5/aid/NOUN ./punct/2/./PUNCT"
    )
    assert negated(doc[5]) is True
    assert modality(doc[5]) == "asserted"


def test_lack_of_is_a_privative_negation():
    doc = parsed(
        "a/det/1/a/DET lack/ROOT/1/lack/NOUN of/prep/1/of/ADP trust/pobj/2/trust/NOUN "
        "in/prep/3/in/ADP Iran/pobj/4/Iran/PROPN"
    )
    assert negation_kind(doc[3]) == "privative"
    assert negated(doc[3]) is True


def test_no_subject_negates_the_verb():
    doc = parsed(
        "No/det/1/no/DET soldiers/nsubjpass/3/soldier/NOUN were/auxpass/3/be/AUX "
        "killed/ROOT/3/kill/VERB/VBN ./punct/3/./PUNCT"
    )
    assert negated(doc[3]) is True


def test_dobj_of_a_negated_light_verb_is_negated_but_not_of_other_verbs():
    light = parsed(
        "Russia/nsubj/3/Russia/PROPN did/aux/3/do/AUX not/neg/3/not/PART "
        "impose/ROOT/3/impose/VERB/VB sanctions/dobj/3/sanction/NOUN"
    )
    assert negated(light[4]) is True
    other = parsed(
        "Paris/nsubj/3/Paris/PROPN did/aux/3/do/AUX not/neg/3/not/PART "
        "condemn/ROOT/3/condemn/VERB/VB the/det/5/the/DET strike/dobj/3/strike/NOUN"
    )
    assert negated(other[5]) is False


@pytest.mark.parametrize(
    ("spec", "index", "expected"),
    [
        (  # may begin working: hypothetical through the infinitive chain
            "They/nsubj/2/they/PRON may/aux/2/may/AUX begin/ROOT/2/begin/VERB/VB "
            "working/xcomp/2/work/VERB/VBG together/advmod/3/together/ADV ./punct/2/./PUNCT",
            3,
            "hypothetical",
        ),
        (
            "Russia/nsubj/2/Russia/PROPN will/aux/2/will/AUX deploy/ROOT/2/deploy/VERB/VB "
            "troops/dobj/2/troop/NOUN ./punct/2/./PUNCT",
            2,
            "future",
        ),
        (  # will likely: the hedge wins
            "Russia/nsubj/3/Russia/PROPN will/aux/3/will/AUX likely/advmod/3/likely/ADV "
            "deploy/ROOT/3/deploy/VERB/VB troops/dobj/3/troop/NOUN",
            3,
            "hypothetical",
        ),
        (
            "Iran/nsubjpass/2/Iran/PROPN is/auxpass/2/be/AUX expected/ROOT/2/expect/VERB/VBN "
            "to/aux/4/to/PART meet/xcomp/2/meet/VERB/VB Iraq/dobj/4/Iraq/PROPN",
            4,
            "future",
        ),
        (  # threatened to cancel: the cancelling is future
            "Moscow/nsubj/1/Moscow/PROPN threatened/ROOT/1/threaten/VERB/VBD to/aux/3/to/PART "
            "cancel/xcomp/1/cancel/VERB/VB the/det/5/the/DET deal/dobj/3/deal/NOUN",
            3,
            "future",
        ),
        (
            "Moscow/nsubj/1/Moscow/PROPN threatened/ROOT/1/threaten/VERB/VBD to/aux/3/to/PART "
            "cancel/xcomp/1/cancel/VERB/VB the/det/5/the/DET deal/dobj/3/deal/NOUN",
            1,
            "asserted",
        ),
        (
            "He/nsubj/1/he/PRON said/ROOT/1/say/VERB/VBD that/mark/4/that/SCONJ "
            "Iran/nsubj/4/Iran/PROPN attacked/ccomp/1/attack/VERB/VBD Iraq/dobj/4/Iraq/PROPN",
            4,
            "reported",
        ),
        (
            "If/mark/2/if/SCONJ Iran/nsubj/2/Iran/PROPN attacks/advcl/6/attack/VERB/VBZ "
            "Iraq/dobj/2/Iraq/PROPN ,/punct/6/,/PUNCT Russia/nsubj/6/Russia/PROPN "
            "responds/ROOT/6/respond/VERB/VBZ",
            2,
            "hypothetical",
        ),
        (
            "If/mark/2/if/SCONJ Iran/nsubj/2/Iran/PROPN attacks/advcl/6/attack/VERB/VBZ "
            "Iraq/dobj/2/Iraq/PROPN ,/punct/6/,/PUNCT Russia/nsubj/6/Russia/PROPN "
            "responds/ROOT/6/respond/VERB/VBZ",
            6,
            "hypothetical",  # the consequence of a condition has not happened either
        ),
        (  # the object noun of a light verb shares the verb's modality
            "Russia/nsubj/2/Russia/PROPN may/aux/2/may/AUX impose/ROOT/2/impose/VERB/VB "
            "sanctions/dobj/2/sanction/NOUN",
            3,
            "hypothetical",
        ),
        (
            "Iran/nsubj/1/Iran/PROPN attacked/ROOT/1/attack/VERB/VBD Iraq/dobj/1/Iraq/PROPN",
            1,
            "asserted",
        ),
        (  # a mis-lemmatised governor ("hopes" -> "hop") still marks its infinitive
            "Moscow/nsubj/1/Moscow/PROPN hopes/ROOT/1/hop/VERB/VBZ to/aux/3/to/PART "
            "sign/xcomp/1/sign/VERB/VB deal/dobj/3/deal/NOUN",
            4,
            "hypothetical",
        ),
        (  # the object of a verb of intent has not happened
            "EU/nsubj/2/EU/PROPN is/aux/2/be/AUX considering/ROOT/2/consider/VERB/VBG "
            "sanctions/dobj/2/sanction/NOUN",
            3,
            "hypothetical",
        ),
        (
            "Analysts/nsubj/1/analyst/NOUN expect/ROOT/1/expect/VERB/VBP China/nsubj/4/China/PROPN "
            "to/aux/4/to/PART sign/ccomp/1/sign/VERB/VB deal/dobj/4/deal/NOUN",
            5,
            "future",
        ),
    ],
)
def test_modality(spec, index, expected):
    assert modality(parsed(spec)[index]) == expected


def test_quoted_text_is_reported():
    doc = parsed(
        "He/nsubj/1/he/PRON wrote/ROOT/1/write/VERB/VBD :/punct/1/:/PUNCT “/punct/5/“/PUNCT "
        "Iran/nsubj/5/Iran/PROPN attacked/parataxis/1/attack/VERB/VBD us/dobj/5/we/PRON "
        "”/punct/5/”/PUNCT"
    )
    assert in_quotes(doc[5]) is True
    assert in_quotes(doc[1]) is False
    assert modality(doc[5]) == "reported"

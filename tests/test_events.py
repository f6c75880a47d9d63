"""Event extraction: unit tests on hand-built parses, then a few on the trained model."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import spacy

from pipeline.errors import RegistryError
from pipeline.models import Document
from pipeline.nlp.actors import FACTORY_NAME as ACTORS
from pipeline.nlp.events import EventExtractor
from pipeline.nlp.lexicon import load_triggers
from pipeline.nlp.syntax import tree_distance
from pipeline.nlp.timex import tag_timexes
from tests.test_modality import parsed

DCT = date(2016, 8, 25)


@pytest.fixture(scope="module")
def blank_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe(ACTORS)
    return nlp


@pytest.fixture(scope="module")
def extractor():
    return EventExtractor()


def run(blank_nlp, extractor, spec: str, dct: date | None = DCT):
    doc = parsed(spec, blank_nlp)
    doc._.dct = dct
    doc = blank_nlp.get_pipe(ACTORS)(doc)
    doc._.timexes = tag_timexes(doc.text, dct)
    return extractor(doc)


def keys(doc):
    return [(e.source_actor, e.target_actor, e.event_type) for e in doc._.events]


PASSIVE = (
    "A/det/2/a/DET Russian/amod/2/russian/ADJ jet/nsubjpass/4/jet/NOUN was/auxpass/4/be/AUX "
    "downed/ROOT/4/down/VERB/VBN by/agent/4/by/ADP Turkey/pobj/5/Turkey/PROPN "
    "over/prep/4/over/ADP Syria/pobj/7/Syria/PROPN in/prep/4/in/ADP "
    "November/pobj/9/November/PROPN 2015/nummod/10/2015/NUM ./punct/4/./PUNCT"
)


def test_passive_agent_is_the_source(blank_nlp, extractor):
    doc = run(blank_nlp, extractor, PASSIVE)
    (event,) = doc._.events
    assert (event.source_actor, event.source_country) == ("TUR", "TUR")
    assert (event.target_actor, event.target_country) == ("RUSMIL", "RUS")
    assert (event.event_type, event.cameo_code, event.goldstein, event.quad_class) == (
        "ASSAULT",
        "195",
        -9.0,
        4,
    )
    assert (event.event_date, event.date_precision, event.date_basis) == (
        date(2015, 11, 1),
        "month",
        "explicit",
    )
    assert (event.date_text, event.date_value) == ("November 2015", "2015-11")
    assert event.location == "Syria"
    assert event.trigger == "downed"
    assert (event.negated, event.modality) == (False, "asserted")
    assert event.sentence == doc.text[event.char_start : event.char_end]
    assert event.confidence == 0.95


SANCTIONS = (
    "Moscow/nsubj/1/Moscow/PROPN imposed/ROOT/1/impose/VERB/VBD sanctions/dobj/1/sanction/NOUN "
    "on/prep/2/on/ADP Turkey/pobj/3/Turkey/PROPN and/cc/4/and/CCONJ Egypt/conj/4/Egypt/PROPN "
    "./punct/1/./PUNCT"
)


def test_light_verb_noun_and_coordinated_targets(blank_nlp, extractor):
    doc = run(blank_nlp, extractor, SANCTIONS)
    assert keys(doc) == [("RUS", "TUR", "COERCE"), ("RUS", "EGY", "COERCE")]
    assert {e.trigger for e in doc._.events} == {"sanctions"}


def test_without_a_temporal_expression_the_document_dates_the_event(blank_nlp, extractor):
    doc = run(blank_nlp, extractor, SANCTIONS)
    event = doc._.events[0]
    assert (event.event_date, event.date_precision, event.date_basis) == (DCT, "day", "document")
    assert (event.date_text, event.date_value) == (None, None)
    undated = run(blank_nlp, extractor, SANCTIONS, dct=None)._.events[0]
    assert (undated.event_date, undated.date_precision, undated.date_basis) == (
        None,
        "none",
        "document",
    )


MET = (
    "Erdogan/nsubj/3/Erdogan/PROPN and/cc/0/and/CCONJ Putin/conj/0/Putin/PROPN "
    "met/ROOT/3/meet/VERB/VBD in/prep/3/in/ADP Moscow/pobj/4/Moscow/PROPN ./punct/3/./PUNCT"
)


def test_symmetric_events_go_both_ways(blank_nlp, extractor):
    doc = run(blank_nlp, extractor, MET)
    assert keys(doc) == [("ERDOGAN", "PUTIN", "CONSULT"), ("PUTIN", "ERDOGAN", "CONSULT")]
    assert [e.source_country for e in doc._.events] == ["TUR", "RUS"]
    assert {e.location for e in doc._.events} == {"Moscow"}


def test_no_registry_actor_no_event(blank_nlp, extractor):
    doc = run(
        blank_nlp,
        extractor,
        "The/det/1/the/DET rebels/nsubj/2/rebel/NOUN attacked/ROOT/2/attack/VERB/VBD "
        "the/det/4/the/DET convoy/dobj/2/convoy/NOUN ./punct/2/./PUNCT",
    )
    assert doc._.events == []


def test_negated_event(blank_nlp, extractor):
    doc = run(
        blank_nlp,
        extractor,
        "The/det/1/the/DET EU/nsubj/4/EU/PROPN did/aux/4/do/AUX not/neg/4/not/PART "
        "criticize/ROOT/4/criticize/VERB/VB Ankara/dobj/4/Ankara/PROPN ./punct/4/./PUNCT",
    )
    (event,) = doc._.events
    assert (event.source_actor, event.target_actor, event.event_type) == ("EU", "TUR", "ACCUSE")
    assert event.negated is True


def test_nominal_trigger_with_by_agent(blank_nlp, extractor):
    doc = run(
        blank_nlp,
        extractor,
        "The/det/1/the/DET downing/nsubj/8/downing/NOUN of/prep/1/of/ADP a/det/5/a/DET "
        "Russian/amod/5/russian/ADJ jet/pobj/2/jet/NOUN by/prep/1/by/ADP "
        "Turkey/pobj/6/Turkey/PROPN angered/ROOT/8/anger/VERB/VBD Moscow/dobj/8/Moscow/PROPN "
        "./punct/8/./PUNCT",
    )
    assert keys(doc) == [("TUR", "RUSMIL", "ASSAULT")]


def test_date_belongs_to_the_nearest_trigger(blank_nlp, extractor):
    # "Erdogan apologized in June 2016 for the downing of a Russian jet by Turkey."
    doc = run(
        blank_nlp,
        extractor,
        "Erdogan/nsubj/1/Erdogan/PROPN apologized/ROOT/1/apologize/VERB/VBD in/prep/1/in/ADP "
        "June/pobj/2/June/PROPN 2016/nummod/3/2016/NUM for/prep/1/for/ADP "
        "the/det/7/the/DET downing/pobj/5/downing/NOUN of/prep/7/of/ADP a/det/11/a/DET "
        "Russian/amod/11/russian/ADJ jet/pobj/8/jet/NOUN by/prep/7/by/ADP "
        "Turkey/pobj/12/Turkey/PROPN ./punct/1/./PUNCT",
    )
    by_type = {e.event_type: e for e in doc._.events}
    apology = by_type["CONCEDE"]
    assert (apology.source_actor, apology.target_actor) == ("ERDOGAN", "RUSMIL")
    assert (apology.event_date, apology.cameo_code) == (date(2016, 6, 1), "055")
    assert (by_type["ASSAULT"].source_actor, by_type["ASSAULT"].target_actor) == ("TUR", "RUSMIL")
    assert by_type["ASSAULT"].date_basis == "document"  # a nominal takes no date from elsewhere


def test_tree_distance():
    doc = parsed(PASSIVE)
    assert tree_distance(doc[4], doc[4]) == 0
    assert tree_distance(doc[6], doc[4]) == 2
    assert tree_distance(doc[10], doc[6]) == 4


def test_lexicon_is_valid_and_ordered():
    rules = load_triggers()
    shoot = rules[("verb", "shoot")]
    assert shoot[0].particle == "down" and shoot[-1].particle is None
    assert rules[("noun", "sanction")][0].type == "COERCE"  # CAMEO 163, as the crosswalk has it
    assert rules[("verb", "meet")][0].symmetric is True


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("{lemma: hug, type: EMBRACE}", "type 'EMBRACE' is not a PLOVER type"),
        ("{lemma: hug, type: SUPPORT, pos: adverb}", "pos must be verb or noun"),
        ("{lemma: hug, type: SUPPORT, cameo: 51}", "cameo must be a quoted string"),
        ("{lemma: hug, type: SUPPORT, of: whom}", "'of' must be target"),
        ("{lemma: hug, type: SUPPORT, colour: red}", "unknown key(s) colour"),
    ],
)
def test_lexicon_validation(tmp_path: Path, rule, message):
    path = tmp_path / "triggers.yaml"
    path.write_text(f"events:\n  - {rule}\n", encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        load_triggers(path)
    assert "event rule #1 (hug)" in str(err.value) and message in str(err.value)


def test_missing_model_names_the_setting():
    from pipeline.nlp.build import load_pipeline

    with pytest.raises(ImportError, match="EVENTPIPE_MODEL"):
        load_pipeline("no_such_model_xx")


# ------------------------------------------------------------------------------ the model
@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp.build import load_pipeline

    return load_pipeline()


def extract(nlp, text: str, dct: date | None = DCT):
    from pipeline.nlp.build import annotate

    document = Document(doc_id="t", source_path="t.txt", text=text, published_date=dct)
    ((_, doc),) = list(annotate(nlp, [document]))
    return doc._.events


def country_keys(events):
    return [(e.source_country, e.target_country, e.event_type) for e in events]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turkey shot down a Russian jet near the Syrian border.", [("TUR", "RUS", "ASSAULT")]),
        ("Russian troops attacked Ukrainian positions near Donetsk.", [("RUS", "UKR", "ASSAULT")]),
        ("Moscow imposed sanctions on Ankara after the incident.", [("RUS", "TUR", "COERCE")]),
        (
            "The European Union condemned the arrests of journalists in Turkey.",
            [("EU", "TUR", "ACCUSE")],
        ),
        (
            "Turkish President Erdogan apologized to Russia for the incident.",
            [("TUR", "RUS", "CONCEDE")],
        ),
        ("Riyadh cut diplomatic ties with Doha.", [("SAU", "QAT", "SANCTION")]),
        (
            "China and the United States signed a trade deal.",  # PLOVER: SUPPORT (CAMEO 057)
            [("CHN", "USA", "SUPPORT"), ("USA", "CHN", "SUPPORT")],
        ),
        ("The Kremlin protested to Ankara.", [("RUS", "TUR", "ACCUSE")]),  # a state: CAMEO 114
        ("Students protested against Ankara.", [(None, "TUR", "PROTEST")]),
        ("Turkish citizens protested against Russia.", [("TUR", "RUS", "PROTEST")]),
        ("Iran sent humanitarian aid to Syria.", [("IRN", "SYR", "AID")]),
        ("Turkey threatened to expel Russian diplomats.", [("TUR", "RUS", "THREATEN")]),
        ("Russia released two Ukrainian sailors.", [("RUS", "UKR", "CONCEDE")]),
        (
            "Havana and Washington restored diplomatic relations.",
            [("CUB", "USA", "COOPERATE"), ("USA", "CUB", "COOPERATE")],
        ),
        ("Washington urged Beijing to release the activists.", [("USA", "CHN", "REQUEST")]),
        ("The weather was mild in Ankara.", []),
    ],
)
def test_wire_style_sentences(nlp, text, expected):
    assert country_keys(extract(nlp, text)) == expected


@pytest.mark.model
def test_passive_and_nominal_downing_with_dates(nlp):
    passive = extract(
        nlp, "A Russian aircraft was downed by Turkey over Syria on 24 November 2015."
    )
    assert country_keys(passive) == [("TUR", "RUS", "ASSAULT")]
    assert (passive[0].event_date, passive[0].date_precision) == (date(2015, 11, 24), "day")
    assert passive[0].location == "Syria"
    nominal = extract(
        nlp, "Analysts still debate the downing of a Russian bomber by Turkey in November 2015."
    )
    assert country_keys(nominal) == [("TUR", "RUS", "ASSAULT")]
    assert (nominal[0].event_date, nominal[0].date_precision, nominal[0].date_basis) == (
        date(2015, 11, 1),
        "month",
        "explicit",
    )
    assert (nominal[0].date_text, nominal[0].date_value) == ("November 2015", "2015-11")


@pytest.mark.model
def test_meeting_with_place_and_relative_date(nlp):
    events = extract(nlp, "Putin and Erdogan met in Saint Petersburg last week.")
    assert [(e.source_actor, e.target_actor, e.event_type) for e in events] == [
        ("PUTIN", "ERDOGAN", "CONSULT"),
        ("ERDOGAN", "PUTIN", "CONSULT"),
    ]
    assert {e.location for e in events} == {"Saint Petersburg"}
    assert {(e.date_basis, e.date_value) for e in events} == {("relative", "2016-W33")}
    assert events[0].event_date == date(2016, 8, 15)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "negated", "modality"),
    [
        ("Putin did not criticize Ankara.", True, "asserted"),
        ("Turkey may begin working with Russia.", False, "hypothetical"),
        ("Russia will deploy troops to Belarus.", False, "future"),
        ("Officials said that Iran attacked Iraq.", False, "reported"),
        ("Ankara is going to expel Russian diplomats.", False, "future"),
    ],
)
def test_negation_and_modality(nlp, text, negated, modality):
    events = extract(nlp, text)
    assert events, text
    last = events[-1]
    assert (last.negated, last.modality) == (negated, modality)


@pytest.mark.model
def test_evidence_offsets_slice_the_document(nlp):
    text = (
        "Relations were tense.  Moscow imposed sanctions on Turkey.\n\nAnkara condemned the move."
    )
    events = extract(nlp, text)
    assert country_keys(events) == [("RUS", "TUR", "COERCE"), ("TUR", None, "ACCUSE")]
    for event in events:
        assert text[event.char_start : event.char_end] == event.sentence
        assert 0.05 <= event.confidence <= 0.95
    assert events[1].sentence == "Ankara condemned the move."


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # outrage over a killing blames; it does not make the speaker the killer
        (
            "Canada expressed outrage at India over the killing of a Sikh activist.",
            [("CAN", "IND", "ACCUSE")],
        ),
        # (the killing, one-sided and undated, is what the outrage is about: no event of its own)
        (
            "Canada expressed outrage over the killing of a Sikh activist by India.",
            [("CAN", "IND", "ACCUSE")],
        ),
        # regret for an act still owns up to it
        (
            "Turkey expressed regret for the downing of the Russian jet.",
            [("TUR", "RUS", "CONCEDE"), ("TUR", "RUS", "ASSAULT")],
        ),
    ],
)
def test_expressing_outrage_over_an_act_is_no_admission(nlp, text, expected):
    assert country_keys(extract(nlp, text)) == expected


@pytest.mark.model
def test_a_pronoun_subject_resolves_to_the_previous_sentence(nlp):
    events = extract(nlp, "Erdogan arrived in Moscow on Tuesday. He met Putin in the Kremlin.")
    assert [(e.source_actor, e.source_country, e.target_country, e.event_type) for e in events] == [
        ("ERDOGAN", "TUR", "RUS", "CONSULT")
    ]
    assert events[0].sentence == "He met Putin in the Kremlin."


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a year naming an earlier thing does not date the reaction to it
        ("Germany condemned the 2002 bombings in Bali.", (DCT, "document")),
        ("Germany condemned the March 2002 bombings in Bali.", (DCT, "document")),
        # ... but dates the nominal event it names, a place where it happened, or the act the
        # named thing was made by
        ("The March 2003 invasion of Iraq by the United States divided Europe.",
         (date(2003, 3, 1), "explicit")),
        ("Russia and China signed the treaty at the 2001 summit in Shanghai.",
         (date(2001, 1, 1), "explicit")),
    ],
)  # fmt: skip
def test_a_date_that_names_another_thing_does_not_date_the_event(nlp, text, expected):
    events = extract(nlp, text)
    assert events
    assert {(e.event_date, e.date_basis) for e in events} == {expected}

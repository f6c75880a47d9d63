"""Stance extraction: scoring rules, the lexicon, a hand-built parse and model sentences."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import spacy

from pipeline.errors import RegistryError
from pipeline.models import Document
from pipeline.nlp.actors import FACTORY_NAME as ACTORS
from pipeline.nlp.stances import StanceExtractor, load_stance_lexicon, score_and_polarity
from tests.test_modality import parsed

DCT = date(2016, 8, 25)


@pytest.mark.parametrize(
    ("base", "negation", "hypothetical", "expected"),
    [
        (-0.6, None, False, (-0.6, "negative")),
        (0.7, None, False, (0.7, "positive")),
        (-0.6, "grammatical", False, (0.15, "neutral")),  # "did not criticize": a weak lean
        (0.6, "grammatical", False, (-0.3, "negative")),  # "would not support": opposition
        (0.5, "privative", False, (-0.4, "negative")),  # "a lack of trust"
        (-0.6, None, True, (-0.3, "negative")),  # "may see X as a threat"
        (-1.4, None, False, (-1.0, "negative")),  # clipped
        (0.0, None, False, (0.0, "neutral")),
    ],
)
def test_score_and_polarity(base, negation, hypothetical, expected):
    assert score_and_polarity(base, negation, hypothetical) == expected


def test_lexicon_loads():
    lexicon = load_stance_lexicon()
    assert lexicon.cues[("verb", "criticize")].score == -0.6
    assert lexicon.cues[("adj", "opposed")].preps == frozenset({"to"})
    assert "see" in lexicon.see_as
    assert lexicon.evaluations["authoritarian"] < 0 < lexicon.evaluations["ally"]
    assert lexicon.intensifiers["strongly"] > 1
    assert lexicon.weights.privative < 0 < lexicon.weights.hypothetical
    assert lexicon.event_stances["ACCUSE"] < 0 < lexicon.event_stances["SUPPORT"]
    assert "remain" in lexicon.word_set("copulas")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "cues:\n  - {lemma: like, score: 2}\n",
            "stance cue #1 (like) score: 2 outside [-1.0, 1.0]",
        ),
        ("cues:\n  - {lemma: like, score: nice}\n", "'nice' is not a number"),
        (
            "cues:\n  - {lemma: like, score: 0.5, pos: adverb}\n",
            "pos must be verb, noun, adj or adv",
        ),
        ("cues:\n  - {lemma: like, score: 0.5, prep: to}\n", "'prep' must be a list"),
        ("cues: []\n", "non-empty 'cues' list"),
        ("cues:\n  - {lemma: like, score: 0.5, tone: warm}\n", "unknown key(s) tone"),
        ("cues:\n  - {lemma: like, score: 0.5}\n  - {lemma: like, score: 0.4}\n", "listed twice"),
        ("cues:\n  - {lemma: like, score: 0.5}\nweights: {denial: 0.5}\n", "weights: unknown"),
        ("cues:\n  - {lemma: like, score: 0.5}\nwords: {copulas: be}\n", "words.copulas must"),
        ("cues:\n  - {lemma: like, score: 0.5}\nwords: {verbs: [be]}\n", "unknown list(s) verbs"),
        ("cues:\n  - {lemma: like, score: 0.5}\nevaluations: {ally: high}\n", "evaluations.ally"),
        ("cues:\n  - {lemma: like, score: 0.5}\nevent_stances: [ACCUSE]\n", "'event_stances' must"),
    ],
)
def test_lexicon_validation(tmp_path: Path, body, message):
    path = tmp_path / "lexicon.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        load_stance_lexicon(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)  # the error names the file


def test_hand_parsed_negated_criticism():
    nlp = spacy.blank("en")
    nlp.add_pipe(ACTORS)
    doc = parsed(
        "The/det/1/the/DET EU/nsubj/4/EU/PROPN did/aux/4/do/AUX not/neg/4/not/PART "
        "criticize/ROOT/4/criticize/VERB/VB Ankara/dobj/4/Ankara/PROPN ./punct/4/./PUNCT",
        nlp,
    )
    doc._.dct = DCT
    doc = nlp.get_pipe(ACTORS)(doc)
    doc._.timexes = []
    doc = StanceExtractor()(doc)
    (stance,) = doc._.stances
    assert (stance.holder_actor, stance.target_actor, stance.target_topic) == ("EU", "TUR", None)
    assert (stance.polarity, stance.score, stance.cue) == ("neutral", 0.15, "criticize")
    assert (stance.stance_date, stance.date_precision) == (DCT, "day")
    assert doc.text[stance.char_start : stance.char_end] == stance.sentence


# ------------------------------------------------------------------------------ the model
@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp.build import load_pipeline

    return load_pipeline()


def stances(nlp, text: str, dct: date | None = DCT):
    from pipeline.nlp.build import annotate

    document = Document(doc_id="s", source_path="s.txt", text=text, published_date=dct)
    ((_, doc),) = list(annotate(nlp, [document]))
    return [
        (s.holder_country, s.target_country, s.target_topic, s.polarity, s.score)
        for s in doc._.stances
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin did not criticize Ankara.", [("RUS", "TUR", None, "neutral", 0.15)]),
        (
            "The Greeks are strongly opposed to the Turkish government.",
            [("GRC", "TUR", None, "negative", -0.78)],
        ),
        (
            "German officials see Orban as an authoritarian leader.",
            [("DEU", "HUN", None, "negative", -0.6)],
        ),
        (
            "There is a lack of trust in Iran among Saudis.",
            [("SAU", "IRN", None, "negative", -0.4)],
        ),
        (
            "Germany and France share a deep distrust of China.",
            [("DEU", "CHN", None, "negative", -0.78), ("FRA", "CHN", None, "negative", -0.78)],
        ),
        ("Tehran welcomed the agreement.", [("IRN", None, "agreement", "positive", 0.6)]),
        ("Beijing may see Washington as a rival.", [("CHN", "USA", None, "negative", -0.25)]),
        (
            "Moscow is unhappy with the new gas pipeline.",
            [("RUS", None, "new gas pipeline", "negative", -0.5)],
        ),
        ("The weather in Ankara was mild.", []),
    ],
)
def test_stances(nlp, text, expected):
    assert stances(nlp, text) == expected


@pytest.mark.model
def test_stance_date_from_the_sentence(nlp):
    from pipeline.nlp.build import annotate

    document = Document(
        doc_id="s",
        source_path="s.txt",
        text="In March 2018, Washington praised Seoul.",
        published_date=DCT,
    )
    ((_, doc),) = list(annotate(nlp, [document]))
    (stance,) = doc._.stances
    assert (stance.holder_actor, stance.target_actor, stance.polarity) == ("USA", "KOR", "positive")
    assert (stance.stance_date, stance.date_precision) == (date(2018, 3, 1), "month")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the possessor of a criticised or welcomed phrase is the target
        ("Chile condemned Peru's new border law.", [("CHL", "PER", "negative")]),
        ("Oslo welcomed the Swedish decision to rejoin the talks.", [("NOR", "SWE", "positive")]),
        # an ACCUSE or SUPPORT event without a lexical cue still carries its stance
        ("Warsaw attacked Berlin over the pipeline.", [("POL", "DEU", "negative")]),
        # a subject mis-parsed as a modifier, and a verb mis-tagged as a noun
        ("Kigali distrusts the government in Kinshasa.", [("RWA", "COD", "negative")]),
        ("Beijing sides firmly with Islamabad on Kashmir.", [("CHN", "PAK", "positive")]),
        # an actor target wins over the reason phrase
        ("Ankara was furious with Washington over its arms policy.", [("TUR", "USA", "negative")]),
        ("Seoul remains reluctant to align with Tokyo.", [("KOR", "JPN", "neutral")]),
        # hypothetical events carry no stance by themselves
        ("Hungary might criticize Brussels next year.", [("HUN", "EU", "negative")]),
    ],
)
def test_stance_targets_and_event_stances(nlp, text, expected):
    assert [(h, t or topic, p) for h, t, topic, p, _ in stances(nlp, text)] == expected


def actor_stances(nlp, text: str) -> list[tuple[str | None, str | None, str]]:
    from pipeline.nlp.build import annotate

    document = Document(doc_id="s", source_path="s.txt", text=text, published_date=DCT)
    ((_, doc),) = list(annotate(nlp, [document]))
    return [(s.holder_actor, s.target_actor or s.target_topic, s.polarity) for s in doc._.stances]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the phrasing of news: verbs, nouns and adjectives of stance
        ("Beijing has long backed the junta in Myanmar.", [("CHN", "MMR", "positive")]),
        ("Berlin was far warmer toward Ankara than Paris was.", [("DEU", "TUR", "positive")]),
        (
            "Dutch farmers remain fierce critics of the sanctions policy.",
            [("NLDCVL", "sanctions policy", "negative")],
        ),
        ("Lithuania deplored the Belarusian decision.", [("LTU", "BLR", "negative")]),
        ("Kenya hailed Ethiopia's new peace plan.", [("KEN", "ETH", "positive")]),
        ("Japan is a staunch supporter of Taiwan.", [("JPN", "TWN", "positive")]),
        ("Thailand is highly critical of Cambodia's border policy.", [("THA", "KHM", "negative")]),
        ("Moscow ridiculed Western officials in a statement.", [("RUS", "WST", "negative")]),
        ("The Chilean minister spoke warmly of Argentina.", [("CHL", "ARG", "positive")]),
        # direction: the passive agent holds the stance
        ("Tanzania was criticised by Uganda over the pipeline deal.", [("UGA", "TZA", "negative")]),
        (
            "Hungary came under criticism from Brussels for its asylum law.",
            [("EU", "HUN", "negative")],
        ),
        # the speaker holds the stance of what is reported
        ("Kenyan officials said Somalia was an unreliable partner.", [("KEN", "SOM", "negative")]),
        # a demand for someone's removal; a listed preposition's object; "in support of"
        (
            "Seoul called for the arrest of the Japanese envoy.",
            [("KOR", "JPN", "negative")],
        ),
        ("Islamabad blamed the border attack on Kabul.", [("PAK", "AFG", "negative")]),
        ("Poland came out strongly in support of Ukraine.", [("POL", "UKR", "positive")]),
        # a participle of backing before a noun
        (
            "Iranian-backed Houthi rebels fired missiles at Riyadh.",
            [("IRN", "HOUTHIS", "positive")],
        ),
        # a person's attack is a stance, a military one an event only
        ("Senator Rubio mocked Trump at the rally.", [("RUBIO", "TRUMP", "negative")]),
        ("Senator Rubio attacked Trump over his tax returns.", [("RUBIO", "TRUMP", "negative")]),
        ("Ugandan troops attacked the Kenyan border post.", []),
        # a place named as a modifier is no target: "the Paris agreement" is a topic
        (
            "Canada remains committed to the Paris agreement.",
            [("CAN", "paris agreement", "positive")],
        ),
    ],
)
def test_news_phrasing(nlp, text, expected):
    assert actor_stances(nlp, text) == expected

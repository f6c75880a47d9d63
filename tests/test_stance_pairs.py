"""The directed-sentiment pair model and its component `eventpipe_stance_pairs_v1`: the model
file's schema, the features on a hand-built parse, the classifier, the trainer's arithmetic,
and the component's choice of pairs on sentences written for these tests (with small model
files written here, so the tests do not depend on the shipped weights)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.errors import RegistryError
from pipeline.eval_dev.train_pairs import Sparse, f1_and_clean, fit, predict, probabilities
from pipeline.nlp.pair_model import (
    DEFAULT_MODEL,
    LABELS,
    MODEL_FORMAT,
    PairModel,
    load_pair_model,
    lowest_common_ancestor,
    pair_features,
)


def write_model(path: Path, weights: dict, bias=None, threshold: float = 0.5) -> Path:
    path.write_text(
        json.dumps(
            {
                "format": MODEL_FORMAT,
                "labels": list(LABELS),
                "threshold": threshold,
                "bias": bias or [0.0] * len(LABELS),
                "weights": weights,
            }
        )
    )
    return path


# -- the model file ----------------------------------------------------------------------------
def test_the_shipped_model_loads_and_is_valid():
    model = load_pair_model(DEFAULT_MODEL)
    assert 0 < model.threshold < 1
    assert len(model.weights) > 1000
    assert all(len(row) == len(LABELS) for row in model.weights.values())
    notice = json.loads(DEFAULT_MODEL.read_text())["notice"]
    assert "Park, Pan & Joo" in notice


@pytest.mark.parametrize(
    "change, message",
    [
        ({"format": "other/1"}, "not a stance pair model"),
        ({"labels": ["a", "b"]}, "labels must be"),
        ({"threshold": 2}, "threshold must be"),
        ({"bias": [0, 0]}, "bias must be"),
        ({"weights": {"w=x": [1, 2]}}, "weights of 'w=x'"),
    ],
)
def test_a_malformed_model_file_names_the_file_and_the_problem(tmp_path, change, message):
    path = write_model(tmp_path / "model.json", {"w=x": [0, 1, 0, 0, 0]})
    data = json.loads(path.read_text()) | change
    path.write_text(json.dumps(data))
    with pytest.raises(RegistryError, match=message) as err:
        load_pair_model(path)
    assert str(path) in str(err.value)


def test_an_unreadable_model_file_is_a_registry_error(tmp_path):
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(RegistryError, match="broken.json"):
        load_pair_model(tmp_path / "broken.json")


# -- features and classification -----------------------------------------------------------------
def parsed(words, heads, deps, pos, lemmas) -> Doc:
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
               sent_starts=[True] + [False] * (len(words) - 1))  # fmt: skip


def test_features_follow_the_path_between_the_two_mentions():
    # "Ankara sharply criticised Athens ."
    doc = parsed(
        ["Ankara", "sharply", "criticised", "Athens", "."],
        [2, 2, 2, 2, 2],
        ["nsubj", "advmod", "ROOT", "dobj", "punct"],
        ["PROPN", "ADV", "VERB", "PROPN", "PUNCT"],
        ["Ankara", "sharply", "criticise", "Athens", "."],
    )
    p, q = [doc[0]], [doc[3]]
    assert lowest_common_ancestor(p, q).i == 2
    features = pair_features(p, q, lowest_common_ancestor(p, q))
    expected = ["lca=criticise", "lca_p=criticise|nsubj", "lca_q=criticise|dobj"]
    expected += ["path=nsubj^dobj", "pfirst", "btw=sharply", "btw=criticise", "w=criticise"]
    assert set(expected) <= set(features)
    assert "qfirst" in pair_features(q, p, lowest_common_ancestor(q, p))


def test_classify_needs_the_threshold_and_names_the_evidence_word():
    model = PairModel(
        weights={"w=praise": (0.0, 3.0, 0.0, 0.0, 0.0), "w=meet": (0.5, 0.2, 0.0, 0.0, 0.0)},
        bias=(1.0, 0.0, 0.0, 0.0, 0.0),
        threshold=0.6,
    )
    label, probability = model.classify(["w=praise", "w=meet"])
    assert label == 1 and probability >= 0.6
    assert model.evidence_word(["w=praise", "w=meet"], 1) == "praise"
    assert model.classify(["w=meet"])[0] == 0


# -- the trainer's arithmetic ----------------------------------------------------------------------
def test_the_trainer_learns_a_separable_problem():
    rows = [["w=good"], ["w=bad"], ["w=plain"]] * 30
    labels = np.array([1, 3, 0] * 30)
    vocab = {"w=good": 0, "w=bad": 1, "w=plain": 2}
    data = Sparse(rows, vocab)
    everything = np.arange(len(rows))
    weights = fit(data, labels, everything, len(vocab) + 1, epochs=20)
    indices, lengths = data.take(everything)
    predicted = predict(probabilities(weights, indices, lengths), 0.5)
    assert f1_and_clean(labels, predicted) == (1.0, 1.0)


def test_f1_counts_a_wrong_class_as_a_false_positive_and_a_false_negative():
    gold = np.array([1, 3, 0, 0])
    predicted = np.array([1, 4, 0, 2])
    f1, clean = f1_and_clean(gold, predicted)
    assert f1 == pytest.approx(2 * 1 / (2 * 1 + 2 + 1))
    assert clean == 0.5


# -- the component -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp.build import load_pipeline

    return load_pipeline()


def run_component(nlp, tmp_path, text: str, weights: dict, bias=None):
    from pipeline.nlp.stance_pairs import StancePairs

    component = StancePairs(nlp, "test", str(write_model(tmp_path / "m.json", weights, bias)))
    doc = nlp(text)
    before = list(doc._.stances)
    return [s for s in component(doc)._.stances if s not in before]


def test_a_pair_the_rules_miss_gets_the_models_stance_with_its_evidence_word(nlp, tmp_path):
    added = run_component(
        nlp, tmp_path, "Macron paid tribute to Greece for its handling of the wildfires.",
        {"w=tribute": [0.0, 4.0, 0.0, 0.0, 0.0]},
    )  # fmt: skip
    assert [(s.holder_actor, s.target_actor, s.polarity, s.cue) for s in added] == [
        ("MACRON", "GRC", "positive", "tribute")
    ]
    assert 0 < added[0].score <= 0.5
    assert added[0].sentence.startswith("Macron paid tribute")


def test_the_model_stance_goes_from_the_second_mention_when_its_class_says_so(nlp, tmp_path):
    added = run_component(
        nlp, tmp_path, "Macron paid tribute to Greece for its handling of the wildfires.",
        {"w=tribute": [0.0, 0.0, 0.0, 0.0, 4.0]},
    )  # fmt: skip
    assert [(s.holder_actor, s.target_actor, s.polarity) for s in added] == [
        ("GRC", "MACRON", "negative")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Turkish troops attacked Kurdish fighters near Kobani on Tuesday.",  # an event links them
        "Ankara condemned the Greek plan and Paris stayed silent.",  # Ankara has a rule stance
        "Putin told Russia's governors to prepare for a long winter.",  # his own state
        "Chinese engineers are building a port in Pakistan.",  # a place
        "Tehran said Israeli jets had struck military sites overnight.",  # a reported act
    ],
)
def test_pairs_that_the_model_must_leave_alone(nlp, tmp_path, text):
    always_negative = [0.0, 0.0, 0.0, 9.0, 0.0]  # the bias alone would give p -> q negative
    assert run_component(nlp, tmp_path, text, {}, bias=always_negative) == []


def test_a_stance_keeps_the_words_that_date_it(nlp):
    doc = nlp("In March 2016, Ankara sharply condemned the Greek plan for the islands.")
    stance = next(s for s in doc._.stances if s.holder_actor == "TUR")
    assert (stance.date_text, stance.date_precision) == ("March 2016", "month")

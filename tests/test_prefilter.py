"""WordFilter finds exactly the tokens a per-token lemma/lower-case lookup would find."""

from __future__ import annotations

import spacy

from pipeline.nlp.prefilter import WordFilter
from pipeline.nlp.syntax import lemma_of


def _nlp():
    from pipeline.nlp.build import load_pipeline

    return load_pipeline()


def test_word_filter_matches_a_per_token_lookup():
    nlp = _nlp()
    words = {"condemn", "sanction", "talks", "warn", "praise"}
    word_filter = WordFilter(words)
    doc = nlp(
        "Condemning the strike, Paris warned Moscow. Sanctions followed the talks.\n\n"
        "Washington PRAISED the deal; nobody condemned it."
    )
    expected = [t.i for t in doc if lemma_of(t) in words or t.lower_ in words]
    assert word_filter.indices(doc) == expected
    assert word_filter.indices(doc) == expected  # the cached verdicts give the same answer


def test_word_filter_with_a_predicate_and_on_empty_docs():
    blank = spacy.blank("en")
    ends_in_ed = WordFilter(accept=lambda word: word.endswith("ed"))
    doc = blank("Troops crossed and shelled the town")
    assert ends_in_ed.indices(doc) == [1, 3]
    assert ends_in_ed.indices(blank("")) == []
    assert WordFilter().indices(doc) == []

"""The model's lemmatizer with one verdict per distinct (form, POS, morphology), registered as
`eventpipe_lemmas_v1`.

spaCy's rule lemmatizer walks the `Doc` in Python, builds a `Token` for every word and sets
`token.lemma_` one at a time; it was about 6% of the model's CPU. A lemma from the rule and
lookup modes depends only on the word's form, coarse POS and morphology (the rule mode caches
on that same key), so this component reads those as arrays, asks the wrapped lemmatizer only
for combinations it has not seen, and writes the lemmas back as one array. Tokens that already
have a lemma (set by the attribute rules) keep it, as with the stock component.
`tests/test_attributes.py` checks that both give the same lemmas.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

FACTORY_NAME = "eventpipe_lemmas_v1"
_CACHE_LIMIT = 500_000


class CachedLemmatizer:
    """spaCy component: the wrapped lemmatizer's lemmas, computed once per distinct key."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lemmatizer = self.lemmatizer
        if not lemmatizer._validated:
            lemmatizer._validate_tables(Errors.E1004)
        if len(self._lemmas) > _CACHE_LIMIT:
            self._lemmas.clear()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        strings = doc.vocab.strings
        overwrite = lemmatizer.overwrite
        cache = self._lemmas
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            value = cache.get(key)
            if value is None:
                value = cache[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


@Language.factory(FACTORY_NAME, default_config={"wraps": "lemmatizer"})
def make_cached_lemmatizer(nlp: Language, name: str, wraps: str) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.get_pipe(wraps))


def replace_lemmatizer(nlp: Language) -> bool:
    """Swap the pipeline's `lemmatizer` for `eventpipe_lemmas_v1` wrapping it, in the same
    place, when it is spaCy's own lemmatizer in rule or lookup mode; True if it was swapped."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer) or lemmatizer.mode not in (
        "rule",
        "lookup",
    ):
        return False
    nlp.add_pipe(FACTORY_NAME, after="lemmatizer", config={"wraps": "lemmatizer"})
    nlp.remove_pipe("lemmatizer")
    return True

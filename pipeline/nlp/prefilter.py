"""Find the few tokens worth a component's attention, without touching every token in Python.

The event and stance components look each token up in a lexicon; creating a `Token` object
and reading its lemma for each of ~10,000 tokens per article costs more than the rules that
follow. `WordFilter` reads the lemma and lower-case hashes of the whole `Doc` as one array,
decides once per distinct string whether it can start a rule, and returns the indices of the
tokens that can. What a component then does with those tokens is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc


class WordFilter:
    """The tokens whose lower-case lemma or lower-case form a predicate accepts.

    `WordFilter(words)` accepts the strings in `words`; `WordFilter(accept=fn)` calls
    `fn(string)` once per distinct string (the answer is cached for the life of the filter).
    """

    def __init__(
        self, words: Iterable[str] = (), accept: Callable[[str], bool] | None = None
    ) -> None:
        self.words = frozenset(words)
        self.accept = accept or self.words.__contains__
        self._verdicts: dict[int, bool] = {}

    def indices(self, doc: Doc) -> list[int]:
        """Indices, in order, of the tokens whose lemma or lower-case form is accepted."""
        if not len(doc):
            return []
        keys = doc.to_array([LEMMA, LOWER])
        strings = doc.vocab.strings
        verdicts = self._verdicts
        accepted = []
        for key in np.unique(keys).tolist():
            verdict = verdicts.get(key)
            if verdict is None:
                verdict = verdicts[key] = bool(key) and self.accept(strings[key].lower())
            if verdict:
                accepted.append(key)
        if not accepted:
            return []
        return np.flatnonzero(np.isin(keys, accepted).any(axis=1)).tolist()

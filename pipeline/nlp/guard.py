"""Length guard: no sentence longer than `Settings.max_sentence_chars` reaches the parser.

A hand-filled folder may hold a 200 KB line without a full stop. The component, placed before
the parser, starts a new sentence at the first token that would take the current one over the
limit (the parser keeps boundaries set before it), so evidence sentences stay short and the
sentence-level components never see a giant span. A single token longer than the limit stays
one sentence: it cannot be split.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_CAP = "eventpipe_sentence_cap_v1"


@Language.factory(SENTENCE_CAP, default_config={"max_chars": 2000})
def make_sentence_cap(nlp: Language, name: str, max_chars: int):
    """The component: cap sentences at `max_chars` characters."""

    def sentence_cap(doc: Doc) -> Doc:
        first = _first_long_segment(doc, max_chars)
        if first is None:
            return doc
        start = doc[first].idx  # character offset where the current sentence starts
        for token in doc[first + 1 :]:
            if token.is_sent_start:
                start = token.idx
            elif token.idx + len(token.text) - start > max_chars and not token.is_space:
                token.is_sent_start = True
                start = token.idx
        return doc

    return sentence_cap


def _first_long_segment(doc: Doc, max_chars: int) -> int | None:
    """The first token of the first sentence (as set so far) longer than `max_chars`, if any.

    Reads token offsets as one array, so the usual document, whose paragraphs are all short,
    costs no Python loop over its tokens.
    """
    if len(doc.text) <= max_chars:
        return None
    offsets = doc.to_array([IDX, LENGTH, SENT_START]).astype(np.int64)
    starts = np.flatnonzero(offsets[:, 2] == 1)
    starts = np.union1d(starts, [0])
    ends = np.append(starts[1:], len(doc)) - 1
    lengths = offsets[ends, 0] + offsets[ends, 1] - offsets[starts, 0]
    long = np.flatnonzero(lengths > max_chars)
    return int(starts[long[0]]) if len(long) else None


def add_sentence_cap(nlp: Language, max_chars: int | None = None) -> None:
    """Add the cap before the parser (if the pipeline has one and not the cap already)."""
    if "parser" not in nlp.pipe_names or SENTENCE_CAP in nlp.pipe_names:
        return
    if max_chars is None:
        from pipeline.settings import Settings

        max_chars = Settings().max_sentence_chars
    nlp.add_pipe(SENTENCE_CAP, before="parser", config={"max_chars": max_chars})

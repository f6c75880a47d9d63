"""The spaCy component of the temporal tagger (`eventpipe_timex_v1`)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp import extensions  # noqa: F401  (registers the Doc._ extensions)
from pipeline.nlp.timex.tagger import tag_timexes

FACTORY_NAME = "eventpipe_timex_v1"


class TimexTagger:
    """spaCy component: sets `doc._.timexes` and `doc.spans[spans_key]` (label = precision)."""

    def __init__(self, name: str = FACTORY_NAME, spans_key: str = "timexes") -> None:
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        timexes = tag_timexes(doc.text, doc._.dct)
        doc._.timexes = timexes
        spans = []
        for t in timexes:
            span = doc.char_span(t.start, t.end, label=t.precision, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(FACTORY_NAME, default_config={"spans_key": "timexes"})
def make_timex_tagger(nlp: Language, name: str, spans_key: str) -> TimexTagger:
    """Build the temporal tagger component: `nlp.add_pipe(FACTORY_NAME)`."""
    return TimexTagger(name=name, spans_key=spans_key)

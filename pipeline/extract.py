"""Extraction on a piece of text, without a database: for notebooks, tests and `eval`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pipeline.models import ActorMention, Document, Event, Stance, Timex
from pipeline.settings import Settings


@dataclass
class Extraction:
    """Everything the pipeline found in one text."""

    events: list[Event] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)


def extract_texts(
    texts: list[tuple[str, date | None]], model: str | None = None, batch_size: int = 64
) -> list[Extraction]:
    """Extract from many (text, document date) pairs with one `nlp.pipe` pass."""
    from pipeline.nlp.build import annotate, load_pipeline

    settings = Settings()
    nlp = load_pipeline(model or settings.model, settings.actors_file)
    documents = [
        Document(doc_id=f"text-{n}", source_path=f"<text {n}>", text=text, published_date=dct)
        for n, (text, dct) in enumerate(texts)
    ]
    return [
        Extraction(
            events=list(doc._.events or []),
            stances=list(doc._.stances or []),
            actors=list(doc._.actors or []),
            timexes=list(doc._.timexes or []),
        )
        for _, doc in annotate(nlp, documents, batch_size)
    ]


def extract_text(text: str, published: date | None = None, model: str | None = None) -> Extraction:
    """Extract events, stances, actors and dates from one text dated `published`."""
    return extract_texts([(text, published)], model)[0]

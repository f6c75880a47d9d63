"""Dates that carry over: an undated event continuing the previous sentence's dated event.

"On 15 July 2016 soldiers tried to seize power in Turkey. Jets bombed the parliament in
Ankara." The bombing has no date of its own, but it continues the dated story of the sentence
before: it inherits that date with `date_basis` 'context' instead of falling back to the
document date. An event inherits only when the sentence right before it (in the same
paragraph) holds an event dated by the text that shares an actor or a country with it, and the
event is asserted or reported (a future or hypothetical event is not part of a past story).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from pipeline.models import Event

TEXT_BASES = ("explicit", "relative", "context")
CONTINUING_MODALITIES = ("asserted", "reported")


def _sides(event: Event) -> set[str]:
    return {s for s in (event.source_actor, event.target_actor, event.source_country,
                        event.target_country) if s}  # fmt: skip


def _donor(event: Event, previous: list[Event]) -> Event | None:
    dated = [e for e in previous if e.date_basis in TEXT_BASES and e.event_date is not None]
    sides = _sides(event)
    return next((e for e in dated if _sides(e) & sides), None)


def inherit_context_dates(doc: Doc, per_sentence: list[tuple[Span, list[Event]]]) -> list[Event]:
    """The events of every sentence of the doc (given in order, sentences without events
    included), undated continuations dated by the sentence before."""
    text = doc.text  # spaCy joins the tokens' text on every access
    out: list[Event] = []
    previous: list[Event] = []
    previous_end: int | None = None
    for sent, events in per_sentence:
        same_paragraph = (
            previous_end is not None and "\n\n" not in text[previous_end : sent.start_char]
        )
        here = []
        for event in events:
            donor = None
            if (
                same_paragraph
                and event.date_basis == "document"
                and event.modality in CONTINUING_MODALITIES
            ):
                donor = _donor(event, previous)
            if donor is not None:
                event = replace(
                    event,
                    event_date=donor.event_date,
                    date_precision=donor.date_precision,
                    date_text=donor.date_text,
                    date_value=donor.date_value,
                    date_basis="context",
                )
            here.append(event)
        out.extend(here)
        previous, previous_end = here, sent.end_char
    return out

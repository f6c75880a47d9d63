"""Refusals: a cooperative event negated in the future is a REJECT event.

"France will not lift the ban on British beef" says that France refuses to give way: PLOVER
(and CAMEO 12x) types that as REJECT, not as a lifting of the ban that did not happen. An
event whose type has a `refusal` code in `pipeline/data/event_frames.yaml`, that is negated
and whose modality is 'future', becomes a REJECT event with that CAMEO code, no longer negated
and asserted (the refusal is said now). A negated past event ("did not lift the ban") says
only that something did not happen and keeps its type, negated. Failing to agree ("failed to
reach an agreement") is a REJECT event too, for the types with a `failure` code.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from pipeline.models import Event
from pipeline.nlp.ontology import EventType
from pipeline.nlp.rules_data import Frame
from pipeline.nlp.syntax import lemma_of


def as_refusal(event: Event, frames: dict[str, Frame], ontology: dict[str, EventType]) -> Event:
    """The event, or the REJECT event it is when it is a refusal."""
    frame = frames.get(event.event_type)
    if frame is None or frame.refusal is None:
        return event
    if not (event.negated and event.modality == "future"):
        return event
    return _as_reject(event, frame.refusal, ontology, modality="asserted")


def as_failure(
    event: Event, anchor: Token, frames: dict[str, Frame], ontology: dict[str, EventType]
) -> Event:
    """The event, or the REJECT event it is when its actors failed to bring it about."""
    frame = frames.get(event.event_type)
    if frame is None or frame.failure is None:
        return event
    if not (event.negated and anchor.dep_ == "xcomp" and lemma_of(anchor.head) == "fail"):
        return event
    return _as_reject(event, frame.failure, ontology)


def _as_reject(event: Event, code: str, ontology: dict[str, EventType], **changes: str) -> Event:
    """The event as a REJECT event with this CAMEO code, no longer negated."""
    if "REJECT" not in ontology:
        return event
    reject = ontology["REJECT"]
    return replace(
        event,
        event_type="REJECT",
        cameo_code=code,
        goldstein=reject.goldstein,
        quad_class=reject.quad_class,
        negated=False,
        **changes,
    )

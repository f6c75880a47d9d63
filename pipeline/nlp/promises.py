"""Promises: a cooperative act that is promised, offered or scheduled is an AGREE event.

PLOVER (like CAMEO 03x, "express intent to cooperate") types "the rebels will release two
hostages", "Honduras is willing to withdraw its troops", "the government said it would free
1,500 prisoners" and "Xi will meet Modi on Tuesday" as AGREE: what happened is the promise,
not the release, withdrawal or meeting. An event whose type has an `intent` code in
`pipeline/data/event_frames.yaml`, that is not negated, and whose trigger is in the future,
governed by a word of `intent_governors` ("willing to", "ready to", "offered to") or under
"would" in reported speech, becomes an AGREE event with that CAMEO code. Its modality stays
as read, so a user can still tell a promise from a signed deal. Hypotheticals ("could meet",
"may withdraw"), negated promises (see `pipeline.nlp.refusals`) and planned things named by a
noun ("a planned visit", "plans for a meeting") keep their type.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from pipeline.models import Event
from pipeline.nlp.ontology import EventType
from pipeline.nlp.rules_data import Frame, load_modality_words

_WORDS = load_modality_words()
_INTENT_GOVERNORS = _WORDS["intent_governors"]
_SPEECH_VERBS = _WORDS["speech_verbs"]
_FUTURE = "future"
_CLIMB = ("xcomp", "ccomp", "conj", "acomp")
_MAX_CLIMB = 3


def is_promise(token: Token, modality: str, negated: bool) -> bool:
    """Whether the trigger's event is promised, offered or scheduled rather than done."""
    if negated:
        return False
    if modality == _FUTURE:
        return True
    would = any(c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in token.children)
    node = token
    for _ in range(_MAX_CLIMB):
        if node.dep_ not in _CLIMB or node.head is node:
            return False
        node = node.head
        lemma = node.lemma_.lower()
        if lemma in _INTENT_GOVERNORS or node.lower_ in _INTENT_GOVERNORS:
            return True
        if would and lemma in _SPEECH_VERBS:
            return True  # "said it would free the prisoners"
    return False


def as_promise(event: Event, frames: dict[str, Frame], ontology: dict[str, EventType]) -> Event:
    """The event as the AGREE event its promise is, when its type has an `intent` code."""
    frame = frames.get(event.event_type)
    if frame is None or frame.intent is None or "AGREE" not in ontology:
        return event
    agree = ontology["AGREE"]
    return replace(
        event,
        event_type="AGREE",
        cameo_code=frame.intent,
        goldstein=agree.goldstein,
        quad_class=agree.quad_class,
    )

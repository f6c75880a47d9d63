"""Promises and threats: an act that is promised, offered or scheduled is AGREE or THREATEN.

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

The same holds for hostile acts (CAMEO 13x): "Washington will impose tariffs on Ottawa",
"Ankara said it would launch an offensive against the YPG" and "the opposition will boycott
the vote" are THREATEN events, with the `threat` code of their type.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from pipeline.models import Event
from pipeline.nlp.modality import FUTURE
from pipeline.nlp.ontology import EventType
from pipeline.nlp.rule_words import RuleWords
from pipeline.nlp.rules_data import Frame

_CLIMB = ("xcomp", "ccomp", "conj", "acomp")
_MAX_CLIMB = 3


def is_promise(token: Token, modality: str, negated: bool, words: RuleWords) -> bool:
    """Whether the trigger's event is promised, offered or scheduled rather than done (the
    governors and speech verbs of `words`)."""
    if negated:
        return False
    if modality == FUTURE:
        return True
    would = any(c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in token.children)
    governors, speech_verbs = words.intent_governors, words.speech_verbs
    node = token
    for _ in range(_MAX_CLIMB):
        if node.dep_ not in _CLIMB or node.head is node:
            return False
        node = node.head
        lemma = node.lemma_.lower()
        if lemma in governors or node.lower_ in governors:
            return True
        if would and lemma in speech_verbs:
            return True  # "said it would free the prisoners"
    return False


def light_verb(noun: Token, words: RuleWords) -> Token | None:
    """The light verb whose object the event noun is ("is set to impose tariffs"), if any: a
    noun's event is promised or announced through it, never by a modifier ("a planned visit")."""
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in words.light_verbs:
        return noun.head
    return None


def as_promise(event: Event, frames: dict[str, Frame], ontology: dict[str, EventType]) -> Event:
    """The event as the AGREE event its promise is (a type with an `intent` code), or as the
    THREATEN event its announcement is (a type with a `threat` code)."""
    frame = frames.get(event.event_type)
    if frame is None:
        return event
    threat = frame.threat_code(event.cameo_code)
    kind, code = ("AGREE", frame.intent) if frame.intent else ("THREATEN", threat)
    if code is None or kind not in ontology:
        return event
    return replace(
        event,
        event_type=kind,
        cameo_code=code,
        goldstein=ontology[kind].goldstein,
        quad_class=ontology[kind].quad_class,
    )

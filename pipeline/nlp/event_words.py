"""The event rules' word classes, confidence weights and per-type frames, loaded once from
`pipeline/data/event_words.yaml` and `event_frames.yaml` (see `pipeline.nlp.rules_data`).
"""

from __future__ import annotations

from pipeline.nlp import extensions  # noqa: F401 (registers Doc._ attributes)
from pipeline.nlp.modality import LIGHT_VERBS
from pipeline.nlp.rules_data import (
    load_event_words,
    load_frames,
    types_with,
)

LIGHT_FORMS = {
    form
    for verb in LIGHT_VERBS
    for form in (verb + "s", verb + "d", verb + "ed", verb + "ing", verb[:-1] + "ing")
}

WORDS = load_event_words()
FRAMES = load_frames()
TARGET_PREPS = WORDS.sets["target_preps"]
ADJECTIVAL = WORDS.sets["adjectival"]
ADVERB_PARTICLES = WORDS.sets["adverb_particles"]
LOCATION_PREPS = WORDS.sets["location_preps"]
WITH_TYPES = types_with(FRAMES, prep="with")
AT_TYPES = types_with(FRAMES, prep="at")
VERBAL_TYPES = types_with(FRAMES, cls="verbal")
IMPACT_TYPES = types_with(FRAMES, cls="impact")
DIPLOMATIC_TYPES = types_with(FRAMES, cls="diplomatic")
STATE_SECTORS = WORDS.sets["state_sectors"]
PRIVATE_SECTORS = WORDS.sets["private_sectors"]
QUANTITY_NOUNS = WORDS.sets["quantity_nouns"]
PERSON_NOUNS = WORDS.sets["person_nouns"]
RECEIVER_VERBS = WORDS.sets["receiver_verbs"]
OBJECT_CONTROL = WORDS.sets["object_control"]
RELATIVE_PRONOUNS = WORDS.sets["relative_pronouns"]
RESPONSIBLE_VERBS = WORDS.sets["responsible_verbs"]
RESPONSE_VERBS = WORDS.sets["response_verbs"]
RESPONSIBLE_NOUNS = WORDS.sets["responsible_nouns"]
RESPONSIBLE_BY_OBJECT = WORDS.sets["responsible_by_object"]
CONTRITION_NOUNS = WORDS.sets["contrition_nouns"]
BLAME_VERBS = WORDS.sets["blame_verbs"]
PRONOUN_TEXTS = WORDS.sets["pronoun_texts"]
EMBEDDED_NOUN_DEPS = WORDS.sets["embedded_noun_deps"]
EMBEDDED_VERB_DEPS = WORDS.sets["embedded_verb_deps"]
SEQUENCE_PREPS = WORDS.sets["sequence_preps"]
DEMAND_MODALS = WORDS.sets["demand_modals"]
PEACEKEEPING_WORDS = WORDS.sets["peacekeeping_words"]
SRC_WEIGHT = WORDS.source_weights
TGT_WEIGHT = WORDS.target_weights

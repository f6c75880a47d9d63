"""The words one pipeline's rules read: a frozen `RuleWords` bundle of the word classes,
weights and frames of `event_words.yaml`, `event_frames.yaml` and `modality_words.yaml`.

A component loads its bundle at construction from the paths in its config section
(`event_words_path`, `event_frames_path`, `modality_words_path`; null is the file under
`pipeline/data/`) through `load_rule_words`, which reads each file with the one loader of
`pipeline.nlp.rules_data` (validated, cached, `RegistryError` naming file and entry). The rule
code reads the bundle it was given, never a module constant, so two pipelines built with
different files in one process each keep their own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.nlp.rules_data import (
    EVENT_FRAMES_YAML,
    EVENT_WORDS_YAML,
    MODALITY_WORDS_YAML,
    Frame,
    load_event_words,
    load_frames,
    load_modality_words,
    types_with,
)

Words = frozenset[str]


@dataclass(frozen=True, slots=True, eq=False)
class RuleWords:
    """Every word class (named as in its file), weight and frame of one pipeline's rules."""

    # event_words.yaml: word_sets
    target_preps: Words
    adjectival: Words
    adverb_particles: Words
    location_preps: Words
    state_sectors: Words
    private_sectors: Words
    quantity_nouns: Words
    person_nouns: Words
    receiver_verbs: Words
    object_control: Words
    relative_pronouns: Words
    responsible_verbs: Words
    response_verbs: Words
    responsible_nouns: Words
    responsible_by_object: Words
    contrition_nouns: Words
    blame_verbs: Words
    pronoun_texts: Words
    embedded_noun_deps: Words
    embedded_verb_deps: Words
    sequence_preps: Words
    demand_modals: Words
    peacekeeping_words: Words
    time_preps: Words
    # event_words.yaml: weights (how an actor was found -> confidence weight)
    source_weights: dict[str, float]
    target_weights: dict[str, float]
    # modality_words.yaml: word_sets
    neg_governors: Words
    denial_verbs: Words
    privative_nouns: Words
    hypo_aux: Words
    future_aux: Words
    hypo_adverbs: Words
    hypo_marks: Words
    hypo_governors: Words
    future_governors: Words
    intent_governors: Words
    belief_verbs: Words
    speech_verbs: Words
    allegation_verbs: Words
    quotes_open: Words
    quotes_close: Words
    light_verbs: Words
    hypo_noun_modifiers: Words
    future_noun_modifiers: Words
    hypo_of_nouns: Words
    hypo_for_nouns: Words
    future_for_nouns: Words
    hypo_to_nouns: Words
    future_to_nouns: Words
    neg_to_nouns: Words
    report_that_nouns: Words
    hypo_that_nouns: Words
    no_that_nouns: Words
    inverting_aux: Words
    wh_tags: Words
    condition_verbs: Words
    climb: Words
    # event_frames.yaml: PLOVER type -> frame
    frames: dict[str, Frame]
    # derived
    with_types: Words  # types whose frame has the target preposition "with"
    at_types: Words  # ... "at"
    verbal_types: Words  # types of the class verbal
    impact_types: Words  # ... impact
    diplomatic_types: Words  # ... diplomatic
    governors: Words  # hypo_governors | future_governors
    light_forms: Words  # inflected forms of the light verbs ("made", "taking")
    paths: tuple[str, str, str]  # event words, event frames, modality words


def _light_forms(light_verbs: Words) -> Words:
    return frozenset(
        form
        for verb in light_verbs
        for form in (verb + "s", verb + "d", verb + "ed", verb + "ing", verb[:-1] + "ing")
    )


def load_rule_words(
    event_words_path: str | Path | None = None,
    event_frames_path: str | Path | None = None,
    modality_words_path: str | Path | None = None,
) -> RuleWords:
    """The bundle of the three files (None: the file under `pipeline/data/`), validated and
    cached per paths; `RegistryError` naming the file and the entry."""
    return _load(
        str(event_words_path or EVENT_WORDS_YAML),
        str(event_frames_path or EVENT_FRAMES_YAML),
        str(modality_words_path or MODALITY_WORDS_YAML),
    )


def default_rule_words() -> RuleWords:
    """The bundle of the files under `pipeline/data/` (the default of every component)."""
    return load_rule_words()


@lru_cache(maxsize=8)
def _load(event_words_path: str, event_frames_path: str, modality_words_path: str) -> RuleWords:
    event = load_event_words(event_words_path)
    frames = load_frames(event_frames_path)
    modality = load_modality_words(modality_words_path)
    return RuleWords(
        **event.sets,
        source_weights=event.source_weights,
        target_weights=event.target_weights,
        **modality,
        frames=frames,
        with_types=types_with(frames, prep="with"),
        at_types=types_with(frames, prep="at"),
        verbal_types=types_with(frames, cls="verbal"),
        impact_types=types_with(frames, cls="impact"),
        diplomatic_types=types_with(frames, cls="diplomatic"),
        governors=modality["hypo_governors"] | modality["future_governors"],
        light_forms=_light_forms(modality["light_verbs"]),
        paths=(event_words_path, event_frames_path, modality_words_path),
    )

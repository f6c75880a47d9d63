"""The event and modality rules' data: word classes (`event_words.yaml`, `modality_words.yaml`)
and per-PLOVER-type frames (`event_frames.yaml`) under `pipeline/data/`.

One loader for the three files: each is validated once per path (cached, so the components
of a pipeline, and pipelines built with the same paths, share one read) and every error is a
`RegistryError` naming the file and the entry. The components load them at construction from
the paths of their config sections, as one `RuleWords` bundle (`pipeline.nlp.rule_words`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import RegistryError
from pipeline.nlp.datafiles import read_yaml_mapping
from pipeline.nlp.ontology import PLOVER_TYPES
from pipeline.settings import DATA_DIR

EVENT_WORDS_YAML = DATA_DIR / "event_words.yaml"
EVENT_FRAMES_YAML = DATA_DIR / "event_frames.yaml"
MODALITY_WORDS_YAML = DATA_DIR / "modality_words.yaml"

EVENT_WORD_SETS = (
    "target_preps",
    "adjectival",
    "adverb_particles",
    "location_preps",
    "state_sectors",
    "private_sectors",
    "quantity_nouns",
    "person_nouns",
    "receiver_verbs",
    "object_control",
    "relative_pronouns",
    "responsible_verbs",
    "response_verbs",
    "responsible_nouns",
    "responsible_by_object",
    "contrition_nouns",
    "blame_verbs",
    "pronoun_texts",
    "embedded_noun_deps",
    "embedded_verb_deps",
    "sequence_preps",
    "demand_modals",
    "peacekeeping_words",
    "time_preps",
)
WEIGHT_SIDES = ("source", "target")
MODALITY_WORD_SETS = (
    "neg_governors",
    "denial_verbs",
    "privative_nouns",
    "hypo_aux",
    "future_aux",
    "hypo_adverbs",
    "hypo_marks",
    "hypo_governors",
    "future_governors",
    "intent_governors",
    "belief_verbs",
    "speech_verbs",
    "allegation_verbs",
    "quotes_open",
    "quotes_close",
    "light_verbs",
    "hypo_noun_modifiers",
    "future_noun_modifiers",
    "hypo_of_nouns",
    "hypo_for_nouns",
    "future_for_nouns",
    "hypo_to_nouns",
    "future_to_nouns",
    "neg_to_nouns",
    "report_that_nouns",
    "hypo_that_nouns",
    "no_that_nouns",
    "inverting_aux",
    "wh_tags",
    "condition_verbs",
    "climb",
)
FRAME_CLASSES = ("verbal", "impact", "diplomatic")
_FRAME_KEYS = {
    "target_preps", "aliases", "verb_aliases", "classes", "refusal", "intent", "threat",
    "threat_by_cameo", "failure", "peacekeeping",
}  # fmt: skip


@dataclass(frozen=True)
class Frame:
    """What a PLOVER type's event rules read besides the shared word classes."""

    target_preps: frozenset[str] = frozenset()
    aliases: dict[str, str] = field(default_factory=dict)
    verb_aliases: dict[str, str] = field(default_factory=dict)
    classes: frozenset[str] = frozenset()
    # CAMEO code of the REJECT event that a refusal of this type is ("will not lift the ban")
    refusal: str | None = None
    # CAMEO code of the AGREE event that a promise of this type is ("will release the prisoners")
    intent: str | None = None
    # CAMEO code of the THREATEN event that an announced act of this type is ("will impose
    # tariffs", "said it would launch an offensive")
    threat: str | None = None
    # CAMEO code of the REJECT event that failing to do an event of this type is ("failed to
    # reach an agreement")
    failure: str | None = None
    # CAMEO code of the AID event that an event of this type is in a sentence about
    # peacekeeping (`peacekeeping_words`: "deployed 300 troops on a peacekeeping mission")
    peacekeeping: str | None = None
    # the same for events of one CAMEO code ("will impose sanctions": 163 -> 1312)
    threat_by_cameo: dict[str, str] = field(default_factory=dict)

    def threat_code(self, cameo: str) -> str | None:
        """The THREATEN code an announced event of this CAMEO code is."""
        return self.threat_by_cameo.get(cameo, self.threat)

    def alias(self, preposition: str, verb: bool = False) -> str:
        """The preposition as this type reads it ("around" is "toward" for MOBILIZE); `verb`
        adds the aliases that hold only for verb triggers."""
        if verb and preposition in self.verb_aliases:
            return self.verb_aliases[preposition]
        return self.aliases.get(preposition, preposition)


DEFAULT_FRAME = Frame()


@dataclass(frozen=True)
class EventWords:
    """The event rules' word classes and confidence weights."""

    sets: dict[str, frozenset[str]]
    source_weights: dict[str, float]
    target_weights: dict[str, float]


def _words(value: Any, path: str, entry: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise RegistryError(f"{entry}: must be a list of non-empty strings", path)
    return frozenset(value)


def _word_sets(
    data: dict[str, Any], path: str, names: tuple[str, ...]
) -> dict[str, frozenset[str]]:
    sets = data.get("word_sets")
    if not isinstance(sets, dict):
        raise RegistryError("word_sets: must be a mapping of class name to word list", path)
    unknown = sorted(set(sets) - set(names))
    if unknown:
        raise RegistryError(f"word_sets.{unknown[0]}: unknown word class", path)
    missing = [n for n in names if n not in sets]
    if missing:
        raise RegistryError(f"word_sets.{missing[0]}: missing", path)
    return {name: _words(sets[name], path, f"word_sets.{name}") for name in names}


def _weights(value: Any, path: str, entry: str) -> dict[str, float]:
    if not isinstance(value, dict):
        raise RegistryError(
            f"{entry}: must be a mapping of how an actor was found to a weight", path
        )
    for how, weight in value.items():
        ok = isinstance(weight, (int, float)) and not isinstance(weight, bool)
        if not isinstance(how, str) or not ok or not 0 <= weight <= 1:
            raise RegistryError(f"{entry}.{how}: must be a number between 0 and 1", path)
    return {str(how): float(weight) for how, weight in value.items()}


@lru_cache(maxsize=4)
def load_event_words(path: str | Path = EVENT_WORDS_YAML) -> EventWords:
    """The validated `event_words.yaml`; `RegistryError` naming file and entry."""
    path = str(path)
    data = read_yaml_mapping(path, "event word classes", "word_sets and weights")
    weights = data.get("weights")
    if not isinstance(weights, dict) or set(weights) != set(WEIGHT_SIDES):
        raise RegistryError("weights: must have exactly the keys source and target", path)
    return EventWords(
        sets=_word_sets(data, path, EVENT_WORD_SETS),
        source_weights=_weights(weights["source"], path, "weights.source"),
        target_weights=_weights(weights["target"], path, "weights.target"),
    )


@lru_cache(maxsize=4)
def load_modality_words(path: str | Path = MODALITY_WORDS_YAML) -> dict[str, frozenset[str]]:
    """The validated word classes of `modality_words.yaml`; `RegistryError` naming file, entry."""
    path = str(path)
    data = read_yaml_mapping(path, "modality word classes", "word_sets")
    return _word_sets(data, path, MODALITY_WORD_SETS)


def _frame(value: Any, path: str, entry: str) -> Frame:
    if not isinstance(value, dict):
        raise RegistryError(f"{entry}: must be a mapping", path)
    unknown = sorted(set(value) - _FRAME_KEYS)
    if unknown:
        raise RegistryError(f"{entry}.{unknown[0]}: unknown key", path)
    for key in ("aliases", "verb_aliases"):
        aliases = value.get(key, {})
        if not isinstance(aliases, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in aliases.items()
        ):
            raise RegistryError(f"{entry}.{key}: must map a preposition to a preposition", path)
    classes = _words(value.get("classes", []), path, f"{entry}.classes")
    bad = sorted(classes - set(FRAME_CLASSES))
    if bad:
        raise RegistryError(
            f"{entry}.classes: unknown class {bad[0]!r} (known: {', '.join(FRAME_CLASSES)})", path
        )
    codes = {}
    for key, example in (
        ("refusal", "124"),
        ("intent", "036"),
        ("threat", "138"),
        ("failure", "120"),
        ("peacekeeping", "074"),
    ):
        code = value.get(key)
        if code is not None and not (isinstance(code, str) and code.isdigit()):
            raise RegistryError(
                f'{entry}.{key}: must be a CAMEO code in quotes, e.g. "{example}"', path
            )
        codes[key] = code
    by_cameo = value.get("threat_by_cameo", {})
    if not isinstance(by_cameo, dict) or not all(
        isinstance(k, str) and k.isdigit() and isinstance(v, str) and v.isdigit()
        for k, v in by_cameo.items()
    ):
        raise RegistryError(
            f'{entry}.threat_by_cameo: must map a CAMEO code to one, e.g. {{"163": "1312"}}', path
        )
    return Frame(
        threat_by_cameo=dict(by_cameo),
        **codes,
        target_preps=_words(value.get("target_preps", []), path, f"{entry}.target_preps"),
        aliases=dict(value.get("aliases", {})),
        verb_aliases=dict(value.get("verb_aliases", {})),
        classes=classes,
    )


@lru_cache(maxsize=4)
def load_frames(path: str | Path = EVENT_FRAMES_YAML) -> dict[str, Frame]:
    """The validated type frames of `event_frames.yaml`; `RegistryError` naming file and entry."""
    path = str(path)
    data = read_yaml_mapping(path, "event frames", "types")
    types = data.get("types")
    if not isinstance(types, dict):
        raise RegistryError("types: must be a mapping of PLOVER type to frame", path)
    frames = {}
    for name, value in types.items():
        if name not in PLOVER_TYPES:
            raise RegistryError(f"types.{name}: not a PLOVER type", path)
        frames[name] = _frame(value, path, f"types.{name}")
    return frames


def types_with(frames: dict[str, Frame], *, prep: str = "", cls: str = "") -> frozenset[str]:
    """The types whose frame has the extra target preposition `prep` or the class `cls`."""
    return frozenset(
        name
        for name, frame in frames.items()
        if (prep and prep in frame.target_preps) or (cls and cls in frame.classes)
    )

"""The stance lexicon: cues, "see X as Y" verbs, evaluations, intensifiers, weights and the
closed word classes of the stance rules, read from `pipeline/data/stances.yaml` (see its
header) and validated once per path; every error names the file and the entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import RegistryError
from pipeline.nlp.datafiles import read_yaml_mapping
from pipeline.settings import DATA_DIR

STANCES_YAML = DATA_DIR / "stances.yaml"

_CUE_KEYS = {"lemma", "pos", "score", "prep", "holder"}
_POS = ("verb", "noun", "adj", "adv")
_WEIGHT_KEYS = (
    "denied_negative",
    "denied_positive",
    "privative",
    "hypothetical",
    "demand_removal",
    "backed",
    "misdeed",
    "rebuttal",
)
_WORD_KEYS = (
    "verb_preps",
    "holder_preps",
    "copulas",
    "privative",
    "refusal_governors",
    "no_topic",
    "topic_drop",
    "topic_skip_preps",
    "leading_words",
    "government_nouns",
    "evaluative_nouns",
    "reciprocal",
    "speech_verbs",
    "demand_verbs",
    "removal_nouns",
    "act_nouns",
    "backing_participles",
    "message_nouns",
    "person_nouns",
    "misdeed_verbs",
    "hostile_nouns",
    "event_stance_skip",
    "receiving_verbs",
    "rebuttal_verbs",
    "accusation_nouns",
    "relation_nouns",
    "event_stance_skip_codes",
)


@dataclass(frozen=True)
class Cue:
    """A stance cue: a word with a base score; `preps` introduce its target."""

    lemma: str
    pos: str  # 'verb' | 'noun' | 'adj' | 'adv'
    score: float
    preps: frozenset[str] = frozenset()
    holder: str | None = None  # 'person': only a person holds it ("Rubio attacked Trump")


@dataclass(frozen=True)
class Weights:
    """Factors applied to a cue's score by negation and modality."""

    denied_negative: float = -0.25
    denied_positive: float = -0.5
    privative: float = -0.8
    hypothetical: float = 0.5
    demand_removal: float = -0.5
    backed: float = 0.5
    misdeed: float = -0.5
    rebuttal: float = -0.4


@dataclass
class StanceLexicon:
    """Stance cues, "see X as Y" verbs, evaluative words, intensifiers and word classes."""

    cues: dict[tuple[str, str], Cue]
    see_as: set[str] = field(default_factory=set)
    evaluations: dict[str, float] = field(default_factory=dict)
    intensifiers: dict[str, float] = field(default_factory=dict)
    weights: Weights = field(default_factory=Weights)
    event_stances: dict[str, float] = field(default_factory=dict)
    words: dict[str, frozenset[str]] = field(default_factory=dict)

    def word_set(self, name: str) -> frozenset[str]:
        """One closed word class of `words` (empty when the file leaves it out)."""
        return self.words.get(name, frozenset())


def load_stance_lexicon(path: Path | str | None = None) -> StanceLexicon:
    """Read and validate a stance lexicon file (default: the shipped `stances.yaml`)."""
    return _load(str(path or STANCES_YAML))


def _number(value: Any, where: str, low: float, high: float, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RegistryError(f"{where}: {value!r} is not a number", path)
    if not low <= float(value) <= high:
        raise RegistryError(f"{where}: {value} outside [{low}, {high}]", path)
    return float(value)


def _words(value: Any, where: str, path: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RegistryError(f"{where} must be a list of words (quote on/off/yes/no)", path)
    return frozenset(v.lower() for v in value)


def _cue(entry: Any, number: int, path: str) -> Cue:
    if not isinstance(entry, dict) or not isinstance(entry.get("lemma"), str):
        raise RegistryError(f"stance cue #{number}: needs a 'lemma'", path)
    where = f"stance cue #{number} ({entry['lemma']})"
    unknown = set(entry) - _CUE_KEYS
    if unknown:
        raise RegistryError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}", path)
    pos = entry.get("pos", "verb")
    if pos not in _POS:
        raise RegistryError(f"{where}: pos must be verb, noun, adj or adv", path)
    score = _number(entry.get("score"), f"{where} score", -1.0, 1.0, path)
    preps = entry.get("prep") or []
    if not isinstance(preps, list) or not all(isinstance(p, str) for p in preps):
        raise RegistryError(
            f"{where}: 'prep' must be a list of prepositions (quote on/off in YAML)", path
        )
    holder = entry.get("holder")
    if holder not in (None, "person"):
        raise RegistryError(f"{where}: holder must be 'person' when given", path)
    return Cue(entry["lemma"].lower(), pos, score, frozenset(p.lower() for p in preps), holder)


def _mapping(data: dict, key: str, path: str) -> dict:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise RegistryError(f"'{key}' must be a mapping", path)
    return value


@lru_cache(maxsize=8)
def _load(path: str) -> StanceLexicon:
    data = read_yaml_mapping(path, "stance lexicon", "'cues'")
    entries = data.get("cues")
    if not isinstance(entries, list) or not entries:
        raise RegistryError("the stance lexicon needs a non-empty 'cues' list", path)
    cues: dict[tuple[str, str], Cue] = {}
    for number, entry in enumerate(entries, start=1):
        cue = _cue(entry, number, path)
        if (cue.pos, cue.lemma) in cues:
            raise RegistryError(f"stance cue #{number} ({cue.lemma}): listed twice", path)
        cues[(cue.pos, cue.lemma)] = cue
    see_as = data.get("see_as") or []
    if not isinstance(see_as, list):
        raise RegistryError("'see_as' must be a list", path)
    weights = _mapping(data, "weights", path)
    unknown = set(weights) - set(_WEIGHT_KEYS)
    if unknown:
        raise RegistryError(f"weights: unknown key(s) {', '.join(sorted(unknown))}", path)
    words = _mapping(data, "words", path)
    unknown = set(words) - set(_WORD_KEYS)
    if unknown:
        raise RegistryError(f"words: unknown list(s) {', '.join(sorted(unknown))}", path)
    return StanceLexicon(
        cues=cues,
        see_as={str(v).lower() for v in see_as},
        evaluations={
            str(k).lower(): _number(v, f"evaluations.{k}", -1.0, 1.0, path)
            for k, v in _mapping(data, "evaluations", path).items()
        },
        intensifiers={
            str(k).lower(): _number(v, f"intensifiers.{k}", 0.0, 3.0, path)
            for k, v in _mapping(data, "intensifiers", path).items()
        },
        weights=Weights(
            **{k: _number(v, f"weights.{k}", -1.0, 1.0, path) for k, v in weights.items()}
        ),
        event_stances={
            str(k).upper(): _number(v, f"event_stances.{k}", -1.0, 1.0, path)
            for k, v in _mapping(data, "event_stances", path).items()
        },
        words={str(k): _words(v, f"words.{k}", path) for k, v in words.items()},
    )

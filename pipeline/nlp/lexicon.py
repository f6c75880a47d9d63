"""The trigger lexicon: event trigger rules by (pos, lemma), loaded and validated from data.

The rules live in `pipeline/data/triggers.yaml` (see its header); `load_triggers` reads and
checks them once per path (cached) and names file and entry on error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import RegistryError
from pipeline.nlp.datafiles import read_yaml_mapping
from pipeline.nlp.ontology import PLOVER_TYPES
from pipeline.settings import DATA_DIR

TRIGGERS_YAML = DATA_DIR / "triggers.yaml"

_RULE_KEYS = {"lemma", "pos", "type", "cameo", "particle", "object", "pobj", "modifier"}
_RULE_KEYS |= {"not_object"}
_RULE_KEYS |= {"symmetric", "consumes", "of", "state_type", "self_target"}


@dataclass(frozen=True)
class TriggerRule:
    """One line of the trigger lexicon."""

    lemma: str
    pos: str  # 'verb' | 'noun'
    type: str
    cameo: str | None = None
    particle: str | None = None
    objects: frozenset[str] = frozenset()
    pobjs: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    not_objects: frozenset[str] = frozenset()
    symmetric: bool = False
    consumes: bool = False
    of: str = "target"
    state_type: str | None = None
    self_target: bool = False

    @property
    def specificity(self) -> int:
        """Rules with more conditions are tried first."""
        return (
            2 * bool(self.objects)
            + 2 * bool(self.pobjs)
            + bool(self.particle)
            + bool(self.modifiers)
        )


def load_triggers(path: Path | str | None = None) -> dict[tuple[str, str], list[TriggerRule]]:
    """The event trigger rules by (pos, lemma), most specific first; validated."""
    return _load_triggers(str(path or TRIGGERS_YAML))


def read_lexicon(path: str) -> dict[str, Any]:
    """The parsed trigger/stance lexicon file (a mapping), or `RegistryError`."""
    return read_yaml_mapping(path, "trigger lexicon", "'events' and 'stances'")


def _word_set(value: Any, where: str, key: str, path: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RegistryError(f"{where}: '{key}' must be a list of words", path)
    return frozenset(v.lower() if v != "@actor" else v for v in value)


@lru_cache(maxsize=8)
def _load_triggers(path: str) -> dict[tuple[str, str], list[TriggerRule]]:
    entries = read_lexicon(path).get("events")
    if not isinstance(entries, list) or not entries:
        raise RegistryError("the lexicon needs a non-empty 'events' list", path)
    rules: dict[tuple[str, str], list[TriggerRule]] = {}
    for number, entry in enumerate(entries, start=1):
        where = (
            f"event rule #{number} ({entry.get('lemma', '?') if isinstance(entry, dict) else '?'})"
        )
        if not isinstance(entry, dict):
            raise RegistryError(f"{where}: must be a mapping", path)
        unknown = set(entry) - _RULE_KEYS
        if unknown:
            raise RegistryError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}", path)
        lemma, pos, kind = entry.get("lemma"), entry.get("pos", "verb"), entry.get("type")
        if not isinstance(lemma, str) or not lemma.strip():
            raise RegistryError(f"{where}: missing 'lemma'", path)
        if pos not in ("verb", "noun"):
            raise RegistryError(f"{where}: pos must be verb or noun", path)
        for key in ("type", "state_type"):
            value = entry.get(key)
            if (key == "type" or value is not None) and value not in PLOVER_TYPES:
                raise RegistryError(f"{where}: {key} {value!r} is not a PLOVER type", path)
        cameo = entry.get("cameo")
        if cameo is not None and not (isinstance(cameo, str) and cameo.isdigit()):
            raise RegistryError(f"{where}: cameo must be a quoted string of digits", path)
        particle = entry.get("particle")
        if particle is not None and not isinstance(particle, str):
            raise RegistryError(f"{where}: particle must be a word (quote on/off in YAML)", path)
        if entry.get("of", "target") not in ("target", "source", "participants"):
            raise RegistryError(f"{where}: 'of' must be target, source or participants", path)
        rule = TriggerRule(
            lemma=lemma.strip().lower(),
            pos=pos,
            type=kind,
            cameo=cameo,
            particle=particle.lower() if particle else None,
            objects=_word_set(entry.get("object"), where, "object", path),
            pobjs=_word_set(entry.get("pobj"), where, "pobj", path),
            modifiers=_word_set(entry.get("modifier"), where, "modifier", path),
            not_objects=_word_set(entry.get("not_object"), where, "not_object", path),
            symmetric=bool(entry.get("symmetric", False)),
            consumes=bool(entry.get("consumes", False)) or bool(entry.get("object")),
            of=entry.get("of", "target"),
            state_type=entry.get("state_type"),
            self_target=bool(entry.get("self_target", False)),
        )
        rules.setdefault((rule.pos, rule.lemma), []).append(rule)
    for key in rules:
        rules[key].sort(key=lambda r: -r.specificity)
    return rules

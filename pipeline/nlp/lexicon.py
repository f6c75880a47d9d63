"""The trigger lexicon: event trigger rules by (pos, lemma), loaded and validated from data.

eventpipe's own rules live in `pipeline/data/triggers.yaml` (see its header); beneath them lies
the base lexicon `pipeline/data/cameo_verbs.json`, converted from the CAMEO verb dictionary by
`pipeline/nlp/cameo.py`. `load_triggers` reads and checks both once per path (cached) and
names file and entry on error; for a word the own lexicon has, only its own rules count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import RegistryError
from pipeline.nlp.datafiles import read_yaml_mapping
from pipeline.nlp.ontology import PLOVER_TYPES
from pipeline.settings import DATA_DIR

TRIGGERS_YAML = DATA_DIR / "triggers.yaml"
# CAMEO verb dictionary of PETRARCH2 (MIT) mapped to PLOVER (crosswalk CC BY-SA 4.0): see
# pipeline/data/NOTICE.cameo and pipeline/nlp/cameo.py
BASE_LEXICON = DATA_DIR / "cameo_verbs.json"

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


def load_triggers(
    path: Path | str | None = None, base: Path | str | None = BASE_LEXICON
) -> dict[tuple[str, str], list[TriggerRule]]:
    """The event trigger rules by (pos, lemma), most specific first; validated.

    `path` is eventpipe's own lexicon (default `triggers.yaml`); `base` the converted CAMEO
    verb lexicon beneath it (None: none). A word the own lexicon has keeps only its own rules.
    """
    own = _load_triggers(str(path or TRIGGERS_YAML))
    if base is None:
        return own
    return _merged(str(path or TRIGGERS_YAML), str(base))


@lru_cache(maxsize=8)
def _merged(path: str, base: str) -> dict[tuple[str, str], list[TriggerRule]]:
    merged = dict(_load_base(base))
    merged.update(_load_triggers(path))
    return merged


@lru_cache(maxsize=4)
def _load_base(path: str) -> dict[tuple[str, str], list[TriggerRule]]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise RegistryError(f"cannot read the base trigger lexicon: {exc}", path) from exc
    entries = data.get("events") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise RegistryError("the base lexicon needs a non-empty 'events' list", path)
    return _rules(entries, path)


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
    return _rules(entries, path)


def _rules(entries: list[Any], path: str) -> dict[tuple[str, str], list[TriggerRule]]:
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

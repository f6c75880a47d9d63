"""Agent phrases: "the Peruvian navy", "Kenyan riot police", "students across Chile".

A generic agent (a noun of `sector_nouns`: the hand-written ones of `actors.yaml` and the
converted Phoenix agents) names a country's sector actor when the country is given by a
nationality or name before it, with up to two modifiers between ("Basque separatist
guerrillas", "Yoruba community leaders": the first agent noun gives the sector, the
following ones join the mention), or by a place after a preposition listed in
`pipeline/data/actor_words.yaml` ("police in Nairobi"). A bare "police" with no country in
the phrase stays unresolved: the component never guesses a country.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.errors import RegistryError
from pipeline.nlp.datafiles import read_yaml_mapping
from pipeline.nlp.registry import SECTORS
from pipeline.settings import DATA_DIR

ACTOR_WORDS_YAML = DATA_DIR / "actor_words.yaml"
_MAX_MODIFIERS = 2


@dataclass(frozen=True)
class ActorWords:
    """The word lists of `actor_words.yaml`."""

    honorifics: frozenset[str]
    modifiers: frozenset[str]
    located: dict[str, frozenset[str]]
    not_names: frozenset[str]
    not_bare: frozenset[str]
    state_located: frozenset[str] = frozenset()


def _words(data: dict, key: str, path: str) -> frozenset[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RegistryError(f"'{key}' must be a list of non-empty strings", path)
    return frozenset(v.lower() for v in value)


@lru_cache(maxsize=1)
def load_actor_words() -> ActorWords:
    """Read and validate `actor_words.yaml` (RegistryError names the key and entry)."""
    path = str(ACTOR_WORDS_YAML)
    data = read_yaml_mapping(path, "actor word lists", "honorifics, modifiers, located")
    keys = {"honorifics", "modifiers", "located", "not_names", "not_bare", "state_located"}
    unknown = set(data) - keys
    if unknown:
        raise RegistryError(f"unknown key(s) {', '.join(sorted(unknown))}", path)
    located = data.get("located")
    if not isinstance(located, dict):
        raise RegistryError("'located' must map prepositions to lists of sectors", path)
    for prep, sectors in located.items():
        if not isinstance(sectors, list) or not all(s in SECTORS for s in sectors):
            raise RegistryError(f"located.{prep}: must be a list of sectors", path)
    return ActorWords(
        honorifics=_words(data, "honorifics", path),
        modifiers=_words(data, "modifiers", path),
        located={str(p).lower(): frozenset(v) for p, v in located.items()},
        not_names=_words(data, "not_names", path),
        not_bare=_words(data, "not_bare", path),
        state_located=_words(data, "state_located", path),
    )


ACTOR_WORDS = load_actor_words()


class AgentRules:
    """Mixed into the actor component: needs `_noun_at(doc, i) -> (end, sector) | None`."""

    def _agent_at(self, doc: Doc, i: int) -> tuple[int, str] | None:
        """The agent phrase starting at token i (after a nationality): (end, sector).

        Up to two modifiers may come first; agent nouns right after the first join it.
        """
        for skip in range(_MAX_MODIFIERS + 1):
            if skip and not _is_modifier(doc[i + skip - 1]):
                return None
            noun = self._noun_at(doc, i + skip)  # type: ignore[attr-defined]
            if noun:
                end, sector = noun
                while (more := self._noun_at(doc, end)) is not None:  # type: ignore[attr-defined]
                    end = more[0]
                return end, sector
            if i + skip >= len(doc):
                return None
        return None

    def _located_before(
        self, doc: Doc, start: int, country: bool = False
    ) -> tuple[int, str] | None:
        """ "police in" + place at `start`: (agent start, sector), if the preposition allows;
        before a `country`, "authorities in" (`state_located`) names its state too."""
        prep = start - 1
        if prep > 1 and doc[prep].lower_ == "the":  # "authorities in the U.S."
            prep -= 1
        if prep < 1:
            return None
        allowed = ACTOR_WORDS.located.get(doc[prep].lower_)
        if not allowed:
            return None
        for length in range(min(self._max_noun, prep), 0, -1):  # type: ignore[attr-defined]
            found = self._noun_at(doc, prep - length)  # type: ignore[attr-defined]
            state = (
                country
                and doc[prep].lower_ == "in"
                and doc[prep - length : prep].text.lower() in ACTOR_WORDS.state_located
            )
            if found and found[0] == prep and (found[1] in allowed or state):
                first = prep - length
                if first > 0 and doc[first - 1].lower_ == "the":
                    first -= 1
                return first, found[1]
        return None


def _is_modifier(token) -> bool:
    return (
        token.lower_ in ACTOR_WORDS.modifiers
        or (token.pos_ == "ADJ" and token.is_alpha and token.is_lower)
        or (token.pos_ == "PROPN" and token.dep_ == "compound")  # "Sri Lankan Tamil rebels"
    )

"""The country a sentence or document is about, for events whose text names only a sector.

"It was Erdogan's first foreign visit since the failed military coup of 15 July 2015": the
coup's doer is "military" and its country is the one the sentence is about (Erdogan's: TUR),
so the event is TURMIL -> TUR. The words and thresholds are data in
`pipeline/data/event_context.yaml`, loaded and validated by `load_event_context`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.errors import RegistryError
from pipeline.models import ActorMention
from pipeline.nlp.datafiles import read_yaml_mapping
from pipeline.nlp.registry import SECTORS
from pipeline.settings import DATA_DIR

EVENT_CONTEXT_YAML = DATA_DIR / "event_context.yaml"


@dataclass(frozen=True)
class EventContext:
    """Sector words of nominal triggers and the thresholds of a document's country."""

    sector_modifiers: dict[str, str]
    default_sectors: dict[str, str]
    context_lead: float
    context_mentions: int


def load_event_context(path: Path | str | None = None) -> EventContext:
    """The validated contents of `event_context.yaml` (or `path`); `RegistryError` names the
    file and entry at fault."""
    return _load(str(path or EVENT_CONTEXT_YAML))


@lru_cache(maxsize=4)
def _load(path: str) -> EventContext:
    data = read_yaml_mapping(path, "event context file", "'sector_modifiers'")
    words = {key: _sector_map(data, key, path) for key in ("sector_modifiers", "default_sectors")}
    lead, count = data.get("context_lead"), data.get("context_mentions")
    if not isinstance(lead, int | float) or lead < 1:
        raise RegistryError("'context_lead' must be a number >= 1", path)
    if not isinstance(count, int) or count < 1:
        raise RegistryError("'context_mentions' must be a positive whole number", path)
    return EventContext(words["sector_modifiers"], words["default_sectors"], float(lead), count)


def _sector_map(data: dict, key: str, path: str) -> dict[str, str]:
    words = data.get(key)
    if not isinstance(words, dict) or not words:
        raise RegistryError(f"'{key}' must map words to sectors", path)
    for word, sector in words.items():
        if not isinstance(word, str) or word != word.lower():
            raise RegistryError(f"{key}: {word!r} must be a lower-case word", path)
        if sector not in SECTORS:
            raise RegistryError(f"{key}: {word}: unknown sector {sector!r}", path)
    return dict(words)


def is_state_country(code: str, states: frozenset[str] | None = None) -> bool:
    """Whether `code` is a state: one of `states` (the registry's countries) when given, else
    any ISO 3166 alpha-3-like code."""
    if states is not None:
        return code in states
    return len(code) == 3 and code.isalpha() and code.isupper()


def leading_country(
    mentions: list[ActorMention], ctx: EventContext, states: frozenset[str] | None = None
) -> str | None:
    """The country a document is mostly about: clearly more state mentions than any other."""
    counts = Counter(m.country for m in mentions if is_state_country(m.country, states))
    counts = counts.most_common(2)
    if not counts or counts[0][1] < ctx.context_mentions:
        return None
    if len(counts) > 1 and counts[0][1] < ctx.context_lead * counts[1][1]:
        return None
    return counts[0][0]


def context_country(
    nearby: list[ActorMention],
    document_mentions: list[ActorMention],
    ctx: EventContext,
    states: frozenset[str] | None = None,
) -> str | None:
    """The country an implied side belongs to: the document's leading country unless the
    nearby mentions (the trigger's sentence) name only other countries, else the one country
    they name, else None."""
    here = {m.country for m in nearby if is_state_country(m.country, states)}
    leading = leading_country(document_mentions, ctx, states)
    if leading and (not here or leading in here):
        return leading
    return here.pop() if len(here) == 1 else None


def state_mention(country: str, sector: str, text: str) -> ActorMention:
    """A mention of a country's sector actor (`TURMIL`; the state itself for GOV) that the
    text implies but does not name: no offsets of its own."""
    actor_id = country if sector == "GOV" else country + sector
    return ActorMention(actor_id, actor_id, country, sector, text, 0, 0)

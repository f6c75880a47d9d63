"""The imported layer of the actor registry: entries converted from TABARI/PETRARCH dictionaries.

The shipped Phoenix dictionaries (`pipeline/data/phoenix/phoenix.json.gz`, MIT, see `NOTICE`
beside it) and a user's `imported:` entries (written by `eventpipe actors import`) are
matched case-insensitively and rank below the hand-written entries of `actors.yaml` and of a
user's `actors:` list: `merge_imported` drops an imported entry whose id a hand-written
entry has (a state's extra names join the hand-written state), drops imported aliases a
hand-written entry claims (a person claimed that way is left out whole: the same person), and
resolves names two imported entries claim (an entry's own name beats another's synonym;
otherwise the first keeps it when both are of one country, else neither does).
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from typing import Any

from pipeline.errors import RegistryError
from pipeline.settings import DATA_DIR

PHOENIX_JSON = DATA_DIR / "phoenix" / "phoenix.json.gz"


@lru_cache(maxsize=1)
def shipped_imported() -> dict[str, Any]:
    """The converted Phoenix dictionaries: `imported` entries and `imported_sector_nouns`."""
    try:
        with gzip.open(PHOENIX_JSON, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as err:
        raise RegistryError(
            f"cannot read the converted dictionaries: {err}", str(PHOENIX_JSON)
        ) from err
    if not isinstance(data, dict) or not isinstance(data.get("imported"), list):
        raise RegistryError("the converted dictionaries need an 'imported' list", str(PHOENIX_JSON))
    return data


def name_key(name: str) -> str:
    """How names are compared across entries: case-folded, without a leading "the"."""
    key = " ".join(name.casefold().split())
    return key[4:] if key.startswith("the ") else key


def _names(entry: dict[str, Any]) -> list[str]:
    names = []
    for key in ("aliases", "demonyms", "people"):
        value = entry.get(key)
        if isinstance(value, list):
            names += [v for v in value if isinstance(v, str)]
    return names


def merge_imported(
    hand: list[Any], imported: list[Any]
) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """(imported entries kept, extra folded aliases per hand-written id); see the module doc.

    Entries are left as mappings (validated later by the registry loader); a non-mapping
    imported entry is passed through for the loader to report.
    """
    hand_ids = {e.get("id") for e in hand if isinstance(e, dict)}
    claimed = {name_key(n) for e in hand if isinstance(e, dict) for n in _names(e)}
    by_id = {e.get("id"): e for e in hand if isinstance(e, dict)}
    extra: dict[str, list[str]] = {}
    kept: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    for entry in imported:
        if not isinstance(entry, dict):
            kept.append(entry)
            continue
        actor_id = entry.get("id")
        if actor_id in seen_ids:  # the user's imported entry replaces the shipped one
            continue
        seen_ids.add(actor_id)
        names = [n for n in _names(entry) if name_key(n) not in claimed]
        if actor_id in hand_ids:
            if entry.get("type") == "country" and by_id[actor_id].get("type") == "country":
                extra.setdefault(actor_id, []).extend(names)
            continue
        if entry.get("type") == "person" and len(names) < len(_names(entry)):
            continue
        if not names:
            continue
        kept.append({**entry, "aliases": names, "demonyms": [], "people": []})
    for actor_id, names in extra.items():
        kept_names = {name_key(n) for e in kept if isinstance(e, dict) for n in e["aliases"]}
        extra[actor_id] = list(dict.fromkeys(n for n in names if name_key(n) not in kept_names))
    return _resolve_shared(kept), extra


def _resolve_shared(entries: list[Any]) -> list[Any]:
    owners: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        if isinstance(entry, dict):
            for name in entry["aliases"]:
                owners.setdefault(name_key(name), []).append(entry)
    drop: dict[int, set[str]] = {}
    for key, claimants in owners.items():
        if len(claimants) < 2:
            continue
        named = [e for e in claimants if name_key(str(e.get("name", ""))) == key]
        if len(named) == 1:
            winner = named[0]
        elif len({e.get("country") for e in claimants}) == 1:
            winner = claimants[0]
        else:
            winner = None
        for entry in claimants:
            if entry is not winner:
                drop.setdefault(id(entry), set()).add(key)
    out = []
    for entry in entries:
        if isinstance(entry, dict) and id(entry) in drop:
            names = [n for n in entry["aliases"] if name_key(n) not in drop[id(entry)]]
            if not names:
                continue
            entry = {**entry, "aliases": names}
        out.append(entry)
    return out

"""Convert TABARI/PETRARCH dictionaries into eventpipe registry entries.

`convert_files(paths)` reads actor files (`*.actors.txt`) and agent files (`*agents*.txt`)
and returns a registry mapping: `imported` (actor entries in the registry's YAML schema, with
dated `roles` carrying a `sector` and `country` instead of a title) and `imported_sector_nouns`
(agent nouns by sector). How Phoenix codes map onto countries and sectors is data:
`pipeline/data/phoenix/codes.yaml`. A person's undated code is their country and sector; each
dated code becomes a role valid in its period ("Erdogan" in 2003 is TUR GOV, in 2001 TUR ELI).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.dictionaries.tabari import ActorRecord, Restriction, parse_actors, parse_agents
from pipeline.errors import RegistryError
from pipeline.nlp.datafiles import read_yaml_mapping
from pipeline.settings import DATA_DIR

CODES_YAML = DATA_DIR / "phoenix" / "codes.yaml"
_SMALL = {"of", "the", "and", "for", "de", "del", "la", "le", "al", "el", "bin", "ibn", "van"}
_SMALL |= {"von", "da", "do", "dos", "das", "y", "on", "in", "to", "at", "du", "des", "an"}
_PERSON_SOURCES = ("countryinfo", "igorulers")
_COMMON = {"law", "new", "war", "red", "sea", "air", "oil", "gas", "art", "bay", "day", "key"}
_COMMON |= {"man", "men", "old", "one", "two", "six", "ten", "sun", "top", "way", "aid", "act"}
_COMMON |= {"kid", "bank", "east", "west", "arab", "army", "gulf", "iran", "iraq", "peru"}
# "May 15" (a Greek armed group's name) in news is nearly always a date
_DATE_NAME = re.compile(
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,4}(st|nd|rd|th)?",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def code_tables() -> dict[str, Any]:
    """The code tables of `codes.yaml`, validated (RegistryError names the key)."""
    path = str(CODES_YAML)
    data = read_yaml_mapping(path, "Phoenix code table", "kinds, sectors, organisations")
    from pipeline.nlp.registry import SECTORS

    for key in ("kinds", "sectors", "organisations"):
        if not isinstance(data.get(key), dict):
            raise RegistryError(f"'{key}' must be a mapping", path)
    for key in ("kinds", "sectors"):
        for code, sector in data[key].items():
            if sector not in SECTORS:
                raise RegistryError(f"{key}.{code}: {sector!r} is not a sector", path)
    for key in ("institution_sectors", "not_states", "also_states"):
        if not isinstance(data.get(key), list):
            raise RegistryError(f"'{key}' must be a list", path)
    return data


def display_phrase(phrase: str) -> str:
    """A dictionary phrase in news spelling: "RECEP TAYYIP ERDOGAN" -> "Recep Tayyip Erdogan".

    Words with dots or digits, and single words of up to three letters, keep their capitals
    ("U.S.", "FBI" stays "FBI" only through its upper-case variant at match time).
    """
    words = phrase.split(" ")
    out = []
    for n, word in enumerate(words):
        lower = word.lower()
        short = len(word) <= 3 or (len(word) == 4 and len(words) == 1)
        if any(c.isdigit() for c in word) or "." in word or (short and lower not in _COMMON):
            out.append(lower if lower in _SMALL and n > 0 else word)
            continue
        if n > 0 and word.lower() in _SMALL:
            out.append(word.lower())
            continue
        out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def _strip_the(alias: str) -> str:
    """ "The White House" -> "White House": the article is not part of a name to match."""
    return alias[4:] if alias.startswith(("The ", "THE ")) and len(alias) > 4 else alias


def make_id(phrase: str) -> str:
    """A registry id from a phrase: upper case, runs of other characters as '_'."""
    text = re.sub(r"[^A-Z0-9]+", "_", phrase.upper()).strip("_") or "ACTOR"
    return text if text[0].isalpha() else f"X_{text}"


class _Coder:
    """Maps Phoenix codes to (country, sector) with the code tables."""

    def __init__(self, states: set[str]) -> None:
        tables = code_tables()
        self.kinds = tables["kinds"]
        self.sectors = tables["sectors"]
        self.organisations = tables["organisations"]
        self.institution = set(tables["institution_sectors"])
        roles = set(self.sectors) | set(self.kinds)
        self.states = states - set(tables["not_states"]) - (roles - set(tables["also_states"]))
        self.not_states = set(tables["not_states"])

    def split(self, code: str, own_id: str, person: bool) -> tuple[str | None, str | None]:
        """(country, sector) of a code; None parts when the code does not say."""
        parts = [code[i : i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
        if not parts:
            return None, None
        first, rest = parts[0], parts[1:]
        if first in self.kinds:
            country = next((self.organisations[p] for p in rest if p in self.organisations), None)
            country = country or next(
                (p for p in rest if p in self.states and p not in self.sectors), None
            )
            return country or own_id, self.kinds[first]
        if first in self.states or first in self.not_states or first not in self.sectors:
            roles = [self.sectors[p] for p in rest if p in self.sectors]
            sector = roles[0] if roles else "GOV"
            if not person and len(roles) > 1 and roles[0] == "GOV" and roles[1] in self.institution:
                sector = roles[1]
            country = first if first in self.states else first
            return country, sector
        return None, self.sectors[first]


def _states(records: Iterable[ActorRecord]) -> set[str]:
    states = set()
    for record in records:
        for r in record.restrictions:
            if len(r.code) == 3 and r.code.isalpha():
                states.add(r.code)
    return states


def _is_person(record: ActorRecord) -> bool:
    comment = record.comment.lower().replace(" ", "")
    return (
        any(s in comment for s in _PERSON_SOURCES)
        or any(r.start or r.end for r in record.restrictions)
        and not all(len(r.code) == 3 for r in record.restrictions)
    )


def _role(r: Restriction, country: str | None, sector: str | None) -> dict[str, Any]:
    role: dict[str, Any] = {"sector": sector or "GOV"}
    if country:
        role["country"] = country
    if r.start:
        role["start"] = r.start.isoformat()
    if r.end:  # TABARI's end is inclusive, the registry's is not
        role["end"] = (r.end + timedelta(days=1)).isoformat()
    return role


def record_entry(record: ActorRecord, coder: _Coder, actor_id: str) -> dict[str, Any] | None:
    """The registry entry of one actor record, or None when it has no usable code."""
    codes = [r for r in record.restrictions if r.code != "---"]
    if not codes:
        return None
    name = display_phrase(record.phrases[0])
    aliases = [_strip_the(display_phrase(p)) for p in record.phrases]
    aliases = list(  # "21 June", "May 15": dates, not names
        dict.fromkeys(a for a in aliases if not a[:1].isdigit() and not _DATE_NAME.fullmatch(a))
    )
    if not aliases:
        return None
    undated = [r for r in codes if not (r.start or r.end)]
    dated = [r for r in codes if r.start or r.end]
    if len(codes) == 1 and len(codes[0].code) == 3 and codes[0].code in coder.states and not dated:
        code = codes[0].code
        return {"id": code, "type": "country", "name": name, "country": code, "sector": "GOV",
                "aliases": aliases, "fold": True}  # fmt: skip
    if not undated and all(len(r.code) == 3 for r in dated):  # a state known by dates
        latest = max(dated, key=lambda r: (r.end is None, r.end or r.start))
        if latest.end is None and latest.code in coder.states:
            code = latest.code
            return {"id": code, "type": "country", "name": name, "country": code,
                    "sector": "GOV", "aliases": aliases, "fold": True}  # fmt: skip
    person = _is_person(record)
    roles = []
    for r in dated:
        country, sector = coder.split(r.code, actor_id, person)
        roles.append(_role(r, country, sector))
    base = undated[-1] if undated else max(dated, key=lambda r: r.start or r.end)
    country, sector = coder.split(base.code, actor_id, person)
    if country is None:  # "[ELI]": the country of the latest dated role
        country = next((r.get("country") for r in reversed(roles) if r.get("country")), actor_id)
    kind = "person" if person else "organisation"
    if not person and sector in ("REB", "INS", "OPP", "CVL", "ETH", "REL", "CRM"):
        kind = "group"
    entry: dict[str, Any] = {
        "id": actor_id, "type": kind, "name": name, "country": country,
        "sector": sector or "GOV", "aliases": aliases, "fold": True,
    }  # fmt: skip
    if roles and person:
        entry["roles"] = roles
    return entry


def convert_actor_records(records: list[ActorRecord]) -> list[dict[str, Any]]:
    """Registry entries of actor records (ids unique; records without a code left out)."""
    coder = _Coder(_states(records))
    entries = []
    used: set[str] = set()
    for record in records:
        base = make_id(record.phrases[0])
        actor_id, n = base, 1
        while actor_id in used:
            n += 1
            actor_id = f"{base}_{n}"
        entry = record_entry(record, coder, actor_id)
        if entry is None:
            continue
        if entry["id"] in used:  # a second record of a state: its names join the first
            first = next(e for e in entries if e["id"] == entry["id"])
            first["aliases"] = list(dict.fromkeys(first["aliases"] + entry["aliases"]))
            continue
        used.add(entry["id"])
        entries.append(entry)
    return entries


def convert_agents(paths: Iterable[str | Path], warnings: list[str]) -> dict[str, list[str]]:
    """Agent nouns by eventpipe sector (lower case), in file order."""
    sectors = code_tables()["sectors"]
    nouns: dict[str, list[str]] = {}
    seen: set[str] = set()
    for path in paths:
        for record in parse_agents(path, warnings):
            sector = sectors.get(record.code[:3])
            if sector is None:
                warnings.append(f"{path}:{record.line}: agent code {record.code} unknown; skipped")
                continue
            for form in record.forms:
                noun = form.lower()
                if noun not in seen:
                    seen.add(noun)
                    nouns.setdefault(sector, []).append(noun)
    return nouns


def is_agents_file(path: str | Path) -> bool:
    """Whether a dictionary file is an agents file (by name: '*agents*')."""
    return "agent" in Path(path).name.lower()


def convert_files(paths: Iterable[str | Path], warnings: list[str] | None = None) -> dict[str, Any]:
    """A registry mapping (`extends: default`, `imported`, `imported_sector_nouns`)."""
    warnings = [] if warnings is None else warnings
    paths = [Path(p) for p in paths]
    records: list[ActorRecord] = []
    for path in paths:
        if not is_agents_file(path):
            records += parse_actors(path, warnings)
    agents = convert_agents([p for p in paths if is_agents_file(p)], warnings)
    out: dict[str, Any] = {"extends": "default", "imported": convert_actor_records(records)}
    if agents:
        out["imported_sector_nouns"] = agents
    return out


_HEADER = """\
# eventpipe actor registry converted from TABARI/PETRARCH dictionaries by
# `eventpipe actors import` ({sources}).
# It extends the shipped registry; use it with EVENTPIPE_ACTORS={out}.
# `imported` entries match case-insensitively where written as names and rank below
# hand-written entries (an `actors:` list you add here, and eventpipe's own actors.yaml):
# see docs/actors.md. Keep the source dictionaries' licence notice with this file.
"""


def write_registry(
    paths: list[Path], out: Path, warnings: list[str] | None = None
) -> dict[str, int]:
    """Convert dictionary files into a registry YAML at `out` that extends the shipped one.

    Returns counts (`actors`, `people`, `agent_nouns`); raises `RegistryError` naming the
    file and line of bad input. The file is written whole or not at all.
    """
    import os
    import tempfile

    import yaml

    data = convert_files(paths, warnings)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    header = _HEADER.format(sources=", ".join(p.name for p in paths), out=out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=out.parent, delete=False, suffix=".tmp"
    ) as handle:
        handle.write(header + body)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(handle.name, 0o666 & ~umask)  # NamedTemporaryFile makes it private
    os.replace(handle.name, out)
    return {
        "actors": len(data["imported"]),
        "people": sum(1 for e in data["imported"] if e["type"] == "person"),
        "agent_nouns": sum(len(v) for v in data.get("imported_sector_nouns", {}).values()),
    }

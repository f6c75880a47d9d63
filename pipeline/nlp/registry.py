"""The actor registry: `pipeline/data/actors.yaml` (or a user's file) read and validated.

`ActorRegistry.load(path)` returns the actors (countries, people with their roles and term
dates, organisations, groups), their aliases and demonyms, and the derived sector actors
("Turkish troops" -> `TURMIL`); errors name the file and the entry. This module does not
import spaCy, so the ingest writer can load the registry without loading the NLP; the
component that finds mentions in text is `pipeline.nlp.actors`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import RegistryError
from pipeline.nlp.cache import cached, fingerprint
from pipeline.nlp.datafiles import read_yaml_mapping
from pipeline.nlp.imported import PHOENIX_JSON, merge_imported, shipped_imported
from pipeline.safeyaml import DatelessLoader
from pipeline.settings import DATA_DIR

ACTORS_YAML = DATA_DIR / "actors.yaml"
CODES_YAML = DATA_DIR / "phoenix" / "codes.yaml"

ACTOR_TYPES = ("country", "person", "organisation", "group")
SECTORS = (
    "GOV",
    "MIL",
    "COP",
    "SPY",
    "OPP",
    "REB",
    "INS",
    "IGO",
    "NGO",
    "BUS",
    "MED",
    "CVL",
    "REF",
    "LEG",
    "JUD",
    "ETH",
    "REL",
    "EDU",
    "LAB",
    # from the CAMEO/Phoenix agent codes (pipeline/data/phoenix/codes.yaml)
    "ELI",
    "CRM",
    "HLH",
    "AGR",
    "ENV",
    "HRI",
    "DEV",
    "PTY",
)
# Sectors for which every country gets a derived actor <ISO><SECTOR> (GOV is the country itself).
DERIVED_SECTORS = ("MIL", "COP", "SPY", "OPP", "REB", "CVL", "REF", "BUS", "MED", "LEG", "JUD")
DERIVED_SECTORS += ("EDU", "LAB", "ELI", "CRM", "HLH", "AGR", "REL")
_SECTOR_NAMES = {
    "MIL": "military",
    "COP": "police",
    "SPY": "intelligence",
    "OPP": "opposition",
    "REB": "rebels",
    "CVL": "civilians",
    "REF": "refugees",
    "BUS": "business",
    "MED": "media",
    "LEG": "legislature",
    "JUD": "judiciary",
    "EDU": "education",
    "LAB": "labour",
    "ELI": "elites",
    "CRM": "criminals",
    "HLH": "health",
    "AGR": "agriculture",
    "REL": "religious",
}
_ID_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_ENTRY_KEYS = {"id", "name", "type", "country", "sector", "aliases", "demonyms", "people"}
_ENTRY_KEYS |= {"roles", "fold"}
_ROLE_KEYS = {"title", "start", "end", "leader", "country", "sector"}

# Normalised spellings of role titles.
TITLE_SYNONYMS = {
    "premier": "prime minister",
    "pm": "prime minister",
    "defense minister": "defence minister",
    "defence secretary": "defence minister",
    "defense secretary": "defence minister",
    "secretary of defense": "defence minister",
    "secretary of defence": "defence minister",
    "minister of defence": "defence minister",
    "minister of defense": "defence minister",
    "foreign secretary": "foreign minister",
    "minister of foreign affairs": "foreign minister",
    "foreign affairs minister": "foreign minister",
    "secretary general": "secretary-general",
    "head of state": "leader",
    "spokesperson": "spokesman",
    "spokeswoman": "spokesman",
    "national security advisor": "national security adviser",
    "commission chief": "commission president",
    "foreign policy chief": "high representative",
    "eu foreign policy chief": "high representative",
    "vice-president": "vice president",
}


def normalise_title(title: str) -> str:
    """Lower-case a role title, unify hyphen spacing and map synonyms ("premier")."""
    text = re.sub(r"\s*-\s*", "-", " ".join(title.lower().split()))
    return TITLE_SYNONYMS.get(text, text)


@dataclass(frozen=True)
class Role:
    """An office a person held from `start` up to (not including) `end`.

    Roles converted from TABARI/PETRARCH dictionaries have no title but a `sector` (and
    `country`): what the person counts as in that period (`TURGOV >030314`).
    """

    title: str | None
    start: date | None = None
    end: date | None = None
    leader: bool = False
    country: str | None = None
    sector: str | None = None

    def active(self, on: date) -> bool:
        """Whether the role was held on `on`."""
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@dataclass(frozen=True)
class Actor:
    """A registry actor; `derived` actors are the generated country-sector actors."""

    actor_id: str
    name: str
    country: str
    sector: str
    type: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    derived: bool = False
    folded: tuple[str, ...] = ()  # aliases matched case-insensitively (imported dictionaries)
    places: tuple[str, ...] = ()  # imported names of a hand-written state: only in agent phrases


@dataclass
class ActorRegistry:
    """Validated actors, looked up by id, alias, demonym and office."""

    actors: list[Actor]
    sector_nouns: dict[str, str] = field(default_factory=dict)  # lower-case noun -> sector
    path: str | None = None
    not_actors: tuple[str, ...] = ()  # place names that contain an alias ("Sea of Japan")

    def __post_init__(self) -> None:
        self._by_id = {actor.actor_id: actor for actor in self.actors}
        self.by_alias: dict[str, str] = {}
        self.by_demonym: dict[str, str] = {}
        for actor in self.actors:
            for alias in actor.aliases + actor.folded:
                self.by_alias[alias] = actor.actor_id
            for demonym in actor.demonyms:
                self.by_demonym[demonym] = actor.actor_id
        self._titles = {normalise_title(r.title) for a in self.actors for r in a.roles if r.title}
        self._titles |= {"leader"} | {
            t for t in TITLE_SYNONYMS if TITLE_SYNONYMS[t] in self._titles
        }

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | str | None = None) -> ActorRegistry:
        """Load and validate a registry file (default: the shipped `actors.yaml`).

        A file whose top level has `extends: default` adds to (or, by id, replaces entries
        of) the shipped registry. Raises `RegistryError` naming the entry and the problem.
        """
        target = Path(path) if path else ACTORS_YAML
        try:
            mtime = target.stat().st_mtime
        except OSError as err:
            raise RegistryError(f"cannot read the actor registry: {err}", str(target)) from err
        return _load_cached(str(target), mtime)

    # -- lookups ---------------------------------------------------------------------------
    def get(self, actor_id: str) -> Actor | None:
        """The actor with this id, or None."""
        return self._by_id.get(actor_id)

    def titles(self) -> set[str]:
        """Every normalised role title the registry knows (plus 'leader' and synonyms)."""
        return set(self._titles)

    def sector_actor(self, actor: Actor, sector: str) -> Actor:
        """The actor for `sector` of a country (`TUR` + MIL -> `TURMIL`); others unchanged."""
        if actor.type != "country" or sector in ("GOV", actor.sector):
            return actor
        return self._by_id.get(f"{actor.actor_id}{sector}", actor)

    def holder(self, country: str, title: str, on: date | None) -> Actor | None:
        """The person holding `title` of `country` on `on` ('leader': any leader role)."""
        if on is None:
            return None
        wanted = normalise_title(title)
        best: tuple[date, Actor] | None = None
        for actor in self.actors:
            for role in actor.roles:
                if role.title is None:
                    continue
                if (role.country or actor.country) != country or not role.active(on):
                    continue
                if role.leader if wanted == "leader" else normalise_title(role.title) == wanted:
                    start = role.start or date.min
                    if best is None or start > best[0]:
                        best = (start, actor)
        return best[1] if best else None

    def country_on(self, actor: Actor, on: date | None) -> str:
        """The actor's country, or that of an office held on `on` for another country."""
        return self.on_date(actor, on)[0]

    def on_date(self, actor: Actor, on: date | None) -> tuple[str, str]:
        """(country, sector) of the actor on `on`: those of the latest-starting role active
        then that gives them ("Erdogan" on 2003-06-01: TUR GOV), else the entry's own."""
        if on is None or not actor.roles:
            return actor.country, actor.sector
        best: Role | None = None
        for role in actor.roles:
            later = best is None or (role.start or date.min) > (best.start or date.min)
            if (role.country or role.sector) and role.active(on) and later:
                best = role
        if best is None:
            return actor.country, actor.sector
        return best.country or actor.country, best.sector or actor.sector

    def table_rows(self) -> list[dict[str, Any]]:
        """Rows of the `actors` table: actor_id, name, country, sector, actor_type."""
        return [
            {
                "actor_id": a.actor_id,
                "name": a.name,
                "country": a.country,
                "sector": a.sector,
                "actor_type": a.type,
            }
            for a in self.actors
        ]


def _sources(path: str) -> list[Path]:
    return [Path(path), ACTORS_YAML, PHOENIX_JSON, CODES_YAML]


def registry_fingerprint(path: Path | str | None = None) -> str:
    """A fingerprint of the registry `ActorRegistry.load(path)` would return (its files and
    the code that reads them), without loading it."""
    return fingerprint("registry", _sources(str(path) if path else str(ACTORS_YAML)))


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime: float) -> ActorRegistry:
    return cached("registry", _sources(path), "", lambda: _load(path), (ActorRegistry, Actor, Role))


def _load(path: str) -> ActorRegistry:
    data = _read_yaml(path)
    entries = data.get("actors")
    sector_nouns = data.get("sector_nouns")
    if data.get("extends") not in (None, "default"):
        raise RegistryError(f"'extends' must be 'default', got {data.get('extends')!r}", path)
    if data.get("extends") == "default" and Path(path).resolve() != ACTORS_YAML.resolve():
        base = _read_yaml(str(ACTORS_YAML))
        own = {e.get("id") for e in entries or [] if isinstance(e, dict)}
        entries = [e for e in base["actors"] if e.get("id") not in own] + list(entries or [])
        merged = {k: list(v) for k, v in (base.get("sector_nouns") or {}).items()}
        for sector, nouns in (sector_nouns or {}).items():
            merged.setdefault(sector, []).extend(nouns or [])
        sector_nouns = merged
    elif sector_nouns is None and Path(path).resolve() != ACTORS_YAML.resolve():
        sector_nouns = _read_yaml(str(ACTORS_YAML)).get("sector_nouns")
    if not isinstance(entries, list) or not entries:
        raise RegistryError("the registry needs a non-empty 'actors' list", path)
    imported, imported_nouns = _imported(data, path)
    kept, extra = merge_imported(entries, imported)
    actors = [
        _parse_entry(entry, n, path, tuple(extra.get(entry.get("id"), ())))
        if isinstance(entry, dict)
        else _parse_entry(entry, n, path)
        for n, entry in enumerate(entries, start=1)
    ]
    actors += [_parse_entry(e, n, path, label="imported") for n, e in enumerate(kept, start=1)]
    _check_unique(actors, path)
    actors += _derived_actors(actors)
    not_actors = data.get("not_actors")
    if not_actors is None and Path(path).resolve() != ACTORS_YAML.resolve():
        not_actors = _read_yaml(str(ACTORS_YAML)).get("not_actors")
    nouns = _parse_sector_nouns(imported_nouns, path)
    nouns.update(_parse_sector_nouns(sector_nouns, path))  # hand-written nouns win
    return ActorRegistry(
        actors=actors,
        sector_nouns=nouns,
        path=path,
        not_actors=_strings(not_actors, "not_actors", "not_actors", path),
    )


def _imported(data: dict[str, Any], path: str) -> tuple[list[Any], dict[str, list[str]]]:
    """The file's `imported` entries and agent nouns, then (for the default registry and
    files that extend it) the shipped converted dictionaries'."""
    imported = data.get("imported") or []
    nouns = data.get("imported_sector_nouns") or {}
    if not isinstance(imported, list):
        raise RegistryError("'imported' must be a list of actor entries", path)
    if not isinstance(nouns, dict):
        raise RegistryError("'imported_sector_nouns' must map sectors to lists of nouns", path)
    merged = {k: list(v) if isinstance(v, list) else v for k, v in nouns.items()}
    is_default = Path(path).resolve() == ACTORS_YAML.resolve()
    if is_default or data.get("extends") == "default":
        shipped = shipped_imported()
        imported = list(imported) + shipped["imported"]
        for sector, words in (shipped.get("imported_sector_nouns") or {}).items():
            current = merged.setdefault(sector, [])
            if isinstance(current, list):
                merged[sector] = list(words) + current  # the user's nouns are read last: win
    return imported, merged


def _read_yaml(path: str) -> dict[str, Any]:
    return read_yaml_mapping(path, "actor registry", "an 'actors' list", loader=DatelessLoader)


def _parse_date(value: Any, where: str, key: str, path: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as err:
        raise RegistryError(
            f"{where}: role {key} {value!r} is not a YYYY-MM-DD date", path
        ) from err


def _strings(value: Any, where: str, key: str, path: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RegistryError(f"{where}: '{key}' must be a list of non-empty strings", path)
    return tuple(v.strip() for v in value)


def _parse_entry(
    entry: Any, number: int, path: str, extra: tuple[str, ...] = (), label: str = "actor"
) -> Actor:
    if not isinstance(entry, dict):
        raise RegistryError(f"{label} #{number}: entry must be a mapping", path)
    where = f"{label} #{number} ({entry.get('id', '?')})"
    unknown = set(entry) - _ENTRY_KEYS
    if unknown:
        raise RegistryError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}", path)
    for key in ("id", "name", "type", "country", "sector"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise RegistryError(f"{where}: missing or empty '{key}'", path)
    actor_id, kind, country, sector = entry["id"], entry["type"], entry["country"], entry["sector"]
    if not _ID_RE.match(actor_id):
        raise RegistryError(f"{where}: id must be upper case letters, digits and '_'", path)
    if kind not in ACTOR_TYPES:
        raise RegistryError(f"{where}: type {kind!r} is not one of {', '.join(ACTOR_TYPES)}", path)
    if sector not in SECTORS:
        raise RegistryError(f"{where}: sector {sector!r} is not one of {', '.join(SECTORS)}", path)
    if not _ID_RE.match(country):
        raise RegistryError(f"{where}: country {country!r} must be an upper-case code", path)
    if kind == "country" and (country != actor_id or len(actor_id) != 3):
        raise RegistryError(f"{where}: a country's id and country must be the same alpha-3", path)
    roles = []
    raw_roles = entry.get("roles") or []
    if not isinstance(raw_roles, list):
        raise RegistryError(f"{where}: 'roles' must be a list", path)
    if raw_roles and kind != "person":
        raise RegistryError(f"{where}: only people have roles", path)
    for raw in raw_roles:
        if not isinstance(raw, dict) or not (
            isinstance(raw.get("title"), str) or isinstance(raw.get("sector"), str)
        ):
            raise RegistryError(f"{where}: each role needs a 'title' or a 'sector'", path)
        unknown = set(raw) - _ROLE_KEYS
        if unknown:
            raise RegistryError(f"{where}: unknown role key(s) {', '.join(sorted(unknown))}", path)
        start = _parse_date(raw.get("start"), where, "start", path)
        end = _parse_date(raw.get("end"), where, "end", path)
        if start and end and end < start:
            what = raw.get("title") or raw.get("sector")
            raise RegistryError(f"{where}: role {what!r} ends before it starts", path)
        role_country = raw.get("country")
        if role_country is not None and not _ID_RE.match(str(role_country)):
            raise RegistryError(f"{where}: role country {role_country!r} is not a code", path)
        role_sector = raw.get("sector")
        if role_sector is not None and role_sector not in SECTORS:
            raise RegistryError(f"{where}: role sector {role_sector!r} is not a sector", path)
        title = raw["title"].strip() if isinstance(raw.get("title"), str) else None
        roles.append(Role(title, start, end, bool(raw.get("leader")), role_country, role_sector))
    aliases = _strings(entry.get("aliases"), where, "aliases", path)
    fold = entry.get("fold", False)
    if not isinstance(fold, bool):
        raise RegistryError(f"{where}: 'fold' must be true or false", path)
    return Actor(
        actor_id=actor_id,
        name=entry["name"].strip(),
        country=country,
        sector=sector,
        type=kind,
        aliases=() if fold else aliases,
        folded=aliases if fold else tuple(n for n in extra if _shares_word(n, aliases)),
        places=tuple(n for n in extra if not _shares_word(n, aliases)),
        demonyms=_strings(entry.get("demonyms"), where, "demonyms", path),
        people=_strings(entry.get("people"), where, "people", path),
        roles=tuple(roles),
    )


def _shares_word(name: str, aliases: tuple[str, ...]) -> bool:
    """Whether an imported name of a state is a variant of its hand-written names
    ("Democratic Republic of Congo" for "DR Congo"), not one of its places ("Goma")."""
    words = {w for a in aliases for w in re.findall(r"\w{4,}", a.casefold())}
    return any(w in words for w in re.findall(r"\w{4,}", name.casefold()))


def _check_unique(actors: list[Actor], path: str) -> None:
    seen: dict[str, int] = {}
    owner: dict[str, str] = {}
    for number, actor in enumerate(actors, start=1):
        where = f"actor #{number} ({actor.actor_id})"
        if actor.actor_id in seen:
            raise RegistryError(f"{where}: duplicate id (also actor #{seen[actor.actor_id]})", path)
        seen[actor.actor_id] = number
        for text in set(actor.aliases + actor.folded) | set(actor.demonyms) | set(actor.people):
            other = owner.setdefault(text, actor.actor_id)
            if other != actor.actor_id:
                raise RegistryError(f"{where}: alias {text!r} is also an alias of {other}", path)
    countries = {a.actor_id for a in actors if a.type == "country"}
    for number, actor in enumerate(actors, start=1):
        if actor.type == "country":
            continue
        derived = actor.actor_id[:3] in countries and actor.actor_id[3:] in DERIVED_SECTORS
        if derived and (actor.country != actor.actor_id[:3] or actor.sector != actor.actor_id[3:]):
            raise RegistryError(
                f"actor #{number} ({actor.actor_id}): a country-sector id must have country "
                f"{actor.actor_id[:3]} and sector {actor.actor_id[3:]}",
                path,
            )


def _derived_actors(actors: list[Actor]) -> list[Actor]:
    ids = {a.actor_id for a in actors}
    derived = []
    for actor in actors:
        if actor.type != "country":
            continue
        for sector in DERIVED_SECTORS:
            actor_id = f"{actor.actor_id}{sector}"
            if actor_id not in ids:
                name = f"{actor.name} ({_SECTOR_NAMES[sector]})"
                derived.append(Actor(actor_id, name, actor.actor_id, sector, "group", derived=True))
    return derived


def _parse_sector_nouns(raw: Any, path: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RegistryError("'sector_nouns' must map sectors to lists of nouns", path)
    nouns: dict[str, str] = {}
    for sector, words in raw.items():
        if sector not in SECTORS:
            raise RegistryError(f"sector_nouns: unknown sector {sector!r}", path)
        if not words:
            continue
        for word in _strings(words, f"sector_nouns.{sector}", "nouns", path):
            nouns[" ".join(word.lower().split())] = sector
    return nouns

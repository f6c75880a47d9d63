"""The models in `sql/` and their contracts: one loader, which names the file and entry at fault.

Each model is one file, `sql/staging/`, `sql/intermediate/` or `sql/marts/NAME.sql`: a header
block of `--` comment lines, which is YAML once the `-- ` prefix is removed, then the model's
plain `select` (no `create view`, no cache). The header:

    -- NAME: the question the model answers?   (this first line is not YAML)
    -- Grain: one row per ...
    -- About: >                      (optional: how it counts, what it leaves out)
    --   ...
    -- Cache:                        (optional: keep its rows in NAME_cache)
    --   partitions: stale_dyads     (a stale table of sql/partitions.yml; its keys are columns)
    --   restrict:                   (how each input of the model is cut to stale partitions:)
    --     stg_happened_events: [source_country, target_country]     (same-named columns)
    --     stances: {month: "date_trunc('month', stance_date)::date"}  (key: SQL expression)
    -- Columns:                      (every output column, in order, with its meaning)
    --   month: ...

`sql/partitions.yml` defines the stale tables (see its header).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.errors import SchemaError
from pipeline.safeyaml import DatelessLoader
from pipeline.settings import SQL_DIR

LAYERS = ("staging", "intermediate", "marts")
PARTITIONS_FILE = SQL_DIR / "partitions.yml"
SOURCES = ("documents", "events", "stances", "actor_mentions")  # marked_by's relations
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_HEADER_KEYS = {"Grain", "About", "Cache", "Columns"}


@dataclass(frozen=True)
class Partitions:
    """A stale table: the partitions of some caches whose rows are out of date."""

    name: str
    description: str
    keys: dict[str, str]  # column -> DuckDB type
    marked_by: str  # SQL over {documents}, {events}, {stances}, {actor_mentions}


@dataclass(frozen=True)
class Cache:
    """How a model is cached: by the keys of `partitions`, cutting its inputs by `restrict`."""

    partitions: str
    restrict: dict[str, dict[str, str]]  # input relation -> partition key -> SQL expression


@dataclass(frozen=True)
class Model:
    """One model: its file, layer, contract and plain SQL."""

    name: str
    path: Path
    layer: str
    question: str
    grain: str
    about: str
    columns: dict[str, str]  # column -> meaning, in output order
    sql: str
    cache: Cache | None = None
    refs: tuple[str, ...] = field(default=())  # the other models its SQL reads


def _fail(path: Path, entry: str, problem: str) -> SchemaError:
    return SchemaError(f"{entry}: {problem}", str(path))


def _text(path: Path, entry: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, entry, "expected a non-empty text")
    return " ".join(value.split())


def _mapping(path: Path, entry: str, value: object) -> dict:
    if not isinstance(value, dict) or not value:
        raise _fail(path, entry, "expected a non-empty mapping")
    for key in value:
        if not isinstance(key, str) or not _NAME.match(key):
            raise _fail(path, f"{entry}.{key}", "expected a lower-case SQL name")
    return value


@functools.lru_cache(maxsize=1)
def load_partitions(path: Path = PARTITIONS_FILE) -> dict[str, Partitions]:
    """The stale tables of `sql/partitions.yml`, by name."""
    try:
        data = yaml.load(path.read_text(), Loader=DatelessLoader)
    except (OSError, yaml.YAMLError) as err:
        raise SchemaError(f"cannot read the partitions: {err}", str(path)) from err
    found = {}
    for name, entry in _mapping(path, "partitions", data).items():
        entry = _mapping(path, name, entry)
        unknown = set(entry) - {"description", "keys", "marked_by"}
        if unknown or not name.startswith("stale_"):
            raise _fail(path, name, f"unknown entries {sorted(unknown)} or a name not stale_*")
        keys = _mapping(path, f"{name}.keys", entry.get("keys"))
        marked_by = _text(path, f"{name}.marked_by", entry.get("marked_by"))
        try:
            marked_by.format(**{source: source for source in SOURCES})
        except (KeyError, IndexError, ValueError) as err:
            raise _fail(path, f"{name}.marked_by", f"unknown relation {err}") from err
        found[name] = Partitions(
            name=name,
            description=_text(path, f"{name}.description", entry.get("description")),
            keys={key: _text(path, f"{name}.keys.{key}", kind) for key, kind in keys.items()},
            marked_by=entry["marked_by"].strip(),
        )
    return found


def _split(path: Path) -> tuple[str, str]:
    """The header block (without the `-- ` prefixes) and the SQL after it."""
    lines = path.read_text().splitlines()
    end = next((n for n, line in enumerate(lines) if not line.startswith("--")), len(lines))
    header = "\n".join(re.sub(r"^-- ?", "", line) for line in lines[:end])
    sql = "\n".join(lines[end:]).strip().rstrip(";").strip()
    return header, sql


def _cache(path: Path, value: object, partitions: dict[str, Partitions]) -> Cache:
    entry = _mapping(path, "Cache", value)
    if set(entry) - {"partitions", "restrict"}:
        raise _fail(path, "Cache", "expected only `partitions` and `restrict`")
    stale = entry.get("partitions")
    if stale not in partitions:
        raise _fail(path, "Cache.partitions", f"{stale!r} is not in {PARTITIONS_FILE.name}")
    keys = partitions[stale].keys
    restrict = {}
    for relation, cut in _mapping(path, "Cache.restrict", entry.get("restrict")).items():
        where = f"Cache.restrict.{relation}"
        if isinstance(cut, list):
            cut = {key: key for key in cut}
        cut = _mapping(path, where, cut)
        if set(cut) != set(keys):
            raise _fail(path, where, f"expected an expression for each key of {stale}")
        restrict[relation] = {key: _text(path, f"{where}.{key}", cut[key]) for key in keys}
    return Cache(partitions=stale, restrict=restrict)


def _model(path: Path, layer: str, partitions: dict[str, Partitions]) -> Model:
    name = path.stem
    header, sql = _split(path)
    first, _, rest = header.partition("\n")
    if not first.startswith(f"{name}: "):
        raise _fail(path, "header", f"the first line must be '-- {name}: <question>?'")
    question = _text(path, name, first[len(name) + 2 :])
    if not question.endswith("?"):
        raise _fail(path, name, "the question must end with '?'")
    try:
        data = yaml.load(rest, Loader=DatelessLoader)
    except yaml.YAMLError as err:
        raise _fail(path, "header", f"not YAML once the '-- ' prefixes go: {err}") from err
    if not isinstance(data, dict):
        raise _fail(path, "header", "expected Grain, Columns (and About, Cache) entries")
    unknown = set(data) - _HEADER_KEYS
    if unknown:
        raise _fail(path, "header", f"unknown entries {sorted(unknown)}")
    columns = _mapping(path, "Columns", data.get("Columns"))
    if not sql.lower().startswith(("select", "with")) or "create " in sql.lower().split("(")[0]:
        raise _fail(path, "sql", "expected a plain select (the views are generated from it)")
    return Model(
        name=name,
        path=path,
        layer=layer,
        question=question,
        grain=_text(path, "Grain", data.get("Grain")),
        about=_text(path, "About", data["About"]) if "About" in data else "",
        columns={col: _text(path, f"Columns.{col}", text) for col, text in columns.items()},
        sql=sql,
        cache=_cache(path, data["Cache"], partitions) if "Cache" in data else None,
    )


def _ordered(models: dict[str, Model]) -> list[Model]:
    """The models with their refs, each after the models it reads (else SchemaError)."""
    names = list(models)
    pattern = re.compile(r"\b(" + "|".join(names) + r")\b")
    refs = {
        name: tuple(sorted(set(pattern.findall(model.sql)) - {name}))
        for name, model in models.items()
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and set(refs[n]) <= set(ordered)]
        if not ready:
            cycle = sorted(set(names) - set(ordered))
            raise SchemaError(f"models read each other in a cycle: {', '.join(cycle)}")
        ordered.extend(ready)
    return [dataclasses.replace(models[name], refs=refs[name]) for name in ordered]


@functools.lru_cache(maxsize=4)
def load_models(sql_dir: Path = SQL_DIR) -> tuple[Model, ...]:
    """Every model in `sql/<layer>/`, each after the models it reads."""
    partitions = load_partitions(sql_dir / PARTITIONS_FILE.name)
    models: dict[str, Model] = {}
    for layer in LAYERS:
        for path in sorted((sql_dir / layer).glob("*.sql")):
            if path.stem in models:
                raise _fail(path, path.stem, f"a model of that name is in {models[path.stem].path}")
            if not _NAME.match(path.stem):
                raise _fail(path, path.stem, "a model's file name must be a lower-case SQL name")
            models[path.stem] = _model(path, layer, partitions)
    for model in models.values():
        if model.cache:
            for relation in model.cache.restrict:
                if relation not in SOURCES and relation not in models:
                    raise _fail(model.path, f"Cache.restrict.{relation}", "not a table or model")
    return tuple(_ordered(models))

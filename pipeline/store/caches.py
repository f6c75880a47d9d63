"""The views and their caches, generated from the model contracts (`pipeline.store.contracts`).

Every model in `sql/` becomes a view of its name. A cached model `X` (a `Cache:` entry in its
header) keeps its rows in the table `X_cache`, partitioned by the keys of its stale table
(`sql/partitions.yml`); the view `X` returns the cache's rows of the partitions that are not
stale plus, for the stale ones, the rows of the plain model computed with its inputs cut to
those partitions. So a view always returns what its plain model would; stale partitions only
make it slower. `load_batch` marks the partitions of the rows it changes (`mark_stale`) and
every ingest run ends by recomputing them into the caches (`refresh_view_caches`).
"""

from __future__ import annotations

import hashlib

import duckdb

from pipeline.errors import SchemaError
from pipeline.store.contracts import SOURCES, Model, load_models, load_partitions

_COMMENT = "eventpipe cache of model version "


def cached_models() -> list[Model]:
    """The cached models, each after the models it reads (the refresh order)."""
    return [model for model in load_models() if model.cache]


def cached_views() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(stale table, its keys, the cached views it partitions), for each stale table in use."""
    found: dict[str, list[str]] = {}
    for model in cached_models():
        found.setdefault(model.cache.partitions, []).append(model.name)  # type: ignore[union-attr]
    partitions = load_partitions()
    return tuple(
        (stale, tuple(partitions[stale].keys), tuple(views)) for stale, views in found.items()
    )


def __getattr__(name: str) -> object:
    if name == "CACHED_VIEWS":  # read lazily, so that a bad contract fails where it is used
        return cached_views()
    raise AttributeError(name)


def _is_cached(name: str) -> bool:
    return any(model.name == name for model in cached_models())


def stale_rows_sql(model: Model, from_caches: bool = False) -> str:
    """The model's rows of its stale partitions, computed from its plain SQL.

    Each input named in the contract's `restrict` is cut to the stale partitions by a CTE of
    its own name (which shadows the table or view inside the model's SQL). With `from_caches`
    (during a refresh, when the caches of the models it reads are already fresh) the cached
    models it reads are read from their caches instead of their views.
    """
    assert model.cache is not None
    stale = model.cache.partitions
    keys = list(load_partitions()[stale].keys)
    ctes = []
    for relation, cut in model.cache.restrict.items():
        source = f"{relation}_cache" if from_caches and _is_cached(relation) else f"main.{relation}"
        if all(cut[key] == key for key in keys):
            body = f"select * from {source} semi join {stale} using ({', '.join(keys)})"
        else:
            computed = ", ".join(f"({cut[key]}) as __key_{key}" for key in keys)
            matches = " and ".join(f"{stale}.{key} = __key_{key}" for key in keys)
            body = (
                f"select * exclude ({', '.join(f'__key_{key}' for key in keys)}) "
                f"from (select *, {computed} from {source}) semi join {stale} on {matches}"
            )
        ctes.append(f"{relation} as ({body})")
    if from_caches:
        ctes += [
            f"{ref} as (select * from {ref}_cache)"
            for ref in model.refs
            if ref not in model.cache.restrict and _is_cached(ref)
        ]
    with_ctes = f"with {', '.join(ctes)}\n" if ctes else ""
    # the last semi join keeps the result to the stale partitions even if a cut is too wide
    return (
        f"select * from ({with_ctes}select * from (\n{model.sql}\n)) "
        f"semi join {stale} using ({', '.join(keys)})"
    )


def cached_view_sql(model: Model) -> str:
    """The view of a cached model: its cache for fresh partitions, its plain SQL for stale."""
    assert model.cache is not None
    stale = model.cache.partitions
    keys = ", ".join(load_partitions()[stale].keys)
    return (
        f"select * from {model.name}_cache anti join {stale} using ({keys})\n"
        f"union all\n{stale_rows_sql(model)}"
    )


def _fingerprint(model: Model, columns: list[tuple[str, str]]) -> str:
    """A hash of everything the cached rows depend on: the SQL it and its inputs run, etc."""
    models = {m.name: m for m in load_models()}
    seen, pending, parts = set(), [model.name], []
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            parts.append(models[name].sql)
            pending.extend(models[name].refs)
    assert model.cache is not None
    partitions = load_partitions()[model.cache.partitions]
    parts += [repr(sorted(model.cache.restrict.items())), repr(partitions), repr(columns)]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:16]


def _output_columns(
    con: duckdb.DuckDBPyConnection, model: Model, view: bool = False
) -> list[tuple[str, str]]:
    """The model's output columns and types; SchemaError when they are not its contract's.

    With `view`, read them from the catalog entry of the model's view, just created from its
    plain SQL (cheaper than binding the SQL again).
    """
    try:
        if view:
            described = con.execute(
                "select column_name, data_type from duckdb_columns() "
                "where schema_name = 'main' and table_name = ? order by column_index",
                [model.name],
            ).fetchall()
        else:
            described = con.execute(f"describe select * from (\n{model.sql}\n)").fetchall()
    except duckdb.Error as err:
        raise SchemaError(f"sql: {str(err).splitlines()[0]}", str(model.path)) from err
    columns = [(row[0], row[1]) for row in described]
    names = [name for name, _ in columns]
    if names != list(model.columns):
        raise SchemaError(
            f"Columns: the contract lists {list(model.columns)}, the SQL returns {names}",
            str(model.path),
        )
    if model.cache:
        missing = set(load_partitions()[model.cache.partitions].keys) - set(names)
        if missing:
            raise SchemaError(
                f"Cache: partition keys {sorted(missing)} are not columns", str(model.path)
            )
    return columns


def mark_all_stale(con: duckdb.DuckDBPyConnection, stale: str) -> None:
    """List every partition of the current rows in the stale table `stale`."""
    partitions = load_partitions()[stale]
    sql = partitions.marked_by.format(**{source: source for source in SOURCES})
    con.execute(f"insert into {stale} select * from ({sql}) except select * from {stale}")


def _ensure_cache(con: duckdb.DuckDBPyConnection, model: Model) -> None:
    """Create `X_cache` when it is missing or was made for other SQL (then all of it is stale)."""
    columns = _output_columns(con, model)
    comment = _COMMENT + _fingerprint(model, columns)
    cache = f"{model.name}_cache"
    found = con.execute(
        "select comment from duckdb_tables() where schema_name = 'main' and table_name = ?",
        [cache],
    ).fetchall()
    if found and found[0][0] == comment:
        return
    con.execute(f"drop table if exists {cache}")
    con.execute(f"create table {cache} ({', '.join(f'{n} {t}' for n, t in columns)})")
    con.execute(f"comment on table {cache} is '{comment}'")
    assert model.cache is not None
    mark_all_stale(con, model.cache.partitions)


def _drop_orphans(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the caches and stale tables no model uses (left by older versions)."""
    owned = {f"{model.name}_cache" for model in cached_models()} | set(load_partitions())
    for (name,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main' and not temporary "
        "and (table_name like '%\\_cache' escape '\\' or table_name like 'stale\\_%' escape '\\')"
    ).fetchall():
        if name not in owned:
            con.execute(f"drop table {name}")


def _create_view(con: duckdb.DuckDBPyConnection, model: Model, sql: str) -> None:
    try:
        con.execute(f"create or replace view {model.name} as\n{sql}")
    except duckdb.Error as err:
        raise SchemaError(f"sql: {str(err).splitlines()[0]}", str(model.path)) from err


def create_models(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the stale tables, the caches and the view of every model, in one transaction.

    A cache made for other SQL than its model's (or missing) is made again, all its partitions
    stale, so that the next refresh fills it; the SQL of each model is checked against the
    columns its contract lists.
    """
    con.execute("begin transaction")
    try:
        for partitions in load_partitions().values():
            keys = ", ".join(f"{key} {kind} not null" for key, kind in partitions.keys.items())
            con.execute(f"create table if not exists {partitions.name} ({keys})")
        _drop_orphans(con)
        for model in load_models():
            if model.cache:
                _ensure_cache(con, model)
                _create_view(con, model, cached_view_sql(model))
            else:
                _create_view(con, model, model.sql)
                _output_columns(con, model, view=True)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def mark_stale(con: duckdb.DuckDBPyConnection, relations: dict[str, str]) -> None:
    """List the cache partitions that the rows in `relations` (table -> relation) belong to.

    Call it in the transaction that changes those rows: with the old rows before deleting
    them, and with the new rows.
    """
    for partitions in load_partitions().values():
        sql = partitions.marked_by.format(**relations)
        con.execute(
            f"insert into {partitions.name} select * from ({sql}) "
            f"except select * from {partitions.name}"
        )


def refresh_view_caches(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute the stale partitions of every cached view, in one transaction.

    Called at the end of every ingest run and whenever the database is opened for writing
    (which repairs the caches after a crash). Returns the number of stale partitions it
    refreshed; idempotent, and quick when nothing is stale.
    """
    con.execute("begin transaction")
    try:
        counts = {
            stale: con.execute(f"select count(*) from {stale}").fetchone()[0]
            for stale in load_partitions()
        }
        for model in cached_models():
            stale = model.cache.partitions  # type: ignore[union-attr]
            if not counts[stale]:
                continue
            cache = f"{model.name}_cache"
            matches = " and ".join(
                f"cache.{key} = {stale}.{key}" for key in load_partitions()[stale].keys
            )
            con.execute(f"delete from {cache} as cache using {stale} where {matches}")
            con.execute(f"insert into {cache} {stale_rows_sql(model, from_caches=True)}")
        for stale, count in counts.items():
            if count:
                con.execute(f"delete from {stale}")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return sum(counts.values())

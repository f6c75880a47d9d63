"""The view caches (migration 003_view_caches): mark the partitions that changed rows belong
to as stale, and recompute the stale partitions of every cached view."""

from __future__ import annotations

import duckdb

# Materialised views (migration 003_view_caches): each view `V` keeps its rows in `V_cache`,
# partitioned by the keys of a stale_* table. Listed in refresh order: a view comes after the
# views it reads, and a stale table is emptied once all the views it partitions are refreshed.
CACHED_VIEWS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "stale_dyads",
        ("source_country", "target_country"),
        ("dyad_monthly", "dyad_timeline", "event_cluster_mentions"),
    ),
    # refreshed once event_cluster_mentions is, so that it reads that view's fresh cache
    ("stale_cluster_dyads", ("source_country", "target_country"), ("event_clusters",)),
    ("stale_months", ("month",), ("stance_monthly", "actor_salience_monthly")),
    ("stale_documents", ("doc_id",), ("document_summary",)),
)

# The partitions that rows of some documents belong to, given those documents' rows as the
# relations {documents}, {events}, {stances} and {actor_mentions}; used to mark them stale.
_DYADS = """
    select source_country, target_country
    from {events}
    where source_country is not null and target_country is not null
"""
_STALE_PARTITIONS = {
    "stale_dyads": _DYADS,
    "stale_cluster_dyads": _DYADS,
    "stale_months": """
        select date_trunc('month', coalesce(mentions.mention_date, docs.published_date))::date
        from {actor_mentions} as mentions
        inner join {documents} as docs using (doc_id)
        where coalesce(mentions.mention_date, docs.published_date) is not null
        union
        select date_trunc('month', stance_date)::date
        from {stances}
        where stance_date is not null
    """,
    "stale_documents": "select doc_id from {documents}",
}


def mark_stale(con: duckdb.DuckDBPyConnection, relations: dict[str, str]) -> None:
    """List the cache partitions that the rows in `relations` (table -> relation) belong to.

    Call it in the transaction that changes those rows: with the old rows before deleting
    them, and with the new rows.
    """
    for stale, partitions in _STALE_PARTITIONS.items():
        con.execute(
            f"insert into {stale} select * from ({partitions.format(**relations)}) "
            f"except select * from {stale}"
        )


def refresh_view_caches(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute the stale partitions of every cached view, in one transaction.

    Called at the end of every ingest run and whenever the database is opened for writing
    (which repairs the caches after a crash). Returns the number of stale partitions it
    refreshed; idempotent, and quick when nothing is stale.
    """
    con.execute("begin transaction")
    try:
        refreshed = 0
        for stale, keys, views in CACHED_VIEWS:
            count = con.execute(f"select count(*) from {stale}").fetchone()[0]
            if not count:
                continue
            refreshed += count
            using = ", ".join(keys)
            matches = " and ".join(f"cache.{key} = {stale}.{key}" for key in keys)
            for view in views:
                cache = f"{view}_cache"
                columns = ", ".join(
                    row[0]
                    for row in con.execute(
                        "select column_name from information_schema.columns "
                        "where table_name = ? order by ordinal_position",
                        [cache],
                    ).fetchall()
                )
                con.execute(f"delete from {cache} as cache using {stale} where {matches}")
                con.execute(
                    f"insert into {cache} ({columns}) "
                    f"select {columns} from {view} semi join {stale} using ({using})"
                )
            con.execute(f"delete from {stale}")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return refreshed

"""The trend summary `make run` prints: counts, then the top rows of each trend view."""

from __future__ import annotations

from pathlib import Path

from pipeline.store import connect

SECTIONS: list[tuple[str, str]] = [
    (
        "Most active dyads (events that happened, all months)",
        "select source_country, target_country, sum(events) as events, "
        "round(sum(goldstein_sum) / sum(events), 2) as goldstein_mean, "
        "min(month) as first_month, max(month) as last_month "
        "from dyad_monthly group by all order by events desc limit 8",
    ),
    (
        "Most negative stances (holder -> target)",
        "select holder_country, coalesce(target_country, target_topic) as target, "
        "sum(stances) as stances, round(avg(mean_score), 2) as mean_score "
        "from stance_monthly group by all having sum(stances) >= 2 "
        "order by mean_score, stances desc limit 8",
    ),
    (
        "Most salient actors",
        "select actor_id, any_value(country) as country, sum(mentions) as mentions, "
        "sum(documents) as document_months from actor_salience_monthly "
        "group by actor_id order by mentions desc limit 8",
    ),
    (
        "Events reported by several documents",
        "select source_country, target_country, event_type, consensus_date, documents, "
        "conflicting_dates from event_clusters "
        "order by documents desc, conflicting_dates desc limit 8",
    ),
]


def summary_tables(db_path: Path | str) -> tuple[dict[str, int], list[tuple[str, list, list]]]:
    """Table counts and (title, columns, rows) for each summary section."""
    con = connect(db_path, read_only=True)
    try:
        counts = {
            table: con.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("documents", "events", "stances", "actor_mentions", "quarantine")
        }
        sections = []
        for title, sql in SECTIONS:
            result = con.execute(sql)
            sections.append((title, [d[0] for d in result.description], result.fetchall()))
        return counts, sections
    finally:
        con.close()

"""The evidence behind the report's charts: which events and stances each mark stands for.

Every month of a dyad timeline, every cell of the stance heat map and every cross-document
event of the report is a link `#evidence:<key>`. The events and stances those links name are
embedded once, as JSON, with the evidence sentence, the date text, and the document's title
and path; a small inline script shows a link's list in a side panel when the link is followed.
No network, so the page works from a `file://` URL.

Each list keeps at most `EVIDENCE_CAP` entries (events the most confident first, stances the
strongest, a cross-document event's reports those that disagree on the date first), picked in
SQL, and says how many more there are, with the `eventpipe query` that lists them all. So the
page stays small whatever the database holds: a list per chart mark, each event, stance and
document stored once however many lists name it.

The events of a dyad month are those `dyad_timeline` counts (not negated, asserted or reported,
dated, between two different countries), read from the `events` table here; a stance cell holds
the dated stances of its holder and target countries, as `stance_monthly` counts them.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

EVIDENCE_CAP = 20
PREFIX = "evidence:"
ASSETS = Path(__file__).resolve().parent / "data"

# the events dyad_timeline counts (its staging view's filter), with their evidence order
HAPPENED = (
    "not negated and modality in ('asserted', 'reported') and event_date is not null "
    "and source_country is not null and target_country is not null "
    "and source_country <> target_country"
)
EVIDENCE_ORDER = "confidence desc nulls last, event_date, doc_id, char_start, event_id"


@dataclass
class Link:
    """A clickable area over a chart image, in percentages of the image's size."""

    left: float
    top: float
    width: float
    height: float
    href: str
    label: str


@dataclass
class EvidenceIndex:
    """The evidence lists of one report, keyed by the links that open them."""

    lists: dict[str, dict] = field(default_factory=dict)
    events: set[str] = field(default_factory=set)
    stances: set[str] = field(default_factory=set)

    def add(self, key: str, title: str, kind: str, shown: list[str], total: int, **extra) -> str:
        """Record the list `key` (`shown`: its first ids, `total`: how many it has; `extra`:
        its `order`, the `query` that lists them all, ...) and return its link's href."""
        self.lists[key] = {"title": title, "kind": kind, "ids": shown, "total": total, **extra}
        (self.events if kind == "event" else self.stances).update(shown)
        return href(key)


def href(key: str) -> str:
    """The link (a fragment of the report's own URL) that opens evidence list `key`."""
    return "#" + PREFIX + key


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _capped(
    con: duckdb.DuckDBPyConnection, relation: str, group: str, order: str, params: list
) -> dict:
    """The rows of `relation` (its first column the id), the first `EVIDENCE_CAP` of each
    `group` in `order`, as {group value: (rows, the group's total)} (one query, any size)."""
    groups: dict = {}
    for *row, key, total in con.execute(
        f"select * exclude (rank) from (select *, {group} as group_key, "
        f"count(*) over (partition by {group}) as total, "
        f"row_number() over (partition by {group} order by {order}) as rank "
        f"from ({relation})) where rank <= {EVIDENCE_CAP} order by group_key, rank",
        params,
    ).fetchall():
        groups.setdefault(key, ([], total))[0].append(row)
    return groups


def add_dyad_months(
    con, index: EvidenceIndex, source: str, target: str, months: list[date]
) -> dict[date, str]:
    """Add the lists of one dyad's `months` (those with events); return month -> href."""
    groups = _capped(
        con,
        "select event_id, date_trunc('month', event_date)::date as month, confidence, "
        f"event_date, doc_id, char_start from events where {HAPPENED} "
        "and source_country = ? and target_country = ?",
        "month",
        EVIDENCE_ORDER,
        [source, target],
    )
    links = {}
    for month in months:
        if month not in groups:
            continue
        rows, total = groups[month]
        after = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        query = (
            "select e.event_date, e.event_type, e.date_text, e.sentence, d.title "
            "from events e join documents d using (doc_id) "
            f"where e.source_country = {_sql_text(source)} "
            f"and e.target_country = {_sql_text(target)} "
            f"and e.event_date >= '{month}' and e.event_date < '{after}' "
            "and not e.negated and e.modality in ('asserted', 'reported') order by e.event_date"
        )
        links[month] = index.add(
            f"dyad:{source}:{target}:{month:%Y-%m}", f"{source} → {target}, {month:%B %Y}: events",
            "event", [r[0] for r in rows], total, order="the most confident first", query=query,
        )  # fmt: skip
    return links


def add_stance_cells(
    con, index: EvidenceIndex, cells: list[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """Add the lists of the heat map's (holder, target) cells; return cell -> href."""
    groups = _capped(
        con,
        "select stance_id, holder_country, target_country, score, stance_date, doc_id, "
        "char_start from stances where stance_date is not null "
        "and holder_country is not null and target_country is not null",
        "holder_country || ':' || target_country",
        "abs(score) desc, stance_date, doc_id, char_start, stance_id",
        [],
    )
    links = {}
    for holder, target in cells:
        key = f"{holder}:{target}"
        if key not in groups:
            continue
        rows, total = groups[key]
        query = (
            "select s.stance_date, s.polarity, s.score, s.cue, s.sentence, d.title "
            "from stances s join documents d using (doc_id) "
            f"where s.holder_country = {_sql_text(holder)} "
            f"and s.target_country = {_sql_text(target)} "
            "and s.stance_date is not null order by s.stance_date"
        )
        links[(holder, target)] = index.add(
            f"stance:{key}", f"{holder} → {target}: stances", "stance", [r[0] for r in rows],
            total, order="the strongest first", query=query,
        )  # fmt: skip
    return links


def add_clusters(
    con: duckdb.DuckDBPyConnection, index: EvidenceIndex, clusters: list[tuple]
) -> dict[str, str]:
    """Add the lists of cross-document events (rows of `event_clusters`: id, source, target,
    type, consensus date, ...); the mentions that disagree come first. Return id -> href."""
    groups = _capped(
        con,
        "select event_id, cluster_id, agrees_with_consensus, consensus_date, "
        "consensus_precision, published_date, doc_id from event_cluster_mentions "
        "where list_contains(?, cluster_id)",
        "cluster_id",
        "agrees_with_consensus, published_date, doc_id, event_id",
        [[c[0] for c in clusters]],
    )
    links = {}
    for cluster_id, source, target, event_type, consensus, *_ in clusters:
        if cluster_id not in groups:
            continue
        rows, total = groups[cluster_id]
        precision = rows[0][4]
        when = f"{consensus:%B %Y}" if precision == "month" else f"{consensus:%Y}"
        query = (
            "select published_date, title, event_date, date_text, agrees_with_consensus, "
            f"sentence from event_cluster_mentions where cluster_id = {_sql_text(cluster_id)} "
            "order by agrees_with_consensus, published_date"
        )
        links[cluster_id] = index.add(
            f"cluster:{cluster_id}", f"{source} → {target} {event_type}, {consensus:%B %Y}: "
            "the reports", "event", [r[0] for r in rows], total,
            order="those that disagree on the date first", query=query, consensus=when,
            disagree=[r[0] for r in rows if not r[2]],
        )  # fmt: skip
    return links


def _rows(con: duckdb.DuckDBPyConnection, sql: str, ids: set[str]) -> list[dict]:
    if not ids:
        return []
    result = con.execute(sql, [sorted(ids)])
    columns = [d[0] for d in result.description]
    return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


def _jsonable(row: dict) -> dict:
    """The row without its empty fields (null, not negated), dates as ISO text."""
    return {
        k: v.isoformat() if isinstance(v, date) else v
        for k, v in row.items()
        if v is not None and not (k == "negated" and v is False)
    }


def evidence_data(con: duckdb.DuckDBPyConnection, index: EvidenceIndex) -> dict:
    """The lists, the events and stances they name and those items' documents, as plain data."""
    events = _rows(
        con,
        "select event_id as id, doc_id as doc, event_type as type, source_country, "
        "target_country, coalesce(source_actor, source_text) as source, "
        "coalesce(target_actor, target_text) as target, trigger, event_date as date, "
        "date_precision as precision, date_text, date_basis as basis, modality, negated, "
        "location, sentence, char_start as start, char_end as end "
        "from events where list_contains(?, event_id)",
        index.events,
    )
    stances = _rows(
        con,
        "select stance_id as id, doc_id as doc, holder_country, target_country, "
        "holder_actor as source, coalesce(target_actor, target_topic) as target, polarity, "
        "score, cue, stance_date as date, date_precision as precision, date_text, sentence, "
        "char_start as start, char_end as end from stances where list_contains(?, stance_id)",
        index.stances,
    )
    doc_ids = {r["doc"] for r in events + stances}
    documents = _rows(
        con,
        "select doc_id as id, title, source_path as path, published_date as published "
        "from documents where list_contains(?, doc_id)",
        doc_ids,
    )
    return {
        "cap": EVIDENCE_CAP,
        "lists": index.lists,
        "events": {r.pop("id"): _jsonable(r) for r in events},
        "stances": {r.pop("id"): _jsonable(r) for r in stances},
        "documents": {r.pop("id"): _jsonable(r) for r in documents},
    }


def embedded_json(data: dict) -> str:
    """`data` as JSON that is safe inside a <script> element (no `<`, `>` or `&` as such)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def linked_chart(image: str, links: list[Link]) -> str:
    """An <img> with transparent links over its marks (they scale with the image)."""
    areas = "".join(
        f'<a class="hit" href="{html.escape(link.href)}" title="{html.escape(link.label)}" '
        f'aria-label="{html.escape(link.label)}" style="left:{link.left:.3f}%;'
        f'top:{link.top:.3f}%;width:{link.width:.3f}%;height:{link.height:.3f}%"></a>'
        for link in links
    )
    return f'<div class="chart">{image}{areas}</div>'


def link_list(label: str, links: list[tuple[str, str]]) -> str:
    """A line of text links to the same lists as a chart's marks (for keyboard and search)."""
    if not links:
        return ""
    items = " ".join(
        f'<a href="{html.escape(target)}">{html.escape(text)}</a>' for text, target in links
    )
    return f'<p class="evidence-links">{html.escape(label)}: {items}</p>'


def evidence_style() -> str:
    """The CSS of the chart links and the evidence panel."""
    return (ASSETS / "report_evidence.css").read_text(encoding="utf-8")


def evidence_panel(data: dict) -> str:
    """The hidden evidence panel, the embedded evidence (`evidence_data`) and the script that
    shows a list when its link is followed."""
    script = (ASSETS / "report_evidence.js").read_text(encoding="utf-8")
    return (
        '<aside id="evidence" hidden aria-live="polite">'
        '<button type="button" id="evidence-close" aria-label="close">×</button>'
        '<h3 id="evidence-title"></h3><p id="evidence-count" class="note"></p>'
        '<ol id="evidence-list"></ol></aside>\n'
        f'<script type="application/json" id="evidence-data">'
        f"{embedded_json(data)}</script>\n"
        f"<script>{script}</script>"
    )

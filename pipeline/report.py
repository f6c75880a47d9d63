"""A self-contained HTML report of the trends: charts as embedded PNG images, no network.

Sections: the most active dyads' cooperation–conflict timelines (`dyad_timeline`), a stance
heat map (`stance_monthly`), the cross-document events whose reports disagree on the date
(`event_clusters`, `event_cluster_mentions`) and the documents (`document_summary`).
Each month of a timeline, each heat-map cell and each cross-document event links to its
evidence: the events or stances behind it, with their sentences (`pipeline/report_evidence.py`).
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.transforms import blended_transform_factory  # noqa: E402

from pipeline.report_evidence import (  # noqa: E402
    EVIDENCE_CAP,
    EvidenceIndex,
    Link,
    add_clusters,
    add_dyad_months,
    add_stance_cells,
    evidence_data,
    evidence_panel,
    evidence_style,
    link_list,
    linked_chart,
)
from pipeline.store import connect  # noqa: E402

TOP_DYADS = 6
WINDOW_MONTHS = 36
TOP_CLUSTERS = 15
TOP_DOMESTIC = 15
COOPERATION = ("#2a9d8f", "#8ad1c7")  # material, verbal
CONFLICT = ("#c8553d", "#f2a488")
PAD_INCHES = 0.1  # matplotlib's own padding of a tight bounding box

# a clickable area of a chart: a transform, its (x0, y0, x1, y1) in that transform's
# coordinates, the link and its label
Area = tuple[object, tuple[float, float, float, float], str, str]


def _png(fig, areas: Sequence[Area] = ()) -> tuple[str, list[Link]]:
    """The figure as base64 PNG and its `areas` as links in percentages of the image.

    The tight bounding box is computed here and handed to savefig, so the areas are placed in
    the very frame that is saved. Reading each axes' view limits autoscales it, so the
    transforms are final without drawing the figure twice."""
    for ax in fig.axes:
        ax.viewLim  # noqa: B018
    bbox = fig.get_tightbbox(fig.canvas.get_renderer()).padded(PAD_INCHES)
    links = []
    for transform, (x0, y0, x1, y1), target, label in areas:
        (ax0, ay0), (ax1, ay1) = transform.transform([(x0, y0), (x1, y1)]) / fig.dpi
        left = (min(ax0, ax1) - bbox.x0) / bbox.width
        right = (max(ax0, ax1) - bbox.x0) / bbox.width
        top = (bbox.y1 - max(ay0, ay1)) / bbox.height
        bottom = (bbox.y1 - min(ay0, ay1)) / bbox.height
        links.append(Link(100 * left, 100 * top, 100 * (right - left), 100 * (bottom - top),
                          target, label))  # fmt: skip
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches=bbox)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii"), links


def _img(data: str, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _busiest_window(rows: list[tuple], months: int) -> list[tuple]:
    """The `months` consecutive rows (one per month) holding the most events."""
    if len(rows) <= months:
        return rows
    totals = [r[5] for r in rows]
    window = sum(totals[:months])
    best, best_start = window, 0
    for start in range(1, len(rows) - months + 1):
        window += totals[start + months - 1] - totals[start - 1]
        if window > best:
            best, best_start = window, start
    return rows[best_start : best_start + months]


def _dyad_chart(con, index: EvidenceIndex, source: str, target: str) -> str:
    rows = con.execute(
        "select month, verbal_cooperation, material_cooperation, verbal_conflict, "
        "material_conflict, events, goldstein_sum from dyad_timeline "
        "where source_country = ? and target_country = ? order by month",
        [source, target],
    ).fetchall()
    shown = _busiest_window(rows, WINDOW_MONTHS)
    months = [r[0] for r in shown]
    verbal_coop = [r[1] for r in shown]
    material_coop = [r[2] for r in shown]
    verbal_conf = [-r[3] for r in shown]
    material_conf = [-r[4] for r in shown]
    fig, ax = plt.subplots(figsize=(9, 3))
    width = 22
    ax.bar(months, material_coop, width=width, color=COOPERATION[0], label="material cooperation")
    ax.bar(months, verbal_coop, width=width, bottom=material_coop, color=COOPERATION[1],
           label="verbal cooperation")  # fmt: skip
    ax.bar(months, material_conf, width=width, color=CONFLICT[0], label="material conflict")
    ax.bar(months, verbal_conf, width=width, bottom=material_conf, color=CONFLICT[1],
           label="verbal conflict")  # fmt: skip
    ax.axhline(0, color="#333", linewidth=0.7)
    ax.set_ylabel("events (conflict below 0)")
    twin = ax.twinx()
    twin.plot(months, [r[6] for r in shown], color="#264653", marker=".", linewidth=1.2,
              label="Goldstein sum")  # fmt: skip
    twin.set_ylabel("Goldstein sum")
    limit = max(1.0, *(abs(r[6]) for r in shown))
    twin.set_ylim(-limit * 1.1, limit * 1.1)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.tick_params(axis="x", labelrotation=30)
    span = f"{months[0]:%b %Y} – {months[-1]:%b %Y}"
    total = sum(r[5] for r in rows)
    ax.set_title(f"{source} → {target}: {total} events, {span}", loc="left", fontsize=11)
    handles, labels = ax.get_legend_handles_labels()
    twin_handles, twin_labels = twin.get_legend_handles_labels()
    ax.legend(handles + twin_handles, labels + twin_labels, loc="upper center",
              bbox_to_anchor=(0.5, -0.28), ncol=5, fontsize=8, frameon=False)  # fmt: skip
    hrefs = add_dyad_months(con, index, source, target, months)
    column = blended_transform_factory(ax.transData, ax.transAxes)
    areas, texts = [], []
    for row in shown:
        if row[0] in hrefs:
            label = f"{source} → {target}, {row[0]:%b %Y}: {row[5]} events"
            day = mdates.date2num(row[0])
            areas.append((column, (day - 14, 0, day + 14, 1), hrefs[row[0]], label))
            texts.append((f"{row[0]:%b %Y} ({row[5]})", hrefs[row[0]]))
    data, links = _png(fig, areas)
    image = _img(data, f"{source} to {target} cooperation and conflict timeline")
    return linked_chart(image, links) + link_list(f"{source} → {target} evidence by month", texts)


def _stance_heatmap(con, index: EvidenceIndex) -> str | None:
    rows = con.execute(
        "select holder_country, target_country, sum(mean_score * stances) / sum(stances), "
        "sum(stances) from stance_monthly where target_country is not null "
        "and holder_country <> target_country group by all "
        "order by sum(stances) desc, holder_country, target_country limit 60"
    ).fetchall()
    if not rows:
        return None
    holders = sorted({r[0] for r in rows})
    targets = sorted({r[1] for r in rows})
    grid = [[float("nan")] * len(targets) for _ in holders]
    counts = {}
    for holder, target, score, stances in rows:
        grid[holders.index(holder)][targets.index(target)] = score
        counts[(holders.index(holder), targets.index(target))] = stances
    fig, ax = plt.subplots(figsize=(1.5 + 0.45 * len(targets), 1.2 + 0.38 * len(holders)))
    image = ax.imshow(grid, cmap="RdYlGn", vmin=-1, vmax=1, aspect="auto")
    for (y, x), n in counts.items():
        ax.text(x, y, str(n), ha="center", va="center", fontsize=7, color="#222")
    ax.set_xticks(range(len(targets)), targets, rotation=90)
    ax.set_yticks(range(len(holders)), holders)
    ax.set_xlabel("target")
    ax.set_ylabel("holder")
    ax.set_title("mean stance score, holder → target (number of stances in the cell)", fontsize=10)
    fig.colorbar(image, ax=ax, shrink=0.8, label="-1 hostile … +1 supportive")
    hrefs = add_stance_cells(con, index, [(r[0], r[1]) for r in rows])
    areas, texts = [], []
    for holder, target, score, stances in rows:
        if (holder, target) in hrefs:
            x, y = targets.index(target), holders.index(holder)
            label = f"{holder} → {target}: {stances} stances, mean score {score:+.2f}"
            areas.append((ax.transData, (x - 0.5, y - 0.5, x + 0.5, y + 0.5),
                          hrefs[(holder, target)], label))  # fmt: skip
            texts.append((f"{holder} → {target} ({stances})", hrefs[(holder, target)]))
    data, links = _png(fig, areas)
    return linked_chart(_img(data, "stance heat map"), links) + link_list("Evidence by cell", texts)


def _cluster_chart(
    clusters: list[tuple], mentions: dict[str, list[tuple]], hrefs: dict[str, str]
) -> str | None:
    """One line per disputed cluster: each report's date, agreeing or not."""
    disputed = [c for c in clusters if c[7] > 0]
    if not disputed:
        return None
    fig, ax = plt.subplots(figsize=(9, 0.6 + 0.55 * len(disputed)))
    labels, areas = [], []
    row = blended_transform_factory(ax.transAxes, ax.transData)
    for y, cluster in enumerate(disputed):
        cluster_id, source, target, event_type, consensus = cluster[:5]
        labels.append(f"{source} → {target} {event_type}")
        if cluster_id in hrefs:
            label = f"{labels[-1]}, {consensus:%b %Y}: {cluster[6]} mentions"
            areas.append((row, (0, y - 0.5, 1, y + 0.5), hrefs[cluster_id], label))
        reports = mentions.get(cluster_id, [])
        ax.plot([consensus], [y], marker="|", markersize=18, color="#264653")
        for event_date, agrees in ((m[2], m[4]) for m in reports):
            ax.scatter([event_date], [y], s=45, zorder=3,
                       color="#2a9d8f" if agrees else "#c8553d",
                       marker="o" if agrees else "X")  # fmt: skip
    ax.set_yticks(range(len(disputed)), labels)
    ax.set_ylim(len(disputed) - 0.5, -0.5)  # top down, each row a band of the links below
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.grid(axis="x", color="#ddd")
    ax.set_title("dates given by each report (| consensus, ● agrees, ✕ disagrees)", fontsize=10,
                 loc="left")  # fmt: skip
    data, links = _png(fig, areas)
    return linked_chart(_img(data, "dates of disputed cross-document events"), links)


class _Html(str):
    """A table cell that is markup already (a link), not text to escape."""


def _cell(value) -> str:
    if isinstance(value, _Html):
        return value
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return html.escape(str(value))


def _table(columns: list[str], rows: list[tuple]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _query(con, sql: str, params: list | None = None) -> tuple[list[str], list[tuple]]:
    result = con.execute(sql, params or [])
    return [d[0] for d in result.description], result.fetchall()


def write_report(db_path: Path | str, out_dir: Path | str) -> Path:
    """Write `report.html` with dyad timelines, a stance heat map, clusters and documents."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    con = connect(db_path, read_only=True)
    index = EvidenceIndex()
    try:
        counts = con.execute(
            "select (select count(*) from documents), (select count(*) from events), "
            "(select count(*) from stances), (select min(published_date) from documents), "
            "(select max(published_date) from documents)"
        ).fetchone()
        dyads = con.execute(
            "select source_country, target_country from dyad_timeline group by all "
            f"order by sum(events) desc, 1, 2 limit {TOP_DYADS}"
        ).fetchall()
        timelines = [_dyad_chart(con, index, s, t) for s, t in dyads]
        heatmap = _stance_heatmap(con, index)
        clusters = con.execute(
            "select cluster_id, source_country, target_country, event_type, consensus_date, "
            "documents, mentions, conflicting_dates from event_clusters "
            f"order by conflicting_dates desc, documents desc, consensus_date limit {TOP_CLUSTERS}"
        ).fetchall()
        mentions: dict[str, list[tuple]] = {}
        for row in con.execute(
            "select cluster_id, title, published_date, event_date, date_text, "
            "agrees_with_consensus, sentence from event_cluster_mentions "
            "order by cluster_id, agrees_with_consensus, published_date"
        ).fetchall():
            mentions.setdefault(row[0], []).append(row[1:])
        cluster_links = add_clusters(con, index, clusters)
        domestic = con.execute(
            "select country, source_sector, target_sector, sum(events), "
            "round(sum(goldstein_sum) / sum(events), 1), min(month), max(month) "
            "from domestic_monthly group by all "
            f"order by sum(events) desc, 1, 2, 3 limit {TOP_DOMESTIC}"
        ).fetchall()
        doc_columns, documents = _query(
            con,
            "select published_date, title, events, stances, top_dyad, first_event_date, "
            "last_event_date, conflicting_mentions from document_summary "
            "order by published_date, doc_id",
        )
        evidence = evidence_data(con, index)
    finally:
        con.close()
    cluster_chart = _cluster_chart(clusters, mentions, cluster_links)
    cluster_table = _table(
        ["who → whom", "type", "consensus month", "documents", "mentions", "conflicting dates",
         "evidence"],
        [(f"{c[1]} → {c[2]}", c[3], f"{c[4]:%b %Y}", c[5], c[6], c[7], _evidence_cell(
            cluster_links.get(c[0]), f"{c[6]} sentences")) for c in clusters],
    )  # fmt: skip
    disagreements = [
        (f"{c[1]} → {c[2]} {c[3]}", f"{c[4]:%b %Y}", m[0], m[1], _fmt(m[2]), m[3], m[5])
        for c in clusters
        for m in mentions.get(c[0], [])
        if not m[4]
    ]
    disagreement_table = _table(
        ["event", "consensus", "document", "published", "its date", "its words", "sentence"],
        disagreements,
    )
    domestic_table = _table(
        ["country", "who → whom", "events", "mean Goldstein", "first month", "last month"],
        [
            (d[0], f"{d[1]} → {d[2]}", d[3], d[4], f"{d[5]:%b %Y}", f"{d[6]:%b %Y}")
            for d in domestic
        ],
    )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    period = f"published {_fmt(counts[3])} to {_fmt(counts[4])}" if counts[3] else ""
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>eventpipe report</title>
<link rel="icon" href="data:,">
<style>body{{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222;padding:0 1em}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:2px 6px;
font-size:85%;vertical-align:top;text-align:left}}th{{background:#f3f3f3}}
img{{max-width:100%;display:block;margin:1em 0}}.note{{color:#555;font-size:90%}}
{evidence_style()}</style>
</head><body>
<h1>eventpipe report</h1>
<p>{counts[0]} documents ({period}), {counts[1]} events, {counts[2]} stances.
Generated {stamp}.</p>
<p class="note">Evidence is one click away: click a month of a timeline, a cell of the stance
heat map or a cross-document event (its row in the chart or its link in the table) to list the
events or stances behind it, each with its sentence, date words, document title and path.
A list shows at most {EVIDENCE_CAP} (events: the most confident first; stances: the strongest)
and says how many more there are. Esc closes the list.</p>
<h2>Dyad timelines</h2>
<p class="note">The most active ordered country pairs, month by month (the busiest
{WINDOW_MONTHS} months of each): cooperation above the axis, conflict below, by GDELT QuadClass;
the line is the month's Goldstein sum. Negated, hypothetical and future events are left out.</p>
{"".join(timelines) or "<p>No dated events yet.</p>"}
<h2>Domestic events</h2>
<p class="note">Events between two sectors of one country (government, military, police,
opposition, rebels, ...), such as a coup attempt (MIL → GOV) or a crackdown (COP → OPP).</p>
{domestic_table if domestic else "<p>No domestic events yet.</p>"}
<h2>Stances</h2>
{heatmap or "<p>No stances between countries yet.</p>"}
<h2>Events reported by several documents</h2>
{cluster_chart or ""}
{cluster_table if clusters else "<p>No cross-document clusters yet.</p>"}
<h3>Reports that disagree with the others on the date</h3>
{disagreement_table if disagreements else "<p>None: every report agrees.</p>"}
<h2>Documents</h2>
{_table(doc_columns, documents) if documents else "<p>No documents yet.</p>"}
{evidence_panel(evidence)}
</body></html>
"""
    path = out_dir / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _evidence_cell(target: str | None, text: str) -> _Html | str:
    if not target:
        return ""
    return _Html(f'<a href="{html.escape(target)}">{html.escape(text)}</a>')


def _fmt(value: date | None) -> str:
    return value.isoformat() if value else ""

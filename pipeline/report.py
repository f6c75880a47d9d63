"""A self-contained HTML report of the trends: charts as embedded PNG images, no network.

Sections: the most active dyads' cooperation–conflict timelines (`dyad_timeline`), a stance
heat map (`stance_monthly`), the cross-document events whose reports disagree on the date
(`event_clusters`, `event_cluster_mentions`) and the documents (`document_summary`).
"""

from __future__ import annotations

import base64
import html
import io
from datetime import UTC, date, datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

from pipeline.store import connect  # noqa: E402

TOP_DYADS = 6
WINDOW_MONTHS = 36
TOP_CLUSTERS = 15
TOP_DOMESTIC = 15
COOPERATION = ("#2a9d8f", "#8ad1c7")  # material, verbal
CONFLICT = ("#c8553d", "#f2a488")


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


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


def _dyad_chart(con, source: str, target: str) -> str:
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
    return _img(_png(fig), f"{source} to {target} cooperation and conflict timeline")


def _stance_heatmap(con) -> str | None:
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
    return _img(_png(fig), "stance heat map")


def _cluster_chart(clusters: list[tuple], mentions: dict[str, list[tuple]]) -> str | None:
    """One line per disputed cluster: each report's date, agreeing or not."""
    disputed = [c for c in clusters if c[7] > 0]
    if not disputed:
        return None
    fig, ax = plt.subplots(figsize=(9, 0.6 + 0.55 * len(disputed)))
    labels = []
    for y, cluster in enumerate(disputed):
        cluster_id, source, target, event_type, consensus = cluster[:5]
        labels.append(f"{source} → {target} {event_type}")
        reports = mentions.get(cluster_id, [])
        ax.plot([consensus], [y], marker="|", markersize=18, color="#264653")
        for event_date, agrees in ((m[2], m[4]) for m in reports):
            ax.scatter([event_date], [y], s=45, zorder=3,
                       color="#2a9d8f" if agrees else "#c8553d",
                       marker="o" if agrees else "X")  # fmt: skip
    ax.set_yticks(range(len(disputed)), labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.grid(axis="x", color="#ddd")
    ax.set_title("dates given by each report (| consensus, ● agrees, ✕ disagrees)", fontsize=10,
                 loc="left")  # fmt: skip
    return _img(_png(fig), "dates of disputed cross-document events")


def _cell(value) -> str:
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
        timelines = [_dyad_chart(con, s, t) for s, t in dyads]
        heatmap = _stance_heatmap(con)
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
    finally:
        con.close()
    cluster_chart = _cluster_chart(clusters, mentions)
    cluster_table = _table(
        ["who → whom", "type", "consensus month", "documents", "mentions", "conflicting dates"],
        [(f"{c[1]} → {c[2]}", c[3], f"{c[4]:%b %Y}", c[5], c[6], c[7]) for c in clusters],
    )
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
img{{max-width:100%;display:block;margin:1em 0}}.note{{color:#555;font-size:90%}}</style>
</head><body>
<h1>eventpipe report</h1>
<p>{counts[0]} documents ({period}), {counts[1]} events, {counts[2]} stances.
Generated {stamp}.</p>
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
</body></html>
"""
    path = out_dir / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _fmt(value: date | None) -> str:
    return value.isoformat() if value else ""

"""A self-contained HTML report of the trends: charts as embedded PNG images, no network."""

from __future__ import annotations

import base64
import html
import io
from datetime import UTC, datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from pipeline.store import connect  # noqa: E402

TOP_DYADS = 4


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _img(data: str, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _dyad_chart(con, source: str, target: str) -> str:
    rows = con.execute(
        "select month, sum(events) filter (where quad_class <= 2), "
        "sum(events) filter (where quad_class >= 3), sum(goldstein_sum) "
        "from dyad_monthly where source_country = ? and target_country = ? "
        "group by month order by month",
        [source, target],
    ).fetchall()
    months = [r[0] for r in rows]
    fig, ax = plt.subplots(figsize=(8, 2.8))
    ax.bar(months, [r[1] or 0 for r in rows], width=20, color="#2a9d8f", label="cooperation")
    ax.bar(months, [-(r[2] or 0) for r in rows], width=20, color="#e76f51", label="conflict")
    ax.axhline(0, color="#333", linewidth=0.6)
    ax.set_title(f"{source} → {target}: events per month (cooperation up, conflict down)")
    ax.legend(loc="upper left", fontsize=8)
    return _img(_png(fig), f"{source} to {target} timeline")


def _stance_heatmap(con) -> str | None:
    rows = con.execute(
        "select holder_country, target_country, avg(mean_score), sum(stances) "
        "from stance_monthly where target_country is not null group by all "
        "order by sum(stances) desc limit 60"
    ).fetchall()
    if not rows:
        return None
    holders = sorted({r[0] for r in rows})
    targets = sorted({r[1] for r in rows})
    grid = [[float("nan")] * len(targets) for _ in holders]
    for holder, target, score, _ in rows:
        grid[holders.index(holder)][targets.index(target)] = score
    fig, ax = plt.subplots(figsize=(1 + 0.5 * len(targets), 1 + 0.4 * len(holders)))
    image = ax.imshow(grid, cmap="RdYlGn", vmin=-1, vmax=1, aspect="auto")
    ax.set_xticks(range(len(targets)), targets, rotation=90)
    ax.set_yticks(range(len(holders)), holders)
    ax.set_xlabel("target")
    ax.set_ylabel("holder")
    ax.set_title("mean stance score (holder → target)")
    fig.colorbar(image, ax=ax, shrink=0.8)
    return _img(_png(fig), "stance heat map")


def _table(columns: list[str], rows: list[tuple]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in r)
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def write_report(db_path: Path | str, out_dir: Path | str) -> Path:
    """Write `report.html` with the dyad timelines, stance heat map and top clusters."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    con = connect(db_path, read_only=True)
    try:
        counts = con.execute(
            "select (select count(*) from documents), (select count(*) from events), "
            "(select count(*) from stances)"
        ).fetchone()
        dyads = con.execute(
            "select source_country, target_country from dyad_monthly group by all "
            f"order by sum(events) desc limit {TOP_DYADS}"
        ).fetchall()
        sections = [_dyad_chart(con, s, t) for s, t in dyads]
        heatmap = _stance_heatmap(con)
        cluster_columns = [
            "source_country", "target_country", "event_type", "consensus_date",
            "documents", "conflicting_dates",
        ]  # fmt: skip
        clusters = con.execute(
            f"select {', '.join(cluster_columns)} from event_clusters "
            "order by conflicting_dates desc, documents desc limit 15"
        ).fetchall()
    finally:
        con.close()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>eventpipe report</title>
<style>body{{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:2px 6px;font-size:90%}}
img{{max-width:100%;display:block;margin:1em 0}}</style></head><body>
<h1>eventpipe report</h1>
<p>{counts[0]} documents, {counts[1]} events, {counts[2]} stances. Generated {stamp}.</p>
<h2>Dyad timelines</h2>
{"".join(sections) or "<p>No dated events yet.</p>"}
<h2>Stances</h2>
{heatmap or "<p>No stances between countries yet.</p>"}
<h2>Events reported by several documents</h2>
{_table(cluster_columns, clusters) if clusters else "<p>No cross-document clusters yet.</p>"}
</body></html>
"""
    path = out_dir / "report.html"
    path.write_text(page, encoding="utf-8")
    return path

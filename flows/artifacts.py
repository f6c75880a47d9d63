"""Prefect artifacts of an ingest run: the events it added, as a table in the Prefect UI."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from prefect.artifacts import create_table_artifact

from pipeline.store import connect

MAX_EVENT_ROWS = 500
EVENT_COLUMNS = [
    "event_date", "date_precision", "source_country", "target_country", "event_type",
    "goldstein", "quad_class", "negated", "modality", "trigger", "title", "event_id",
]  # fmt: skip


def run_events(db_path: Path | str, run_id: str, limit: int = MAX_EVENT_ROWS) -> list[dict]:
    """The events of documents loaded by `run_id` (at most `limit`), JSON-ready."""
    con = connect(db_path, read_only=True)
    try:
        result = con.execute(
            f"select {', '.join(EVENT_COLUMNS)} from events inner join documents using (doc_id) "
            "where documents.run_id = ? order by event_date nulls last, event_id limit ?",
            [run_id, limit],
        )
        columns = [d[0] for d in result.description]
        return [
            {
                c: v.isoformat() if isinstance(v, date | datetime) else v
                for c, v in zip(columns, r, strict=True)
            }
            for r in result.fetchall()
        ]
    finally:
        con.close()


def publish_event_table(db_path: Path | str, run_id: str, total_events: int) -> str | None:
    """Publish the run's new events as a table artifact; returns its id (None if no events)."""
    if total_events == 0:
        return None
    rows = run_events(db_path, run_id)
    shown = f"first {len(rows)} of {total_events}" if total_events > len(rows) else "all"
    artifact_id = create_table_artifact(
        table=rows,
        key="eventpipe-ingest-events",
        description=f"eventpipe ingest {run_id}: new events ({shown})",
    )
    return str(artifact_id)

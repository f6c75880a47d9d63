"""Serve the ingest flow as a scheduled Prefect deployment."""

from __future__ import annotations

from flows.ingest import ingest_flow


def serve_ingest(paths: list[str], db_path: str, cron: str, name: str) -> None:
    """Serve a deployment that ingests `paths` into `db_path` on the cron schedule (blocks)."""
    ingest_flow.serve(
        name=name,
        cron=cron,
        parameters={"paths": paths, "db_path": db_path},
        description="eventpipe: scheduled incremental ingest",
    )

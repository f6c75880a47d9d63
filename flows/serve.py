"""Serve the ingest flow as a scheduled Prefect deployment (`eventpipe serve`).

The process registers the deployment `eventpipe-ingest/<name>` with the Prefect API
(PREFECT_API_URL, else a temporary local server) and runs its scheduled and manually
triggered runs itself, one at a time, until interrupted. `prefect.yaml` at the project root
is the same deployment for users who run a Prefect server with workers instead.
"""

from __future__ import annotations

from flows.ingest import ingest_flow


def serve_ingest(paths: list[str], db_path: str, cron: str, name: str) -> None:
    """Serve a deployment that ingests `paths` into `db_path` on the cron schedule (blocks)."""
    ingest_flow.serve(
        name=name,
        cron=cron,
        parameters={"paths": paths, "db_path": db_path},
        description="eventpipe: scheduled incremental ingest",
        tags=["eventpipe"],
        limit=1,  # runs never overlap: each would wait for the other's writer lock
    )

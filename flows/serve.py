"""Serve the ingest flow as a scheduled Prefect deployment (`eventpipe serve`).

The process registers the deployment `eventpipe-ingest/<name>` with the Prefect API
(PREFECT_API_URL, else a temporary local server) and runs its scheduled and manually
triggered runs itself, one at a time, until interrupted. Each run is a fork of one warm
process that loaded the pipeline when serve started (`flows.warm`), so a run that finds a
few new files pays no import and no model load. `prefect.yaml` at the project root is the
same deployment for users who run a Prefect server with workers instead.
"""

from __future__ import annotations

import threading

from flows.ingest import ingest_flow
from flows.warm import WarmProcesses, use_warm_processes


def serve_ingest(
    paths: list[str], db_path: str, cron: str, name: str, warm: WarmProcesses | None = None
) -> None:
    """Serve a deployment that ingests `paths` into `db_path` on the cron schedule (blocks).

    `warm`: the warm process the runs are forked from, started by the caller as early as it
    can (a new one otherwise)."""
    if warm is None:
        warm = WarmProcesses()
        warm.start()
    use_warm_processes(warm)
    threading.Thread(target=_say_when_ready, args=(warm,), daemon=True).start()
    ingest_flow.serve(
        name=name,
        cron=cron,
        parameters={"paths": paths, "db_path": db_path},
        description="eventpipe: scheduled incremental ingest",
        tags=["eventpipe"],
        limit=1,  # runs never overlap: each would wait for the other's writer lock
    )


def _say_when_ready(warm: WarmProcesses) -> None:
    seconds = warm.wait_ready()
    print(f"eventpipe serve: pipeline loaded ({seconds:.1f} s), runs start warm", flush=True)

"""Prefect flows over the `pipeline` library (thin orchestration only)."""

import os

# Without a Prefect server configured, Prefect starts a temporary local one per run; on a busy
# 2-core machine its first start (fresh database, cold imports) can exceed the 20 s default.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
# No network at run time: the temporary server must not try to send usage telemetry.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

"""The seeds ingested once per test session (without Prefect), shared by view and report tests."""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

from pipeline.ingest import ingest_paths
from pipeline.settings import Settings
from tests.conftest import SEEDS


def seeded_database(tmp_path_factory) -> Path:
    """Path of a database holding every seed article (ingested on first use in the session)."""
    work = tmp_path_factory.getbasetemp() / "seeded-views"
    work.mkdir(exist_ok=True)
    db = work / "seeds.duckdb"
    with open(work / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (work / ".done").exists():
            corpus = work / "corpus"
            shutil.copytree(SEEDS, corpus, ignore=shutil.ignore_patterns("README.md"))
            settings = Settings()
            settings.db_path = db
            ingest_paths([corpus], settings)
            (work / ".done").touch()
    return db

"""Shared fixtures: Prefect's test harness once per session, temp databases, row factories."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """A temporary Prefect API for the flows (started once per session)."""
    os.environ.setdefault("PREFECT_HOME", str(tmp_path_factory.mktemp("prefect-home")))
    from prefect.testing.utilities import prefect_test_harness

    # the ephemeral API server can take over 30 s to start on a loaded 2-core machine
    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.duckdb"


def make_event(**overrides) -> dict:
    """An events row with sensible values; override what a test is about."""
    row = {
        "source_actor": "TUR",
        "source_country": "TUR",
        "target_actor": "RUS",
        "target_country": "RUS",
        "event_type": "ASSAULT",
        "cameo_code": "18",
        "goldstein": -9.0,
        "quad_class": 4,
        "event_date": date(2015, 11, 1),
        "date_precision": "month",
        "date_text": "November 2015",
        "date_value": "2015-11",
        "date_basis": "explicit",
        "negated": False,
        "modality": "asserted",
        "location": "Syria",
        "trigger": "shot down",
        "sentence": "Turkey shot down a Russian jet in November 2015.",
        "char_start": 0,
        "char_end": 48,
        "confidence": 0.9,
    }
    row.update(overrides)
    return row

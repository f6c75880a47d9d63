"""Ratchet: the dev figures of `make eval-dev` never fall below the floors in
`pipeline/eval_dev/ratchet.py` (raise the floors as extraction improves).

The dev data is outside the project (`../shared/dev-data` or `EVENTPIPE_DEV_DATA`); without it
these tests are skipped with that reason.
"""

from __future__ import annotations

import importlib

import pytest

from pipeline.eval_dev import DevDataMissing, dev_data_dir
from pipeline.eval_dev.ratchet import CEILINGS, FLOORS

_CACHE: dict[str, dict] = {}


def _figures(set_name: str) -> dict:
    if set_name not in _CACHE:
        try:
            module = importlib.import_module(f"pipeline.eval_dev.{set_name}")
            _CACHE[set_name] = module.score(dev_data_dir())
        except DevDataMissing as err:
            pytest.skip(f"dev data absent: {err}")
    return _CACHE[set_name]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_figure_holds_its_floor(name):
    assert _figures(name.split("_", 1)[0])[name] >= FLOORS[name]


@pytest.mark.parametrize("name", sorted(CEILINGS))
def test_dev_rate_stays_under_its_ceiling(name):
    assert _figures(name.split("_", 1)[0])[name] <= CEILINGS[name]

"""Extraction measured on public, real, annotated development data (`make eval-dev`).

The data lives outside the project (by default `../shared/dev-data/`, or the folder in
`EVENTPIPE_DEV_DATA`); nothing of it is copied into the package. Each scorer module exposes
`score(dev_dir) -> dict[str, float | int]` and a `main()`; `python -m pipeline.eval_dev` runs
them all and prints one table (see docs/eval.md).
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.errors import EventpipeError

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class DevDataMissing(EventpipeError):
    """The development data folder (or one of its sets) is not there."""


def dev_data_dir() -> Path:
    """The dev data folder: `EVENTPIPE_DEV_DATA`, else `../shared/dev-data` beside the project."""
    configured = os.environ.get("EVENTPIPE_DEV_DATA")
    return Path(configured) if configured else PROJECT_ROOT.parent / "shared" / "dev-data"


def require(path: Path, what: str) -> Path:
    """`path` if it exists, else `DevDataMissing` saying what is missing and how to point to it."""
    if not path.exists():
        raise DevDataMissing(
            f"{what} not found at {path}: put the dev data there or set EVENTPIPE_DEV_DATA "
            "to the folder that holds it (see ../shared/dev-data/README.md)"
        )
    return path

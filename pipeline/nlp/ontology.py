"""PLOVER event types with their CAMEO root, Goldstein weight and GDELT QuadClass.

The table lives in `pipeline/data/plover.csv` (columns `event_type, cameo_root, goldstein,
quad_class, description`). Conventions, where PLOVER and CAMEO do not line up one to one:

- AGREE is CAMEO 03 (intent to cooperate); signing an agreement (CAMEO 057) is coded AGREE too.
- SUPPORT is CAMEO 05, which includes apologies (055), as in the PLOVER crosswalk.
- CONCEDE is CAMEO 080-084 (yield; releasing prisoners is coded as a concession), RETREAT
  085-087 (ease sanctions, allow access, de-escalate, withdraw).
- Restoring or normalising relations and reopening borders is COOPERATE; signing or reaching
  an agreement is AGREE; suspending or freezing talks is REJECT; a state's protest is ACCUSE
  (CAMEO 114, complain officially).
- REQUEST covers CAMEO 02 (appeal) and 10 (demand); ACCUSE covers 09 and 11.
- SANCTION is CAMEO 16 without 163; imposing sanctions, embargoes, tariffs or bans (163) is
  COERCE, as in the PLOVER crosswalk; COERCE is also 17 and 192 (occupy, annex). Blockades and
  sieges (191) and captures are ASSAULT, as PLOVER's annotated PLV data has them (the 2021
  crosswalk says COERCE for 191).
- ASSAULT covers CAMEO 18, 19 and 20; the listed root is 18 (Goldstein -9.0).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.errors import RegistryError
from pipeline.settings import DATA_DIR

PLOVER_CSV = DATA_DIR / "plover.csv"

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
_COLUMNS = ("event_type", "cameo_root", "goldstein", "quad_class", "description")


@dataclass(frozen=True)
class EventType:
    """One PLOVER event type."""

    name: str
    cameo_root: str
    goldstein: float
    quad_class: int
    description: str


def load_ontology(path: Path | None = None) -> dict[str, EventType]:
    """Read and validate the PLOVER table; raises `RegistryError` naming the bad row."""
    return dict(_load(str(path or PLOVER_CSV)))


@lru_cache(maxsize=8)
def _load(path: str) -> tuple[tuple[str, EventType], ...]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != _COLUMNS:
                raise RegistryError(
                    f"expected columns {','.join(_COLUMNS)}, found {reader.fieldnames}", path
                )
            rows = list(reader)
    except OSError as err:
        raise RegistryError(f"cannot read the event ontology: {err}", path) from err
    types: dict[str, EventType] = {}
    for line, row in enumerate(rows, start=2):
        name = (row["event_type"] or "").strip()
        where = f"line {line} ({name or '?'})"
        if name not in PLOVER_TYPES:
            raise RegistryError(f"{where}: unknown PLOVER event type {name!r}", path)
        if name in types:
            raise RegistryError(f"{where}: duplicate event type", path)
        cameo = (row["cameo_root"] or "").strip()
        if not (cameo.isdigit() and 2 <= len(cameo) <= 4):
            raise RegistryError(f"{where}: cameo_root must be 2-4 digits, got {cameo!r}", path)
        try:
            goldstein = float(row["goldstein"])
            quad = int(row["quad_class"])
        except (TypeError, ValueError) as err:
            raise RegistryError(f"{where}: goldstein/quad_class not numeric ({err})", path) from err
        if not -10.0 <= goldstein <= 10.0:
            raise RegistryError(f"{where}: goldstein {goldstein} outside [-10, 10]", path)
        if quad not in (1, 2, 3, 4):
            raise RegistryError(f"{where}: quad_class {quad} not in 1-4", path)
        types[name] = EventType(name, cameo, goldstein, quad, (row["description"] or "").strip())
    missing = [name for name in PLOVER_TYPES if name not in types]
    if missing:
        raise RegistryError(f"missing event types: {', '.join(missing)}", path)
    return tuple(types.items())

"""`make eval-dev`: every dev figure in one table, with the ratchet floors CI holds them to.

    python -m pipeline.eval_dev [--json FILE] [--only plv timeml dating sentiment gold]

Sets: PLV train (event typing, `pipeline.eval_dev.plv`), TimeML TimeBank and AQUAINT
(`pipeline.eval_dev.timeml`), the dates of extracted events on the same TimeML articles
(`pipeline.eval_dev.dating`), directed sentiment (`pipeline.eval_dev.sentiment`) from the dev
data folder (`../shared/dev-data` or `EVENTPIPE_DEV_DATA`), and the project's own held-out gold
(`eventpipe eval`). A set whose data is absent is reported as such and the exit code is 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

from pipeline.eval_dev import PROJECT_ROOT, DevDataMissing, dev_data_dir
from pipeline.eval_dev.ratchet import CEILINGS, FLOORS

SETS = ("plv", "timeml", "dating", "sentiment", "gold")
OWN_GOLD = (
    "tests/gold/heldout",
    "tests/gold/actors/heldout.jsonl",
    "tests/gold/timex/heldout.jsonl",
)


def own_gold_figures() -> dict[str, float | int]:
    """The project's own held-out gold: event, stance and date-value F1."""
    from pipeline.evaluate import evaluate

    scores = evaluate([PROJECT_ROOT / p for p in OWN_GOLD])
    return {
        "gold_events_f1": scores["events"]["f1"],
        "gold_stances_f1": scores["stances"]["f1"],
        "gold_timex_value_f1": scores["timexes"]["value"]["f1"],
    }


def run_set(name: str, dev_dir: Path) -> dict[str, float | int]:
    """The figures of one set; `DevDataMissing` when its data is absent."""
    if name == "gold":
        return own_gold_figures()
    module = importlib.import_module(f"pipeline.eval_dev.{name}")
    return module.score(dev_dir)


def main(argv: list[str] | None = None) -> None:
    """Print every dev figure beside its ratchet floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev-data", type=Path, default=None, help="dev data folder")
    parser.add_argument("--only", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    dev_dir = args.dev_data or dev_data_dir()
    figures: dict[str, float | int] = {}
    missing = []
    for name in args.only:
        started = time.perf_counter()
        try:
            got = run_set(name, dev_dir)
        except DevDataMissing as err:
            missing.append(name)
            print(f"{name}: not measured: {err}", file=sys.stderr)
            continue
        figures |= got
        print(f"{name}: measured in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    sys.stderr.flush()
    print(f"{'figure':<32} {'value':>8}  ratchet (CI fails beyond it)")
    for key, value in figures.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        bound = f">= {FLOORS[key]:.3f}" if key in FLOORS else ""
        bound = f"<= {CEILINGS[key]:.3f}" if key in CEILINGS else bound
        print(f"{key:<32} {shown:>8}  {bound}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    if missing:
        sys.exit(2)


if __name__ == "__main__":
    main()

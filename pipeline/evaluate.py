"""Scoring extraction against gold annotations (`eventpipe eval`); format in docs/eval.md."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.errors import SourceError
from pipeline.nlp.timex import period_of


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    """Every gold item from the `*.jsonl` files under `gold_dir`, validated."""
    files = sorted(Path(gold_dir).rglob("*.jsonl"))
    if not files:
        raise SourceError("no *.jsonl gold files found", str(gold_dir))
    items = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                item["text"]  # noqa: B018 (required key)
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise SourceError(f"line {number}: invalid gold item ({err})", str(path)) from err
            item.setdefault("events", [])
            item.setdefault("stances", [])
            items.append(item)
    return items


def _prf(true_positive: int, predicted: int, gold: int) -> dict[str, float]:
    precision = true_positive / predicted if predicted else (1.0 if not gold else 0.0)
    recall = true_positive / gold if gold else (1.0 if not predicted else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": true_positive,
        "predicted": predicted,
        "gold": gold,
    }


def _match(gold: list[tuple], predicted: list[tuple]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of equal keys: (gold index, predicted index) pairs."""
    used: set[int] = set()
    pairs = []
    for g, key in enumerate(gold):
        for p, other in enumerate(predicted):
            if p not in used and other == key:
                used.add(p)
                pairs.append((g, p))
                break
    return pairs


def evaluate(gold_dir: Path, model: str | None = None) -> dict[str, Any]:
    """Run the pipeline over the gold sentences and score events, dates, flags and stances."""
    from pipeline.extract import extract_texts

    items = load_gold(gold_dir)
    extractions = extract_texts(
        [(item["text"], date.fromisoformat(item["dct"]) if item.get("dct") else None)
         for item in items],
        model,
    )  # fmt: skip
    counts: Counter = Counter()
    per_type: dict[str, Counter] = defaultdict(Counter)
    confusion: Counter = Counter()
    for item, found in zip(items, extractions, strict=True):
        gold_events = item["events"]
        gold_keys = [(e.get("source"), e.get("target"), e["type"]) for e in gold_events]
        pred_keys = [(e.source_country, e.target_country, e.event_type) for e in found.events]
        pairs = _match(gold_keys, pred_keys)
        counts.update(event_tp=len(pairs), event_pred=len(pred_keys), event_gold=len(gold_keys))
        for key in gold_keys:
            per_type[key[2]]["gold"] += 1
        for key in pred_keys:
            per_type[key[2]]["predicted"] += 1
        for g, p in pairs:
            per_type[gold_keys[g][2]]["tp"] += 1
            _score_attributes(gold_events[g], found.events[p], counts)
        unmatched_gold = [k for i, k in enumerate(gold_keys) if i not in {g for g, _ in pairs}]
        unmatched_pred = [k for i, k in enumerate(pred_keys) if i not in {p for _, p in pairs}]
        for g_key in unmatched_gold:
            same_dyad = next((p for p in unmatched_pred if p[:2] == g_key[:2]), None)
            confusion[(g_key[2], same_dyad[2] if same_dyad else "(missed)")] += 1
        gold_stances = [(s.get("holder"), s.get("target"), s["polarity"]) for s in item["stances"]]
        pred_stances = [
            (s.holder_country, s.target_country or s.target_topic, s.polarity)
            for s in found.stances
        ]
        counts.update(
            stance_tp=len(_match(gold_stances, pred_stances)),
            stance_pred=len(pred_stances),
            stance_gold=len(gold_stances),
        )
    return {
        "items": len(items),
        "events": _prf(counts["event_tp"], counts["event_pred"], counts["event_gold"]),
        "event_types": {
            name: _prf(c["tp"], c["predicted"], c["gold"]) for name, c in sorted(per_type.items())
        },
        "dates": _ratio(counts["date_right"], counts["date_gold"]),
        "flags": _ratio(counts["flags_right"], counts["flags_gold"]),
        "stances": _prf(counts["stance_tp"], counts["stance_pred"], counts["stance_gold"]),
        "confusion": [
            {"gold": gold, "predicted": predicted, "count": n}
            for (gold, predicted), n in confusion.most_common()
        ],
    }


def _score_attributes(gold: dict[str, Any], predicted: Any, counts: Counter) -> None:
    if gold.get("date"):
        counts["date_gold"] += 1
        expected = period_of(gold["date"])
        if (predicted.event_date, predicted.date_precision) == expected and (
            predicted.date_basis != "document"
        ):
            counts["date_right"] += 1
    counts["flags_gold"] += 1
    if (
        bool(gold.get("negated", False)) == predicted.negated
        and gold.get("modality", "asserted") == predicted.modality
    ):
        counts["flags_right"] += 1


def _ratio(right: int, total: int) -> dict[str, float]:
    return {"accuracy": round(right / total, 4) if total else 1.0, "right": right, "total": total}


def format_scores(scores: dict[str, Any]) -> str:
    """The scores as a plain-text report."""
    lines = [f"gold items: {scores['items']}", ""]
    lines.append(f"{'field':<24} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}")
    rows = [("events (src, tgt, type)", scores["events"])]
    rows += [(f"  {name}", s) for name, s in scores["event_types"].items()]
    rows.append(("stances (holder, tgt, pol)", scores["stances"]))
    for name, s in rows:
        lines.append(
            f"{name:<24} {s['precision']:>6.2f} {s['recall']:>6.2f} {s['f1']:>6.2f} "
            f"{s['tp']:>5} {s['predicted']:>5} {s['gold']:>5}"
        )
    lines.append("")
    for name in ("dates", "flags"):
        s = scores[name]
        lines.append(f"{name:<24} accuracy {s['accuracy']:.2f} ({s['right']}/{s['total']})")
    if scores["confusion"]:
        lines += ["", "confusion (gold type -> predicted type on the same dyad):"]
        lines += [
            f"  {c['gold']:<10} -> {c['predicted']:<10} {c['count']}" for c in scores["confusion"]
        ]
    return "\n".join(lines)

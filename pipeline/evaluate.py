"""Scoring extraction against gold annotations (`eventpipe eval`); format in docs/eval.md.

Three kinds of gold item, told apart by their keys: event items (`events`/`stances`), actor
items (`actors`: mentions with country and sector) and temporal items (`timexes`: expressions
with TIMEX3 values). One pipeline pass extracts them all.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.errors import SourceError
from pipeline.nlp.timex import period_of

NON_ASSERTED = ("hypothetical", "future")
_FIELDS = ("source", "target", "type")


def item_kind(item: dict[str, Any]) -> str:
    """'actors', 'timexes' or 'events': which scorer an item belongs to."""
    if "actors" in item:
        return "actors"
    if "timexes" in item:
        return "timexes"
    return "events"


def load_gold(gold_dir: Path | Iterable[Path]) -> list[dict[str, Any]]:
    """Every gold item from the `*.jsonl` files under `gold_dir` (or several dirs), validated."""
    dirs = [Path(gold_dir)] if isinstance(gold_dir, str | Path) else [Path(d) for d in gold_dir]
    files = sorted(f for d in dirs for f in (d.rglob("*.jsonl") if d.is_dir() else [d]))
    if not files:
        raise SourceError("no *.jsonl gold files found", ", ".join(map(str, dirs)))
    items = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                item["text"]  # noqa: B018 (required key)
                _check_item(item)
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
                raise SourceError(f"line {number}: invalid gold item ({err})", str(path)) from err
            if item_kind(item) == "events":
                item.setdefault("events", [])
                item.setdefault("stances", [])
            items.append(item)
    return items


def _check_item(item: dict[str, Any]) -> None:
    """Actor and timex items: every annotated text must occur in the item's text."""
    for key in ("actors", "timexes"):
        for entry in item.get(key) or []:
            if entry["text"] not in item["text"]:
                raise ValueError(f"{key} text {entry['text']!r} is not in the item's text")


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


def _ratio(right: int, total: int) -> dict[str, float]:
    return {"accuracy": round(right / total, 4) if total else 1.0, "right": right, "total": total}


def evaluate(gold_dir: Path | Iterable[Path], model: str | None = None) -> dict[str, Any]:
    """Run the pipeline over the gold items and score events, stances, actors and dates."""
    from pipeline.extract import extract_texts

    items = load_gold(gold_dir)
    extractions = extract_texts(
        [(item["text"], date.fromisoformat(item["dct"]) if item.get("dct") else None)
         for item in items],
        model,
    )  # fmt: skip
    return score(items, extractions)


def score(items: list[dict[str, Any]], extractions: list[Any]) -> dict[str, Any]:
    """Score extractions (`pipeline.extract.Extraction`) against their gold items."""
    by_kind: dict[str, list[tuple[dict, Any]]] = defaultdict(list)
    for item, found in zip(items, extractions, strict=True):
        by_kind[item_kind(item)].append((item, found))
    scores: dict[str, Any] = {"items": len(items)}
    scores["item_kinds"] = {kind: len(pairs) for kind, pairs in sorted(by_kind.items())}
    if by_kind.get("events"):
        scores.update(_score_events(by_kind["events"]))
    if by_kind.get("actors"):
        scores["actors"] = _score_actors(by_kind["actors"])
    if by_kind.get("timexes"):
        scores["timexes"] = _score_timexes(by_kind["timexes"])
    return scores


# -- events and stances ------------------------------------------------------------------------
def _score_events(pairs: list[tuple[dict, Any]]) -> dict[str, Any]:
    counts: Counter = Counter()
    per_type: dict[str, Counter] = defaultdict(Counter)
    confusion: Counter = Counter()
    fields: dict[str, Counter] = {name: Counter() for name in _FIELDS}
    for item, found in pairs:
        gold_events = item["events"]
        gold_keys = [(e.get("source"), e.get("target"), e["type"]) for e in gold_events]
        # the gold annotates events with a registry actor on one side at least (annotation.md)
        registry_events = [e for e in found.events if e.source_actor or e.target_actor]
        pred_keys = [(e.source_country, e.target_country, e.event_type) for e in registry_events]
        matched = _match(gold_keys, pred_keys)
        counts.update(event_tp=len(matched), event_pred=len(pred_keys), event_gold=len(gold_keys))
        for key in gold_keys:
            per_type[key[2]]["gold"] += 1
        for key in pred_keys:
            per_type[key[2]]["predicted"] += 1
        for g, p in matched:
            per_type[gold_keys[g][2]]["tp"] += 1
            _score_attributes(gold_events[g], registry_events[p], counts)
        _score_fields(gold_keys, pred_keys, matched, fields)
        unmatched_gold = [k for i, k in enumerate(gold_keys) if i not in {g for g, _ in matched}]
        unmatched_pred = [k for i, k in enumerate(pred_keys) if i not in {p for _, p in matched}]
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
        "events": _prf(counts["event_tp"], counts["event_pred"], counts["event_gold"]),
        "event_types": {
            name: _prf(c["tp"], c["predicted"], c["gold"]) for name, c in sorted(per_type.items())
        },
        "event_fields": {
            name: {
                **_prf(c["tp"], c["predicted"], c["gold"]),
                "accuracy_given_other_two": _ratio(c["right"], c["paired"])["accuracy"],
                "paired": c["paired"],
            }
            for name, c in fields.items()
        },
        "dates": _ratio(counts["date_right"], counts["date_gold"]),
        "negated": _ratio(counts["negated_right"], counts["flags_gold"]),
        "modality": _ratio(counts["modality_right"], counts["flags_gold"]),
        "flags": _ratio(counts["flags_right"], counts["flags_gold"]),
        "non_asserted_flagged": _ratio(counts["nonasserted_right"], counts["nonasserted_gold"]),
        "stances": _prf(counts["stance_tp"], counts["stance_pred"], counts["stance_gold"]),
        "confusion": [
            {"gold": gold, "predicted": predicted, "count": n}
            for (gold, predicted), n in confusion.most_common()
        ],
    }


def _score_fields(
    gold_keys: list[tuple], pred_keys: list[tuple], matched: list, fields: dict[str, Counter]
) -> None:
    """Per field: P/R/F1 of the field's values in the item (multisets), and its accuracy over
    the events paired on the other two fields (full matches first)."""
    for index, name in enumerate(_FIELDS):
        gold_values = [k[index] for k in gold_keys]
        pred_values = [k[index] for k in pred_keys]
        fields[name].update(
            tp=len(_match(gold_values, pred_values)),
            predicted=len(pred_values),
            gold=len(gold_values),
        )
        others = [i for i in range(3) if i != index]
        used_g = {g for g, _ in matched}
        used_p = {p for _, p in matched}
        fields[name].update(paired=len(matched), right=len(matched))
        for g, gold in enumerate(gold_keys):
            if g in used_g:
                continue
            for p, pred in enumerate(pred_keys):
                if p not in used_p and all(gold[i] == pred[i] for i in others):
                    used_p.add(p)
                    fields[name]["paired"] += 1
                    break


def _score_attributes(gold: dict[str, Any], predicted: Any, counts: Counter) -> None:
    if gold.get("date"):
        counts["date_gold"] += 1
        expected = period_of(gold["date"])
        if (predicted.event_date, predicted.date_precision) == expected and (
            predicted.date_basis != "document"
        ):
            counts["date_right"] += 1
    negated = bool(gold.get("negated", False))
    mood = gold.get("modality", "asserted")
    counts["flags_gold"] += 1
    counts["negated_right"] += negated == predicted.negated
    counts["modality_right"] += mood == predicted.modality
    counts["flags_right"] += negated == predicted.negated and mood == predicted.modality
    if negated or mood in NON_ASSERTED:
        counts["nonasserted_gold"] += 1
        if predicted.negated or predicted.modality != "asserted":
            counts["nonasserted_right"] += 1


# -- actors ------------------------------------------------------------------------------------
def _score_actors(pairs: list[tuple[dict, Any]]) -> dict[str, Any]:
    """Each gold mention (the n-th occurrence of its text) is matched to the first unused
    predicted mention overlapping it; right when country and sector agree."""
    totals: Counter = Counter()
    per_kind: dict[str, Counter] = defaultdict(Counter)
    for item, found in pairs:
        predicted = sorted(found.actors, key=lambda m: m.start)
        used: set[int] = set()
        spans = _spans(item["text"], item["actors"])
        for (start, end), entry in zip(spans, item["actors"], strict=True):
            mention = None
            for n, candidate in enumerate(predicted):
                if n not in used and candidate.start < end and candidate.end > start:
                    used.add(n)
                    mention = candidate
                    break
            right = (
                mention is not None
                and mention.country == entry["country"]
                and mention.sector == entry["sector"]
            )
            for counter in (totals, per_kind[entry.get("kind", "other")]):
                counter["gold"] += 1
                counter["found"] += mention is not None
                counter["right"] += right
        totals["predicted"] += len(predicted)
    return {
        "mentions": _ratio(totals["right"], totals["gold"]),
        "found": _ratio(totals["found"], totals["gold"]),
        "predicted_mentions": totals["predicted"],
        "by_kind": {k: _ratio(c["right"], c["gold"]) for k, c in sorted(per_kind.items())},
    }


# -- temporal expressions ----------------------------------------------------------------------
def _spans(text: str, entries: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Character spans of the gold expressions: the n-th entry with a text is its n-th
    occurrence."""
    seen: Counter = Counter()
    spans = []
    for entry in entries:
        start = -1
        for _ in range(seen[entry["text"]] + 1):
            start = text.index(entry["text"], start + 1)
        seen[entry["text"]] += 1
        spans.append((start, start + len(entry["text"])))
    return spans


def _score_timexes(pairs: list[tuple[dict, Any]]) -> dict[str, Any]:
    """TempEval-3 style: strict and relaxed span P/R/F1, and value F1 on relaxed matches."""
    c: Counter = Counter()
    for item, found in pairs:
        gold = item["timexes"]
        spans = _spans(item["text"], gold)
        predicted = list(found.timexes)
        c["gold"] += len(gold)
        c["predicted"] += len(predicted)
        used: set[int] = set()
        for (start, end), entry in zip(spans, gold, strict=True):
            for p, tx in enumerate(predicted):
                if p in used or tx.end <= start or tx.start >= end:
                    continue
                used.add(p)
                c["relaxed"] += 1
                c["strict"] += (tx.start, tx.end) == (start, end)
                c["value"] += tx.value == entry["value"]
                break
    return {
        "strict": _prf(c["strict"], c["predicted"], c["gold"]),
        "relaxed": _prf(c["relaxed"], c["predicted"], c["gold"]),
        "value": _prf(c["value"], c["predicted"], c["gold"]),
        "value_accuracy": _ratio(c["value"], c["relaxed"]),
    }


# -- report ------------------------------------------------------------------------------------
def _prf_line(name: str, s: dict[str, Any]) -> str:
    return (
        f"{name:<30} {s['precision']:>6.2f} {s['recall']:>6.2f} {s['f1']:>6.2f} "
        f"{s['tp']:>5} {s['predicted']:>5} {s['gold']:>5}"
    )


def _ratio_line(name: str, s: dict[str, Any]) -> str:
    return f"{name:<30} accuracy {s['accuracy']:.2f} ({s['right']}/{s['total']})"


def format_scores(scores: dict[str, Any]) -> str:
    """The scores as a plain-text report."""
    kinds = ", ".join(f"{n} {k}" for k, n in scores.get("item_kinds", {}).items())
    lines = [f"gold items: {scores['items']} ({kinds})", ""]
    header = f"{'field':<30} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"
    if "events" in scores:
        lines.append(header)
        lines.append(_prf_line("events (src, tgt, type)", scores["events"]))
        lines += [_prf_line(f"  {n}", s) for n, s in scores["event_types"].items()]
        for name, s in scores["event_fields"].items():
            lines.append(_prf_line(f"field {name}", s))
        lines.append(_prf_line("stances (holder, tgt, pol)", scores["stances"]))
        lines.append("")
        for name, s in scores["event_fields"].items():
            lines.append(
                f"{'field ' + name + ' | other two':<30} accuracy "
                f"{s['accuracy_given_other_two']:.2f} (of {s['paired']} paired events)"
            )
        for name in ("dates", "negated", "modality", "flags", "non_asserted_flagged"):
            lines.append(_ratio_line(name, scores[name]))
        if scores["confusion"]:
            lines += ["", "confusion (gold type -> predicted type on the same dyad):"]
            lines += [
                f"  {c['gold']:<10} -> {c['predicted']:<10} {c['count']}"
                for c in scores["confusion"]
            ]
    if "actors" in scores:
        a = scores["actors"]
        lines += ["", _ratio_line("actor mentions (country, sector)", a["mentions"])]
        lines.append(_ratio_line("actor mentions found (text)", a["found"]))
        lines += [_ratio_line(f"  {k}", s) for k, s in a["by_kind"].items()]
    if "timexes" in scores:
        t = scores["timexes"]
        lines += ["", header]
        for name in ("strict", "relaxed", "value"):
            lines.append(_prf_line(f"timex {name}", t[name]))
        lines.append(_ratio_line("timex value | relaxed match", t["value_accuracy"]))
    return "\n".join(lines)

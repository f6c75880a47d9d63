"""Validate the gold set and print its statistics (markdown).

Usage: .venv/bin/python tests/gold/gold_stats.py  (exit status 1 on any validation error)
Not a pytest module; it only reads tests/gold/**/*.jsonl.
"""

import datetime as dt
import json
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))
from pipeline.nlp.ontology import PLOVER_TYPES  # noqa: E402 (after the path is set)

ROOT = pathlib.Path(__file__).resolve().parent
TYPES = list(PLOVER_TYPES)
ORGS = {
    "EU",
    "NATO",
    "UN",
    "ISIS",
    "HAMAS",
    "HEZBOLLAH",
    "TALIBAN",
    "PKK",
    "KURDS",
    "AU",
    "ARAB_LEAGUE",
    "OPEC",
    "IMF",
    "WHO",
    "HOUTHIS",
}
MODALITIES = {"asserted", "hypothetical", "future", "reported"}
KEYS = {"id", "text", "dct", "events", "stances", "tags"}
HARD = [
    "passive",
    "nominal",
    "coord",
    "apposition",
    "metonym",
    "pronoun",
    "reported",
    "quote",
    "hypothetical",
    "negation",
    "refuse",
    "future",
    "reldate",
    "range",
    "fulldate",
    "month",
    "year",
    "noevent",
    "self",
    "null_side",
    "topic_stance",
    "wire",
]


def is_code(c):
    return c in ORGS or bool(re.fullmatch(r"[A-Z]{3}", c))


def timex_ok(v):
    fmt = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}.get(len(v))
    try:
        return fmt is not None and dt.datetime.strptime(v, fmt).strftime(fmt) == v
    except ValueError:
        return False


def load(part):
    items = []
    for f in sorted((ROOT / part).glob("*.jsonl")):
        for n, line in enumerate(f.read_text().splitlines(), 1):
            items.append((f"{part}/{f.name}:{n}", line))
    return items


errors, ids, parts = [], set(), {}
for part in ("dev", "heldout"):
    parsed = []
    for where, line in load(part):
        try:
            it = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: invalid JSON ({exc})")
            continue
        if set(it) - KEYS or {"id", "text", "dct", "events", "stances"} - set(it):
            errors.append(f"{where}: keys {sorted(it)}")
        if it["id"] in ids:
            errors.append(f"{where}: duplicate id {it['id']}")
        ids.add(it["id"])
        if len(it["dct"]) != 10 or not timex_ok(it["dct"]):
            errors.append(f"{where}: bad dct {it['dct']}")
        for e in it["events"]:
            if e["type"] not in TYPES:
                errors.append(f"{where}: type {e['type']}")
            if e.get("modality", "asserted") not in MODALITIES or not isinstance(
                e.get("negated", False), bool
            ):
                errors.append(f"{where}: flags {e}")
            if "date" in e and not timex_ok(e["date"]):
                errors.append(f"{where}: date {e['date']}")
            sides = [e["source"], e["target"]]
            if all(s is None for s in sides) or any(
                s is not None and not is_code(s) for s in sides
            ):
                errors.append(f"{where}: actors {sides}")
            domestic = e.get("source_sector") not in (None, e.get("target_sector"))
            if e["source"] == e["target"] and not domestic:
                errors.append(f"{where}: actor acting on itself")
        for s in it["stances"]:
            if s["polarity"] not in ("positive", "negative", "neutral") or not is_code(s["holder"]):
                errors.append(f"{where}: stance {s}")
            if not is_code(s["target"]) and (
                s["target"] != s["target"].lower()
                or s["target"].split()[0] in ("the", "a", "an")
                or s["target"] not in it["text"].lower()
            ):
                errors.append(f"{where}: topic target not normalised: {s['target']!r}")
        parsed.append(it)
    parts[part] = parsed

total = sum(len(v) for v in parts.values())
print("| | dev | heldout | total |\n|---|---|---|---|")


def row(label, fn):
    vals = [fn(parts["dev"]), fn(parts["heldout"])]
    print(f"| {label} | {vals[0]} | {vals[1]} | {vals[0] + vals[1]} |")


def evs(items):
    return [e for it in items for e in it["events"]]


def sts(items):
    return [s for it in items for s in it["stances"]]


row("files", lambda items: len({it["id"].rsplit("-", 1)[0] for it in items}))
row("items", len)
row("items with no event", lambda items: sum(not it["events"] for it in items))
row("events", lambda items: len(evs(items)))
for t in TYPES:
    row(f"events {t}", lambda items, t=t: sum(e["type"] == t for e in evs(items)))
row("events with a date", lambda items: sum("date" in e for e in evs(items)))
for n, lab in ((10, "day"), (7, "month"), (4, "year")):
    row(
        f"dates of precision {lab}",
        lambda items, n=n: sum(len(e.get("date", "")) == n for e in evs(items)),
    )
row("events negated", lambda items: sum(e["negated"] for e in evs(items)))
for m in ("reported", "hypothetical", "future"):
    row(f"events modality {m}", lambda items, m=m: sum(e["modality"] == m for e in evs(items)))
row(
    "events with a null side",
    lambda items: sum(None in (e["source"], e["target"]) for e in evs(items)),
)
row("stances", lambda items: len(sts(items)))
for p in ("positive", "negative", "neutral"):
    row(f"stances {p}", lambda items, p=p: sum(s["polarity"] == p for s in sts(items)))
row("stances with a topic target", lambda items: sum(not is_code(s["target"]) for s in sts(items)))
for tag in HARD:
    row(
        f"items tagged `{tag}`",
        lambda items, tag=tag: sum(tag in it.get("tags", []) for it in items),
    )
print(f"\nshare: dev {len(parts['dev']) / total:.1%}, heldout {len(parts['heldout']) / total:.1%}")
if errors:
    print("\nVALIDATION ERRORS:\n" + "\n".join(errors))
    sys.exit(1)
print("validation: OK (JSON, keys, ids, PLOVER types, TIMEX3 dates, codes, flags, topic targets)")

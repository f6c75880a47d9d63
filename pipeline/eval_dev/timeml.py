"""TIMEX3 value F1 on the TimeML dev sets (TimeBank, AQUAINT), scored in-process.

    python -m pipeline.eval_dev.timeml [--dev-data DIR] [--errors N]

Computes exactly the figures of `../shared/tools/score_timeml.py`: the text between <TEXT>
tags (tags removed, entities unescaped) is written to a temporary .txt file and read the way
`eventpipe dates FILE --dct DCT[:10]` reads it (`pipeline.nlp.timex.document.tag_file`); a gold
TIMEX3 matches the first unused system expression whose span overlaps it (relaxed match) and
is right when the values are equal. A wrong value counts one false positive and one false
negative, an unmatched system expression a false positive, a missed gold one a false negative.
The official script starts one process per file; this loads everything once.
"""

from __future__ import annotations

import argparse
import collections
import html
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.eval_dev import DevDataMissing, dev_data_dir, require

SETS = {"timebank": "TimeBank", "aquaint": "AQUAINT"}
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_DCT = re.compile(r'functionInDocument="CREATION_TIME"[^>]*value="([^"]+)"')
_DCT_FALLBACK = re.compile(r'<DCT>.*?value="([^"]+)"', re.S)
_VALUE = re.compile(r'value="([^"]*)"')


@dataclass
class TmlDoc:
    """One TimeML file: its plain text, creation time and gold (start, end, value) spans."""

    name: str
    text: str
    dct: str
    gold: list[tuple[int, int, str]]


@dataclass
class SetResult:
    """Counts of one set and its errors: (file, text, gold, got); got None when missed."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong: list[tuple[str, str, str, str]] = field(default_factory=list)
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str, str]] = field(default_factory=list)

    def figures(self) -> tuple[float, float, float]:
        """(precision, recall, F1) of values."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def read_tml(path: Path) -> TmlDoc:
    """Text, DCT and gold spans of a .tml file, extracted as the official script does."""
    xml = path.read_text(encoding="utf-8")
    dct = _DCT.search(xml) or _DCT_FALLBACK.search(xml)
    if dct is None:
        raise DevDataMissing(f"{path.name}: no document creation time")
    body = xml.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
    text: list[str] = []
    gold: list[tuple[int, int, str]] = []
    pos, open_t = 0, None
    for m in _TAG.finditer(body):
        text.append(html.unescape(body[pos : m.start()]))
        pos = m.end()
        offset = sum(map(len, text))
        if m.group(2) == "TIMEX3" and not m.group(1):
            val = _VALUE.search(m.group(3))
            open_t = (offset, val.group(1) if val else "")
        elif m.group(2) == "TIMEX3" and m.group(1) and open_t:
            gold.append((open_t[0], offset, open_t[1]))
            open_t = None
    text.append(html.unescape(body[pos:]))
    return TmlDoc(path.name, "".join(text), dct.group(1), gold)


def score_doc(doc: TmlDoc, system: list[tuple[int, int, str]], result: SetResult) -> None:
    """Add one document's matches to `result` (first unused overlapping system span)."""
    used: set[int] = set()
    for gs, ge, gv in doc.gold:
        match = next(
            (i for i, (s, e, _) in enumerate(system) if i not in used and s < ge and gs < e),
            None,
        )
        if match is None:
            result.fn += 1
            result.missed.append((doc.name, doc.text[gs:ge], gv))
            continue
        used.add(match)
        if system[match][2] == gv:
            result.tp += 1
        else:
            result.fp += 1
            result.fn += 1
            result.wrong.append((doc.name, doc.text[gs:ge], gv, system[match][2]))
    result.fp += len(system) - len(used)
    for i, (s, e, v) in enumerate(system):
        if i not in used:
            result.spurious.append((doc.name, doc.text[s:e], v))


def score_set(folder: Path) -> SetResult:
    """Score every .tml file of `folder` through the `eventpipe dates` reading path."""
    from pipeline.nlp.timex.document import tag_file

    files = sorted(require(folder, "TimeML folder").glob("*.tml"))
    if not files:
        raise DevDataMissing(f"no .tml files in {folder}")
    result = SetResult()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.txt"
        for f in files:
            doc = read_tml(f)
            path.write_text(doc.text, encoding="utf-8")
            found = tag_file(path, date.fromisoformat(doc.dct[:10]))
            score_doc(doc, [(t.start, t.end, str(t.value)) for t in found], result)
    return result


def evaluate(dev_dir: Path) -> dict[str, SetResult]:
    """The results of both sets."""
    base = require(dev_dir / "timeml-tbaq", "TimeML dev data (timeml-tbaq)")
    return {key: score_set(base / name) for key, name in SETS.items()}


def figures(results: dict[str, SetResult]) -> dict[str, float | int]:
    """Figure name -> value for each set."""
    out: dict[str, float | int] = {}
    for key, res in results.items():
        p, r, f1 = res.figures()
        out[f"timeml_{key}_f1"] = round(f1, 4)
        out[f"timeml_{key}_precision"] = round(p, 4)
        out[f"timeml_{key}_recall"] = round(r, 4)
        out[f"timeml_{key}_gold"] = res.tp + res.fn
    return out


def score(dev_dir: Path) -> dict[str, float | int]:
    """TIMEX3 value precision, recall and F1 on TimeBank and AQUAINT."""
    return figures(evaluate(dev_dir))


def _kind(value: str) -> str:
    """A coarse shape of a TIMEX3 value, to group the errors."""
    if not value:
        return "(none)"
    if value.endswith("_REF"):
        return "REF"
    if value.startswith("P"):
        return "duration"
    shape = re.sub(r"[0-9]", "9", value)
    return re.sub(r"T.*", "T..", shape)


def report(results: dict[str, SetResult], errors: int = 15) -> str:
    """The errors grouped by the kind of the gold value, then the figure lines."""
    lines: list[str] = []
    for key, res in results.items():
        lines.append(f"== {SETS[key]}")
        groups: dict[str, list[str]] = collections.defaultdict(list)
        for name, text, gold, got in res.wrong:
            groups[f"wrong {_kind(gold)}"].append(f"{name}: {text!r} gold {gold} got {got}")
        for name, text, gold in res.missed:
            groups[f"missed {_kind(gold)}"].append(f"{name}: {text!r} gold {gold}")
        for name, text, got in res.spurious:
            groups[f"spurious {_kind(got)}"].append(f"{name}: {text!r} got {got}")
        for label, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            lines.append(f"-- {label}: {len(items)}")
            lines.extend(f"   {item}" for item in items[:errors])
    for key, res in results.items():
        p, r, f1 = res.figures()
        lines.append(
            f"{SETS[key]}: value F1 {f1:.3f} (P {p:.3f} R {r:.3f}; "
            f"{res.tp} right of {res.tp + res.fn} gold)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print the TimeML errors by kind and the value F1 of each set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev-data", type=Path, default=None, help="dev data folder")
    parser.add_argument("--errors", type=int, default=15, help="examples shown per kind")
    args = parser.parse_args(argv)
    try:
        results = evaluate(args.dev_data or dev_data_dir())
    except DevDataMissing as err:
        sys.exit(f"eval-dev: {err}")
    print(report(results, args.errors))


if __name__ == "__main__":
    main()

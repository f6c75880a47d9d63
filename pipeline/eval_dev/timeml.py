"""TIMEX3 value F1 on TimeML news: TimeBank and AQUAINT of the TempEval-3 training data.

The same figures as `../shared/tools/score_timeml.py`, computed in-process: each `.tml` file's
text between the <TEXT> tags (tags removed, entities unescaped) is read as a `.txt` document
(as `eventpipe dates` reads it) and tagged against the file's creation time; a gold TIMEX3
matches the first unused system expression whose span overlaps it, and counts as right when the
values are equal. A wrong value counts as one false positive and one false negative, an
unmatched system expression as a false positive, a missed gold one as a false negative.

    python -m pipeline.eval_dev.timeml [--errors N]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.eval_dev import DevDataMissing, dev_data_dir, require

SETS = {"timebank": Path("timeml-tbaq") / "TimeBank", "aquaint": Path("timeml-tbaq") / "AQUAINT"}
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_DCT = (
    re.compile(r'functionInDocument="CREATION_TIME"[^>]*value="([^"]+)"'),
    re.compile(r'<DCT>.*?value="([^"]+)"', re.S),
)


@dataclass
class TimemlResult:
    """Counts of one set, with the wrong values for a look."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)  # file, text, gold, got

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_tml(xml: str) -> tuple[str, date, list[tuple[int, int, str]]]:
    """(plain text, creation date, gold (start, end, value) spans) of a TimeML file."""
    dct = next(m for pattern in _DCT if (m := pattern.search(xml)))
    body = xml.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
    parts: list[str] = []
    gold: list[tuple[int, int, str]] = []
    pos, opened, offset = 0, None, 0
    for m in _TAG.finditer(body):
        piece = html.unescape(body[pos : m.start()])
        parts.append(piece)
        offset += len(piece)
        pos = m.end()
        if m.group(2) == "TIMEX3" and not m.group(1):
            value = re.search(r'value="([^"]*)"', m.group(3))
            opened = (offset, value.group(1) if value else "")
        elif m.group(2) == "TIMEX3" and m.group(1) and opened:
            gold.append((opened[0], offset, opened[1]))
            opened = None
    parts.append(html.unescape(body[pos:]))
    return "".join(parts), date.fromisoformat(dct.group(1)[:10]), gold


def system_timexes(text: str, dct: date, work: Path) -> list[tuple[int, int, str]]:
    """What `eventpipe dates` finds in the text, read as a `.txt` file."""
    from pipeline.nlp.timex.document import tag_file

    path = work / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return [(t.start, t.end, str(t.value)) for t in tag_file(path, dct)]


def score_folder(folder: Path) -> TimemlResult:
    """Score every `.tml` file of a folder."""
    result = TimemlResult()
    with tempfile.TemporaryDirectory(prefix="timeml.") as tmp:
        for path in sorted(folder.glob("*.tml")):
            text, dct, gold = read_tml(path.read_text(encoding="utf-8"))
            system = system_timexes(text, dct, Path(tmp))
            used: set[int] = set()
            for start, end, value in gold:
                match = next((i for i, (s, e, _) in enumerate(system)
                              if i not in used and s < end and start < e), None)  # fmt: skip
                if match is None:
                    result.fn += 1
                    continue
                used.add(match)
                if system[match][2] == value:
                    result.tp += 1
                else:
                    result.fp += 1
                    result.fn += 1
                    result.errors.append((path.name, text[start:end], value, system[match][2]))
            result.fp += len(system) - len(used)
    return result


def evaluate(dev_dir: Path) -> dict[str, TimemlResult]:
    """The result of each TimeML set."""
    return {
        name: score_folder(require(dev_dir / sub, f"TimeML {name}")) for name, sub in SETS.items()
    }


def score(dev_dir: Path) -> dict[str, float | int]:
    """Value F1, precision and recall per set."""
    figures: dict[str, float | int] = {}
    for name, result in evaluate(dev_dir).items():
        figures |= {f"timeml_{name}_f1": result.f1, f"timeml_{name}_precision": result.precision,
                    f"timeml_{name}_recall": result.recall}  # fmt: skip
    return figures


def main(argv: list[str] | None = None) -> None:
    """Print the most frequent wrong values and the figures of each set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev-data", type=Path, default=None, help="dev data folder")
    parser.add_argument("--errors", type=int, default=15, help="how many kinds of error to show")
    args = parser.parse_args(argv)
    try:
        results = evaluate(args.dev_data or dev_data_dir())
    except DevDataMissing as err:
        sys.exit(f"eval-dev: {err}")
    for name, result in results.items():
        kinds = Counter((text.lower(), gold, got) for _, text, gold, got in result.errors)
        for (text, gold, got), n in kinds.most_common(args.errors):
            print(f"{name}: {text!r} gold {gold} got {got} ({n}x)")
        counts = f"{result.tp} right of {result.tp + result.fn} gold"
        print(f"{name}: value F1 {result.f1:.3f} (P {result.precision:.3f} "
              f"R {result.recall:.3f}; {counts})")  # fmt: skip


if __name__ == "__main__":
    main()

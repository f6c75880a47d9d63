"""PLOVER event typing on real wire sentences: the PLV train split of the dev data.

The same figures as `../shared/tools/score_plv.py`, computed in-process (one model load):
each distinct sentence is a document dated 2000-01-05; a gold dyad is found when its PLOVER
root type (PLV's older `YIELD` stands for CONCEDE or RETREAT) is among the types of the
sentence's non-negated events. Type precision counts every predicted type of a sentence that
is not one of its gold types as wrong; the no-event rate counts sentences without any event.

    python -m pipeline.eval_dev.plv [--misses N]
"""

from __future__ import annotations

import argparse
import collections
import csv
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.eval_dev import DevDataMissing, dev_data_dir, require

PLV_FILE = Path("plover-plv") / "plv_train.tsv"
DOCUMENT_DATE = date(2000, 1, 5)
ALIASES = {"YIELD": frozenset({"CONCEDE", "RETREAT"})}


@dataclass
class PlvResult:
    """Counts behind the PLV figures, with the misses for a look."""

    dyads: int = 0
    hits: int = 0
    sentences: int = 0
    predicted: int = 0
    right: int = 0
    empty: int = 0
    per_type: dict[str, list[int]] = field(default_factory=dict)  # gold -> [hits, total]
    misses: collections.Counter = field(default_factory=collections.Counter)

    def figures(self) -> dict[str, float | int]:
        """Figure name -> value."""
        return {
            "plv_type_recall": self.hits / max(self.dyads, 1),
            "plv_type_precision": self.right / max(self.predicted, 1),
            "plv_no_event_rate": self.empty / max(self.sentences, 1),
            "plv_dyads": self.dyads,
            "plv_sentences": self.sentences,
        }


def read_dyads(path: Path) -> list[tuple[str, str]]:
    """(sentence, gold PLOVER root) per annotated dyad of a PLV TSV file."""
    with path.open(encoding="utf-8") as handle:
        return [
            (row["sentence"].strip(), row["gold_root"].upper())
            for row in csv.DictReader(handle, delimiter="\t")
        ]


def found_types(sentences: list[str]) -> list[set[str]]:
    """The PLOVER types of each sentence's non-negated events."""
    from pipeline.extract import extract_texts

    extractions = extract_texts([(s, DOCUMENT_DATE) for s in sentences])
    return [
        {e.event_type.upper() for e in ex.events if e.event_type and not e.negated}
        for ex in extractions
    ]


def score_dyads(dyads: list[tuple[str, str]], found: dict[str, set[str]]) -> PlvResult:
    """Score gold dyads against the types found per sentence."""
    result = PlvResult(dyads=len(dyads), sentences=len(found))
    gold: dict[str, set[str]] = collections.defaultdict(set)
    for sentence, root in dyads:
        want = ALIASES.get(root, frozenset({root}))
        gold[sentence] |= want
        ok = bool(want & found[sentence])
        result.hits += ok
        counts = result.per_type.setdefault(root, [0, 0])
        counts[0] += ok
        counts[1] += 1
        if not ok:
            result.misses[(root, ",".join(sorted(found[sentence])) or "none")] += 1
    result.predicted = sum(map(len, found.values()))
    result.right = sum(len(types & gold[s]) for s, types in found.items())
    result.empty = sum(1 for types in found.values() if not types)
    return result


def evaluate(dev_dir: Path) -> PlvResult:
    """Run the pipeline over the PLV train sentences and score them."""
    dyads = read_dyads(require(dev_dir / PLV_FILE, "PLV train split"))
    sentences = list(dict.fromkeys(s for s, _ in dyads))
    found = dict(zip(sentences, found_types(sentences), strict=True))
    return score_dyads(dyads, found)


def score(dev_dir: Path) -> dict[str, float | int]:
    """The PLV figures: type recall, type precision, no-event rate."""
    return evaluate(dev_dir).figures()


def report(result: PlvResult, misses: int = 12) -> str:
    """Misses, recall per type and the figure line, as `score_plv.py` prints them."""
    lines = [f"{g} -> {got}: {n}" for (g, got), n in result.misses.most_common(misses)]
    per_type = ", ".join(f"{t} {a}/{b}" for t, (a, b) in sorted(result.per_type.items()))
    lines.append(f"recall per type: {per_type}")
    lines.append(
        f"type recall {result.hits}/{result.dyads} ({result.hits / max(result.dyads, 1):.0%}), "
        f"type precision {result.right}/{result.predicted} "
        f"({result.right / max(result.predicted, 1):.0%}), "
        f"{result.empty}/{result.sentences} sentences with no event"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print the PLV misses and figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev-data", type=Path, default=None, help="dev data folder")
    parser.add_argument("--misses", type=int, default=12, help="how many kinds of miss to show")
    args = parser.parse_args(argv)
    try:
        result = evaluate(args.dev_data or dev_data_dir())
    except DevDataMissing as err:
        sys.exit(f"eval-dev: {err}")
    print(report(result, args.misses))


if __name__ == "__main__":
    main()

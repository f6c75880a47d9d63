"""Directed sentiment between two named entities in real news (Park, Pan & Joo 2021).

Each line of `directed-sentiment/{train,valid}.txt` is a sentence with two bracketed entities
`[p]` and `[q]` (a bracket is sometimes one character short: "[Los Angele]s"), then TAB, p, q
and a class: 0 neutral, 1 p positive toward q, 2 q positive toward p, 3 p negative toward q,
4 q negative toward p. The brackets are removed (offsets kept) and every sentence is run
through the pipeline in-process, as an undated document. p and q map to the registry actors
whose mentions overlap their spans; a pair is *resolved* when both map to different actors.

A pair's predicted class comes from the strongest positive or negative stance between its two
actors (in either direction; none: 0). The stances come from the rules and from the pair model
(`eventpipe_stance_pairs_v1`), which is trained on the train split
(`python -m pipeline.eval_dev.train_pairs`): `sentiment_valid_*` are the figures on the valid
split alone, which it never saw; the train figures overstate it. Figures, on the resolved pairs:
`sentiment_nonneutral_f1` is the F1 over non-neutral pairs, where a prediction counts when its
direction and polarity are right (a wrong one is a false positive and a false negative, a
stance on a neutral pair a false positive); `sentiment_neutral_clean` is the share of neutral
pairs without a stance between them. The same figures on all pairs (`sentiment_all_*`) are for
information: an unresolved entity can never be matched.

    python -m pipeline.eval_dev.sentiment [--errors N] [--split train|valid]

`--errors N` (or `--misses N`) prints the errors counted by class (missed stance, wrong
direction, wrong polarity, false stance on a neutral pair) and N examples of each.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.eval_dev import DevDataMissing, dev_data_dir, require
from pipeline.models import ActorMention, Document, Stance

SENTIMENT_DIR = Path("directed-sentiment")
SPLITS = ("train", "valid")
LABELS = {0: "neutral", 1: "p+q", 2: "q+p", 3: "p-q", 4: "q-p"}
_BRACKETED = re.compile(r"\[([^\[\]]+)\]")


@dataclass(frozen=True)
class Pair:
    """One annotated sentence: the text without the entity brackets and the two spans."""

    text: str
    p: tuple[int, int]
    q: tuple[int, int]
    label: int


@dataclass
class Counts:
    """True/false positives and negatives over non-neutral pairs, and clean neutral pairs."""

    pairs: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    neutral: int = 0
    neutral_clean: int = 0
    confusion: collections.Counter = field(default_factory=collections.Counter)

    def add(self, gold: int, predicted: int) -> None:
        """Count one pair's gold and predicted class."""
        self.pairs += 1
        self.confusion[(gold, predicted)] += 1
        if gold == 0:
            self.neutral += 1
            self.neutral_clean += predicted == 0
            self.fp += predicted != 0
        elif predicted == gold:
            self.tp += 1
        else:
            self.fn += 1
            self.fp += predicted != 0

    def f1(self) -> float:
        """F1 over non-neutral pairs with the right direction and polarity."""
        return 2 * self.tp / max(2 * self.tp + self.fp + self.fn, 1)

    def clean(self) -> float:
        """The share of neutral pairs without a stance between them."""
        return self.neutral_clean / max(self.neutral, 1)


def parse_line(line: str) -> Pair | None:
    """A `Pair` from one line of the data, or None when its entities cannot be found."""
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 4 or not parts[3].strip().isdigit():
        return None
    sentence, p_text, q_text, label = parts[0], parts[1].strip(), parts[2].strip(), int(parts[3])
    brackets = list(_BRACKETED.finditer(sentence))
    chosen: dict[str, re.Match] = {}
    for match in brackets:
        inner = match.group(1).strip()
        for role, want in (("p", p_text), ("q", q_text)):
            if role not in chosen and inner == want and match not in chosen.values():
                chosen[role] = match
                break
    if len(chosen) < 2:
        if len(brackets) != 2:
            return None
        chosen = {"p": brackets[0], "q": brackets[1]}
    removed = sorted(
        pos for m in chosen.values() for pos in (m.start(), m.end() - 1)
    )  # the bracket characters of the two entities
    text_parts, last = [], 0
    for pos in removed:
        text_parts.append(sentence[last:pos])
        last = pos + 1
    text_parts.append(sentence[last:])

    def shifted(match: re.Match) -> tuple[int, int]:
        before = sum(1 for pos in removed if pos < match.start())
        return match.start() - before, match.end() - 1 - before - 1

    return Pair("".join(text_parts), shifted(chosen["p"]), shifted(chosen["q"]), label)


def read_pairs(path: Path) -> list[Pair]:
    """Every parsable pair of a data file."""
    with path.open(encoding="utf-8") as handle:
        return [pair for line in handle if (pair := parse_line(line)) is not None]


def actor_at(mentions: Iterable[ActorMention], span: tuple[int, int]) -> str | None:
    """The registry actor whose mention overlaps the span most (ties: the first)."""
    best, best_overlap = None, 0
    for mention in mentions:
        overlap = min(mention.end, span[1]) - max(mention.start, span[0])
        if overlap > best_overlap:
            best, best_overlap = mention.actor_id, overlap
    return best


def predicted_class(stances: Iterable[Stance], p: str, q: str) -> int:
    """The class of the strongest positive or negative stance between p and q (none: 0)."""
    best, strength = 0, 0.0
    for stance in stances:
        if stance.polarity not in ("positive", "negative") or stance.target_actor is None:
            continue
        if {stance.holder_actor, stance.target_actor} != {p, q}:
            continue
        if abs(stance.score) <= strength:
            continue
        from_p = stance.holder_actor == p
        positive = stance.polarity == "positive"
        best = (1 if from_p else 2) if positive else (3 if from_p else 4)
        strength = abs(stance.score)
    return best


@dataclass
class Outcome:
    """One pair as the pipeline saw it."""

    pair: Pair
    p_actor: str | None
    q_actor: str | None
    predicted: int
    stances: list[Stance]

    @property
    def resolved(self) -> bool:
        """Both entities map to different registry actors."""
        return bool(self.p_actor and self.q_actor and self.p_actor != self.q_actor)


def run(pairs: Sequence[Pair], batch_size: int = 128) -> list[Outcome]:
    """Run the pipeline over the sentences (one undated document each)."""
    from pipeline.nlp.build import annotate, load_pipeline
    from pipeline.settings import Settings

    settings = Settings()
    nlp = load_pipeline(settings.model, settings.actors_file)
    documents = [
        Document(doc_id=f"ds-{n}", source_path=f"<sentence {n}>", text=pair.text)
        for n, pair in enumerate(pairs)
    ]
    outcomes = []
    for (_, doc), pair in zip(annotate(nlp, documents, batch_size), pairs, strict=True):
        mentions = doc._.actors or []
        stances = list(doc._.stances or [])
        p_actor, q_actor = actor_at(mentions, pair.p), actor_at(mentions, pair.q)
        predicted = predicted_class(stances, p_actor, q_actor) if p_actor and q_actor else 0
        outcomes.append(Outcome(pair, p_actor, q_actor, predicted, stances))
    return outcomes


def tally(outcomes: Iterable[Outcome]) -> tuple[Counts, Counts]:
    """Counts on the resolved pairs and on all pairs."""
    resolved, everything = Counts(), Counts()
    for outcome in outcomes:
        predicted = outcome.predicted if outcome.resolved else 0
        everything.add(outcome.pair.label, predicted)
        if outcome.resolved:
            resolved.add(outcome.pair.label, predicted)
    return resolved, everything


def figures(resolved: Counts, everything: Counts) -> dict[str, float | int]:
    """Figure name -> value."""
    return {
        "sentiment_pairs": resolved.pairs,
        "sentiment_nonneutral_pairs": resolved.pairs - resolved.neutral,
        "sentiment_nonneutral_f1": resolved.f1(),
        "sentiment_neutral_clean": resolved.clean(),
        "sentiment_all_pairs": everything.pairs,
        "sentiment_all_nonneutral_f1": everything.f1(),
        "sentiment_all_neutral_clean": everything.clean(),
    }


def load(dev_dir: Path, splits: Sequence[str] = SPLITS) -> list[Pair]:
    """The pairs of the given splits; `DevDataMissing` when a file is absent."""
    pairs: list[Pair] = []
    for split in splits:
        path = require(dev_dir / SENTIMENT_DIR / f"{split}.txt", f"directed-sentiment {split}")
        pairs.extend(read_pairs(path))
    return pairs


def score(dev_dir: Path) -> dict[str, float | int]:
    """The directed-sentiment figures on train and valid together, and on valid alone
    (`sentiment_valid_*`): the pair model (`pipeline/data/stance_pairs.json`) is trained on
    the train split, so the valid split is the figure it never saw."""
    train = load(dev_dir, ("train",))
    outcomes = run(train + load(dev_dir, ("valid",)))
    out = figures(*tally(outcomes))
    valid = figures(*tally(outcomes[len(train) :]))
    for key in ("pairs", "nonneutral_pairs", "nonneutral_f1", "neutral_clean"):
        out[f"sentiment_valid_{key}"] = valid[f"sentiment_{key}"]
    return out


ERROR_CLASSES = ("missed stance", "wrong direction", "wrong polarity", "false stance")


def error_class(gold: int, predicted: int) -> str | None:
    """The kind of error a (gold, predicted) pair is, or None when it is right: a missed
    stance (non-neutral gold, none predicted), a wrong direction (the right polarity from the
    other side), a wrong polarity, or a false stance on a neutral pair."""
    if gold == predicted:
        return None
    if gold == 0:
        return "false stance"
    if predicted == 0:
        return "missed stance"
    positive = {1: True, 2: True, 3: False, 4: False}
    return "wrong direction" if positive[gold] == positive[predicted] else "wrong polarity"


def report(outcomes: Sequence[Outcome], misses: int = 20) -> str:
    """The confusion on resolved pairs, the errors counted by class and up to `misses`
    examples of each class (with the stances the pipeline found in the sentence)."""
    resolved, _ = tally(outcomes)
    lines = ["gold -> predicted on resolved pairs:"]
    for (gold, got), n in sorted(resolved.confusion.items()):
        lines.append(f"  {LABELS[gold]:>7} -> {LABELS[got]:<7} {n}")
    by_class: dict[str, list[Outcome]] = {name: [] for name in ERROR_CLASSES}
    for outcome in outcomes:
        kind = error_class(outcome.pair.label, outcome.predicted) if outcome.resolved else None
        if kind is not None:
            by_class[kind].append(outcome)
    lines.append("errors by class: " + ", ".join(f"{k} {len(v)}" for k, v in by_class.items()))
    for kind, errors in by_class.items():
        if misses and errors:
            lines.append(f"-- {kind} ({len(errors)}):")
        for outcome in errors[:misses]:
            pair = outcome.pair
            lines.append(
                f"[{LABELS[pair.label]} got {LABELS[outcome.predicted]}] "
                f"p={outcome.p_actor} q={outcome.q_actor}: {pair.text}"
            )
            for s in outcome.stances:
                lines.append(f"    {s.holder_actor} -> {s.target_actor or s.target_topic} "
                             f"{s.polarity} {s.score} ({s.cue})")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print the directed-sentiment figures and the main errors."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev-data", type=Path, default=None, help="dev data folder")
    parser.add_argument("--split", choices=SPLITS, nargs="+", default=list(SPLITS))
    parser.add_argument(
        "--misses", "--errors", type=int, default=20, help="how many errors of each class to show"
    )
    args = parser.parse_args(argv)
    try:
        pairs = load(args.dev_data or dev_data_dir(), args.split)
    except DevDataMissing as err:
        sys.exit(f"eval-dev: {err}")
    outcomes = run(pairs)
    print(report(outcomes, args.misses))
    for key, value in figures(*tally(outcomes)).items():
        print(f"{key:<32} {value:.3f}" if isinstance(value, float) else f"{key:<32} {value}")


if __name__ == "__main__":
    main()

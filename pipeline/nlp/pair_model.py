"""The directed-sentiment pair model: features of two actor mentions in one sentence and a
linear classifier over them (five classes: none, p positive toward q, q positive toward p, p
negative toward q, q negative toward p; p is the mention named first).

The weights are data (`pipeline/data/stance_pairs.json`), written by
`python -m pipeline.eval_dev.train_stance_pairs` from the directed-sentiment training split;
this module only reads them (`load_pair_model`, validated, cached per path) and scores
feature lists. The features are words and dependency relations, never a sentence:

- the lowest common ancestor of the two mentions' heads (`lca=`), with each side's relation to
  it (`lca_p=`, `lca_q=`), the relations on the path (`path=`) and the words on each side's
  way up (`pup=`, `qup=`); `neg` when the ancestor is negated;
- the content words between the mentions (`btw=`) and in the sentence (`w=`), and which
  mention comes first.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from pipeline.errors import RegistryError

MODEL_FORMAT = "eventpipe-stance-pairs/1"
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "data" / "stance_pairs.json"
LABELS = ("none", "p+q", "q+p", "p-q", "q-p")
_CONTENT = ("VERB", "NOUN", "ADJ", "ADV")
_WORD_FEATURES = ("lca", "pup", "qup", "btw", "w")


def span_head(tokens: list[Token]) -> Token:
    """The token of a mention whose head lies outside it (its syntactic head)."""
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return tokens[0]


def _ancestors(token: Token) -> list[Token]:
    chain = [token]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def lowest_common_ancestor(p: list[Token], q: list[Token]) -> Token | None:
    """The lowest token that dominates both mentions' heads (None across sentences)."""
    up_q = {t.i for t in _ancestors(span_head(q))}
    return next((t for t in _ancestors(span_head(p)) if t.i in up_q), None)


def pair_features(p: list[Token], q: list[Token], lca: Token | None) -> list[str]:
    """The features of the pair (p, q): two mentions' tokens in one parsed text, and their
    `lowest_common_ancestor` (None across sentences)."""
    hp, hq = span_head(p), span_head(q)
    features: list[str] = []
    if lca is not None:
        up_p = _ancestors(hp)
        up_q = _ancestors(hq)
        side_p = up_p[: [t.i for t in up_p].index(lca.i)]
        side_q = up_q[: [t.i for t in up_q].index(lca.i)]
        lemma = lca.lemma_.lower()
        features += [f"lca={lemma}", f"pdep={hp.dep_}", f"qdep={hq.dep_}"]
        features += [f"pup={t.lemma_.lower()}" for t in side_p[1:]]
        features += [f"qup={t.lemma_.lower()}" for t in side_q[1:]]
        path_p = "/".join(t.dep_ for t in side_p)
        path_q = "/".join(t.dep_ for t in side_q)
        features += [f"path={path_p}^{path_q}", f"lca_p={lemma}|{hp.dep_}"]
        features.append(f"lca_q={lemma}|{hq.dep_}")
        features += ["neg" for c in lca.children if c.dep_ == "neg"]
    first, last = (p, q) if p[0].i < q[0].i else (q, p)
    features.append("pfirst" if first is p else "qfirst")
    doc = p[0].doc
    features += [
        f"btw={t.lemma_.lower()}" for t in doc[first[-1].i + 1 : last[0].i] if t.pos_ in _CONTENT
    ]
    start = min(p[0].sent.start, q[0].sent.start)
    end = max(p[0].sent.end, q[0].sent.end)
    features += [f"w={t.lemma_.lower()}" for t in doc[start:end] if t.pos_ in _CONTENT[:3]]
    return features


@dataclass(frozen=True)
class PairModel:
    """A linear model: per feature, one weight per class; `threshold` is the probability a
    class needs to be predicted (else "none")."""

    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    threshold: float

    def probabilities(self, features: list[str]) -> list[float]:
        """Softmax over the classes of `LABELS` (each distinct feature counts once)."""
        scores = list(self.bias)
        for feature in set(features):
            row = self.weights.get(feature)
            if row is not None:
                scores = [s + w for s, w in zip(scores, row, strict=True)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def evidence_word(self, features: list[str], label: int) -> str | None:
        """The word whose feature speaks most for class `label` (the stance's cue)."""
        best, weight = None, 0.0
        for feature in features:
            kind, _, word = feature.partition("=")
            row = self.weights.get(feature)
            if kind in _WORD_FEATURES and row is not None and row[label] > weight:
                best, weight = word, row[label]
        return best

    def classify(self, features: list[str]) -> tuple[int, float]:
        """(class index, its probability); class 0 when no class reaches the threshold."""
        probs = self.probabilities(features)
        best = max(range(1, len(LABELS)), key=probs.__getitem__)
        if probs[best] < self.threshold or probs[best] <= probs[0]:
            return 0, probs[0]
        return best, probs[best]


def load_pair_model(path: Path | str | None = None) -> PairModel:
    """The pair model in `path` (default: the shipped one), validated; cached per path.

    Raises `RegistryError` naming the file and the problem when it is malformed."""
    return _load(str(path or DEFAULT_MODEL))


@lru_cache(maxsize=4)
def _load(path: str) -> PairModel:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise RegistryError(f"{path}: cannot read the stance pair model: {err}") from err
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise RegistryError(f"{path}: not a stance pair model (format {MODEL_FORMAT!r})")
    if data.get("labels") != list(LABELS):
        raise RegistryError(f"{path}: labels must be {list(LABELS)}")
    threshold = data.get("threshold")
    if not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
        raise RegistryError(f"{path}: threshold must be a number in [0, 1]")
    bias = data.get("bias")
    if not _is_row(bias):
        raise RegistryError(f"{path}: bias must be {len(LABELS)} numbers")
    weights = data.get("weights")
    if not isinstance(weights, dict):
        raise RegistryError(f"{path}: weights must map features to rows")
    for feature, row in weights.items():
        if not _is_row(row):
            raise RegistryError(f"{path}: weights of {feature!r} must be {len(LABELS)} numbers")
    return PairModel(
        weights={f: tuple(float(w) for w in row) for f, row in weights.items()},
        bias=tuple(float(b) for b in bias),
        threshold=float(threshold),
    )


def _is_row(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == len(LABELS)
        and all(isinstance(v, int | float) for v in value)
    )

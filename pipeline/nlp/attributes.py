"""A table-driven equivalent of spaCy's `attribute_ruler`, registered as
`eventpipe_attribute_rules_v1`.

The trained English pipelines map tags to coarse POS and morphology, and fix a few lemmas, with
about 180 `Matcher` patterns in their `attribute_ruler`. The `Matcher` calls the Python
predicates of those patterns (`IN`, `NOT_IN`, `REGEX`) on every token, which made the ruler about
11% of the model's CPU time. This component applies the same patterns with the same precedence
(later patterns win, as in `AttributeRuler.match`), but decides once per distinct combination of
the token attributes the patterns read (tag, lower-case form, dependency, ...) and caches the
verdict, so a document costs a few dictionary lookups per token.

It compiles patterns of fixed length whose token specs test attributes for equality, `IN`,
`NOT_IN` or `REGEX`. When a pattern uses anything else (operators, other predicates, other
attributes), it keeps the stock ruler and delegates to it, so the output is always the
ruler's. `tests/test_attributes.py` checks that both give the same tags, POS, morphology,
lemmas and dependencies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from spacy.attrs import (
    DEP,
    IS_ALPHA,
    IS_DIGIT,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LOWER,
    NORM,
    ORTH,
    POS,
    TAG,
)
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab

FACTORY_NAME = "eventpipe_attribute_rules_v1"

_STRING_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG,
                 "POS": POS, "DEP": DEP, "LEMMA": LEMMA}  # fmt: skip
_FLAG_ATTRS = {"IS_SPACE": IS_SPACE, "IS_PUNCT": IS_PUNCT, "IS_ALPHA": IS_ALPHA,
               "IS_DIGIT": IS_DIGIT}  # fmt: skip
_CACHE_LIMIT = 500_000

# a test on one token: (column in the attribute row, predicate on the value in that column,
# the values that can pass it when it is an equality or `IN` test, else None)
Test = tuple[int, Callable[[int], bool], frozenset[int] | None]


class _Unsupported(Exception):
    """A pattern this table cannot express; the stock ruler is used instead."""


class _Rules:
    """The compiled patterns: the attribute columns they read and one test list per position."""

    def __init__(self, vocab: Vocab, ruler: AttributeRuler) -> None:
        self.vocab = vocab
        self.columns: list[int] = []
        self.attrs: list[dict] = list(ruler.attrs)
        # single-position patterns: (attr_id, tests); longer ones: (attr_id, tests per position,
        # index of the token that gets the attributes)
        self.single: list[tuple[int, list[Test]]] = []
        self.multi: list[tuple[int, list[list[Test]], int]] = []
        for attr_id, spec in enumerate(ruler.patterns):
            index = spec.get("index", 0)
            for pattern in spec["patterns"]:
                positions = [self._tests(token) for token in pattern]
                if not positions:
                    raise _Unsupported("empty pattern")
                target = index if index >= 0 else len(positions) + index
                if not 0 <= target < len(positions):
                    raise _Unsupported("index outside the pattern")
                if len(positions) == 1:
                    self.single.append((attr_id, positions[0]))
                else:
                    self.multi.append((attr_id, positions, target))
        self.single.sort(key=lambda item: item[0])
        self.single_index = _Index([tests for _, tests in self.single])
        self.multi_index = _Index([positions[0] for _, positions, _ in self.multi])

    def _column(self, attr: int) -> int:
        if attr not in self.columns:
            self.columns.append(attr)
        return self.columns.index(attr)

    def _tests(self, token_spec: dict[str, Any]) -> list[Test]:
        if not isinstance(token_spec, dict):
            raise _Unsupported("token spec is not a dict")
        tests: list[Test] = []
        for key, value in token_spec.items():
            name = str(key).upper()
            if name in _FLAG_ATTRS and isinstance(value, bool):
                tests.append(_equality(self._column(_FLAG_ATTRS[name]), int(value)))
            elif name in _STRING_ATTRS and isinstance(value, str):
                tests.append(_equality(self._column(_STRING_ATTRS[name]), get_string_id(value)))
            elif name in _STRING_ATTRS and isinstance(value, dict) and value:
                column = self._column(_STRING_ATTRS[name])
                tests.extend(self._predicate(column, op, arg) for op, arg in value.items())
            else:
                raise _Unsupported(f"{key}: {value!r}")
        return tests

    def _predicate(self, column: int, op: str, arg: Any) -> Test:
        if (
            op in ("IN", "NOT_IN")
            and isinstance(arg, list)
            and all(isinstance(a, str) for a in arg)
        ):
            members = frozenset(get_string_id(a) for a in arg)
            if op == "IN":
                return column, members.__contains__, members
            return column, lambda value: value not in members, None
        if op == "REGEX" and isinstance(arg, str):
            search = re.compile(arg).search
            strings = self.vocab.strings
            return column, lambda value: bool(search(strings[value])), None
        raise _Unsupported(f"predicate {op}")

    @staticmethod
    def passes(tests: Sequence[Test], row: tuple[int, ...]) -> bool:
        return all(predicate(row[column]) for column, predicate, _ in tests)


def _equality(column: int, expected: int) -> Test:
    return column, lambda value: value == expected, frozenset((expected,))


class _Index:
    """Which patterns can match a row: patterns with an equality or `IN` test are filed under
    the values that can pass it, the others are always candidates."""

    def __init__(self, patterns: Sequence[list[Test]]) -> None:
        self.by_value: dict[tuple[int, int], list[int]] = {}
        self.always: list[int] = []
        for n, tests in enumerate(patterns):
            keyed = next((t for t in tests if t[2] is not None), None)
            if keyed is None:
                self.always.append(n)
                continue
            for value in keyed[2] or ():
                self.by_value.setdefault((keyed[0], value), []).append(n)
        self.columns = sorted({column for column, _ in self.by_value})

    def candidates(self, row: tuple[int, ...]) -> list[int]:
        found = list(self.always)
        for column in self.columns:
            found.extend(self.by_value.get((column, row[column]), ()))
        return sorted(set(found))


class AttributeRules:
    """spaCy component: the attribute ruler's patterns applied from a cached table."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        try:
            self.rules: _Rules | None = _Rules(ruler.vocab, ruler)
        except _Unsupported:
            self.rules = None
        # attribute row -> (attr_ids of the single-position patterns it matches, in precedence
        # order; indices into rules.multi whose first position it matches)
        self._verdicts: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._positions: dict[tuple[int, int, tuple[int, ...]], bool] = {}

    @property
    def compiled(self) -> bool:
        """Whether the patterns run from the table (False: the stock ruler runs)."""
        return self.rules is not None

    def __call__(self, doc: Doc) -> Doc:
        rules = self.rules
        if rules is None:
            return self.ruler(doc)
        if not len(doc):
            return doc
        rows = [tuple(row) for row in doc.to_array(rules.columns).tolist()]
        if len(self._verdicts) > _CACHE_LIMIT:
            self._verdicts.clear()
            self._positions.clear()
        verdicts = [self._verdict(row) for row in rows]
        extra: dict[int, list[int]] = {}
        for i, (_, starts) in enumerate(verdicts):
            for m in starts:
                attr_id, positions, target = rules.multi[m]
                if i + len(positions) <= len(rows) and all(
                    self._position_passes(m, k, rows[i + k]) for k in range(1, len(positions))
                ):
                    extra.setdefault(i + target, []).append(attr_id)
        attrs = rules.attrs
        for i, (matched, _) in enumerate(verdicts):
            ids: Sequence[int] = matched
            if i in extra:
                ids = sorted([*matched, *extra[i]])
            if ids:
                token = doc[i]
                for attr_id in ids:
                    set_token_attrs(token, attrs[attr_id])
        return doc

    def _verdict(self, row: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        verdict = self._verdicts.get(row)
        if verdict is None:
            rules = self.rules
            assert rules is not None
            single, multi = rules.single, rules.multi
            matched = tuple(
                single[n][0] for n in rules.single_index.candidates(row)
                if rules.passes(single[n][1], row)
            )  # fmt: skip
            starts = tuple(
                m for m in rules.multi_index.candidates(row) if rules.passes(multi[m][1][0], row)
            )
            verdict = self._verdicts[row] = (matched, starts)
        return verdict

    def _position_passes(self, m: int, k: int, row: tuple[int, ...]) -> bool:
        key = (m, k, row)
        passed = self._positions.get(key)
        if passed is None:
            rules = self.rules
            assert rules is not None
            passed = self._positions[key] = rules.passes(rules.multi[m][1][k], row)
        return passed


@Language.factory(FACTORY_NAME, default_config={"wraps": "attribute_ruler"})
def make_attribute_rules(nlp: Language, name: str, wraps: str) -> AttributeRules:
    return AttributeRules(nlp.get_pipe(wraps))


def replace_attribute_ruler(nlp: Language) -> bool:
    """Swap the pipeline's `attribute_ruler` for `eventpipe_attribute_rules_v1` wrapping it, in
    the same place, when every pattern compiles; True if it was swapped."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    if not isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler):
        return False
    rules = nlp.add_pipe(FACTORY_NAME, after="attribute_ruler", config={"wraps": "attribute_ruler"})
    if not rules.compiled:
        nlp.remove_pipe(FACTORY_NAME)
        return False
    nlp.remove_pipe("attribute_ruler")
    return True

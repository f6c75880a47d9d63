"""An event's own date: the temporal expressions of its sentence (`Timexes`, `DatedTimex`),
the clause helpers that choose one for a trigger, and the event's date fields (`date_fields`).

Dates. The event's own date is a temporal expression of its sentence (only those whose value
has a calendar period: not durations, not PAST_REF):
1. an expression right after a nominal trigger's phrase belongs to it ("the downing of a jet
   [in November 2015]");
2. otherwise the expression nearest to the trigger in the dependency tree, when no other
   trigger of the sentence is nearer, it lies in the trigger's clause (not in a coordinated or
   subordinate clause with its own subject) and within 7 edges (4 for nominal triggers);
3. otherwise, for verbs and subject nouns, the nearest expression before the trigger in an
   enclosing clause ("In June 2016, X apologized and expressed regret").
Without one, the event is dated by the document: `event_date` = document date,
`date_precision` 'day' ('none' without a document date), `date_basis` 'document',
`date_text`/`date_value` None — so `date_basis != 'document'` selects events dated by the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span, Token

from pipeline.models import Timex
from pipeline.nlp import extensions  # noqa: F401 (registers Doc._ attributes)
from pipeline.nlp.rule_words import RuleWords
from pipeline.nlp.syntax import children, lemma_of, tree_distance
from pipeline.nlp.timex import period_of


@dataclass(frozen=True)
class DatedTimex:
    """A calendar temporal expression with its tokens and period."""

    timex: Timex
    span: Span
    period: date
    precision: str


class Timexes:
    """The document's calendar temporal expressions, and the choice of one for a trigger."""

    def __init__(self, doc: Doc, words: RuleWords) -> None:
        self.time_preps = words.time_preps
        self.items: list[DatedTimex] = []
        for timex in doc._.timexes or []:
            if timex.type != "DATE":
                continue
            period, precision = period_of(timex.value)
            if period is None or precision == "none":
                continue
            span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            if span is not None and len(span):
                self.items.append(DatedTimex(timex, span, period, precision))
        self.tokens = {i for item in self.items for i in range(item.span.start, item.span.end)}

    def choose(
        self,
        anchor: Token,
        sent: Span,
        rivals: Iterable[Token] = (),
        nominals: Iterable[int] = (),
        fallback: bool = True,
    ) -> DatedTimex | None:
        """The expression dating `anchor` within its sentence, or None.

        An expression right after a nominal trigger's phrase ("the downing of a jet [in
        November 2015]") belongs to that trigger; otherwise to the trigger nearest to it in the
        dependency tree (`rivals` are the sentence's other triggers). Failing one of its own,
        the anchor takes the nearest expression before it in the sentence (if `fallback`).
        """
        inside = [
            t
            for t in self.items
            if sent.start <= t.span.start
            and t.span.end <= sent.end
            and not _names_another_thing(t.span, anchor, self.time_preps)
        ]
        if not inside:
            return None
        contenders = [anchor] + [r for r in rivals if r.i != anchor.i]
        nominal_ids = set(nominals)
        owned = []
        for item in inside:
            owner = _adjacent_nominal(item.span, contenders, nominal_ids, self.time_preps)
            if owner is not None:
                if owner.i == anchor.i:
                    owned.append((0, item.span.start, item))
                continue
            mine = tree_distance(anchor, item.span.root)
            if anchor.i in nominal_ids and anchor.dep_ in ("nsubj", "nsubjpass"):
                mine = min(mine, tree_distance(anchor.head, item.span.root) + 1)
            elif anchor.i in nominal_ids and mine > _NOMINAL_REACH:
                continue
            if mine > _REACH or not _same_clause(item.span.root, anchor):
                continue
            if all(mine <= tree_distance(r, item.span.root) for r in contenders[1:]):
                owned.append((mine, item.span.start, item))
        if owned:
            return min(owned, key=lambda x: (x[0], x[1]))[2]
        if not fallback:
            return None
        before = [
            t
            for t in inside
            if t.span.end <= anchor.i
            and tree_distance(anchor, t.span.root) <= _FALLBACK_REACH
            and _encloses(_clause(t.span.root), anchor)
            and not _shifted_in_time(anchor, _clause(t.span.root))
        ]
        return before[-1] if before else None


def _names_another_thing(span: Span, anchor: Token, time_preps: frozenset[str]) -> bool:
    """Whether a date only names a thing by its time: "condemned the 2002 bombings", "that 1978
    resolution calls for": a modifier before a noun whose phrase does not hold the anchor (the
    "2016 coup attempt" dates the attempt), unless that phrase is the object of a date
    preposition ("signed the treaty at the 2001 summit" dates the signing)."""
    root = span.root
    if root.dep_ not in _NOUN_MODIFIER_DEPS or root.head.i <= root.i:
        return False
    if span.start and span.doc[span.start - 1].pos_ == "ADP":
        return False  # "in nineteen ninety-one Keating was convicted": a date phrase, misparsed
    head = root.head
    while head.dep_ in _NOUN_MODIFIER_DEPS and head.head.i > head.i:
        head = head.head
    if head.pos_ not in ("NOUN", "PROPN") or head.left_edge.i <= anchor.i <= head.i:
        return False
    if anchor.dep_ == "acl" and anchor.head.i == head.i:
        return False  # "the Feb. 23 accord signed by ..." is the signing's date
    return not (head.dep_ == "pobj" and head.head.lower_ in time_preps)


_NOUN_MODIFIER_DEPS = frozenset({"nummod", "compound", "nmod", "amod"})


def _clause(token: Token) -> Token:
    """The nearest verb with its own subject governing the token (or the sentence root)."""
    for tok in [token, *token.ancestors]:
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in tok.children):
            return tok
    return token.sent.root if token.doc.has_annotation("SENT_START") else token


def _encloses(clause: Token, token: Token) -> bool:
    return clause.i == token.i or any(a.i == clause.i for a in token.ancestors)


def _same_clause(timex_root: Token, anchor: Token) -> bool:
    """A date belongs to a trigger of its own clause, or of a clause inside it (not to one in
    a separate coordinated or subordinate clause with its own subject)."""
    if not timex_root.doc.has_annotation("DEP"):
        return True
    clause = _clause(timex_root)
    return (
        _encloses(clause, anchor)
        and (_clause(anchor).i == clause.i or _encloses(clause, _clause(anchor)))
        and not _shifted_in_time(anchor, clause)
    )


def _shifted_in_time(anchor: Token, clause: Token) -> bool:
    """Whether the anchor sits in an "after/before/since/until" clause under `clause`: "On New
    Year's Day the sanctions came into force, five weeks after Turkish jets shot down a
    bomber" does not date the downing to New Year's Day."""
    for tok in [anchor, *anchor.ancestors]:
        if tok.i == clause.i:
            return False
        if tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _SHIFTING_MARKS for c in tok.children
        ):
            return True
    return False


_SHIFTING_MARKS = frozenset({"after", "before", "since", "until", "till"})
_NOMINAL_REACH = 4  # a nominal trigger's own date hangs close to it in the tree
_FALLBACK_REACH = 6  # an earlier date deep inside another clause is not the narrative time
_REACH = 7  # nor is one buried in a complement several clauses down


def _adjacent_nominal(
    span: Span, contenders: list[Token], nominal_ids: set[int], time_preps: frozenset[str]
) -> Token | None:
    """The nominal trigger whose phrase ends right before "in <date>" (a word of `time_preps`),
    if any."""
    doc = span.doc
    i = span.start - 1
    if i < 1 or doc[i].lower_ not in time_preps:
        return None
    previous = doc[i - 1]
    best = None
    for tok in contenders:
        if tok.i not in nominal_ids or not tok.i <= previous.i <= tok.right_edge.i:
            continue
        if best is None or tok.right_edge.i - tok.i < best.right_edge.i - best.i:
            best = tok
    return best


def _owns_up(verb: Token, words: RuleWords) -> bool:
    """Whether a verb of `responsible_verbs` admits the act: always, except for those that do
    so only through a contrite object ("expressed regret" yes, "expressed outrage" no)."""
    if lemma_of(verb) not in words.responsible_by_object:
        return True
    contrition = words.contrition_nouns
    return any(
        lemma_of(obj) in contrition or obj.lower_ in contrition for obj in children(verb, "dobj")
    )


def _past_tense(token: Token) -> bool:
    """Whether the clause of a trigger is in a past tense ("welcomed", "has signed")."""
    verb = token
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.tag_.startswith("VB"):
            break
        if verb.head is verb:
            return False
        verb = verb.head
    if verb.tag_ == "VBD":
        return True
    return any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("did", "had", "has", "have", "was", "were")
        for c in verb.children
    )


def date_fields(chosen: DatedTimex | None, dct: date | None) -> dict[str, Any]:
    """event_date/date_precision/date_text/date_value/date_basis for a chosen expression."""
    if chosen is None:
        return {
            "event_date": dct,
            "date_precision": "day" if dct else "none",
            "date_text": None,
            "date_value": None,
            "date_basis": "document",
        }
    return {
        "event_date": chosen.period,
        "date_precision": chosen.precision,
        "date_text": chosen.timex.text,
        "date_value": chosen.timex.value,
        "date_basis": chosen.timex.basis,
    }


# ------------------------------------------------------------------------------ component

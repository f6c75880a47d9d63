"""Pronouns of the actor component: "he", "its", "we" and "they" for the actor they stand for.

- "he"/"she" (subject) and "his"/"her" (possessive): the last person or role named in the
  sentence or the one before, a subject first.
- "it"/"its": a state, organisation or armed force that was the subject just before, unless
  another collective came between ("congratulated Qatar on its ..." is left alone).
- "we"/"our"/"us" (and "I"/"my"/"me") in a report ("'We welcome ...,' X said") or after a
  transcript's "X:" ("Kissinger: I respect ..."): the speaker X.
- "they"/"their"/"them" in what a plural speaker says ("Kurdish rebels said they will release
  ..."): the speaker, when the speaker is a group or a plural noun and no other plural actor
  is named in between (and "it"/"its" in what a singular country-less body says, below).

`speaker_plurals` gives the last rule for any spans, so the component that adds country-less
agents (`pipeline.nlp.unresolved`) applies it to them too ("the dockworkers said they ...",
"the strike committee said it will not ...").
A speaker is the subject of a verb of `speaker_verbs(words)`: the speech verbs of the
component's `modality_words.yaml` and verbs of commitment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from pipeline.nlp.registry import Actor
from pipeline.nlp.rule_words import RuleWords

PRONOUNS_SUBJECT = {"he", "she"}
PRONOUNS_POSSESSIVE = {"his", "her"}
THEY = frozenset({"they", "their", "them"})
IT = frozenset({"it", "its"})
_IMPERSONAL = {"be", "seem", "appear", "remain", "become", "look", "take", "matter", "happen"}
_FIRST_PERSON = {"we", "our", "us", "i", "my", "me"}
# verbs of commitment that also speak for a group
_COMMITMENT = frozenset({"vow", "pledge", "promise", "threaten"})
_PLURAL_TAGS = ("NNS", "NNPS")


@dataclass
class Candidate:
    """A span of the doc the actor component may mark as an actor."""

    start: int
    end: int
    actor: Actor
    kind: str  # 'alias' | 'demonym' | 'sector' | 'role' | 'person' | 'pronoun'


def is_subject(span: Span) -> bool:
    """Whether the span is the subject of its clause."""
    return span.root.dep_ in ("nsubj", "nsubjpass")


def speaker_verbs(words: RuleWords) -> frozenset[str]:
    """The verbs whose subject speaks: the speech verbs of `words` and verbs of commitment."""
    return words.speech_verbs | _COMMITMENT


def first_speaker(sent: Span, starts: dict[int, Any], speech: frozenset[str]) -> Any | None:
    """The first side (of `starts`, keyed by start token) in the subject of the sentence's
    speech verb (of `speech`: "a Turkish army spokesman said": the spokesman's actor), if any."""
    root = sent.root
    if (root.lemma_ or root.lower_) not in speech:
        return None
    for t in root.children:
        if t.dep_ == "nsubj":
            for i in range(t.left_edge.i, t.right_edge.i + 1):
                if i in starts:
                    return starts[i]
    return None


def interview_speaker(doc: Doc, sent: Span, starts: dict[int, Candidate]) -> Candidate | None:
    """The person who opens the sentence as in a transcript ("Kissinger: I respect ..."): a
    person actor, then a colon."""
    cand = starts.get(sent.start)
    if cand is None or cand.actor.type != "person" or cand.end >= sent.end:
        return None
    return cand if doc[cand.end].text == ":" else None


def speaker_plurals(
    doc: Doc,
    spans: Sequence[tuple[int, int, Any]],
    plural: Callable[[Any], bool],
    speech: frozenset[str],
    pronouns: frozenset[str] = THEY,
) -> list[tuple[int, Any]]:
    """(token index, payload) for each "they"/"their"/"them" that stands for a plural speaker.

    `spans` are (start token, end token, payload) of the known sides; `plural(payload)` says
    whether a side can be "they". The pronoun must be inside a clause the speech verb (of
    `speech`) governs. With `pronouns` = `IT`, the same for "it"/"its" and a singular
    collective speaker (`plural` then says whether a side can be "it").
    """
    starts = {start: (start, end, payload) for start, end, payload in spans}
    covered = {i for start, end, _ in spans for i in range(start, end)}
    found = []
    for sent in doc.sents:
        speaker = first_speaker(sent, starts, speech)
        if speaker is None or not plural(speaker[2]):
            continue
        start, end, payload = speaker
        root = sent.root
        clauses = [c for c in root.children if c.dep_ in ("ccomp", "xcomp", "advcl")]
        for clause in clauses:
            for token in clause.subtree:
                if token.lower_ not in pronouns or token.i in covered:
                    continue
                between = [
                    other
                    for s, e, other in spans
                    if end <= s and e <= token.i and plural(other) and other is not payload
                ]
                if not between:
                    found.append((token.i, payload))
    return found


class PronounRules:
    """Mixed into the actor component: needs `_pronoun_words` and `_it_words` filters and
    `_speech` (`speaker_verbs`)."""

    _speech: frozenset[str]

    def _pronouns(self, doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
        persons = [c for c in chosen if c.actor.type == "person" or c.kind == "role"]
        covered = {i for c in chosen for i in range(c.start, c.end)}
        found = []
        for token in map(doc.__getitem__, self._pronoun_words.indices(doc)):
            lower = token.lower_
            subject = lower in PRONOUNS_SUBJECT and token.dep_ in ("nsubj", "nsubjpass")
            possessive = lower in PRONOUNS_POSSESSIVE and token.dep_ == "poss"
            if not (subject or possessive) or token.i in covered:
                continue
            sent = token.sent
            window_start = sent.start
            if sent.start > 0:
                window_start = doc[sent.start - 1].sent.start
            previous = [p for p in persons if window_start <= p.start and p.end <= token.i]
            subjects = [p for p in previous if is_subject(doc[p.start : p.end])]
            if subjects or previous:
                antecedent = (subjects or previous)[-1]
                found.append(Candidate(token.i, token.i + 1, antecedent.actor, "pronoun"))
        found += self._it_pronouns(doc, chosen, covered)
        found += self._speaker_pronouns(doc, chosen, covered)
        taken = covered | {c.start for c in found}
        found += self._they_pronouns(doc, chosen, taken)
        return found

    def _speaker_pronouns(self, doc: Doc, chosen: list[Candidate], covered: set[int]):
        """ "We"/"our" in a quotation or a report ("we welcome ...," said X): the speaker X."""
        found = []
        starts = {c.start: c for c in chosen}
        for sent in doc.sents:
            speaker = first_speaker(sent, starts, self._speech) or interview_speaker(
                doc, sent, starts
            )
            if speaker is None:
                continue
            for token in sent:
                inside = speaker.start <= token.i < speaker.end
                if token.lower_ in _FIRST_PERSON and token.i not in covered and not inside:
                    found.append(Candidate(token.i, token.i + 1, speaker.actor, "pronoun"))
        return found

    def _it_pronouns(self, doc: Doc, chosen: list[Candidate], covered: set[int]):
        """ "it"/"its" for a state or organisation that was the subject just before."""
        collective = [c for c in chosen if c.actor.type != "person" and c.kind != "role"]
        groups = [c for c in collective if is_subject(doc[c.start : c.end])]
        found = []
        for token in map(doc.__getitem__, self._it_words.indices(doc)):
            lower = token.lower_
            subject = (
                lower == "it"
                and token.dep_ in ("nsubj", "nsubjpass")
                and (token.head.lemma_ or token.head.lower_) not in _IMPERSONAL
            )  # not "it is important to ...", "it appears that ..."
            possessive = lower == "its" and token.dep_ == "poss"
            if not (subject or possessive) or token.i in covered:
                continue
            sent = token.sent
            window_start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
            previous = [g for g in groups if window_start <= g.start and g.end <= token.i]
            if not previous or previous[-1].actor.sector not in ("GOV", "IGO", "MIL"):
                continue
            antecedent = previous[-1]
            rivals = [
                c
                for c in collective
                if antecedent.end <= c.start
                and c.end <= token.i
                and c.actor is not antecedent.actor
            ]
            if not rivals:  # "congratulated Qatar on its ...": ambiguous, left alone
                found.append(Candidate(token.i, token.i + 1, antecedent.actor, "pronoun"))
        return found

    def _they_pronouns(self, doc: Doc, chosen: list[Candidate], covered: set[int]):
        """ "they"/"their" in what a plural speaker says: the speaker (module docstring)."""
        spans = [(c.start, c.end, c) for c in chosen]
        pairs = speaker_plurals(doc, spans, lambda c: _plural_candidate(doc, c), self._speech)
        return [
            Candidate(i, i + 1, speaker.actor, "pronoun")
            for i, speaker in pairs
            if i not in covered
        ]


def is_plural_noun(token: Token) -> bool:
    """Whether the token is a plural noun ("rebels", "Kurds"): a side "they" can stand for."""
    return token.tag_ in _PLURAL_TAGS


def _plural_candidate(doc: Doc, cand: Candidate) -> bool:
    if cand.actor.type == "person" or cand.kind in ("person", "role", "pronoun"):
        return False
    return is_plural_noun(doc[cand.end - 1]) or cand.actor.type == "group"

"""Demands in reported speech: "Russia says Israel must end its attacks on Syria".

A clause with `must` or `should` (`demand_modals` in `pipeline/data/event_words.yaml`) that is
what a speech verb says (`speech_verbs` in `modality_words.yaml`) is a demand by the speaker:
PLOVER's REQUEST (CAMEO 10, demand) from the speaker to the clause's subject. Like "urged
Israel to end its attacks", the demanded act is not an event of its own; the speaker must be
an actor, the addressee may be missing ("the EU says an intervention must be avoided").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.models import ActorMention
from pipeline.nlp.event_args import _Found
from pipeline.nlp.lexicon import TriggerRule
from pipeline.nlp.syntax import Mentions, Syntax, children, is_verb, lemma_of

DEMAND = TriggerRule(lemma="demand", pos="verb", type="REQUEST", cameo="100")


@dataclass(frozen=True)
class Demand:
    """A demanded clause: its verb, the speech verb, speaker and addressee."""

    verb: Token
    speech: Token
    speakers: list[ActorMention]
    addressees: list[ActorMention]


def demands(sent: Span, mentions: Mentions, syntax: Syntax) -> list[Demand]:
    """The demands a sentence reports (with the word classes of `syntax.words`)."""
    modals, speech_verbs = syntax.words.demand_modals, syntax.words.speech_verbs
    actors_of, actors_within = syntax.actors_of, syntax.actors_within
    out = []
    for verb in sent:
        if not is_verb(verb) or not any(
            c.dep_ == "aux" and c.lower_ in modals for c in verb.children
        ):
            continue
        speech = _speech_verb(verb, speech_verbs)
        if speech is None:
            continue
        speakers = [  # "X, the former prime minister of Sri Lanka, said": through the apposition
            m
            for s in children(speech, "nsubj")
            for m in actors_of(s, mentions) or actors_within(s, mentions)
        ]
        if not speakers:
            continue
        addressees: list[ActorMention] = []
        for subject in children(verb, "nsubj", "nsubjpass"):
            addressees = actors_of(subject, mentions) or actors_within(subject, mentions)
        ids = {m.actor_id for m in speakers}
        out.append(Demand(verb, speech, speakers, [m for m in addressees if m.actor_id not in ids]))
    return out


def _speech_verb(verb: Token, speech_verbs: frozenset[str]) -> Token | None:
    """The speech verb whose content the clause is: "X says [Y must ...]" or "[Y must ...],
    X says"."""
    if verb.dep_ in ("ccomp", "parataxis") and lemma_of(verb.head) in speech_verbs:
        return verb.head
    if verb.dep_ == "ROOT":
        for child in children(verb, "parataxis"):
            if lemma_of(child) in speech_verbs:
                return child
    return None


def in_demand(token: Token, verbs: set[int]) -> bool:
    """Whether a trigger is a demanded verb or inside its clause ("must end [attacks]", "must
    continue to [provide] aid"), not in a clause of its own."""
    node = token
    while True:
        if node.i in verbs:
            return True
        if node.head.i == node.i or (is_verb(node) and node.dep_ not in ("xcomp", "conj")):
            return False
        node = node.head


def with_demands(
    found: list[_Found], pairs: dict, sent: Span, mentions: Mentions, syntax: Syntax
) -> list[_Found]:
    """The sentence's triggers with its demands: X's REQUEST to Y replaces the events of the
    demanded clause; `pairs` (trigger index -> actor pairs) gains the demands' pairs."""
    triggers = {f.token.i for f in found}
    asked = [d for d in demands(sent, mentions, syntax) if d.speech.i not in triggers]
    if not asked:
        return found
    verbs = {d.verb.i for d in asked}
    kept = [f for f in found if not in_demand(f.token, verbs)]
    for demand in asked:
        kept.append(_Found(demand.speech, DEMAND, demand.speech))
        pairs[demand.speech.i] = [
            ((s, "dep"), (a, "dep") if a else (None, ""))
            for s in demand.speakers
            for a in demand.addressees or [None]
        ]
    return sorted(kept, key=lambda f: f.token.i)

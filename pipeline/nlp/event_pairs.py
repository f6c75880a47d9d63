"""From an event's arguments to (source, target) pairs: coordination, reciprocal types,
the state implied by an agent, and targets inherited from the event a trigger elaborates.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.models import ActorMention, Event
from pipeline.nlp import extensions  # noqa: F401 (registers Doc._ attributes)
from pipeline.nlp.context import context_country, state_mention
from pipeline.nlp.event_args import _Args, _Found
from pipeline.nlp.lexicon import TriggerRule
from pipeline.nlp.syntax import (
    Mentions,
    Syntax,
    _unique,
    children,
    lemma_of,
)


class PairMaker:
    """Turns an event's arguments into (source, target) pairs (mixed into `EventExtractor`)."""

    def _implied_state_pairs(self, item: _Found, mentions: Mentions) -> list:
        """A self-targeted noun without actors whose sector a word or the noun itself gives
        ("the failed military coup", "the July coup attempt") is that sector of the country
        its sentence or document is about, acting against that country's state:
        TURMIL -> TUR. Without a sector the text names no side: no event."""
        words = [lemma_of(c) for c in children(item.token, "amod", "compound", "nmod")]
        sector = next((self.context.sector_modifiers[w] for w in words
                       if w in self.context.sector_modifiers), None)  # fmt: skip
        sector = sector or self.context.default_sectors.get(lemma_of(item.token))
        if sector is None:
            return []
        sent = item.token.sent
        country = context_country(
            mentions.in_range(sent.start, sent.end),
            [m for *_, m in mentions.spans],
            self.context,
            self.states,
        )
        if country is None:
            return []
        source = state_mention(country, sector, item.token.text)
        return [((source, "light"), (state_mention(country, "GOV", item.token.text), "self"))]

    @staticmethod
    def _own_state(source: tuple[ActorMention | None, str]):
        mention = source[0]
        if mention is None or mention.sector in ("GOV", "IGO") or len(mention.country) != 3:
            return (None, "")
        state = ActorMention(
            mention.country, mention.country, mention.country, "GOV", mention.text, 0, 0
        )
        return (state, "self")

    @staticmethod
    def _pairs(rule: TriggerRule, args: _Args, reciprocal: bool = False):
        sources = _unique_pairs(args.sources)
        targets = _unique_pairs(args.targets)
        participants = _unique(args.participants)
        source_ids = {m.actor_id for m, _ in sources}
        targets = [(m, h) for m, h in targets if m.actor_id not in source_ids]
        pairs = []
        symmetric = rule.symmetric or (reciprocal and len(sources) >= 2)
        if symmetric and len(sources) >= 2:
            targets = [(m, h) for m, h in targets if h == "dep"]  # not "agreed ... in Hanoi"
        if symmetric and (len(participants) >= 2 or (len(sources) >= 2 and not targets)):
            group = participants or [m for m, _ in sources]
            group = _unique(group + [m for m, _ in sources] + [m for m, _ in targets])
            for a in group:
                for b in group:
                    if a.actor_id != b.actor_id:
                        pairs.append(((a, "dep"), (b, "dep")))
            return pairs
        if participants and not sources:
            sources = [(m, "dep") for m in participants]
        elif participants and not targets:
            targets = [(m, "dep") for m in participants if m.actor_id not in source_ids]
        for source in sources or [(None, "")]:
            for target in targets or [(None, "")]:
                if source[0] is None and target[0] is None:
                    continue
                same = source[0] is not None and target[0] is not None
                if same and source[0].actor_id == target[0].actor_id:
                    continue
                pairs.append((source, target))
        return pairs


def _inherit_target(
    item: _Found, by_token: dict[int, list[Event]], found: list[_Found], syntax: Syntax
) -> list[Event]:
    """Target-less events of a participle or coordinated verb take the target of the verb
    they elaborate: "imposed sanctions on Turkey, suspending flights" -> Turkey."""
    patient_tokens = syntax.patient_tokens
    own = by_token.get(item.token.i, [])
    if not own or any(e.target_actor for e in own):
        return own
    nouns_by_head = {f.head.i: f.token.i for f in found if f.rule.pos == "noun"}
    token = item.token
    kind = own[0].event_type
    for deps in (("xcomp", "ccomp"), ("conj",)):
        keys = [c.i for c in children(token, *deps)]
        keys += [nouns_by_head[p.i] for c in children(token, *deps) for p in patient_tokens(c)
                 if p.i in nouns_by_head]  # fmt: skip
        donors = [e for k in keys for e in by_token.get(k, []) if e.target_actor]
        if deps == ("conj",):
            donors = [e for e in donors if e.event_type == kind]
        if donors:
            return _with_targets(own, donors)
    for _ in range(4):
        if token.dep_ not in ("advcl", "conj", "xcomp") or token.head is token:
            break
        token = token.head
        keys = [token.i] + [
            nouns_by_head[p.i] for p in patient_tokens(token) if p.i in nouns_by_head
        ]
        donors = [e for k in keys for e in by_token.get(k, []) if e.target_actor]
        if token.dep_ == "conj" or item.token.dep_ == "conj":
            donors = [e for e in donors if e.event_type == kind]
        if donors:
            return _with_targets(own, donors)
    return own


def _with_targets(own: list[Event], donors: list[Event]) -> list[Event]:
    out = []
    seen = set()
    for event in own:
        for donor in donors:
            if event.source_actor and donor.source_actor != event.source_actor:
                continue
            if donor.target_actor in seen or donor.target_actor == event.source_actor:
                continue
            seen.add(donor.target_actor)
            out.append(
                replace(
                    event,
                    target_actor=donor.target_actor,
                    target_country=donor.target_country,
                    target_sector=donor.target_sector,
                    confidence=round(min(0.95, event.confidence + 0.1), 2),
                )
            )
    return out or own


def _unique_pairs(items: list[tuple[ActorMention, str]]) -> list[tuple[ActorMention, str]]:
    seen: set[str] = set()
    out = []
    for mention, how in items:
        if mention.actor_id not in seen:
            seen.add(mention.actor_id)
            out.append((mention, how))
    return out

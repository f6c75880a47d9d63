"""Stance holders: the actors holding a cue's attitude, as methods of `StanceExtractor` (a
mixin). The verb's (inherited) agent ("Rubio criticised ..."), an apposition naming one ("Jane
Roe, the US envoy, criticised ..."), a listed phrase inside the agent ("critics, including two
UN envoys, accused ..."), the maker of a text or act that does it ("the council adopted a
resolution that praised ...", "X gave a speech attacking Y"), the subject of an adjective the
verb depends on ("became aggressive in attacking Y"), else the speaker of reported speech ("X
said it would back Y") or the one who urges it ("X urged voters to back Y")."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.models import ActorMention
from pipeline.nlp.stance_rules import is_person
from pipeline.nlp.syntax import (
    Mentions,
    Syntax,
    agent_tokens,
    children,
    is_verb,
    lemma_of,
    pobjs,
)

_CLIMB_DEPS = ("ccomp", "conj", "xcomp")


class HolderFinder(Syntax):
    """Methods of `StanceExtractor` that find a stance's holders."""

    _words: dict[str, frozenset[str]]
    _cue_nouns: set[str]

    def _holders(self, verb: Token, mentions: Mentions, depth: int = 0) -> list[ActorMention]:
        """The actors holding a verb's stance (see the module docstring)."""
        agents = agent_tokens(verb) or self.inherited_agents(verb)
        if not agents and verb.dep_ == "pcomp":  # "became aggressive in attacking Trump"
            governor = verb.head.head
            if governor.dep_ in ("acomp", "attr") and governor.head is not governor:
                agents = agent_tokens(governor.head) or self.inherited_agents(governor.head)
        if not agents and verb.dep_ in ("acl", "relcl"):  # "a website to attack Trump"
            agents = [verb.head]
        found = [m for tok in agents for m in self.actors_of(tok, mentions, self._cue_nouns)]
        if not found:
            found = [
                m
                for tok in agents
                for child in children(tok, "appos")
                for m in self.actors_of(child, mentions, self._cue_nouns)
            ] or [m for tok in agents for m in self._included(tok, mentions)]
        if not found:
            found = self._makers(agents, verb, mentions)
        speech = self._words["speech_verbs"] | self._words["demand_verbs"]
        clause = verb
        while not found and depth < 3 and clause.dep_ in _CLIMB_DEPS:
            clause, depth = clause.head, depth + 1
            if lemma_of(clause) in speech:
                return self._holders(clause, mentions, depth)
        return found

    def _included(self, tok: Token, mentions: Mentions) -> list[ActorMention]:
        """The actors an "including" phrase names: "critics, including two UN envoys"."""
        return [
            m
            for prep in children(tok, "prep")
            if prep.lower_ == "including"
            for obj in pobjs(prep)
            for m in self.actors_of(obj, mentions, self._cue_nouns)
        ]

    def _makers(self, agents: list[Token], verb: Token, mentions: Mentions) -> list[ActorMention]:
        """The maker of a thing that does the verb: "the council adopted a resolution that
        praised ..." -> the council, "X gave a speech attacking Y" -> X."""
        found: list[ActorMention] = []
        for tok in agents:
            if tok.lower_ in ("that", "which") and tok.head.dep_ == "relcl":
                tok = tok.head.head
            maker_verb = tok.head
            if tok.dep_ == "pobj" and tok.head.dep_ == "prep":  # "voted on a motion that ..."
                maker_verb = tok.head.head
            elif tok.dep_ not in ("dobj", "obj"):
                continue
            if (
                is_verb(maker_verb)
                and maker_verb is not verb
                and lemma_of(tok) in self._words["message_nouns"]
            ):
                for maker in agent_tokens(maker_verb) or self.inherited_agents(maker_verb):
                    found += self.actors_of(maker, mentions, self._cue_nouns)
        return found

    def _person_holder(self, holder: ActorMention, token: Token, mentions: Mentions) -> bool:
        """A person holds the stance: a person actor, or an actor named as the modifier of a
        person noun ("the Israeli leader attacked ...", not "Israeli forces attacked ...")."""
        if is_person(holder):
            return True
        for tok in token.sent:
            here, head = mentions.at(tok), mentions.at(tok.head)
            if (
                here is not None
                and here.actor_id == holder.actor_id
                and tok.dep_ in ("amod", "compound", "poss", "nmod")
                and lemma_of(tok.head) in self._words["person_nouns"]
                and (head is None or head.actor_id == holder.actor_id)
            ):
                return True
        return False

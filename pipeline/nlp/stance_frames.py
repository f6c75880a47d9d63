"""Evaluation frames of the stance extractor: "X sees/views/regards Y as Z", "X called Y a Z",
"X views Y with deep resentment", and reported evaluations ("X said Y was a liar", "Y is a
threat, X warned"): the score is the evaluation of Z (`evaluations` in stances.yaml)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.models import ActorMention
from pipeline.nlp.modality import HYPOTHETICAL, Modality
from pipeline.nlp.stance_lexicon import StanceLexicon
from pipeline.nlp.stance_rules import other_side, unique_mentions
from pipeline.nlp.syntax import Mentions, Syntax, children, is_verb, lemma_of, pobjs


@dataclass
class Found:
    """A matched stance cue with its holders and targets, before scoring."""

    token: Token
    cue_text: str
    score: float
    holders: list[ActorMention]
    targets: list[tuple[ActorMention | None, str | None]]  # (actor, topic)
    negation: str | None
    hypothetical: bool
    reciprocal: bool = False
    weak: bool = False  # an inferred stance: it yields to a cue between the same countries


class EvaluationFrames(Syntax):
    """Methods of `StanceExtractor` for the evaluation frames (a mixin)."""

    lexicon: StanceLexicon
    modal: Modality

    def _holders(self, verb: Token, mentions: Mentions) -> list[ActorMention]:
        raise NotImplementedError

    def _target_of(self, obj: Token, mentions: Mentions) -> list:
        raise NotImplementedError

    def _intensity(self, tokens: list[Token]) -> float:
        raise NotImplementedError

    def _see_as(self, verb: Token, mentions: Mentions) -> Found | None:
        objects = self.patient_tokens(verb)
        complements: list[Token] = []
        for prep in children(verb, "prep"):
            if prep.lower_ == "of" and not objects:
                objects = pobjs(prep)
                for inner in objects:
                    for sub in children(inner, "prep"):
                        if sub.lower_ == "as":
                            complements += pobjs(sub)
            if prep.lower_ == "as":
                complements += pobjs(prep)
        for obj in objects:
            for prep in children(obj, "prep"):
                if prep.lower_ == "as":
                    complements += pobjs(prep)
        complements += children(verb, "oprd", "xcomp")
        score = None
        for comp in complements:
            score = self._evaluate(comp)
            if score is not None:
                break
        if score is None:  # "view France with deep resentment"
            for prep in children(verb, "prep"):
                for comp in pobjs(prep) if prep.lower_ == "with" else []:
                    cue = self.lexicon.cues.get(("noun", lemma_of(comp)))
                    if cue is not None:
                        score = cue.score * self._intensity([comp])
        if score is None or not objects:
            return None
        holders = self._holders(verb, mentions)
        targets = [t for obj in objects for t in self._target_of(obj, mentions)]
        if not holders or not targets:
            return None
        targets = other_side(holders, targets)
        return Found(
            token=verb,
            cue_text=verb.text,
            score=score * self._intensity([verb]),
            holders=unique_mentions(holders),
            targets=targets,
            negation=self.modal.negation_kind(verb),
            hypothetical=self.modal.modality(verb) == HYPOTHETICAL,
        )

    def _evaluate(self, comp: Token, nouns: bool = True) -> float | None:
        """The evaluation of "as Z": any negative word wins ("unreliable partner", "strategic
        rival"), else the strongest positive one ("valuable partner")."""
        evaluations = self.lexicon.evaluations
        words = [c.lower_ for c in comp.children if c.dep_ in ("amod", "compound", "conj")]
        if nouns:
            words += [comp.lower_, lemma_of(comp)]
        values = [evaluations[w] for w in words if w in evaluations]
        if not values:
            return None
        negative = [v for v in values if v < 0]
        return min(negative) if negative else max(values)

    def _reported(self, verb: Token, mentions: Mentions) -> Found | None:
        """ "X said Y was a liar", "X argued that Y is dangerous": a speech verb whose clause
        evaluates an actor with a copula gives the speaker's stance toward that actor; "X said
        Y had violated the truce" (a misdeed verb, `misdeed_verbs`) a negative one."""
        copulas = self.lexicon.word_set("copulas")
        for clause in children(verb, "ccomp"):
            score, weak = None, False
            if lemma_of(clause) in copulas:
                for comp in children(clause, "attr", "acomp"):
                    score = self._evaluate(comp)
                    if score is not None:
                        break
            elif lemma_of(clause) in self.lexicon.word_set("misdeed_verbs"):
                if self.modal.negation_kind(clause) is not None:
                    continue  # "said Y had not violated the deal" blames no one
                score, weak = self.lexicon.weights.misdeed, True
            subjects = children(clause, "nsubj")
            if score is None or not subjects:
                continue
            holders = self._holders(verb, mentions)
            targets = [t for s in subjects for t in self._target_of(s, mentions) if t[0]]
            found = _held(self.modal, verb, verb, holders, targets, score, weak, negation_of=clause)
            if found is not None:
                return found
        return None

    def _demand(self, noun: Token, mentions: Mentions) -> Found | None:
        """ "X pressed for the president's resignation", "X demanded Y's ouster": a demand
        for someone's removal is the demander's negative stance toward them."""
        verb = noun.head
        if noun.dep_ == "pobj" and verb.lower_ == "for":
            verb = verb.head
        elif noun.dep_ not in ("dobj", "obj"):
            return None
        if not is_verb(verb) or lemma_of(verb) not in self.lexicon.word_set("demand_verbs"):
            return None
        owners = [c for c in noun.children if c.dep_ == "poss"]
        owners += [o for p in children(noun, "prep") if p.lower_ == "of" for o in pobjs(p)]
        targets = [t for o in owners for t in self._target_of(o, mentions) if t[0]]
        return _held(self.modal, noun, verb, self._holders(verb, mentions), targets,
                     self.lexicon.weights.demand_removal)  # fmt: skip

    def _backed(self, participle: Token, mentions: Mentions) -> Found | None:
        """ "Iranian-backed rebels", "the Saudi-funded militia": the actor before the
        participle backs the actor the phrase names."""
        holders = [
            m
            for child in participle.children
            if child.dep_ in ("npadvmod", "compound", "nmod", "advmod") and child.i < participle.i
            if (m := mentions.at(child)) is not None
        ]
        targets = [t for t in self._target_of(participle.head, mentions) if t[0] is not None]
        targets = other_side(holders, targets)
        if not holders or not targets:
            return None
        return Found(
            token=participle,
            cue_text=participle.text,
            score=self.lexicon.weights.backed,
            holders=unique_mentions(holders),
            targets=targets,
            negation=None,
            hypothetical=False,
        )

    def _rebuttal(self, verb: Token, mentions: Mentions) -> Found | None:
        """ "X rejected French criticism", "X dismissed Y's accusations": rebutting an actor's
        accusation (`accusation_nouns`) is a negative stance toward that actor."""
        accusers = []  # the accusation's owner or its "by"/"from" phrase, not what it alleges
        for obj in self.patient_tokens(verb):
            if lemma_of(obj) in self.lexicon.word_set("accusation_nouns"):
                accusers += [c for c in obj.children if c.dep_ in ("poss", "amod", "compound")]
                accusers += [
                    o for p in children(obj, "prep") if p.lower_ in ("by", "from") for o in pobjs(p)
                ]
        targets = [(m, None) for tok in accusers if (m := mentions.at(tok)) is not None]
        return _held(self.modal, verb, verb, self._holders(verb, mentions), targets,
                     self.lexicon.weights.rebuttal, weak=True)  # fmt: skip


def _held(
    modal: Modality, cue: Token, verb: Token, holders: list[ActorMention], targets: list,
    score: float, weak: bool = False, negation_of: Token | None = None,
) -> Found | None:  # fmt: skip
    """The stance of `holders` toward `targets` (other than themselves) on `cue`, with the
    modality of `verb` and the negation of `negation_of` (default `verb`) as `modal` reads
    them; None without a holder or a target."""
    targets = other_side(holders, targets)
    if not holders or not targets:
        return None
    return Found(
        token=cue,
        cue_text=cue.text,
        score=score,
        holders=unique_mentions(holders),
        targets=targets,
        negation=modal.negation_kind(negation_of or verb),
        hypothetical=modal.modality(verb) == HYPOTHETICAL,
        weak=weak,
    )

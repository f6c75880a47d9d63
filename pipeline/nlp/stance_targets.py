"""Stance targets: the actor or topic an object phrase names ("Turkey", "the government in
Kinshasa", "Russia's annexation of Crimea" -> RUS, "Obama officials" -> OBAMA, "the war in
Iraq" -> topic "war in iraq"), as methods of `StanceExtractor` (a mixin)."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.models import ActorMention
from pipeline.nlp.stance_lexicon import StanceLexicon
from pipeline.nlp.stance_rules import is_person, is_state, topic_text, unique_mentions
from pipeline.nlp.syntax import Mentions, children, conj_expand, lemma_of, pobjs

_CLAUSES = ("relcl", "acl", "advcl", "ccomp")


class TargetFinder:
    """Methods of `StanceExtractor` that find a stance's targets."""

    lexicon: StanceLexicon
    _words: dict[str, frozenset[str]]

    def _target_of(
        self, obj: Token, mentions: Mentions
    ) -> list[tuple[ActorMention | None, str | None]]:
        """An actor when the phrase's head names one ("Turkey", "the government in Kinshasa"),
        else the phrase as a topic ("the war in Iraq" -> "war in iraq")."""
        out: list[tuple[ActorMention | None, str | None]] = []
        for tok in conj_expand(obj):
            mention = mentions.at(tok)
            if mention is not None:
                out.append((mention, None))
                continue
            if tok.lower_ in ("him", "her", "them") and tok.dep_ in ("dobj", "pobj"):
                antecedent = self._antecedent(tok, mentions)
                if antecedent is not None:
                    out.append((antecedent, None))
                    continue
            if tok.lower_ in self._words["no_topic"] or tok.pos_ in ("PRON", "DET", "NUM"):
                # "some of Trump's supporters", "many of the Greek banks": the "of" phrase
                for prep in children(tok, "prep") if tok.lower_ not in ("it", "them") else []:
                    if prep.lower_ == "of":
                        out.extend(t for o in pobjs(prep) for t in self._target_of(o, mentions))
                continue
            if tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "ORDINAL"):
                continue
            owner = [  # "his predecessor Barack Obama": the apposition names the phrase
                m for appos in children(tok, "appos") if (m := mentions.at(appos)) is not None
            ] or self._owner(tok, mentions)
            if owner:
                out.extend((m, None) for m in owner)
                continue
            if tok.lower_ in self._words["government_nouns"]:
                inner = [
                    m
                    for prep in children(tok, "prep")
                    if prep.lower_ in ("of", "in")
                    for o in pobjs(prep)
                    if (m := mentions.at(o)) is not None
                ]
                if inner:
                    out.extend((m, None) for m in inner)
                    continue
            topic = topic_text(tok, self.lexicon)
            if topic:
                out.append((None, topic))
                out.extend((m, topic) for m in self._embedded(tok, mentions))
        return out

    def _antecedent(self, pronoun: Token, mentions: Mentions) -> ActorMention | None:
        """The actor an object pronoun stands for: the nearest actor named before it in the
        sentence that is not the subject of its verb ("the Iranians listened while Ban
        denounced them"); "him"/"her" only a person."""
        subjects = {t.i for c in pronoun.head.children if c.dep_ in ("nsubj", "nsubjpass")
                    for t in c.subtree}  # fmt: skip
        for tok in reversed(pronoun.sent[: pronoun.i - pronoun.sent.start]):
            mention = mentions.at(tok)
            if mention is None or tok.i in subjects:
                continue
            if pronoun.lower_ != "them" and not is_person(mention):
                continue
            return mention
        return None

    def _embedded(self, tok: Token, mentions: Mentions) -> list[ActorMention]:
        """Persons and bodies named inside a topic's prepositional phrases ("the decision by
        the Obama administration", "settlements in the West Bank"), not its modifiers, and not
        the side a hostile act is aimed at: backing "the opposition to Assad" or welcoming "an
        attack on Assad" is no stance for him (`hostile_nouns`, "against" phrases)."""
        if (
            lemma_of(tok) in self._words["hostile_nouns"]
            or tok.lower_ in self._words["hostile_nouns"]
        ):
            return []
        found = []
        for prep in children(tok, "prep"):
            if prep.lower_ == "against":
                continue
            clauses = {  # "forces on the ground that are battling ISIS": not ISIS
                t.i for c in prep.subtree if c.dep_ in _CLAUSES for t in c.subtree
            }
            for t in prep.subtree:
                m = mentions.at(t) if t.i not in clauses else None
                if m is not None:
                    found.append(m)
        return unique_mentions(found)

    def _owner(self, tok: Token, mentions: Mentions) -> list[ActorMention]:
        """The actor a possessed or modified phrase is about: "Russia's annexation of Crimea"
        -> RUS, "the American sanctions on Venezuela" -> USA, "Obama officials" -> OBAMA, "the
        US action" -> USA (an act of a state), but "the Paris agreement" stays a topic."""
        found = [
            m
            for child in children(tok, "poss")
            for t in child.subtree
            if (m := mentions.at(t)) is not None
        ]
        if not found:  # a demonym, or a person or body named as a modifier (not a place)
            found = [
                m
                for child in children(tok, "amod", "compound", "nmod")
                if child.i < tok.i
                for t in child.subtree
                if (m := mentions.at(t)) is not None
                and (
                    child.dep_ == "amod"
                    or child.pos_ == "ADJ"
                    or not is_state(m)
                    or lemma_of(tok) in self._words["act_nouns"]
                )
            ]
        if not found and tok.pos_ in ("NOUN", "PROPN"):  # "officials in Obama's administration"
            for prep in children(tok, "prep"):
                objects = pobjs(prep) if prep.lower_ in ("of", "in") else []
                for obj in [o for first in objects for o in conj_expand(first)]:  # "of X and Y"
                    mention = mentions.at(obj)
                    if mention is not None and prep.lower_ == "in" and is_state(mention):
                        continue  # "the militia in Yemen" is not Yemen's
                    found += [mention] if mention else self._owner(obj, mentions)
        return unique_mentions(found)

    def _prep_targets(self, token: Token, preps: set[str] | frozenset[str], mentions: Mentions):
        out = []
        for prep in children(token, "prep"):
            if prep.lower_ in preps:
                for obj in pobjs(prep):
                    out.extend(self._target_of(obj, mentions))
        return out

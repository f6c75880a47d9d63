"""Helpers of the stance extractor: scoring with negation and modality, topic phrases, and the
filters that keep a holder off its own side. The word classes come from the stance lexicon."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.models import ActorMention
from pipeline.nlp.stance_lexicon import StanceLexicon, Weights
from pipeline.nlp.syntax import lemma_of, pobjs

MAX_TOPIC_TOKENS = 10


def score_and_polarity(
    base: float, negation: str | None, hypothetical: bool, weights: Weights | None = None
) -> tuple[float, str]:
    """Apply negation and modality to a cue score; returns (score, polarity)."""
    weights = weights or Weights()
    score = max(-1.0, min(1.0, base))
    if negation == "grammatical" and score <= 0:
        return round(weights.denied_negative * score, 2), "neutral"
    if negation == "grammatical":
        score = weights.denied_positive * score
    if negation == "privative":
        score = weights.privative * score
    if hypothetical:
        score *= weights.hypothetical
    score = round(score, 2)
    polarity = "positive" if score > 0 else "negative" if score < 0 else "neutral"
    return score, polarity


def privative(token: Token) -> bool:
    """ "lost patience with", "little faith in", "no trust in": the cue is denied."""
    if token.dep_ == "dobj" and lemma_of(token.head) in ("lose", "lack"):
        return True
    return any(c.lower_ in ("little", "no") and c.dep_ in ("amod", "det") for c in token.children)


def other_side(holders: list[ActorMention], targets: list) -> list:
    """Drop targets that are a holder. A holder's own state stays a target: "Obama blamed
    the Bush administration", "ETA blamed the Spanish government" are stances toward it."""
    ids = {h.actor_id for h in holders}
    return [(a, t) for a, t in targets if a is None or a.actor_id not in ids]


def is_person(mention: ActorMention) -> bool:
    """A person (or a body named after one): neither a state nor one of its sector actors
    (TUR, TURMIL) nor an organisation or group whose code is its own id (NATO, HAMAS)."""
    return mention.actor_id != mention.country and not mention.actor_id.startswith(mention.country)


def is_state(mention: ActorMention) -> bool:
    """A state named as such (ISO 3166 alpha-3 id equal to its country): "Turkey", "Paris"."""
    return mention.actor_id == mention.country and len(mention.actor_id) == 3


def unique_mentions(mentions: list[ActorMention]) -> list[ActorMention]:
    """The mentions with the first of each actor only, in order."""
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.actor_id not in seen:
            seen.add(m.actor_id)
            out.append(m)
    return out


def topic_text(token: Token, lexicon: StanceLexicon) -> str | None:
    """The noun phrase headed by `token` as a normalised topic: lower case, without leading
    determiners, clauses, appositions or coordination ("the war in Iraq" -> "war in iraq")."""
    drop = lexicon.word_set("topic_drop")
    skip = lexicon.word_set("topic_skip_preps")
    leading = lexicon.word_set("leading_words")
    keep = {token.i}
    stack = [token]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in drop:
                continue
            if child.dep_ == "prep" and (
                child.lower_ in skip or any(o.ent_type_ in ("DATE", "TIME") for o in pobjs(child))
            ):
                continue
            keep.add(child.i)
            stack.append(child)
    start, end = min(keep), max(keep) + 1
    if end - start > MAX_TOPIC_TOKENS:
        start = max(start, token.i - MAX_TOPIC_TOKENS + 1)
        end = min(end, token.i + 4)
    doc = token.doc
    while start < token.i and doc[start].lower_ in leading:
        start += 1
    text = doc[start:end].text.strip(" ,;:-–—\"'“”").lower()
    return " ".join(text.split()) or None

"""Which person a name is: relatives of a registry person ("Michelle Obama", "Kerry Jang"), a
surname alone after the full name ("John McCain ... McCain said"), and listed places that cut
an alias ("The West Virginia ..."). Helpers of the actor component (`pipeline.nlp.actors`)."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.nlp.agents import ACTOR_WORDS
from pipeline.nlp.pronouns import Candidate

_HONORIFICS = ACTOR_WORDS.honorifics


def later_surnames(doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
    """A surname alone after the person was named in full ("Senator John McCain ... McCain
    said"): that person, when no other person of the document has that surname."""
    by_surname: dict[str, set[str]] = {}
    first_at: dict[str, int] = {}
    for cand in chosen:
        if cand.actor.type != "person" or cand.end - cand.start < 2:
            continue
        surname = doc[cand.end - 1]
        if not (surname.is_alpha and surname.text[0].isupper()) or surname.lower_ in _HONORIFICS:
            continue
        by_surname.setdefault(surname.text, set()).add(cand.actor.actor_id)
        first_at.setdefault(surname.text, cand.end)
    if not by_surname:
        return []
    covered = {i for c in chosen for i in range(c.start, c.end)}
    actors = {c.actor.actor_id: c.actor for c in chosen}
    found = []
    for token in doc:
        ids = by_surname.get(token.text)
        if not ids or len(ids) > 1 or token.i in covered or token.i < first_at[token.text]:
            continue
        (actor_id,) = ids
        cand = Candidate(token.i, token.i + 1, actors[actor_id], "person")
        if not other_given_name(doc, cand, covered):  # "Cindy McCain" is not John McCain
            found.append(cand)
    return found


def cuts(cand: Candidate, place: Candidate) -> bool:
    """Whether the candidate overlaps the place without containing it."""
    overlaps = cand.start < place.end and place.start < cand.end
    return overlaps and not (cand.start <= place.start and place.end <= cand.end)


def _other_surname(doc: Doc, cand: Candidate, named: set[int]) -> bool:
    """Whether a one-word match is the given name of a longer PERSON entity whose next name
    none of the actor's names contains ("Kerry Jang" is not John Kerry)."""
    if cand.end >= len(doc) or cand.end in named:
        return False
    first, following = doc[cand.start], doc[cand.end]
    if first.ent_type_ != "PERSON" or following.ent_iob_ != "I" or not following.is_title:
        return False
    return following.is_alpha and following.lower_ not in _actor_words(cand)


def _actor_words(cand: Candidate) -> set[str]:
    names = (cand.actor.name, *cand.actor.aliases)
    return {word.lower() for name in names for word in name.split()}


def other_given_name(doc: Doc, cand: Candidate, named: set[int]) -> bool:
    """Whether a one-word name match belongs to another person: preceded by a given name (in
    one PERSON entity, or a proper-noun compound of it that names nothing else), or followed
    inside one PERSON entity by a surname ("Kerry Jang"), that none of the actor's names
    contains ("Michelle Obama" is not Barack Obama)."""
    if cand.end - cand.start != 1:
        return False
    if _other_surname(doc, cand, named):
        return True
    if cand.start == 0 or cand.start - 1 in named:
        return False
    given, surname = doc[cand.start - 1], doc[cand.start]
    if not (given.is_alpha and given.is_title) or given.lower_ in _HONORIFICS:
        return False
    entity = surname.ent_iob_ == "I" and given.ent_type_ == "PERSON"
    compound = (
        given.dep_ == "compound"
        and given.head.i == surname.i
        and given.pos_ == "PROPN"
        and given.ent_type_ in ("", "PERSON")
        and not given.is_sent_start  # "Candidate Trump said ..."
    )
    return (entity or compound) and given.lower_ not in _actor_words(cand)

"""Agents with no country: "Thousands of nurses marched", "Police arrested dozens of protesters".

A noun of the registry's `sector_nouns` ("nurses", "police", "a suicide bomber", "the court")
that no registry mention covers names a side all the same: the text gives who acted, only
not their country. Such a noun becomes a provisional mention (id `UNRESOLVED_PREFIX` + its
words, country empty, sector from the noun), so the event component finds it as it finds an
actor, and `eventpipe_unresolved_sides_v1` later turns it into `source_text`/`target_text`
with its sector and a NULL actor and country: the country is never guessed.

Nouns that name a side only with a country before them ("side", "positions", "bases",
"state") are listed in `not_bare` of `pipeline/data/actor_words.yaml` and left out here.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.models import ActorMention
from pipeline.nlp.prefilter import WordFilter
from pipeline.nlp.syntax import children, pobjs

_NOUN_TAGS = ("NN", "NNS")
_MODIFIER_DEPS = ("compound", "amod")
_MAX_WORDS = 3
_REFERRING = frozenset({"two", "both", "these", "those"})


class BareAgents:
    """Finds the agent nouns of a doc that no registry mention covers (see the module)."""

    def __init__(self, sector_nouns: dict[str, str], not_bare: frozenset[str]) -> None:
        self.sector_nouns = sector_nouns
        self.not_bare = not_bare
        # only a token that can start an agent phrase is looked at
        self._starts = WordFilter({key.split()[0] for key in sector_nouns})

    def mentions(self, doc: Doc, taken: list[tuple[int, int]], prefix: str) -> list[ActorMention]:
        """Provisional mentions of the agent nouns that no span in `taken` overlaps.

        The longest agent phrase wins ("opposition leader" OPP, "riot police" COP); a run of
        them ("government forces") is one mention whose last phrase gives the sector;
        compound and adjective modifiers right before it join the words ("a suicide bomber"
        -> "suicide bomber"). An agent owned by a registry actor, or one that modifies a thing
        ("an army convoy"), is no mention (`_owned`).
        """
        starts = self._starts.indices(doc)
        if not starts:
            return []
        possible = set(starts)
        covered = {i for start, end in taken for i in _token_range(doc, start, end)}
        out: list[ActorMention] = []
        after = 0  # the end of the last phrase: starts before it are inside it
        for i in starts:
            if i < after or (found := self._agent_at(doc, i, covered)) is None:
                continue
            end, sector = found
            while end in possible and (more := self._agent_at(doc, end, covered)) is not None:
                end, sector = more
            if not _owned(doc[end - 1], covered):
                out.append(_mention(doc, _first_modifier(doc, i, covered), end, sector, prefix))
            after = end
        return out

    def _agent_at(self, doc: Doc, i: int, covered: set[int]) -> tuple[int, str] | None:
        """(end, sector) of the longest agent phrase starting at token i whose last word is a
        common noun, if any."""
        for length in range(_MAX_WORDS, 0, -1):
            end = i + length
            if end > len(doc) or any(j in covered for j in range(i, end)):
                continue
            last = doc[end - 1]
            if last.tag_ not in _NOUN_TAGS or not last.is_alpha:
                continue
            key = " ".join(t.lower_ for t in doc[i:end])
            if key in self.not_bare:
                continue
            sector = self.sector_nouns.get(key)
            if sector is None and length == 1:
                sector = self.sector_nouns.get(last.lemma_.lower())
            if sector is not None:
                return end, sector
        return None


def _owned(head: Token, covered: set[int]) -> bool:
    """Whether the agent noun belongs to someone the text names or refers back to, so that the
    event component should read its actor from there: a registry actor among its modifiers,
    possessor or prepositional objects ("Myanmar's military leaders", "its forces", "the
    junta in Myanmar", "fighters of the Wagner group", "Kurdish-led forces"), a count
    that refers back ("the two leaders"), or a thing it modifies ("the refugee relocation
    scheme", "an army convoy")."""
    if head.dep_ in _MODIFIER_DEPS and head.head.i > head.i:
        return True
    stack = [c for c in head.children if c.i < head.i or (c.dep_ == "prep" and c.lower_ == "of")]
    # other prepositions own the agent only through their own object ("journalists in
    # Turkey"): "workers at a plant in Poland" keep a country-less side of their own
    for prep in children(head, "prep"):
        if prep.lower_ != "of" and any(o.i in covered for o in pobjs(prep)):
            return True
    while stack:
        token = stack.pop()
        if token.i in covered or token.tag_ == "PRP$" or token.dep_ == "poss":
            return True
        if token.lower_ in _REFERRING and token.dep_ in ("nummod", "det", "predet"):
            return True
        if token.i < head.i and (
            token.text == "-"
            or token.dep_ == "prep"
            or (token.tag_ in ("NNP", "NNPS") and not token.is_sent_start)
        ):
            return True  # "Kurdish-led", "pro-government", "M23 rebels": a name outside
        stack.extend(token.children)
    return False


def _first_modifier(doc: Doc, start: int, covered: set[int]) -> int:
    """The first token of the modifiers right before `start` that modify the agent noun."""
    while start > 0:
        before = doc[start - 1]
        if (
            before.i in covered
            or before.dep_ not in _MODIFIER_DEPS
            or before.head.i < start
            or not before.is_alpha
        ):
            break
        start -= 1
    return start


def _mention(doc: Doc, start: int, end: int, sector: str, prefix: str) -> ActorMention:
    while start < end - 1 and doc[start].dep_ == "det":
        start += 1
    span = doc[start:end]
    return ActorMention(
        prefix + span.text, span.text, "", sector, span.text, span.start_char, span.end_char
    )


def _token_range(doc: Doc, start_char: int, end_char: int) -> range:
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)

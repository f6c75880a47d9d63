"""Sides the registry does not know: named entities that act in an event all the same.

"The Movement for Quality Government refused to respond": the text names the refuser, but no
registry entry does. Two components handle such sides:

- `eventpipe_unresolved_actors_v1` (after the actor component) adds a provisional mention for
  every named entity of the model (labels in `LABELS`) that no registry mention covers, so the
  event component finds it in the subject or object like any actor. Its id starts with
  `UNRESOLVED_PREFIX`, its country and sector are empty.
- `eventpipe_unresolved_sides_v1` (after the event and stance components) turns those sides
  back into what they are: an event keeps `source_actor`/`source_country` NULL and the words in
  `source_text` (same for the target); a stance whose target is unresolved keeps it as its
  `target_topic`, a stance whose holder is unresolved is dropped (a stance needs a known
  holder); the provisional mentions leave `doc._.actors`, so the `actor_mentions` table and
  the actor scores hold registry actors only.

An event with no registry actor on either side is still an event (the PLOVER type, date,
trigger and evidence are known); `date_basis`, views and dyads are unchanged, since dyad
views need two countries.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.models import ActorMention, Event, Stance
from pipeline.nlp import extensions  # noqa: F401 (registers Doc._ attributes)
from pipeline.nlp.agents import ACTOR_WORDS
from pipeline.nlp.bare_agents import BareAgents
from pipeline.nlp.pronouns import IT, is_plural_noun, speaker_plurals, speaker_verbs
from pipeline.nlp.rule_words import load_rule_words

ACTORS_FACTORY = "eventpipe_unresolved_actors_v1"
SIDES_FACTORY = "eventpipe_unresolved_sides_v1"
UNRESOLVED_PREFIX = "~"
# not GPE: a town the registry does not know is a place ("captured Mosul"), not an actor
LABELS = ("ORG", "PERSON", "NORP")
_MODIFIER_DEPS = ("compound", "amod", "nmod", "poss", "appos", "nummod")
_LEADING = ("the ", "The ")


def is_unresolved(actor_id: str | None) -> bool:
    """Whether an actor id is a provisional one for a side the registry does not know."""
    return bool(actor_id) and actor_id.startswith(UNRESOLVED_PREFIX)


def unresolved_mentions(doc: Doc, labels: tuple[str, ...] = LABELS) -> list[ActorMention]:
    """Provisional mentions of the named entities no registry mention overlaps."""
    taken = [(m.start, m.end) for m in doc._.actors or []]
    out = []
    for ent in doc.ents:
        if ent.label_ not in labels or not any(t.is_alpha for t in ent):
            continue
        if ent.root.dep_ in ("amod", "compound", "nmod"):
            continue  # "a Sikh activist", "Acme employees": a modifier, not the side itself
        if any(start < ent.end_char and ent.start_char < end for start, end in taken):
            continue
        if _modified_by_registry_actor(ent.root, taken):
            continue  # "UN human rights chief Michelle Bachelet" is the UN's
        name = ent.text
        for lead in _LEADING:
            name = name.removeprefix(lead)
        out.append(
            ActorMention(
                UNRESOLVED_PREFIX + name, name, "", "", ent.text, ent.start_char, ent.end_char
            )
        )
    return out


def _modified_by_registry_actor(root, taken: list[tuple[int, int]]) -> bool:
    """Whether a registry mention sits in the modifiers of the entity's head word."""
    stack = [c for c in root.children if c.dep_ in _MODIFIER_DEPS]
    while stack:
        token = stack.pop()
        if any(start <= token.idx < end for start, end in taken):
            return True
        stack.extend(c for c in token.children if c.dep_ in _MODIFIER_DEPS)
    return False


class UnresolvedActors:
    """Adds provisional mentions for named entities outside the registry and, given the
    registry's agent nouns, for agents without a country (`pipeline.nlp.bare_agents`)."""

    def __init__(
        self,
        labels: tuple[str, ...] = LABELS,
        sector_nouns: dict[str, str] | None = None,
        modality_words_path: str | None = None,
    ) -> None:
        self.labels = tuple(labels)
        self._speech = speaker_verbs(load_rule_words(modality_words_path=modality_words_path))
        self.bare = BareAgents(sector_nouns, ACTOR_WORDS.not_bare) if sector_nouns else None

    def __call__(self, doc: Doc) -> Doc:
        """Merge the provisional mentions into `doc._.actors`, in text order."""
        extra = unresolved_mentions(doc, self.labels)
        if self.bare is not None:
            taken = [(m.start, m.end) for m in [*(doc._.actors or []), *extra]]
            bare = self.bare.mentions(doc, taken, UNRESOLVED_PREFIX)
            orgs = [m for m in extra if _is_organisation(doc, m)]
            extra += bare + _they_for_bare_speakers(doc, bare, orgs, taken, self._speech)
        if extra:
            doc._.actors = sorted([*(doc._.actors or []), *extra], key=lambda m: m.start)
        return doc


def _is_organisation(doc: Doc, mention: ActorMention) -> bool:
    span = doc.char_span(mention.start, mention.end)
    return span is not None and any(e.label_ == "ORG" for e in span.ents)


def _they_for_bare_speakers(
    doc: Doc,
    bare: list[ActorMention],
    orgs: list[ActorMention],
    taken: list[tuple[int, int]],
    speech: frozenset[str],
) -> list[ActorMention]:
    """ "they" in what a plural country-less agent says ("the dockworkers said they will not
    end the strike"), "it"/"its" in what a singular one or an unknown organisation says ("the
    trade union said it will not ...", "the Movement for Change said its members ..."): a
    mention of that side (`pipeline.nlp.pronouns.speaker_plurals`)."""
    spans = []
    for mention in [*bare, *orgs]:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            spans.append((span.start, span.end, mention))
    bare_ids = {id(m) for m in bare}
    plural = {id(m) for _, end, m in spans if is_plural_noun(doc[end - 1]) and id(m) in bare_ids}
    singular = {id(m) for _, end, m in spans if doc[end - 1].tag_ in ("NN", "NNP")}
    found = speaker_plurals(doc, spans, lambda m: id(m) in plural, speech)
    found += speaker_plurals(doc, spans, lambda m: id(m) in singular, speech, IT)
    out = []
    for i, speaker in found:
        token = doc[i]
        if not any(start <= token.idx < end for start, end in taken):
            out.append(
                replace(speaker, text=token.text, start=token.idx, end=token.idx + len(token))
            )
    return out


def resolved_event(event: Event) -> Event:
    """The event with provisional sides turned into NULL actors and their words."""
    changes: dict = {}
    if is_unresolved(event.source_actor):
        changes |= {"source_text": event.source_actor[1:], "source_actor": None,
                    "source_country": None,
                    "source_sector": event.source_sector or None}  # fmt: skip
    if is_unresolved(event.target_actor):
        changes |= {"target_text": event.target_actor[1:], "target_actor": None,
                    "target_country": None,
                    "target_sector": event.target_sector or None}  # fmt: skip
    return replace(event, **changes) if changes else event


def resolved_stance(stance: Stance) -> Stance | None:
    """The stance with an unresolved target as its topic; None for an unresolved holder."""
    if is_unresolved(stance.holder_actor):
        return None
    if is_unresolved(stance.target_actor):
        topic = stance.target_topic or stance.target_actor[1:]
        return replace(stance, target_actor=None, target_country=None, target_topic=topic)
    return stance


def resolve_sides(doc: Doc) -> Doc:
    """Replace provisional sides on `doc._.events`, `doc._.stances` and `doc._.actors`."""
    if not any(is_unresolved(m.actor_id) for m in doc._.actors or []):
        return doc
    doc._.events = [resolved_event(e) for e in doc._.events or []]
    doc._.stances = [s for s in map(resolved_stance, doc._.stances or []) if s is not None]
    doc._.actors = [m for m in doc._.actors or [] if not is_unresolved(m.actor_id)]
    return doc


@Language.factory(
    ACTORS_FACTORY,
    default_config={"labels": list(LABELS), "bare_agents": True, "modality_words_path": None},
    requires=["doc._.actors"],
    assigns=["doc._.actors"],
)
def make_unresolved_actors(
    nlp: Language, name: str, labels: list[str], bare_agents: bool, modality_words_path: str | None
) -> UnresolvedActors:
    """Factory of the component that adds provisional mentions (`labels`: entity labels;
    `bare_agents`: also agent nouns without a country, from the actor component's registry;
    `modality_words_path`: the speech verbs whose subject "they" can stand for)."""
    from pipeline.nlp.actors import FACTORY_NAME as ACTORS

    nouns = None
    if bare_agents and ACTORS in nlp.pipe_names:
        nouns = nlp.get_pipe(ACTORS).registry.sector_nouns
    return UnresolvedActors(tuple(labels), nouns, modality_words_path)


@Language.component(
    SIDES_FACTORY,
    requires=["doc._.events", "doc._.stances"],
    assigns=["doc._.events", "doc._.stances", "doc._.actors"],
)
def unresolved_sides(doc: Doc) -> Doc:
    """Turn provisional sides into NULL actors with their words (see the module docstring)."""
    return resolve_sides(doc)

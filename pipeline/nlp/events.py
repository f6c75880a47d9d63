"""Event extraction: trigger words → PLOVER events between registry actors.

The component `eventpipe_events_v1` (spaCy forbids "." in factory names, so this is the
"eventpipe.events.v1" component) reads `doc._.actors` and `doc._.timexes` and sets
`doc._.events: list[Event]`. It needs a dependency parse.

Triggers come from `pipeline/data/triggers.yaml` (verbs by lemma, particle and object, and
event nouns; see the file's header). For each trigger:

- Verbs: the source is the subject (the "by" agent in the passive, where the subject is the
  target); a verb without a subject takes it from the verb it depends on ("decided to impose",
  "imposed ..., suspending ...", "X and Y met and signed"). Targets are the direct object and
  the objects of "on/against/to/with/toward/into/at/upon"; failing those, verbal types
  (accuse, support, request, reject, threaten) look for an actor inside the object phrase
  ("condemned measures taken in Turkey"), and any type looks inside a "for" phrase
  ("apologized for the downing of the Russian jet").
- Nouns: the source is the possessor ("Erdogan's apology"), a "by"/"from" phrase, a demonym or
  name modifier ("Russian sanctions", "EU sanctions"), else the subject of the verb that
  governs the noun ("Moscow imposed sanctions", "Turkey launched an attack"). Targets are an
  "of" phrase ("the downing of a Russian jet"; for visits and apologies "of" is the source),
  "on/against/to/with/..." phrases, or the experiencer of an impact verb ("Turkey was hit by
  Russian sanctions"). "between X and Y" and multiple modifiers ("the Russian-Turkish
  rapprochement") are participants of symmetric types.
- Coordination expands: "X imposed sanctions on Y and Z" gives two events; for symmetric
  types coordinated subjects act on each other ("Erdogan and Putin met": both directions).
- A participle or coordinated verb without a target takes the target of the event it
  elaborates ("imposed sanctions on Turkey, suspending flights"); "threatened to strike Iran"
  gives the threat the target of the strike.
- What is requested or refused is not an event of its own ("urged Beijing to release ...",
  "refused to ratify ..."), nor is a noun that is the object of such a verb ("threatened
  sanctions"); "threatened to X" keeps X with modality 'future'.
- An event is emitted only when its source or target is a registry actor, never with the same
  actor on both sides, at most once per dyad and type in a sentence; CONSULT/AGREE need a
  state-like source (tourists visiting a country are no consultation).

Dates. The event's own date is a temporal expression of its sentence (only those whose value
has a calendar period: not durations, not PAST_REF):
1. an expression right after a nominal trigger's phrase belongs to it ("the downing of a jet
   [in November 2015]");
2. otherwise the expression nearest to the trigger in the dependency tree, when no other
   trigger of the sentence is nearer, it lies in the trigger's clause (not in a coordinated or
   subordinate clause with its own subject) and within 7 edges (4 for nominal triggers);
3. otherwise, for verbs and subject nouns, the nearest expression before the trigger in an
   enclosing clause ("In June 2016, X apologized and expressed regret").
Without one, the event is dated by the document: `event_date` = document date,
`date_precision` 'day' ('none' without a document date), `date_basis` 'document',
`date_text`/`date_value` None — so `date_basis != 'document'` selects events dated by the text.

`negated` and `modality` come from `pipeline.nlp.modality`, except that an asserted, unnegated
event whose own date lies after the document date (and whose clause is not in a past tense) is
'future' ("gave Ankara until the end of October 2016 to withdraw"). "X expressed regret for
<event>" makes X its doer, "X expressed outrage over <event>" does not (only the contrite
objects of express/offer/claim/take/accept/bear own up to an act); `location` is a place attached to
the trigger by in/over/at/near that is not one of the event's actors; `confidence` grows with
how directly the actors were found (0.05-0.95). Evidence: `sentence` is the sentence text and
`doc.text[char_start:char_end] == sentence`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.models import ActorMention, Event, Timex
from pipeline.nlp import extensions  # noqa: F401 (registers Doc._ attributes)
from pipeline.nlp.context import context_country, load_event_context, state_mention
from pipeline.nlp.continuation import inherit_context_dates
from pipeline.nlp.lexicon import TriggerRule, load_triggers
from pipeline.nlp.modality import ASSERTED, FUTURE, LIGHT_VERBS, modality, negated
from pipeline.nlp.ontology import EventType, load_ontology
from pipeline.nlp.prefilter import WordFilter
from pipeline.nlp.rules_data import (
    DEFAULT_FRAME,
    load_event_words,
    load_frames,
    types_with,
)
from pipeline.nlp.timex import period_of

_LIGHT_FORMS = {
    form
    for verb in LIGHT_VERBS
    for form in (verb + "s", verb + "d", verb + "ed", verb + "ing", verb[:-1] + "ing")
}
FACTORY_NAME = "eventpipe_events_v1"

_WORDS = load_event_words()
_FRAMES = load_frames()
TARGET_PREPS = _WORDS.sets["target_preps"]
ADJECTIVAL = _WORDS.sets["adjectival"]
ADVERB_PARTICLES = _WORDS.sets["adverb_particles"]
LOCATION_PREPS = _WORDS.sets["location_preps"]
WITH_TYPES = types_with(_FRAMES, prep="with")
AT_TYPES = types_with(_FRAMES, prep="at")
VERBAL_TYPES = types_with(_FRAMES, cls="verbal")
IMPACT_TYPES = types_with(_FRAMES, cls="impact")
DIPLOMATIC_TYPES = types_with(_FRAMES, cls="diplomatic")
STATE_SECTORS = _WORDS.sets["state_sectors"]
PRIVATE_SECTORS = _WORDS.sets["private_sectors"]
QUANTITY_NOUNS = _WORDS.sets["quantity_nouns"]
PERSON_NOUNS = _WORDS.sets["person_nouns"]
RECEIVER_VERBS = _WORDS.sets["receiver_verbs"]
OBJECT_CONTROL = _WORDS.sets["object_control"]
RELATIVE_PRONOUNS = _WORDS.sets["relative_pronouns"]
RESPONSIBLE_VERBS = _WORDS.sets["responsible_verbs"]
RESPONSE_VERBS = _WORDS.sets["response_verbs"]
RESPONSIBLE_NOUNS = _WORDS.sets["responsible_nouns"]
RESPONSIBLE_BY_OBJECT = _WORDS.sets["responsible_by_object"]
CONTRITION_NOUNS = _WORDS.sets["contrition_nouns"]
BLAME_VERBS = _WORDS.sets["blame_verbs"]
PRONOUN_TEXTS = _WORDS.sets["pronoun_texts"]
GROUP_NOUNS = _WORDS.sets["group_nouns"]
_SRC_WEIGHT = _WORDS.source_weights
_TGT_WEIGHT = _WORDS.target_weights


# ------------------------------------------------------------------------------ syntax helpers
def is_light(token: Token) -> bool:
    """Whether a verb is a light verb (by lemma, or by form when the lemma is wrong)."""
    return lemma_of(token) in LIGHT_VERBS or token.lower_ in _LIGHT_FORMS


def lemma_of(token: Token) -> str:
    """Lower-case lemma (the text when there is no lemmatizer)."""
    return (token.lemma_ or token.lower_).lower()


def is_verb(token: Token) -> bool:
    """A verb token (VERB, or a VB* tag when there is no POS)."""
    return token.pos_ == "VERB" or (token.pos_ in ("", "AUX") and token.tag_.startswith("VB"))


def is_noun(token: Token) -> bool:
    """A noun token (NOUN/PROPN, or an NN* tag when there is no POS)."""
    return token.pos_ in ("NOUN", "PROPN") or (token.pos_ == "" and token.tag_.startswith("NN"))


def is_passive(verb: Token) -> bool:
    """Whether the verb is in the passive voice."""
    return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children)


def children(token: Token, *deps: str) -> list[Token]:
    """The token's children with one of the given dependency labels."""
    return [c for c in token.children if c.dep_ in deps]


def pobjs(prep: Token) -> list[Token]:
    """Objects of a preposition (including gerund complements)."""
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def matched_pobjs(token: Token, rule: TriggerRule) -> list[Token]:
    """Prepositional objects of the token (or of its particle: "pulled out of the deal") that
    the rule's `pobj` list names."""
    preps = children(token, "prep") + [
        p
        for c in children(token, "prt", "advmod")
        if c.lower_ in ADVERB_PARTICLES  # "walked away [from the accord]"
        for p in children(c, "prep")
    ]
    preps += [q for p in preps for q in children(p, "prep")]  # "pulled ... out [of the deal]"
    return [
        o for p in preps for o in pobjs(p) if lemma_of(o) in rule.pobjs or o.lower_ in rule.pobjs
    ]


def conj_expand(token: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("X, Y and Z")."""
    out = [token]
    stack = children(token, "conj") + [
        a for a in children(token, "appos") if a.pos_ == "PROPN" and children(a, "conj")
    ]  # "Saudi Arabia, the UAE, Bahrain and Egypt" parsed as an apposition
    while stack:
        tok = stack.pop(0)
        out.append(tok)
        stack.extend(children(tok, "conj"))
    return out


def transparent(token: Token) -> Token:
    """Skip quantity nouns: "a number of sanctions" → "sanctions"."""
    if lemma_of(token) in QUANTITY_NOUNS:
        for prep in children(token, "prep"):
            if prep.lower_ == "of":
                objects = pobjs(prep)
                if objects:
                    return objects[0]
    return token


def agent_tokens(verb: Token) -> list[Token]:
    """The explicit doer of a verb: its subject, or the "by" agent in the passive."""
    if is_passive(verb):
        return [o for a in children(verb, "agent") for o in pobjs(a)]
    subjects = children(verb, "nsubj", "csubj")
    if not subjects:  # a misparsed sentence-initial subject ("Trump/dep repeatedly praised")
        subjects = [c for c in verb.children if c.dep_ == "dep" and c.i < verb.i and c.is_title]
    return subjects


def patient_tokens(verb: Token) -> list[Token]:
    """The undergoer: direct object/dative, or the passive subject.

    A verb in a relative or participle clause takes the noun it modifies when that noun is
    its object: "the deal [Turkey struck]", "the sanctions [imposed on Turkey]".
    """
    if is_passive(verb):
        found = children(verb, "nsubjpass")
    else:
        found = [transparent(t) for t in children(verb, "dobj", "dative", "obj", "iobj")]
    if not found and verb.head is not verb:
        own_subject = [t for t in children(verb, "nsubj") if t.lower_ not in RELATIVE_PRONOUNS]
        if verb.dep_ == "relcl" and own_subject or verb.dep_ == "acl" and verb.tag_ == "VBN":
            found = [verb.head]
    return found


def doer_actors(
    verb: Token, mentions: Mentions, event_nouns: set[str] | None = None
) -> list[ActorMention]:
    """Actors doing `verb`: its (inherited) agent, or when that is a thing made by someone,
    the maker ("Putin signed a decree imposing sanctions" -> Putin)."""
    agents = agent_tokens(verb) or inherited_agents(verb)
    found = [m for tok in agents for m in actors_of(tok, mentions, event_nouns)]
    if not found:
        for tok in agents:
            if tok.dep_ in ("dobj", "obj") and is_verb(tok.head) and tok.head is not verb:
                for maker in agent_tokens(tok.head) or inherited_agents(tok.head):
                    found += actors_of(maker, mentions, event_nouns)
    return _unique(found)


def inherited_agents(verb: Token, depth: int = 0) -> list[Token]:
    """The doer of a subjectless verb, from the verb it depends on."""
    head = verb.head
    if depth > 5 or head is verb:
        return []
    dep = verb.dep_
    if is_passive(verb) and dep in ("pcomp", "advcl", "conj") and not is_passive(head):
        return []  # "shot down a jet before being hit": the doer of the hit is unknown
    if dep == "xcomp":
        if lemma_of(head) in OBJECT_CONTROL:
            objects = children(head, "dobj")
            if objects:
                return objects
        raised = children(head, "nsubjpass") if is_passive(head) else []  # "X is expected to"
        return agent_tokens(head) or raised or inherited_agents(head, depth + 1)
    if dep == "conj" and (is_verb(head) or head.pos_ == "AUX"):
        if is_passive(verb) and not is_passive(head):
            return []
        return agent_tokens(head) or inherited_agents(head, depth + 1)
    if dep == "advcl" and (verb.tag_ in ("VBG", "VBN", "VB") or verb.pos_ == ""):
        return agent_tokens(head) or inherited_agents(head, depth + 1)
    if dep in ("acomp", "attr", "oprd") and (is_verb(head) or head.pos_ == "AUX"):
        return agent_tokens(head) or inherited_agents(head, depth + 1)
    if dep == "relcl":
        own = [t for t in children(verb, "nsubj") if t.lower_ not in RELATIVE_PRONOUNS]
        return [] if own else [head]
    if dep == "acl" and verb.tag_ == "VBG":
        return [head]
    if dep == "acl" and children(head, "poss"):
        return children(head, "poss")  # "Moscow's decision to suspend ..."
    if dep == "pcomp":
        holder = head.head
        if is_verb(holder):
            if lemma_of(holder) in BLAME_VERBS and children(holder, "dobj"):
                return children(holder, "dobj")  # "accused Iran of attacking": Iran attacked
            return agent_tokens(holder) or inherited_agents(holder, depth + 1)
        return children(holder, "poss")
    return []


class Mentions:
    """Actor mentions of a Doc indexed by token."""

    def __init__(self, doc: Doc) -> None:
        self.by_token: dict[int, ActorMention] = {}
        self.spans: list[tuple[int, int, ActorMention]] = []
        for mention in doc._.actors or []:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            self.spans.append((span.start, span.end, mention))
            for i in range(span.start, span.end):
                self.by_token[i] = mention

    def at(self, token: Token) -> ActorMention | None:
        """The mention covering the token, if any."""
        return self.by_token.get(token.i)

    def in_range(self, start: int, end: int) -> list[ActorMention]:
        """Mentions starting inside [start, end)."""
        return [m for s, _, m in self.spans if start <= s < end]


def actors_of(
    token: Token,
    mentions: Mentions,
    event_nouns: set[str] | None = None,
    modifiers: bool = True,
    expand: bool = True,
) -> list[ActorMention]:
    """The actors an argument token names, with coordination ("X and Y") expanded.

    A token inside a mention is that actor; a relative pronoun is its antecedent; otherwise
    (unless the token is itself an event noun) a demonym, name or possessor modifying it
    ("Ukrainian positions", "two Turkish F-16 fighters", "the EU's members") or else an "of"
    phrase ("the leaders of Turkey and Russia", "the air defences of the Revolutionary Guards").
    """
    found: list[ActorMention] = []
    for tok in conj_expand(token) if expand else [token]:
        mention = mentions.at(tok)
        if mention:
            found.append(mention)
            for child in children(tok, "amod", "compound"):  # "American and British forces"
                other = mentions.at(child)
                if (
                    other is not None
                    and other.actor_id != mention.actor_id
                    and other.sector == mention.sector
                    and child.i < tok.i
                ):
                    found.append(other)
            continue
        if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
            found.extend(actors_of(tok.head.head, mentions, event_nouns, modifiers))
            continue
        if not modifiers or (event_nouns and lemma_of(tok) in event_nouns):
            continue
        own = []
        for child in tok.children:
            if child.dep_ in ("compound", "amod", "poss", "nmod", "nummod") and child.i < tok.i:
                found_here = [m for t in child.subtree if (m := mentions.at(t)) is not None]
                if child.dep_ == "poss" and found_here:
                    own = found_here  # "Sweden's NATO membership": Sweden
                    break
                own.extend(found_here)
        if not own and tok.pos_ not in ("PRON", "DET"):
            for prep in children(tok, "prep"):
                if prep.lower_ == "of":
                    for obj in pobjs(prep):
                        own.extend(actors_of(obj, mentions, event_nouns))
        found.extend(own)
    return _unique(found)


def actors_within(
    token: Token, mentions: Mentions, depth: int = 3, clauses: bool = True
) -> list[ActorMention]:
    """Actors anywhere in the phrase under `token`, nearest first (breadth-first).

    At each level modifiers come before prepositional objects (which do not count as a level
    of their own: "the import of Turkish products" is depth 2). `clauses=False` enters neither
    relative clauses nor place phrases ("a hotel [in Mogadishu]").
    """
    skip = {"punct", "cc", "conj", "advcl"}
    if not clauses:
        skip |= {"relcl"}
    found: list[ActorMention] = []
    frontier = [token]
    for _ in range(depth + 1):
        following: list[Token] = []
        prepositional: list[Token] = []
        for tok in frontier:
            mention = mentions.at(tok)
            if mention:
                found.extend(m for t in conj_expand(tok) if (m := mentions.at(t)) is not None)
                continue
            for child in tok.children:
                if child.dep_ in skip:
                    continue
                if child.dep_ == "prep":
                    if clauses or child.lower_ not in LOCATION_PREPS:
                        prepositional.extend(pobjs(child))
                else:
                    following.append(child)
        if found:
            break
        near = [m for t in following if (m := mentions.at(t)) is not None]
        if near:
            found.extend(near)
            break
        frontier = following + prepositional
    return _unique(found)


def _unique(mentions: Iterable[ActorMention]) -> list[ActorMention]:
    seen: set[tuple[str, int]] = set()
    out = []
    for m in mentions:
        key = (m.actor_id, m.start)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def tree_distance(a: Token, b: Token) -> int:
    """Number of dependency edges between two tokens of a sentence (positions if no parse)."""
    if not a.doc.has_annotation("DEP"):
        return abs(a.i - b.i)
    path_a = {a.i: 0}
    for depth, anc in enumerate(a.ancestors, start=1):
        path_a[anc.i] = depth
    if b.i in path_a:
        return path_a[b.i]
    for depth, anc in enumerate(b.ancestors, start=1):
        if anc.i in path_a:
            return path_a[anc.i] + depth
    return 1000 + abs(a.i - b.i)


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences (the whole doc when nothing sets sentence boundaries)."""
    if doc.has_annotation("SENT_START"):
        return list(doc.sents)
    return [doc[:]]


def _verb_stems(word: str) -> list[str]:
    """Lemma guesses for a verb form the model lemmatised wrongly ("staged" -> "stag"), in order."""
    stems = (word[:-1], word[:-2], word[:-3], word[:-2] + "e")
    return [stem for stem in stems if len(stem) > 2]


# ------------------------------------------------------------------------------ dates
@dataclass(frozen=True)
class DatedTimex:
    """A calendar temporal expression with its tokens and period."""

    timex: Timex
    span: Span
    period: date
    precision: str


class Timexes:
    """The document's calendar temporal expressions, and the choice of one for a trigger."""

    def __init__(self, doc: Doc) -> None:
        self.items: list[DatedTimex] = []
        for timex in doc._.timexes or []:
            if timex.type != "DATE":
                continue
            period, precision = period_of(timex.value)
            if period is None or precision == "none":
                continue
            span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            if span is not None and len(span):
                self.items.append(DatedTimex(timex, span, period, precision))
        self.tokens = {i for item in self.items for i in range(item.span.start, item.span.end)}

    def choose(
        self,
        anchor: Token,
        sent: Span,
        rivals: Iterable[Token] = (),
        nominals: Iterable[int] = (),
        fallback: bool = True,
    ) -> DatedTimex | None:
        """The expression dating `anchor` within its sentence, or None.

        An expression right after a nominal trigger's phrase ("the downing of a jet [in
        November 2015]") belongs to that trigger; otherwise to the trigger nearest to it in the
        dependency tree (`rivals` are the sentence's other triggers). Failing one of its own,
        the anchor takes the nearest expression before it in the sentence (if `fallback`).
        """
        inside = [t for t in self.items if sent.start <= t.span.start and t.span.end <= sent.end]
        if not inside:
            return None
        contenders = [anchor] + [r for r in rivals if r.i != anchor.i]
        nominal_ids = set(nominals)
        owned = []
        for item in inside:
            owner = _adjacent_nominal(item.span, contenders, nominal_ids)
            if owner is not None:
                if owner.i == anchor.i:
                    owned.append((0, item.span.start, item))
                continue
            mine = tree_distance(anchor, item.span.root)
            if anchor.i in nominal_ids and anchor.dep_ in ("nsubj", "nsubjpass"):
                mine = min(mine, tree_distance(anchor.head, item.span.root) + 1)
            elif anchor.i in nominal_ids and mine > _NOMINAL_REACH:
                continue
            if mine > _REACH or not _same_clause(item.span.root, anchor):
                continue
            if all(mine <= tree_distance(r, item.span.root) for r in contenders[1:]):
                owned.append((mine, item.span.start, item))
        if owned:
            return min(owned, key=lambda x: (x[0], x[1]))[2]
        if not fallback:
            return None
        before = [
            t
            for t in inside
            if t.span.end <= anchor.i
            and tree_distance(anchor, t.span.root) <= _FALLBACK_REACH
            and _encloses(_clause(t.span.root), anchor)
        ]
        return before[-1] if before else None


def _clause(token: Token) -> Token:
    """The nearest verb with its own subject governing the token (or the sentence root)."""
    for tok in [token, *token.ancestors]:
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in tok.children):
            return tok
    return token.sent.root if token.doc.has_annotation("SENT_START") else token


def _encloses(clause: Token, token: Token) -> bool:
    return clause.i == token.i or any(a.i == clause.i for a in token.ancestors)


def _same_clause(timex_root: Token, anchor: Token) -> bool:
    """A date belongs to a trigger of its own clause, or of a clause inside it (not to one in
    a separate coordinated or subordinate clause with its own subject)."""
    if not timex_root.doc.has_annotation("DEP"):
        return True
    clause = _clause(timex_root)
    return _encloses(clause, anchor) and (
        _clause(anchor).i == clause.i or _encloses(clause, _clause(anchor))
    )


_TIME_PREPS = _WORDS.sets["time_preps"]
_NOMINAL_REACH = 4  # a nominal trigger's own date hangs close to it in the tree
_FALLBACK_REACH = 6  # an earlier date deep inside another clause is not the narrative time
_REACH = 7  # nor is one buried in a complement several clauses down


def _adjacent_nominal(span: Span, contenders: list[Token], nominal_ids: set[int]) -> Token | None:
    """The nominal trigger whose phrase ends right before "in <date>", if any."""
    doc = span.doc
    i = span.start - 1
    if i < 1 or doc[i].lower_ not in _TIME_PREPS:
        return None
    previous = doc[i - 1]
    best = None
    for tok in contenders:
        if tok.i not in nominal_ids or not tok.i <= previous.i <= tok.right_edge.i:
            continue
        if best is None or tok.right_edge.i - tok.i < best.right_edge.i - best.i:
            best = tok
    return best


def _owns_up(verb: Token) -> bool:
    """Whether a verb of RESPONSIBLE_VERBS admits the act: always, except for those that do
    so only through a contrite object ("expressed regret" yes, "expressed outrage" no)."""
    if lemma_of(verb) not in RESPONSIBLE_BY_OBJECT:
        return True
    return any(
        lemma_of(obj) in CONTRITION_NOUNS or obj.lower_ in CONTRITION_NOUNS
        for obj in children(verb, "dobj")
    )


def _past_tense(token: Token) -> bool:
    """Whether the clause of a trigger is in a past tense ("welcomed", "has signed")."""
    verb = token
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.tag_.startswith("VB"):
            break
        if verb.head is verb:
            return False
        verb = verb.head
    if verb.tag_ == "VBD":
        return True
    return any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("did", "had", "has", "have", "was", "were")
        for c in verb.children
    )


def date_fields(chosen: DatedTimex | None, dct: date | None) -> dict[str, Any]:
    """event_date/date_precision/date_text/date_value/date_basis for a chosen expression."""
    if chosen is None:
        return {
            "event_date": dct,
            "date_precision": "day" if dct else "none",
            "date_text": None,
            "date_value": None,
            "date_basis": "document",
        }
    return {
        "event_date": chosen.period,
        "date_precision": chosen.precision,
        "date_text": chosen.timex.text,
        "date_value": chosen.timex.value,
        "date_basis": chosen.timex.basis,
    }


# ------------------------------------------------------------------------------ component
@dataclass
class _Found:
    """A matched trigger with its rule and phrase head (nouns: the head of a compound)."""

    token: Token
    rule: TriggerRule
    head: Token


@dataclass
class _Args:
    sources: list[tuple[ActorMention, str]]
    targets: list[tuple[ActorMention, str]]
    participants: list[ActorMention]


class EventExtractor:
    """Finds event triggers and their actors; sets `doc._.events`."""

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = FACTORY_NAME,
        *,
        triggers_path: str | None = None,
        ontology_path: str | None = None,
        context_path: str | None = None,
        max_sentence_chars: int = 2000,
    ) -> None:
        self.name = name
        self.rules = load_triggers(triggers_path)
        self.context = load_event_context(context_path)
        self.states = _registry_states(nlp)
        self.ontology: dict[str, EventType] = load_ontology(
            Path(ontology_path) if ontology_path else None
        )
        self.max_sentence_chars = max_sentence_chars
        self.event_nouns = {lemma for pos, lemma in self.rules if pos == "noun"}
        self.verb_lemmas = {lemma for pos, lemma in self.rules if pos == "verb"}
        # only tokens whose lemma, form or stem (`_by_form`) can name a trigger are looked at
        self._trigger_words = WordFilter(accept=self._may_trigger)

    def __call__(self, doc: Doc) -> Doc:
        """Match triggers, then set `doc._.events`."""
        self.set_annotations(doc, self.match(doc))
        return doc

    # -- trigger matching -----------------------------------------------------------------
    def rule_for(self, token: Token, mentions: Mentions) -> TriggerRule | None:
        """The first lexicon rule whose conditions the token meets, if any."""
        if mentions.at(token) is not None:
            return None
        if token.i > 1 and token.nbor(-1).text == "-" and token.nbor(-2).lower_ == "test":
            return None  # "test-fired a missile" is a test, not an attack
        if lemma_of(token) in ADJECTIVAL and token.dep_ in ("acl", "amod", "acomp"):
            return None  # "rebel groups opposed to Assad" is a stance, not an event
        if (
            token.dep_ == "acl"
            and token.tag_ == "VBN"
            and (not children(token, "agent") or is_verb(token.head.head))
        ):
            return None  # "troops stationed in Iraq", "killed by a drone launched by ..."
        if is_verb(token) and token.dep_ not in ("amod", "compound", "acomp"):
            candidates = self.rules.get(("verb", lemma_of(token)), []) or self._by_form(token)
        elif is_noun(token) or token.dep_ in ("dobj", "pobj", "nsubjpass"):
            candidates = self.rules.get(("noun", lemma_of(token)), []) or self.rules.get(
                ("noun", token.lower_), []
            )  # a noun the tagger took for a verb ("drills/VBZ") still names an event
        else:
            return None
        particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
        for rule in candidates:
            if particles and rule.pos == "verb" and rule.particle not in particles:
                continue  # "gave up weapons" is not "gave weapons"
            if self._conditions_met(token, rule, mentions):
                return rule
        return None

    def _may_trigger(self, word: str) -> bool:
        """Whether a lower-case lemma or form can name a trigger (a superset of `rule_for`)."""
        rules = self.rules
        if ("verb", word) in rules or ("noun", word) in rules:
            return True
        return any(("verb", stem) in rules for stem in _verb_stems(word))

    def _by_form(self, token: Token) -> list[TriggerRule]:
        """Rules for a verb whose lemma the model got wrong ("staged" -> "stag")."""
        for stem in _verb_stems(token.lower_):
            if ("verb", stem) in self.rules:
                return self.rules[("verb", stem)]
        return []

    @staticmethod
    def _conditions_met(token: Token, rule: TriggerRule, mentions: Mentions) -> bool:
        if rule.particle:
            adverb = rule.particle in ADVERB_PARTICLES
            if not any(
                c.lower_ == rule.particle
                and (
                    c.dep_ in ("prt", "advmod")
                    or (c.dep_ in ("prep", "agent") and (not adverb or 0 < c.i - token.i <= 5))
                )
                and (rule.particle != "in" or c.dep_ == "prt")
                for c in token.children
            ):
                return False
        if rule.objects:
            objects = patient_tokens(token) if rule.pos == "verb" else []
            objects += [a for o in objects for a in children(o, "appos")]  # "a phase one deal"
            if "@actor" in rule.objects:
                if not any(mentions.at(o) for o in objects):
                    return False
            elif "@country" in rule.objects:  # "left Afghanistan", not "left troops dead"
                if not any((m := mentions.at(o)) and m.actor_id == m.country for o in objects):
                    return False
            elif not any(lemma_of(o) in rule.objects or o.lower_ in rule.objects for o in objects):
                return False
        if rule.not_objects and any(
            lemma_of(o) in rule.not_objects or o.lower_ in rule.not_objects
            for o in patient_tokens(token)
        ):
            return False
        if rule.pobjs and not matched_pobjs(token, rule):
            return False
        return not rule.modifiers or any(
            lemma_of(c) in rule.modifiers for c in children(token, "compound", "amod", "nmod")
        )

    def match(self, doc: Doc) -> list[Event]:
        """Every event of the doc, in text order."""
        if not doc.has_annotation("DEP"):
            return []
        mentions = Mentions(doc)
        if not mentions.spans:
            return []
        timexes = Timexes(doc)
        candidates = self._trigger_words.indices(doc)
        per_sentence: list[tuple[Span, list[Event]]] = []
        for sent in sentences(doc):
            first, last = bisect_left(candidates, sent.start), bisect_left(candidates, sent.end)
            tokens = [doc[i] for i in candidates[first:last]]
            events: list[Event] = []
            per_sentence.append((sent, events))
            if not tokens or len(sent.text) > self.max_sentence_chars:
                continue
            found = self._triggers(tokens, mentions)
            pairs = {f.token.i: self._pairs_for(f, mentions, found) for f in found}
            found = [f for f in found if pairs[f.token.i]]
            anchors = [f.token for f in found]
            nominals = {f.token.i for f in found if f.rule.pos == "noun"}
            by_token: dict[int, list[Event]] = {}
            for item in found:
                main = item.rule.pos == "verb" or item.head.dep_ in ("nsubj", "nsubjpass")
                chosen = timexes.choose(item.token, sent, anchors, nominals, fallback=main)
                by_token[item.token.i] = self._events(
                    doc, sent, item, pairs[item.token.i], mentions, timexes, chosen
                )
            for item in found:
                if item.rule.pos == "verb":
                    by_token[item.token.i] = _inherit_target(item, by_token, found)
            seen: set[tuple] = set()
            for item in found:
                for event in by_token[item.token.i]:
                    key = (event.source_actor, event.target_actor, event.event_type)
                    if key not in seen:  # one event per dyad and type in a sentence
                        seen.add(key)
                        events.append(event)
        return inherit_context_dates(doc, per_sentence)

    def _triggers(self, tokens: list[Token], mentions: Mentions) -> list[_Found]:
        found = []
        for token in tokens:
            rule = self.rule_for(token, mentions)
            if rule is None:
                continue
            head = token
            if rule.pos == "noun":
                while head.dep_ == "compound" and is_noun(head.head) and head.head is not head:
                    head = head.head
            found.append(_Found(token, rule, head))
        consumed = set()
        for item in found:
            if item.rule.pos == "verb" and item.rule.consumes:
                # what is asked for, refused, promised or threatened is not (yet) an event
                consumed.update(c.i for c in children(item.token, "xcomp"))
                if item.rule.type in ("REQUEST", "REJECT"):
                    consumed.update(c.i for c in children(item.token, "ccomp"))
            if item.rule.pos == "verb" and lemma_of(item.token) in BLAME_VERBS:
                for prep in children(item.token, "prep"):  # "accused X of arming Y": the charge
                    if prep.lower_ in ("of", "for", "over"):
                        consumed.update(o.i for o in pobjs(prep))
            if item.rule.pos == "verb" and item.rule.consumes:
                for obj in patient_tokens(item.token):
                    consumed.update(t.i for t in conj_expand(obj))
                for prep in children(item.token, "prep"):
                    if prep.lower_ == item.rule.particle or prep.lower_ == "with":
                        consumed.update(o.i for o in pobjs(prep))
        return [
            f
            for f in found
            if f.head.i not in consumed
            or (f.rule.pos == "verb" and f.token.dep_ not in ("pcomp", "xcomp", "ccomp"))
        ]

    # -- arguments --------------------------------------------------------------------------
    def _verb_args(self, item: _Found, mentions: Mentions, found: list[_Found]) -> _Args:
        verb, rule = item.token, item.rule
        nouns = self.event_nouns
        sources: list[tuple[ActorMention, str]] = []
        targets: list[tuple[ActorMention, str]] = []
        agents = agent_tokens(verb)
        how = "dep"
        if not agents:
            agents, how = inherited_agents(verb), "inherited"
        for tok in agents:
            sources += [(m, how) for m in actors_of(tok, mentions, nouns)]
        noun_heads = {f.head.i for f in found if f.rule.pos == "noun"}
        agents = [
            t.head.head if t.lower_ in RELATIVE_PRONOUNS and t.head.dep_ == "relcl" else t
            for t in agents
        ]
        if not sources and agents and not any(t.i in noun_heads for t in agents):
            sources = [(m, "inherited") for m in doer_actors(verb, mentions, nouns)]
        if not sources and any(t.i in noun_heads for t in agents):
            return _Args([], [], [])  # "the strike killed X": the noun's event, not a second one
        patients = patient_tokens(verb)
        if not patients and verb.dep_ == "conj" and is_passive(verb) and is_passive(verb.head):
            patients = children(verb.head, "nsubjpass")
        noun_triggers = {f.head.i: f for f in found if f.rule.pos == "noun"}
        for tok in patients:
            if rule.objects and "@actor" not in rule.objects:
                continue  # "signed a deal": the object is part of the trigger
            if tok.i in noun_triggers and not rule.consumes:
                continue  # "condemned the invasion": the target is the invader (below)
            targets += [(m, "dep") for m in actors_of(tok, mentions, nouns)]
        scopes = [verb] + [
            p
            for p in patients
            if not mentions.at(p)
            and (rule.objects or rule.symmetric or (p.i in noun_triggers and rule.consumes))
            and "@actor" not in rule.objects
        ]
        prep_objects: list[Token] = []
        for scope in scopes:
            for prep in children(scope, "prep", "agent"):
                word = prep.lower_
                if word == "between" and scope is not verb and not rule.symmetric:
                    for obj in pobjs(prep):  # "mediated a ceasefire between X and Y"
                        targets += [(m, "dep") for m in actors_of(obj, mentions, nouns)]
                    continue
                # "drills around Taiwan" (toward), "demonstrated outside the embassy" (at)
                word = _FRAMES.get(rule.type, DEFAULT_FRAME).alias(word, verb=True)
                if word == rule.particle and word not in TARGET_PREPS:
                    if word in ("for", "of") or word in ADVERB_PARTICLES - {"in"}:
                        continue
                    for obj in pobjs(prep):  # "stood by Maduro", "arrived in New Delhi"
                        targets += [(m, "dep") for m in actors_of(obj, mentions, nouns)]
                    continue
                if word == "at" and rule.particle != "at" and rule.type not in AT_TYPES:
                    continue
                instrument = not (rule.symmetric or rule.particle == "with")
                if word == "with" and instrument and rule.type not in WITH_TYPES:
                    continue  # "attacked X with drones": an instrument
                if word in TARGET_PREPS or (word == "from" and rule.type in ("RETREAT", "REJECT")):
                    for obj in pobjs(prep):
                        if obj.i in noun_triggers and word != "with":
                            continue
                        targets += [(m, "dep") for m in actors_of(obj, mentions, nouns)]
                        if word != "with" or rule.symmetric:
                            prep_objects.append(obj)
        if not targets:
            for tok in patients:
                if tok.i in noun_triggers:
                    nominal = self._noun_args(noun_triggers[tok.i], mentions, found)
                    targets += [(m, "deep") for m, _ in nominal.sources]
                    targets += [(m, "deep") for m in nominal.participants]
        source_ids = {m.actor_id for m, _ in sources}
        if not targets and rule.pobjs:  # "pulled out of the nuclear deal with Iran"
            for obj in matched_pobjs(verb, rule):
                inner = actors_within(obj, mentions, 2, clauses=False)
                targets += [(m, "deep") for m in inner if m.actor_id not in source_ids]
        if not targets and rule.type == "REQUEST":
            for clause in children(verb, "ccomp"):  # "demanded that the Syrian army withdraw"
                for tok in children(clause, "nsubj", "nsubjpass"):
                    targets += [(m, "dep") for m in actors_of(tok, mentions, nouns)]
        if not targets and rule.consumes:
            for clause in children(verb, "xcomp"):  # "refused to apologise to Russia"
                targets += [
                    (m, "deep")
                    for m in self._complement_targets(clause, mentions, found)
                    if m.actor_id not in source_ids
                ]
        if not targets:
            verbal = rule.type in VERBAL_TYPES
            source_countries = {m.country for m, _ in sources}
            for tok in patients + prep_objects:
                inner = actors_within(tok, mentions, 3, clauses=verbal)
                targets += [
                    (m, "deep")
                    for m in inner
                    if m.actor_id not in source_ids and m.country not in source_countries
                ]
        if not targets:
            source_countries = {m.country for m, _ in sources}
            for scope in [verb, *patients]:
                for prep in children(scope, "prep"):
                    if prep.lower_ != "for":
                        continue
                    for obj in pobjs(prep):
                        if obj.i in noun_triggers:  # "apologized for the downing of X": X
                            nominal = self._noun_args(noun_triggers[obj.i], mentions, found)
                            inner = [m for m, _ in nominal.targets] or [
                                m for m in nominal.participants
                            ]
                        else:
                            inner = actors_within(obj, mentions)
                        targets += [
                            (m, "for")
                            for m in inner
                            if m.actor_id not in source_ids and m.country not in source_countries
                        ]
        participants = []
        if rule.symmetric:
            for scope in [verb, *patients]:
                for prep in children(scope, "prep"):
                    if prep.lower_ == "between":
                        for obj in pobjs(prep):
                            participants += actors_of(obj, mentions, nouns)
        return _Args(sources, targets, participants)

    def _complement_targets(
        self, clause: Token, mentions: Mentions, found: list[_Found]
    ) -> list[ActorMention]:
        """Targets of what is threatened, promised, refused or asked for ("threatened to impose
        tariffs on Mexico" -> Mexico)."""
        rule = self.rule_for(clause, mentions)
        if rule is not None:
            args = self._verb_args(_Found(clause, rule, clause), mentions, found)
            if args.targets:
                return [m for m, _ in args.targets]
        nouns = {f.head.i: f for f in found if f.rule.pos == "noun"}
        out: list[ActorMention] = []
        for tok in patient_tokens(clause):
            if tok.i in nouns:
                out += [m for m, _ in self._noun_args(nouns[tok.i], mentions, found).targets]
            else:
                out += actors_within(tok, mentions, 2, clauses=False)
        for prep in children(clause, "prep"):
            if prep.lower_ in TARGET_PREPS - {"with"}:
                for obj in pobjs(prep):
                    out += actors_of(obj, mentions, self.event_nouns)
        return _unique(out)

    def _governor(self, head: Token) -> Token | None:
        """The verb a noun phrase is the object of (through "a number of", coordination)."""
        tok = head
        while tok.dep_ == "conj" and tok.head is not tok and is_noun(tok.head):
            tok = tok.head
        if (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "of"
            and lemma_of(tok.head.head) in QUANTITY_NOUNS
        ):
            tok = tok.head.head
        if tok.dep_ in ("dobj", "obj", "nsubjpass") and is_verb(tok.head):
            return tok.head  # "imposed sanctions", "sanctions were imposed (by the EU)"
        return None

    def _noun_args(self, item: _Found, mentions: Mentions, found: list[_Found]) -> _Args:
        rule, head = item.rule, item.head
        nouns = self.event_nouns
        sources: list[tuple[ActorMention, str]] = []
        targets: list[tuple[ActorMention, str]] = []
        participants: list[ActorMention] = []
        modifiers: list[ActorMention] = []
        kids = list(head.children)
        if item.token is not head:
            kids += [c for c in item.token.children if c.i < item.token.i]
        for child in kids:
            if child.i == item.token.i:
                continue
            dep, word = child.dep_, child.lower_
            if dep == "poss" and rule.type == "AID":
                continue  # "Greece's loans": the borrower or the donor
            if dep == "prep" and word == "for" and rule.type == "AID":
                word = "to"  # "a loan for Pakistan"
            if dep == "poss":
                sources += [(m, "dep") for m in actors_of(child, mentions, nouns)]
            elif dep in ("amod", "compound", "nmod", "npadvmod") and child.i < head.i:
                modifiers += _unique(m for t in child.subtree if (m := mentions.at(t)) is not None)
            elif dep == "appos":
                sources += [(m, "modifier") for m in actors_of(child, mentions, nouns, False)]
            elif dep == "prep":
                objects = pobjs(child)
                actors = [m for o in objects for m in actors_of(o, mentions, nouns)]
                if word == "of":  # "the downing of [a jet [by Turkey]]": a misattached agent
                    for obj in objects:
                        for sub in children(obj, "prep"):
                            if sub.lower_ == "by":
                                for agent in pobjs(sub):
                                    sources += [
                                        (m, "dep") for m in actors_of(agent, mentions, nouns)
                                    ]
                if word == "by" or (word == "from" and rule.type not in ("RETREAT", "REJECT")):
                    sources += [(m, "dep") for m in actors]
                elif word == "from":
                    targets += [(m, "dep") for m in actors]
                elif word == "of":
                    if rule.of == "source":
                        sources += [(m, "dep") for m in actors]
                    elif rule.of == "participants":
                        participants += actors
                    else:
                        targets += [(m, "dep") for m in actors]
                elif word in ("between", "among"):
                    participants += actors
                elif _FRAMES.get(rule.type, DEFAULT_FRAME).alias(word) in TARGET_PREPS:
                    targets += [(m, "dep") for m in actors]
            elif dep in ("acl", "relcl") and is_verb(child):
                own_subject = False
                for tok in agent_tokens(child):
                    if tok.lower_ not in RELATIVE_PRONOUNS:
                        own_subject = True
                        sources += [(m, "dep") for m in actors_of(tok, mentions, nouns)]
                    elif rule.type in IMPACT_TYPES:  # "sanctions that cut X's exports"
                        for obj in patient_tokens(child):
                            inner = actors_within(obj, mentions, 2, clauses=False)
                            targets += [(m, "experiencer") for m in inner]
                if own_subject or is_passive(child):  # "the deal [Turkey struck with the EU]"
                    for prep in children(child, "prep"):
                        if prep.lower_ in TARGET_PREPS:
                            for obj in pobjs(prep):
                                targets += [(m, "dep") for m in actors_of(obj, mentions, nouns)]
        if not targets:  # "travel bans and asset freezes on Russian officials"
            siblings = [c for c in head.children if c.dep_ == "conj"]
            if head.dep_ == "conj":
                siblings.append(head.head)
            for sibling in siblings:
                for prep in children(sibling, "prep"):
                    if prep.lower_ in TARGET_PREPS - {"with"}:
                        for obj in pobjs(prep):
                            targets += [(m, "dep") for m in actors_of(obj, mentions, nouns)]
        if rule.symmetric and not sources:
            if len(_unique(modifiers)) == 1 and not participants and not targets:
                modifiers = []  # "the Astana agreements", "the Moscow ceasefire": a place name
            participants += modifiers
        elif rule.symmetric and not targets and not participants and len(sources) == 1:
            if all(how == "dep" for _, how in sources) and not self._governor(head):
                sources = []  # "Yemen's war": one party is no war between parties
        elif not sources:
            sources += [(m, "modifier") for m in modifiers]
        elif not targets:
            source_ids = {m.actor_id for m, _ in sources}
            targets += [(m, "modifier") for m in modifiers if m.actor_id not in source_ids]
        governor = self._governor(head)
        if not sources and not participants and governor is not None:
            governor_rule = self.rule_for(governor, mentions)
            if lemma_of(governor) in RECEIVER_VERBS:
                if not targets:
                    for tok in agent_tokens(governor) or inherited_agents(governor):
                        targets += [(m, "experiencer") for m in actors_of(tok, mentions, nouns)]
            elif governor_rule is None and is_light(governor):
                sources += [(m, "light") for m in doer_actors(governor, mentions, nouns)]
                if not targets and rule.symmetric:
                    for prep in children(governor, "prep"):
                        if prep.lower_ in TARGET_PREPS and prep.lower_ != "at":
                            for obj in pobjs(prep):
                                targets += [(m, "dep") for m in actors_of(obj, mentions, nouns)]
        if governor is not None and not targets and self.rule_for(governor, mentions) is None:
            for prep in children(governor, "prep"):
                word = _FRAMES.get(rule.type, DEFAULT_FRAME).alias(prep.lower_)
                if word == "at" and rule.type not in AT_TYPES:
                    continue
                if word in TARGET_PREPS - {"with"} or (word == "with" and rule.symmetric):
                    for obj in pobjs(prep):
                        targets += [(m, "dep") for m in actors_of(obj, mentions, nouns)]
        if not sources and not participants and head.dep_ == "pobj" and head.head.lower_ == "with":
            verb = head.head.head
            if is_verb(verb) and lemma_of(verb) in RESPONSE_VERBS:
                sources += [(m, "light") for m in doer_actors(verb, mentions, nouns)]
        if (
            not sources
            and not participants
            and head.dep_ == "pobj"
            and head.head.lower_ in ("for", "with")
            and is_verb(head.head.head)
        ):
            verb = head.head.head  # "visited Kyiv for talks with X": one consultation
            verb_rule = self.rule_for(verb, mentions)
            if verb_rule is not None and verb_rule.type == rule.type:
                return _Args([], [], [])
        if not sources and not participants and head.dep_ in ("pobj", "pcomp"):
            prep = head.head
            verb = prep.head
            if is_noun(verb) and lemma_of(verb) in RESPONSIBLE_NOUNS:
                owners = children(verb, "poss")
                if owners:
                    for tok in owners:
                        sources += [(m, "inherited") for m in actors_of(tok, mentions, nouns)]
                elif verb.dep_ in ("dobj", "obj") and is_verb(verb.head):
                    verb = verb.head
            if prep.lower_ in ("for", "over", "of") and is_verb(verb) and verb is not prep:
                if lemma_of(verb) in BLAME_VERBS:
                    for tok in children(verb, "dobj"):
                        sources += [(m, "inherited") for m in actors_of(tok, mentions, nouns)]
                elif lemma_of(verb) in RESPONSIBLE_VERBS and _owns_up(verb):
                    for tok in agent_tokens(verb) or inherited_agents(verb):
                        sources += [(m, "inherited") for m in actors_of(tok, mentions, nouns)]
        if not targets:  # "export controls on chemicals bound for South Korea"
            containers = [head]
            if head.dep_ == "pobj" and lemma_of(head.head.head) in QUANTITY_NOUNS:
                containers.append(head.head.head)  # "a letter of apology [to Putin]"
            source_ids = {m.actor_id for m, _ in sources}
            for holder in containers:
                for prep in children(holder, "prep"):
                    if prep.lower_ in TARGET_PREPS - {"with", "at"}:
                        for obj in pobjs(prep):
                            inner = actors_within(obj, mentions, 2, clauses=False)
                            targets += [(m, "deep") for m in inner if m.actor_id not in source_ids]
        if not targets and rule.type in ("SUPPORT", "ACCUSE", "CONCEDE"):
            source_ids = {m.actor_id for m, _ in sources}
            for prep in children(head, "prep"):
                if prep.lower_ == "for":
                    for obj in pobjs(prep):
                        inner = actors_within(obj, mentions)
                        targets += [(m, "for") for m in inner if m.actor_id not in source_ids]
        if not targets and rule.type in IMPACT_TYPES:
            holder = head.head
            if (
                head.dep_ == "pobj"
                and holder.lower_ in ("by", "from")
                and holder.head is not holder
            ):
                verb = holder.head
                if is_verb(verb):
                    sufferers = children(verb, "nsubjpass", "nsubj") or inherited_agents(verb)
                    for tok in sufferers:
                        targets += [(m, "experiencer") for m in actors_of(tok, mentions, nouns)]
            elif head.dep_ == "nsubj" and is_verb(holder):
                for tok in children(holder, "dobj"):
                    if lemma_of(tok) in PERSON_NOUNS or tok.lower_ in PERSON_NOUNS:
                        found_here = actors_of(tok, mentions, nouns)
                    else:  # not "reshaped American foreign policy"
                        found_here = [m for t in conj_expand(tok) if (m := mentions.at(t))]
                    targets += [(m, "experiencer") for m in found_here]
        return _Args(sources, targets, participants)

    # -- events -----------------------------------------------------------------------------
    def _pairs_for(self, item: _Found, mentions: Mentions, found: list[_Found]) -> list:
        """(source, how) x (target, how) pairs of a trigger; empty when it has no actor."""
        rule = item.rule
        if rule.pos == "verb":
            args = self._verb_args(item, mentions, found)
        else:
            args = self._noun_args(item, mentions, found)
        if not (args.sources or args.targets or args.participants):
            return self._implied_state_pairs(item, mentions) if rule.self_target else []
        reciprocal = rule.pos == "verb" and any(
            t.lower_ in ("other", "another") for p in patient_tokens(item.token) for t in p.subtree
        )  # "accused each other", "blamed one another"
        pairs = self._pairs(rule, args, reciprocal)
        if rule.type in DIPLOMATIC_TYPES:
            pairs = [(s, t) for s, t in pairs if s[0] is None or s[0].sector not in PRIVATE_SECTORS]
        if rule.self_target:
            pairs = [(s, t if t[0] is not None else self._own_state(s)) for s, t in pairs]
        return pairs

    def _events(
        self,
        doc: Doc,
        sent: Span,
        item: _Found,
        pairs: list,
        mentions: Mentions,
        timexes: Timexes,
        chosen: DatedTimex | None,
    ) -> list[Event]:
        rule = item.rule
        anchor = item.token
        dates = date_fields(chosen, doc._.dct)
        neg = negated(item.head if rule.pos == "noun" else anchor)
        mood = modality(item.head if rule.pos == "noun" else anchor)
        dct = doc._.dct
        if (
            mood == ASSERTED
            and not neg
            and chosen is not None
            and dct
            and chosen.period > dct
            and chosen.span.root.dep_ not in ("nummod", "compound", "amod", "poss")
            and not _past_tense(item.head if rule.pos == "noun" else anchor)
        ):
            mood = FUTURE  # dated after the document: "withdraw by the end of October 2016"
        trigger = self._trigger_text(doc, item)
        out = []
        seen: set[tuple] = set()
        for (source, s_how), (target, t_how) in pairs:
            key = (source and source.actor_id, target and target.actor_id)
            if key in seen:
                continue
            seen.add(key)
            kind = rule.type
            cameo = rule.cameo
            if rule.state_type and source is not None and source.sector in STATE_SECTORS:
                kind, cameo = rule.state_type, None
            etype = self.ontology[kind]
            actor_ids = {a.actor_id for a in (source, target) if a is not None}
            countries = {a.country for a in (source, target) if a is not None}
            confidence = 0.35 + (0.05 if rule.pos == "verb" else 0.0)
            confidence += _SRC_WEIGHT.get(s_how, 0.0) if source else 0.0
            confidence += _TGT_WEIGHT.get(t_how, 0.0) if target else 0.0
            if any(a is not None and a.text.lower() in PRONOUN_TEXTS for a in (source, target)):
                confidence -= 0.1
            out.append(
                Event(
                    source_actor=source.actor_id if source else None,
                    source_country=source.country if source else None,
                    target_actor=target.actor_id if target else None,
                    target_country=target.country if target else None,
                    source_sector=source.sector if source else None,
                    target_sector=target.sector if target else None,
                    event_type=kind,
                    cameo_code=cameo or etype.cameo_root,
                    goldstein=etype.goldstein,
                    quad_class=etype.quad_class,
                    negated=neg,
                    modality=mood,
                    location=self._location(item, mentions, timexes, actor_ids, countries),
                    trigger=trigger,
                    sentence=sent.text,
                    char_start=sent.start_char,
                    char_end=sent.end_char,
                    confidence=round(min(0.95, max(0.05, confidence)), 2),
                    **dates,
                )
            )
        return out

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

    @staticmethod
    def _trigger_text(doc: Doc, item: _Found) -> str:
        token, rule = item.token, item.rule
        if rule.pos == "noun":
            return doc[min(token.i, item.head.i) : max(token.i, item.head.i) + 1].text
        end = token.i + 1
        if rule.particle:
            for child in token.children:
                if child.lower_ == rule.particle and child.i > token.i and child.i - token.i <= 3:
                    end = max(end, child.i + 1)
        if rule.objects and "@actor" not in rule.objects:
            for obj in patient_tokens(token):
                if obj.i > token.i and obj.i - token.i <= 4:
                    end = max(end, obj.i + 1)
        if end - token.i > 1:
            parts = [token.text] + [
                t.text
                for t in doc[token.i + 1 : end]
                if t.i == end - 1 or t.dep_ == "prt" or t.lower_ == rule.particle
            ]
            return " ".join(parts)
        return token.text

    def _location(
        self,
        item: _Found,
        mentions: Mentions,
        timexes: Timexes,
        actor_ids: set[str],
        countries: set[str],
    ) -> str | None:
        scopes = [item.token, item.head]
        governor = self._governor(item.head) if item.rule.pos == "noun" else None
        if governor is not None:
            scopes.append(governor)
        doc = item.token.doc
        for scope in scopes:
            for prep in children(scope, "prep"):
                if prep.lower_ not in LOCATION_PREPS:
                    continue
                for obj in pobjs(prep):
                    if obj.i in timexes.tokens:
                        continue
                    mention = mentions.at(obj)
                    if mention is not None:
                        if mention.actor_id in actor_ids:
                            continue
                        return mention.text
                    if obj.ent_type_ in ("GPE", "LOC", "FAC"):
                        for ent in doc.ents:
                            if ent.start <= obj.i < ent.end:
                                return ent.text
        return None

    def set_annotations(self, doc: Doc, events: list[Event]) -> None:
        """Store the events on `doc._.events`."""
        doc._.events = events


def _registry_states(nlp: Language | None) -> frozenset[str] | None:
    """The country ids of the actor component's registry (None without one: any ISO-like code)."""
    from pipeline.nlp.actors import FACTORY_NAME as ACTORS

    if nlp is None or ACTORS not in nlp.pipe_names:
        return None
    registry = nlp.get_pipe(ACTORS).registry
    return frozenset(a.actor_id for a in registry.actors if a.type == "country")


def _inherit_target(
    item: _Found, by_token: dict[int, list[Event]], found: list[_Found]
) -> list[Event]:
    """Target-less events of a participle or coordinated verb take the target of the verb
    they elaborate: "imposed sanctions on Turkey, suspending flights" -> Turkey."""
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


@Language.factory(
    FACTORY_NAME,
    default_config={
        "triggers_path": None,
        "ontology_path": None,
        "context_path": None,
        "max_sentence_chars": 2000,
    },
    requires=["doc._.actors", "doc._.timexes"],
    assigns=["doc._.events"],
)
def make_event_extractor(
    nlp: Language,
    name: str,
    triggers_path: str | None,
    ontology_path: str | None,
    context_path: str | None,
    max_sentence_chars: int,
) -> EventExtractor:
    """Factory of the event component; paths override the shipped lexicon, ontology and
    event-context words."""
    return EventExtractor(
        nlp,
        name,
        triggers_path=triggers_path,
        ontology_path=ontology_path,
        context_path=context_path,
        max_sentence_chars=max_sentence_chars,
    )

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
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.models import ActorMention, Event
from pipeline.nlp import extensions  # noqa: F401 (registers Doc._ attributes)
from pipeline.nlp.context import context_country, load_event_context, state_mention
from pipeline.nlp.continuation import inherit_context_dates
from pipeline.nlp.event_dates import DatedTimex, Timexes, _owns_up, _past_tense, date_fields
from pipeline.nlp.event_words import (
    ADJECTIVAL,
    ADVERB_PARTICLES,
    AT_TYPES,
    BLAME_VERBS,
    DIPLOMATIC_TYPES,
    FRAMES,
    IMPACT_TYPES,
    LOCATION_PREPS,
    PERSON_NOUNS,
    PRIVATE_SECTORS,
    PRONOUN_TEXTS,
    QUANTITY_NOUNS,
    RECEIVER_VERBS,
    RELATIVE_PRONOUNS,
    RESPONSE_VERBS,
    RESPONSIBLE_NOUNS,
    RESPONSIBLE_VERBS,
    SRC_WEIGHT,
    STATE_SECTORS,
    TARGET_PREPS,
    TGT_WEIGHT,
    VERBAL_TYPES,
    WITH_TYPES,
)
from pipeline.nlp.lexicon import TriggerRule, load_triggers
from pipeline.nlp.modality import ASSERTED, FUTURE, modality, negated
from pipeline.nlp.ontology import EventType, load_ontology
from pipeline.nlp.prefilter import WordFilter
from pipeline.nlp.rules_data import (
    DEFAULT_FRAME,
)
from pipeline.nlp.syntax import (
    Mentions,
    _unique,
    _verb_stems,
    actors_of,
    actors_within,
    agent_tokens,
    children,
    conj_expand,
    doer_actors,
    inherited_agents,
    is_light,
    is_noun,
    is_passive,
    is_verb,
    lemma_of,
    matched_pobjs,
    patient_tokens,
    pobjs,
    sentences,
)

FACTORY_NAME = "eventpipe_events_v1"


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
                word = FRAMES.get(rule.type, DEFAULT_FRAME).alias(word, verb=True)
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
                elif FRAMES.get(rule.type, DEFAULT_FRAME).alias(word) in TARGET_PREPS:
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
                word = FRAMES.get(rule.type, DEFAULT_FRAME).alias(prep.lower_)
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
            confidence += SRC_WEIGHT.get(s_how, 0.0) if source else 0.0
            confidence += TGT_WEIGHT.get(t_how, 0.0) if target else 0.0
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

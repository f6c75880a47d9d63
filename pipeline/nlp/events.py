"""Event extraction: trigger words → PLOVER events between registry actors.

The component `eventpipe_events_v1` reads `doc._.actors` and `doc._.timexes` and sets
`doc._.events: list[Event]`. It needs a dependency parse. Its parts: word classes and per-type
frames in `event_words.yaml`, `event_frames.yaml` and `modality_words.yaml` (the paths in its
config, null for those in `pipeline/data/`; loaded as `self.words`, `rule_words.py`), parse
helpers in `syntax.py`, dates in `event_dates.py`, arguments in `event_args.py`, pairs in
`event_pairs.py`; this module matches triggers and makes the events.

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
- Not events: a one-sided undated trigger inside another event's phrase ("condemned the
  attacks on Gaza", `embedded.py`); Z in "X says Y must Z", X's REQUEST to Y (`demands.py`).
- An event needs an actor on one side (`unresolved.py` for sides the registry lacks), never
  the same on both, once per dyad and type in a sentence; CONSULT/AGREE need a state-like
  source. Failing to agree is REJECT (`refusals.py`).

Dates: as `event_dates.py` says; without one the document's (`date_basis` 'document').

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
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.models import Event
from pipeline.nlp import extensions  # noqa: F401 (registers Doc._ attributes)
from pipeline.nlp.context import load_event_context
from pipeline.nlp.continuation import inherit_context_dates
from pipeline.nlp.demands import with_demands
from pipeline.nlp.embedded import embedded_triggers, reports_itself
from pipeline.nlp.event_args import ArgumentFinder, _Found
from pipeline.nlp.event_dates import DatedTimex, Timexes, _past_tense, date_fields
from pipeline.nlp.event_pairs import PairMaker, _inherit_target
from pipeline.nlp.lexicon import TriggerRule, load_triggers
from pipeline.nlp.modality import ASSERTED, FUTURE, Modality
from pipeline.nlp.ontology import EventType, load_ontology
from pipeline.nlp.prefilter import WordFilter
from pipeline.nlp.promises import as_promise, is_promise, light_verb
from pipeline.nlp.refusals import as_failure, as_refusal
from pipeline.nlp.rule_words import load_rule_words
from pipeline.nlp.rules_data import DEFAULT_FRAME
from pipeline.nlp.syntax import (
    Mentions,
    _verb_stems,
    children,
    conj_expand,
    is_noun,
    is_verb,
    lemma_of,
    pobjs,
    sentences,
)
from pipeline.nlp.unresolved import is_unresolved

FACTORY_NAME = "eventpipe_events_v1"


class EventExtractor(ArgumentFinder, PairMaker):
    """Finds event triggers and their actors; sets `doc._.events`."""

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = FACTORY_NAME,
        *,
        triggers_path: str | None = None,
        ontology_path: str | None = None,
        context_path: str | None = None,
        event_words_path: str | None = None,
        event_frames_path: str | None = None,
        modality_words_path: str | None = None,
        max_sentence_chars: int = 2000,
    ) -> None:
        self.name = name
        self.words = load_rule_words(event_words_path, event_frames_path, modality_words_path)
        self.modal = Modality(self.words)
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
        if lemma_of(token) in self.words.adjectival and token.dep_ in ("acl", "amod", "acomp"):
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
            head = token.head
            if token.dep_ == "compound" and is_noun(head) and self._noun_rules(head):
                return None  # "war games", "ceasefire agreement": the head noun's event
            candidates = self._noun_rules(token)  # also a noun tagged as a verb ("drills/VBZ")
        else:
            return None
        particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
        for rule in candidates:
            if particles and rule.pos == "verb" and rule.particle not in particles:
                continue  # "gave up weapons" is not "gave weapons"
            if self._conditions_met(token, rule, mentions):
                return rule
        return None

    def _noun_rules(self, token: Token) -> list[TriggerRule]:
        """The lexicon's noun rules for the token's lemma, else for its form."""
        rules = self.rules
        return rules.get(("noun", lemma_of(token)), []) or rules.get(("noun", token.lower_), [])

    def _may_trigger(self, word: str) -> bool:
        """Whether a lower-case lemma or form can name a trigger (a superset of `rule_for`)."""
        rules = self.rules
        if ("verb", word) in rules or ("noun", word) in rules or word in self.words.demand_modals:
            return True  # a modal can make a demand ("X says Y must Z", `demands.py`)
        return any(("verb", stem) in rules for stem in _verb_stems(word))

    def _by_form(self, token: Token) -> list[TriggerRule]:
        """Rules for a verb whose lemma the model got wrong ("staged" -> "stag")."""
        for stem in _verb_stems(token.lower_):
            if ("verb", stem) in self.rules:
                return self.rules[("verb", stem)]
        return []

    def _conditions_met(self, token: Token, rule: TriggerRule, mentions: Mentions) -> bool:
        if rule.particle:
            adverb = rule.particle in self.words.adverb_particles
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
            objects = self.patient_tokens(token) if rule.pos == "verb" else []
            objects += [a for o in objects for a in children(o, "appos")]  # "a phase one deal"
            if "@actor" in rule.objects:
                if not any(mentions.at(o) for o in objects):
                    return False
            elif "@thing" in rule.objects:  # "returned a painting", not "returned Iran's envoy"
                if not any(_not_actor(mentions.at(o)) for o in objects):
                    return False
            elif "@country" in rule.objects:  # "left Afghanistan", not "left troops dead"
                if not any((m := mentions.at(o)) and m.actor_id == m.country for o in objects):
                    return False
            elif not any(lemma_of(o) in rule.objects or o.lower_ in rule.objects for o in objects):
                return False
        if rule.not_objects and any(
            lemma_of(o) in rule.not_objects or o.lower_ in rule.not_objects
            for o in self.patient_tokens(token)
        ):
            return False
        if rule.pobjs and not self.matched_pobjs(token, rule):
            return False
        # nouns: a modifier ("joint exercises"); verbs: a predicate ("found him guilty")
        deps = ("compound", "amod", "nmod") if rule.pos == "noun" else ("acomp", "oprd", "ccomp")
        found = {lemma_of(c) for c in children(token, *deps)}
        return not rule.modifiers or bool(found & rule.modifiers)

    def match(self, doc: Doc) -> list[Event]:
        """Every event of the doc, in text order."""
        if not doc.has_annotation("DEP"):
            return []
        mentions = Mentions(doc)
        if not mentions.spans:
            return []
        timexes = Timexes(doc, self.words)
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
            found = with_demands(found, pairs, sent, mentions, self)
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
                    by_token[item.token.i] = _inherit_target(item, by_token, found, self)
            seen: set[tuple] = set()
            embedded = embedded_triggers(found, self.words)
            for item in found:
                for event in by_token[item.token.i]:
                    if item.token.i in embedded and not reports_itself(event):
                        continue  # "condemned the attacks": what the event is about
                    key = (event.source_actor, event.target_actor, event.event_type)
                    if key not in seen:  # one event per dyad and type in a sentence
                        seen.add(key)
                        events.append(event)
        refusals = [(sent, [as_refusal(e, self.words.frames, self.ontology) for e in found_here])
                    for sent, found_here in per_sentence]  # fmt: skip
        return inherit_context_dates(doc, refusals)

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
            if item.rule.pos == "verb" and lemma_of(item.token) in self.words.blame_verbs:
                for prep in children(item.token, "prep"):  # "accused X of arming Y": the charge
                    if prep.lower_ in ("of", "for", "over"):
                        consumed.update(o.i for o in pobjs(prep))
            if item.rule.pos == "verb" and item.rule.consumes:
                for obj in self.patient_tokens(item.token):
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
            t.lower_ in ("other", "another")
            for p in self.patient_tokens(item.token)
            for t in p.subtree
        )  # "accused each other", "blamed one another"
        pairs = self._pairs(rule, args, reciprocal)
        if rule.type in self.words.diplomatic_types:
            pairs = [
                (s, t)
                for s, t in pairs
                if s[0] is None or s[0].sector not in self.words.private_sectors
            ]
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
        neg = self.modal.negated(item.head if rule.pos == "noun" else anchor)
        mood = self.modal.modality(item.head if rule.pos == "noun" else anchor)
        doer = anchor if rule.pos == "verb" else light_verb(item.head, self.words)
        promise = doer is not None and is_promise(doer, mood, neg, self.words)
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
            if rule.state_type and source is not None and source.sector in self.words.state_sectors:
                kind, cameo = rule.state_type, None
            peacekeeping = self.words.frames.get(kind, DEFAULT_FRAME).peacekeeping
            if peacekeeping and any(t.lower_ in self.words.peacekeeping_words for t in sent):
                kind, cameo = "AID", peacekeeping  # "sent 200 troops to serve as peacekeepers"
            etype = self.ontology[kind]
            actor_ids = {a.actor_id for a in (source, target) if a is not None}
            countries = {a.country for a in (source, target) if a is not None}
            confidence = 0.35 + (0.05 if rule.pos == "verb" else 0.0)
            confidence += self.words.source_weights.get(s_how, 0.0) if source else 0.0
            confidence += self.words.target_weights.get(t_how, 0.0) if target else 0.0
            if any(
                a is not None and a.text.lower() in self.words.pronoun_texts
                for a in (source, target)
            ):
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
        if neg and doer is not None:
            out = [as_failure(e, doer, self.words.frames, self.ontology) for e in out]
        return [as_promise(e, self.words.frames, self.ontology) for e in out] if promise else out

    def _trigger_text(self, doc: Doc, item: _Found) -> str:
        token, rule = item.token, item.rule
        if rule.pos == "noun":
            return doc[min(token.i, item.head.i) : max(token.i, item.head.i) + 1].text
        end = token.i + 1
        if rule.particle:
            for child in token.children:
                if child.lower_ == rule.particle and child.i > token.i and child.i - token.i <= 3:
                    end = max(end, child.i + 1)
        if rule.objects and "@actor" not in rule.objects:
            for obj in self.patient_tokens(token):
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

    def set_annotations(self, doc: Doc, events: list[Event]) -> None:
        """Store the events on `doc._.events`."""
        doc._.events = events


def _not_actor(mention) -> bool:
    return mention is None or is_unresolved(mention.actor_id)


def _registry_states(nlp: Language | None) -> frozenset[str] | None:
    """The country ids of the actor component's registry (None without one: any ISO-like code)."""
    from pipeline.nlp.actors import FACTORY_NAME as ACTORS

    if nlp is None or ACTORS not in nlp.pipe_names:
        return None
    registry = nlp.get_pipe(ACTORS).registry
    return frozenset(a.actor_id for a in registry.actors if a.type == "country")


@Language.factory(
    FACTORY_NAME,
    default_config={
        "triggers_path": None,
        "ontology_path": None,
        "context_path": None,
        "event_words_path": None,
        "event_frames_path": None,
        "modality_words_path": None,
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
    event_words_path: str | None,
    event_frames_path: str | None,
    modality_words_path: str | None,
    max_sentence_chars: int,
) -> EventExtractor:
    """Factory of the event component; paths override the shipped lexicon, ontology,
    event-context words and the rules' word classes and frames (`event_words.yaml`,
    `event_frames.yaml`, `modality_words.yaml`)."""
    return EventExtractor(
        nlp,
        name,
        triggers_path=triggers_path,
        ontology_path=ontology_path,
        context_path=context_path,
        event_words_path=event_words_path,
        event_frames_path=event_frames_path,
        modality_words_path=modality_words_path,
        max_sentence_chars=max_sentence_chars,
    )

"""Arguments of an event trigger: the source, targets and participants of a verb trigger
(subject, passive agent, objects, target prepositions, inherited subjects and targets) and
of a noun trigger (possessor, by/from/of phrases, modifiers, the governing verb's subject).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.models import ActorMention
from pipeline.nlp import extensions  # noqa: F401 (registers Doc._ attributes)
from pipeline.nlp.event_dates import Timexes, _owns_up
from pipeline.nlp.lexicon import TriggerRule
from pipeline.nlp.rules_data import (
    DEFAULT_FRAME,
)
from pipeline.nlp.syntax import (
    Mentions,
    Syntax,
    _unique,
    agent_tokens,
    children,
    conj_expand,
    is_noun,
    is_passive,
    is_verb,
    lemma_of,
    pobjs,
)


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


class ArgumentFinder(Syntax):
    """Finds the sources, targets and participants of verb and noun triggers (mixed into
    `EventExtractor`, whose `rule_for` it uses)."""

    def _verb_args(self, item: _Found, mentions: Mentions, found: list[_Found]) -> _Args:
        verb, rule = item.token, item.rule
        nouns = self.event_nouns
        sources: list[tuple[ActorMention, str]] = []
        targets: list[tuple[ActorMention, str]] = []
        agents = agent_tokens(verb)
        how = "dep"
        if not agents:
            agents, how = self.inherited_agents(verb), "inherited"
        for tok in agents:
            sources += [(m, how) for m in self.actors_of(tok, mentions, nouns)]
        noun_heads = {f.head.i for f in found if f.rule.pos == "noun"}
        agents = [
            t.head.head
            if t.lower_ in self.words.relative_pronouns and t.head.dep_ == "relcl"
            else t
            for t in agents
        ]
        if not sources and agents and not any(t.i in noun_heads for t in agents):
            sources = [(m, "inherited") for m in self.doer_actors(verb, mentions, nouns)]
        if not sources and any(t.i in noun_heads for t in agents):
            return _Args([], [], [])  # "the strike killed X": the noun's event, not a second one
        patients = self.patient_tokens(verb)
        if not patients and verb.dep_ == "conj" and is_passive(verb) and is_passive(verb.head):
            patients = children(verb.head, "nsubjpass")
        noun_triggers = {f.head.i: f for f in found if f.rule.pos == "noun"}
        for tok in patients:
            if rule.objects and "@actor" not in rule.objects:
                continue  # "signed a deal": the object is part of the trigger
            if tok.i in noun_triggers and not rule.consumes:
                continue  # "condemned the invasion": the target is the invader (below)
            targets += [(m, "dep") for m in self.actors_of(tok, mentions, nouns)]
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
                        targets += [(m, "dep") for m in self.actors_of(obj, mentions, nouns)]
                    continue
                # "drills around Taiwan" (toward), "demonstrated outside the embassy" (at)
                word = self.words.frames.get(rule.type, DEFAULT_FRAME).alias(word, verb=True)
                if word == rule.particle and word not in self.words.target_preps:
                    if word in ("for", "of") or word in self.words.adverb_particles - {"in"}:
                        continue
                    for obj in pobjs(prep):  # "stood by Maduro", "arrived in New Delhi"
                        targets += [(m, "dep") for m in self.actors_of(obj, mentions, nouns)]
                    continue
                if word == "at" and rule.particle != "at" and rule.type not in self.words.at_types:
                    continue
                instrument = not (rule.symmetric or rule.particle == "with")
                if word == "with" and instrument and rule.type not in self.words.with_types:
                    continue  # "attacked X with drones": an instrument
                if word in self.words.target_preps or (
                    word == "from" and rule.type in ("RETREAT", "REJECT")
                ):
                    for obj in pobjs(prep):
                        if obj.i in noun_triggers and word != "with":
                            continue
                        targets += [(m, "dep") for m in self.actors_of(obj, mentions, nouns)]
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
            for obj in self.matched_pobjs(verb, rule):
                inner = self.actors_within(obj, mentions, 2, clauses=False)
                targets += [(m, "deep") for m in inner if m.actor_id not in source_ids]
        if not targets and rule.type == "REQUEST":
            for clause in children(verb, "ccomp"):  # "demanded that the Syrian army withdraw"
                for tok in children(clause, "nsubj", "nsubjpass"):
                    targets += [(m, "dep") for m in self.actors_of(tok, mentions, nouns)]
        if not targets and rule.consumes:
            for clause in children(verb, "xcomp"):  # "refused to apologise to Russia"
                targets += [
                    (m, "deep")
                    for m in self._complement_targets(clause, mentions, found)
                    if m.actor_id not in source_ids
                ]
        if not targets:
            verbal = rule.type in self.words.verbal_types
            source_countries = {m.country for m, _ in sources}
            for tok in patients + prep_objects:
                inner = self.actors_within(tok, mentions, 3, clauses=verbal)
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
                            inner = self.actors_within(obj, mentions)
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
                            participants += self.actors_of(obj, mentions, nouns)
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
        for tok in self.patient_tokens(clause):
            if tok.i in nouns:
                out += [m for m, _ in self._noun_args(nouns[tok.i], mentions, found).targets]
            else:
                out += self.actors_within(tok, mentions, 2, clauses=False)
        for prep in children(clause, "prep"):
            if prep.lower_ in self.words.target_preps - {"with"}:
                for obj in pobjs(prep):
                    out += self.actors_of(obj, mentions, self.event_nouns)
        return _unique(out)

    def _copula_subjects(self, head: Token, mentions: Mentions) -> list[tuple[ActorMention, str]]:
        """ "Japan remains the largest donor", "Norway is one of the biggest donors": the
        subject of the copula a trigger noun completes is its agent."""
        tok = head
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ == "one":
            tok = tok.head.head
        if tok.dep_ != "attr" or not is_verb(tok.head):
            return []
        if lemma_of(tok.head) not in ("be", "remain", "become"):
            return []
        return [
            (m, "light")
            for agent in agent_tokens(tok.head)
            for m in self.actors_of(agent, mentions, self.event_nouns)
        ]

    def _experiencers(self, head: Token, mentions: Mentions) -> list[tuple[ActorMention, str]]:
        """ "a prisoner died after torture", "died as a result of the torture": the subject of
        a verb of undergoing (`receiver_verbs`, "die") that the trigger noun's phrase qualifies
        is its target."""
        tok = head
        for _ in range(3):  # pobj -> prep -> (pobj -> prep ->) verb
            if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
                return []
            tok = tok.head.head
            if is_verb(tok):
                break
        if not is_verb(tok) or lemma_of(tok) not in self.words.receiver_verbs | {"die"}:
            return []
        return [
            (m, "experiencer")
            for agent in agent_tokens(tok)
            for m in self.actors_of(agent, mentions, self.event_nouns)
        ]

    def _governor(self, head: Token) -> Token | None:
        """The verb a noun phrase is the object of (through "a number of", coordination)."""
        tok = head
        while tok.dep_ == "conj" and tok.head is not tok and is_noun(tok.head):
            tok = tok.head
        if (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "of"
            and lemma_of(tok.head.head) in self.words.quantity_nouns
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
                sources += [(m, "dep") for m in self.actors_of(child, mentions, nouns)]
            elif dep in ("amod", "compound", "nmod", "npadvmod") and child.i < head.i:
                modifiers += _unique(m for t in child.subtree if (m := mentions.at(t)) is not None)
            elif dep == "appos":
                sources += [(m, "modifier") for m in self.actors_of(child, mentions, nouns, False)]
            elif dep == "prep":
                objects = pobjs(child)
                actors = [m for o in objects for m in self.actors_of(o, mentions, nouns)]
                if word == "of":  # "the downing of [a jet [by Turkey]]": a misattached agent
                    for obj in objects:
                        for sub in children(obj, "prep"):
                            if sub.lower_ == "by":
                                for agent in pobjs(sub):
                                    sources += [
                                        (m, "dep") for m in self.actors_of(agent, mentions, nouns)
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
                elif (
                    self.words.frames.get(rule.type, DEFAULT_FRAME).alias(word)
                    in self.words.target_preps
                ):
                    targets += [(m, "dep") for m in actors]
            elif dep in ("acl", "relcl") and is_verb(child):
                own_subject = False
                for tok in agent_tokens(child):
                    if tok.lower_ not in self.words.relative_pronouns:
                        own_subject = True
                        sources += [(m, "dep") for m in self.actors_of(tok, mentions, nouns)]
                    elif rule.type in self.words.impact_types:  # "sanctions that cut X's exports"
                        for obj in self.patient_tokens(child):
                            inner = self.actors_within(obj, mentions, 2, clauses=False)
                            targets += [(m, "experiencer") for m in inner]
                if own_subject or is_passive(child):  # "the deal [Turkey struck with the EU]"
                    for prep in children(child, "prep"):
                        if prep.lower_ in self.words.target_preps:
                            for obj in pobjs(prep):
                                targets += [
                                    (m, "dep") for m in self.actors_of(obj, mentions, nouns)
                                ]
        if not targets:  # "travel bans and asset freezes on Russian officials"
            siblings = [c for c in head.children if c.dep_ == "conj"]
            if head.dep_ == "conj":
                siblings.append(head.head)
            for sibling in siblings:
                for prep in children(sibling, "prep"):
                    if prep.lower_ in self.words.target_preps - {"with"}:
                        for obj in pobjs(prep):
                            targets += [(m, "dep") for m in self.actors_of(obj, mentions, nouns)]
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
            if lemma_of(governor) in self.words.receiver_verbs:
                if not targets:
                    for tok in agent_tokens(governor) or self.inherited_agents(governor):
                        targets += [
                            (m, "experiencer") for m in self.actors_of(tok, mentions, nouns)
                        ]
            elif governor_rule is None and self.is_light(governor):
                sources += [(m, "light") for m in self.doer_actors(governor, mentions, nouns)]
                if not targets and rule.symmetric:
                    for prep in children(governor, "prep"):
                        if prep.lower_ in self.words.target_preps and prep.lower_ != "at":
                            for obj in pobjs(prep):
                                targets += [
                                    (m, "dep") for m in self.actors_of(obj, mentions, nouns)
                                ]
        if governor is not None and not targets and self.rule_for(governor, mentions) is None:
            for prep in children(governor, "prep"):
                word = self.words.frames.get(rule.type, DEFAULT_FRAME).alias(prep.lower_)
                if word == "at" and rule.type not in self.words.at_types:
                    continue
                if word in self.words.target_preps - {"with"} or (
                    word == "with" and rule.symmetric
                ):
                    for obj in pobjs(prep):
                        targets += [(m, "dep") for m in self.actors_of(obj, mentions, nouns)]
        if not sources and not participants:
            sources += self._copula_subjects(head, mentions)
        if not targets and rule.type in self.words.impact_types:
            targets += self._experiencers(head, mentions)
        if not sources and not participants and head.dep_ == "pobj" and head.head.lower_ == "with":
            verb = head.head.head
            if is_verb(verb) and lemma_of(verb) in self.words.response_verbs:
                sources += [(m, "light") for m in self.doer_actors(verb, mentions, nouns)]
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
            if is_noun(verb) and lemma_of(verb) in self.words.responsible_nouns:
                owners = children(verb, "poss")
                if owners:
                    for tok in owners:
                        sources += [(m, "inherited") for m in self.actors_of(tok, mentions, nouns)]
                elif verb.dep_ in ("dobj", "obj") and is_verb(verb.head):
                    verb = verb.head
            if prep.lower_ in ("for", "over", "of") and is_verb(verb) and verb is not prep:
                if lemma_of(verb) in self.words.blame_verbs:
                    for tok in children(verb, "dobj"):
                        sources += [(m, "inherited") for m in self.actors_of(tok, mentions, nouns)]
                elif lemma_of(verb) in self.words.responsible_verbs and _owns_up(verb, self.words):
                    for tok in agent_tokens(verb) or self.inherited_agents(verb):
                        sources += [(m, "inherited") for m in self.actors_of(tok, mentions, nouns)]
        if not targets:  # "export controls on chemicals bound for South Korea"
            containers = [head]
            if head.dep_ == "pobj" and lemma_of(head.head.head) in self.words.quantity_nouns:
                containers.append(head.head.head)  # "a letter of apology [to Putin]"
            source_ids = {m.actor_id for m, _ in sources}
            for holder in containers:
                for prep in children(holder, "prep"):
                    if prep.lower_ in self.words.target_preps - {"with", "at"}:
                        for obj in pobjs(prep):
                            inner = self.actors_within(obj, mentions, 2, clauses=False)
                            targets += [(m, "deep") for m in inner if m.actor_id not in source_ids]
        if not targets and rule.type in ("SUPPORT", "ACCUSE", "CONCEDE"):
            source_ids = {m.actor_id for m, _ in sources}
            for prep in children(head, "prep"):
                if prep.lower_ == "for":
                    for obj in pobjs(prep):
                        inner = self.actors_within(obj, mentions)
                        targets += [(m, "for") for m in inner if m.actor_id not in source_ids]
        if not targets and rule.type in self.words.impact_types:
            holder = head.head
            if (
                head.dep_ == "pobj"
                and holder.lower_ in ("by", "from")
                and holder.head is not holder
            ):
                verb = holder.head
                if is_verb(verb):
                    sufferers = children(verb, "nsubjpass", "nsubj") or self.inherited_agents(verb)
                    for tok in sufferers:
                        targets += [
                            (m, "experiencer") for m in self.actors_of(tok, mentions, nouns)
                        ]
            elif head.dep_ == "nsubj" and is_verb(holder):
                for tok in children(holder, "dobj"):
                    if (
                        lemma_of(tok) in self.words.person_nouns
                        or tok.lower_ in self.words.person_nouns
                    ):
                        found_here = self.actors_of(tok, mentions, nouns)
                    else:  # not "reshaped American foreign policy"
                        found_here = [m for t in conj_expand(tok) if (m := mentions.at(t))]
                    targets += [(m, "experiencer") for m in found_here]
        return _Args(sources, targets, participants)

    # -- events -----------------------------------------------------------------------------

    def _location(  # where: a place attached to the trigger that is not one of its actors
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
                if prep.lower_ not in self.words.location_preps:
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

"""Parse helpers of the event and stance rules: word classes of tokens, arguments of verbs
(agents, patients, inherited subjects), `Mentions` and the actors a phrase names
(`actors_of`, `actors_within`), tree distance and sentences.

The helpers that read word classes are methods of `Syntax`, built from one pipeline's
`RuleWords` (the event and stance extractors are `Syntax`es); the others are functions.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from pipeline.models import ActorMention
from pipeline.nlp import extensions  # noqa: F401 (registers Doc._ attributes)
from pipeline.nlp.lexicon import TriggerRule
from pipeline.nlp.rule_words import RuleWords


# ------------------------------------------------------------------------------ syntax helpers
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


def agent_tokens(verb: Token) -> list[Token]:
    """The explicit doer of a verb: its subject, or the "by" agent in the passive."""
    if is_passive(verb):
        return [o for a in children(verb, "agent") for o in pobjs(a)]
    subjects = children(verb, "nsubj", "csubj")
    if not subjects:  # a misparsed sentence-initial subject ("Trump/dep repeatedly praised")
        subjects = [c for c in verb.children if c.dep_ == "dep" and c.i < verb.i and c.is_title]
    return subjects


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


class Syntax:
    """The parse helpers that read word classes (`words`, one pipeline's `RuleWords`): a base
    of the event and stance extractors, which set `self.words` at construction."""

    words: RuleWords

    def __init__(self, words: RuleWords) -> None:
        self.words = words

    def is_light(self, token: Token) -> bool:
        """Whether a verb is a light verb (by lemma, or by form when the lemma is wrong)."""
        return lemma_of(token) in self.words.light_verbs or token.lower_ in self.words.light_forms

    def matched_pobjs(self, token: Token, rule: TriggerRule) -> list[Token]:
        """Prepositional objects of the token (or of its particle: "pulled out of the deal") that
        the rule's `pobj` list names."""
        preps = children(token, "prep") + [
            p
            for c in children(token, "prt", "advmod")
            if c.lower_ in self.words.adverb_particles  # "walked away [from the accord]"
            for p in children(c, "prep")
        ]
        preps += [q for p in preps for q in children(p, "prep")]  # "pulled ... out [of the deal]"
        # "to thousands of refugees"
        objects = [self.transparent(o) for p in preps for o in pobjs(p)]
        return [
            o
            for o in objects
            if lemma_of(o) in rule.pobjs
            or o.lower_ in rule.pobjs
            or any(lemma_of(m) in rule.pobjs for m in children(o, "compound", "amod"))
        ]  # "on a peacekeeping mission" names peacekeeping

    def transparent(self, token: Token) -> Token:
        """Skip quantity nouns: "a number of sanctions" → "sanctions"."""
        if lemma_of(token) in self.words.quantity_nouns:
            for prep in children(token, "prep"):
                if prep.lower_ == "of":
                    objects = pobjs(prep)
                    if objects:
                        return objects[0]
        return token

    def patient_tokens(self, verb: Token) -> list[Token]:
        """The undergoer: direct object/dative, or the passive subject.

        A verb in a relative or participle clause takes the noun it modifies when that noun is
        its object: "the deal [Turkey struck]", "the sanctions [imposed on Turkey]".
        """
        if is_passive(verb):
            found = children(verb, "nsubjpass")
        else:
            found = [self.transparent(t) for t in children(verb, "dobj", "dative", "obj", "iobj")]
        if not found:  # "accept refugees fleeing the war": the parser's clause subject
            found = [
                t
                for c in children(verb, "ccomp")
                if c.tag_ == "VBG" or c.pos_ == "ADJ"  # "found [the minister guilty]"
                for t in children(c, "nsubj")
            ]
        if not found and verb.head is not verb:
            own_subject = [
                t for t in children(verb, "nsubj") if t.lower_ not in self.words.relative_pronouns
            ]
            if verb.dep_ == "relcl" and own_subject or verb.dep_ == "acl" and verb.tag_ == "VBN":
                found = [verb.head]
        return found

    def doer_actors(
        self, verb: Token, mentions: Mentions, event_nouns: set[str] | None = None
    ) -> list[ActorMention]:
        """Actors doing `verb`: its (inherited) agent, or when that is a thing made by someone,
        the maker ("Putin signed a decree imposing sanctions" -> Putin)."""
        agents = agent_tokens(verb) or self.inherited_agents(verb)
        found = [m for tok in agents for m in self.actors_of(tok, mentions, event_nouns)]
        if not found:
            for tok in agents:
                if tok.dep_ in ("dobj", "obj") and is_verb(tok.head) and tok.head is not verb:
                    for maker in agent_tokens(tok.head) or self.inherited_agents(tok.head):
                        found += self.actors_of(maker, mentions, event_nouns)
        return _unique(found)

    def inherited_agents(self, verb: Token, depth: int = 0) -> list[Token]:
        """The doer of a subjectless verb, from the verb it depends on."""
        head = verb.head
        if depth > 5 or head is verb:
            return []
        dep = verb.dep_
        if is_passive(verb) and dep in ("pcomp", "advcl", "conj") and not is_passive(head):
            return []  # "shot down a jet before being hit": the doer of the hit is unknown
        if dep == "xcomp":
            if lemma_of(head) in self.words.object_control:
                objects = children(head, "dobj")
                if objects:
                    return objects
            raised = children(head, "nsubjpass") if is_passive(head) else []  # "X is expected to"
            return agent_tokens(head) or raised or self.inherited_agents(head, depth + 1)
        if dep == "conj" and (is_verb(head) or head.pos_ == "AUX"):
            if is_passive(verb) and not is_passive(head):
                return []
            return agent_tokens(head) or self.inherited_agents(head, depth + 1)
        if dep == "advcl" and (verb.tag_ in ("VBG", "VBN", "VB") or verb.pos_ == ""):
            return agent_tokens(head) or self.inherited_agents(head, depth + 1)
        if dep in ("acomp", "attr", "oprd") and (is_verb(head) or head.pos_ == "AUX"):
            return agent_tokens(head) or self.inherited_agents(head, depth + 1)
        if dep == "relcl":
            own = [
                t for t in children(verb, "nsubj") if t.lower_ not in self.words.relative_pronouns
            ]
            return [] if own else [head]
        if dep == "acl" and verb.tag_ == "VBG":
            return [head]
        if dep == "acl" and children(head, "poss"):
            return children(head, "poss")  # "Moscow's decision to suspend ..."
        if dep == "pcomp":
            holder = head.head
            if is_verb(holder):
                if lemma_of(holder) in self.words.blame_verbs and children(holder, "dobj"):
                    return children(holder, "dobj")  # "accused Iran of attacking": Iran attacked
                return agent_tokens(holder) or self.inherited_agents(holder, depth + 1)
            return children(holder, "poss")
        return []

    def actors_of(
        self,
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
            if tok.lower_ in self.words.relative_pronouns and tok.head.dep_ == "relcl":
                found.extend(self.actors_of(tok.head.head, mentions, event_nouns, modifiers))
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
                            own.extend(self.actors_of(obj, mentions, event_nouns))
            found.extend(own)
        return _unique(found)

    def actors_within(
        self, token: Token, mentions: Mentions, depth: int = 3, clauses: bool = True
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
                        if clauses or child.lower_ not in self.words.location_preps:
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


# ------------------------------------------------------------------------------ dates

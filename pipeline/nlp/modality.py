"""Negation and modality of an event or stance trigger, read from the dependency parse.

`Modality(words)` reads them with the word classes of one pipeline's `modality_words.yaml`
(`words`: its `RuleWords`, `pipeline.nlp.rule_words`); its methods:
`negated(token)` is true when the trigger is denied:
- grammatically: a `neg` child ("did not criticize", "didn't", "never met"), the determiner
  "no" ("no sanctions"), a governing "fail/refuse/decline/resist to", "unable to" ("refused
  to meet"), "has yet to", a negated governing verb for objects, infinitives and purpose
  clauses ("did not impose sanctions", "did not decide to attack", "never sent troops to
  fight"), a denial ("denies supplying weapons", "denied that it attacked"), "refusal/failure
  to" ("its refusal to pay"), a "that" clause of "no evidence/sign/..." ("there is no
  evidence that Iran attacked");
- lexically ("privative"): the trigger is the object of "lack of", "absence of", "without",
  "instead of", "rather than".
`negation_kind(token)` tells the two apart ('grammatical' | 'privative' | None), because a
stance cue under "lack of" ("a lack of trust") flips its polarity, while "did not criticize"
only withholds it.

`modality(token)` is one of 'asserted', 'hypothetical', 'future', 'reported'. It walks from the
trigger up through infinitives, coordinated verbs, clausal complements and, for nominal
triggers, their governing verb, and returns the first marker it meets (innermost wins):
- hypothetical: a yes/no question ("Did Russia bomb ...?"), a condition or its consequence
  (if/unless/whether, "in case", "provided that", inverted "Had/Were/Should X ...", which win
  over "will"), may/might/could/would/should/can/must/ought, "likely/probably/perhaps",
  "want/hope/seek/try to", "reluctant/unwilling/eager/ready to", "is likely to", belief verbs
  ("think", "believe", "conclude"), a hypothetical adverb alongside "will" ("will likely");
  event nouns that are not (yet) real: "possible/proposed X", "any attack", an indefinite
  subject of a modal verb ("an invasion would ..."), the "of"/"for" phrase of nouns of
  prospect or demand ("fears of an attack", "calls for sanctions"), the infinitive of nouns
  of intent ("an invitation to meet", "the deadline for Iran to sign"), the "that" clause of
  nouns of conjecture ("fears that ...");
- future: will/shall, "be going to", "be about to", "is to", "plan/intend/threaten/promise/
  pledge/vow/prepare/agree/aim to", "is expected/set/scheduled to", "plans for X", "a plan/
  an agreement to X"; the event extractor also makes an otherwise asserted event 'future'
  when its own date lies after the document date and its clause is not in a past tense;
- reported: a clausal complement of a speech verb ("said that", "claimed", "announced"), an
  allegation ("accused Iran of arming ..."), "claimed responsibility for X", the "that"
  clause of "claims/reports/allegations", "according to", or text inside quotation marks
  (but a quoted first-person act in the present, '"We welcome ..."', is asserted);
- otherwise asserted.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.nlp.rule_words import RuleWords

ASSERTED, HYPOTHETICAL, FUTURE, REPORTED = "asserted", "hypothetical", "future", "reported"


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.lower_).lower()


def _infinitive(token: Token) -> bool:
    """A to-infinitive: "to" among the verb's auxiliaries."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _that_clause(token: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)


def _noun_lemma(token: Token) -> str:
    return _lemma(token) if token.pos_ in ("NOUN", "PROPN", "") else ""


def _instead(token: Token) -> bool:
    """The object of "instead of" / "rather than" (the alternative not taken)."""
    head = token.head
    doc = token.doc
    before = doc[head.i - 1].lower_ if head.i > 0 else ""
    if head.lower_ == "of" and (
        before == "instead" or any(c.lower_ == "instead" for c in head.children)
    ):
        return True
    if head.lower_ == "than" and before == "rather":
        return True
    if token.dep_ == "conj":  # "chose to negotiate rather than attack"
        return any(
            c.lower_ == "than" and c.i < token.i and doc[c.i - 1].lower_ == "rather"
            for c in head.children
            if c.dep_ in ("cc", "prep", "mark")
        )
    return False


def _subject_of(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "expl", "csubj"):
            return child
    return None


def _according_to(token: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "according" for c in token.children)


def _performative(token: Token) -> bool:
    """A quoted first-person act in the present: "We welcome ...", "I condemn ..." is done by
    saying it, so it is asserted, not reported."""
    return (
        token.tag_ in ("VBP", "VB")
        and any(c.dep_ == "nsubj" and c.lower_ in ("we", "i") for c in token.children)
        and not any(c.dep_ in ("aux", "neg") for c in token.children)
    )


class Modality:
    """Negation and modality of triggers, read with one pipeline's modality words."""

    def __init__(self, words: RuleWords) -> None:
        self.words = words

    def negation_kind(self, token: Token) -> str | None:
        """'grammatical', 'privative' or None: how (if at all) the trigger is negated."""
        for child in token.children:
            if child.dep_ == "neg" or (child.lower_ in ("never", "no") and child.dep_ != "conj"):
                return "grammatical"
            if child.dep_ == "det" and child.lower_ in ("no", "neither"):
                return "grammatical"
            if child.lower_ == "longer" and any(g.lower_ == "no" for g in child.children):
                return "grammatical"
            if child.dep_ in ("nsubj", "nsubjpass") and any(
                g.dep_ in ("preconj", "det") and g.lower_ == "neither" for g in child.children
            ):
                return "grammatical"  # "Neither Russia nor China criticized Iran"
        head = token.head
        if head is not token:
            if (
                token.dep_ == "pobj"
                and head.lower_ == "of"
                and _lemma(head.head) in self.words.privative_nouns
            ):
                return "privative"
            if token.dep_ == "pobj" and head.lower_ == "without":
                return "privative"
            if token.dep_ in ("dobj", "pcomp") and head.lower_ == "without":
                return "privative"
            if token.dep_ in ("xcomp", "ccomp") and _lemma(head) in self.words.denial_verbs:
                return "grammatical"  # "Iran denies supplying weapons", "denied that it attacked"
            if token.dep_ == "pcomp" and _lemma(head.head) in self.words.denial_verbs:
                return "grammatical"
            if token.dep_ == "pcomp" and head.lower_ in ("from", "of"):
                governor = head.head
                if _lemma(governor) == "refrain" or governor.lower_ == "short":
                    # "refrained from attacking", "stopped short of sanctioning"
                    return "grammatical"
            if (
                token.dep_ == "dobj"
                and _lemma(head) == "rule"
                and any(c.dep_ == "prt" and c.lower_ == "out" for c in head.children)
            ):
                return "grammatical"  # "ruled out talks"
            if token.dep_ in ("pcomp", "pobj", "conj") and _instead(token):
                return "privative"  # "bought oil instead of sanctioning it", "rather than talks"
            if _infinitive(token) and token.dep_ in ("acl", "advcl", "relcl"):
                if _noun_lemma(head) in self.words.neg_to_nouns:
                    return "grammatical"  # "its refusal to pay", "the failure to agree"
                if token.dep_ == "advcl" and self.negation_kind(head) == "grammatical":
                    return "grammatical"  # "never sent troops to fight the US"
            if token.dep_ in ("acl", "ccomp") and _that_clause(token) and self._no_noun(head):
                return "grammatical"  # "no evidence that Iran attacked the tanker"
            if token.dep_ == "xcomp":
                if _lemma(head) in self.words.neg_governors:
                    return "grammatical"
                if _lemma(head) == "have" and any(c.lower_ == "yet" for c in head.children):
                    return "grammatical"
                if self.negation_kind(head) == "grammatical":
                    return "grammatical"
            if token.dep_ in ("dobj", "nsubjpass") and token.pos_ in ("NOUN", "PROPN", ""):
                light = _lemma(head) in self.words.light_verbs
                if (
                    light
                    and head.pos_ in ("VERB", "AUX", "")
                    and self.negation_kind(head) == "grammatical"
                ):
                    return "grammatical"
        if token.pos_ in ("VERB", "AUX", "") or token.tag_.startswith("VB"):
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass", "dobj") and (
                    child.lower_ in ("nobody", "none", "nothing")
                    or any(g.dep_ == "det" and g.lower_ == "no" for g in child.children)
                ):
                    return "grammatical"
        return None

    def _no_noun(self, token: Token) -> bool:
        """ "no evidence", "no sign": a noun of evidence or prospect under the determiner "no"."""
        return _noun_lemma(token) in self.words.no_that_nouns and any(
            c.dep_ == "det" and c.lower_ == "no" for c in token.children
        )

    def negated(self, token: Token) -> bool:
        """Whether the trigger is denied (grammatically or by "lack of"/"without")."""
        return self.negation_kind(token) is not None

    def in_quotes(self, token: Token) -> bool:
        """Whether the token lies between quotation marks within its sentence."""
        sent = token.sent if token.doc.has_annotation("SENT_START") else token.doc[:]
        inside = False
        for other in sent:
            if other.i >= token.i:
                break
            if other.text in self.words.quotes_open and not (other.text == '"' and inside):
                inside = True
            elif other.text in self.words.quotes_close and inside:
                inside = False
        return inside

    def _own_marker(self, token: Token) -> str | None:
        """A modality marker on the token itself (its auxiliaries, adverbs, subordinator)."""
        children = list(token.children)
        hypo_adverb = any(
            c.dep_ in ("advmod", "acomp") and c.lower_ in self.words.hypo_adverbs for c in children
        )
        if self._yes_no_question(token) or self._inverted_condition(token):
            # "Did Russia bomb the hospital?", "Were China to invade Taiwan, ..."
            return HYPOTHETICAL
        if any(c.dep_ == "mark" and c.lower_ in self.words.hypo_marks for c in children):
            return HYPOTHETICAL  # before "will": "if Iran attacks", "whether Russia will invade"
        if self._condition(token):
            return HYPOTHETICAL  # "in case Moscow attacks", "provided that ..."
        if any(c.dep_ == "advcl" and self._condition(c) for c in children):
            return HYPOTHETICAL  # the consequence of a condition: "will strike Iran if talks fail"
        for child in children:
            if child.dep_ in ("aux", "auxpass") or child.tag_ == "MD":
                word = child.lower_
                if word in self.words.hypo_aux:
                    return HYPOTHETICAL
                if word in self.words.future_aux:
                    return HYPOTHETICAL if hypo_adverb else FUTURE
        if hypo_adverb:
            return HYPOTHETICAL
        if token.pos_ in ("NOUN", "PROPN"):
            modifiers = {c.lower_ for c in children if c.dep_ in ("amod", "compound")}
            if modifiers & self.words.hypo_noun_modifiers:
                return HYPOTHETICAL
            if modifiers & self.words.future_noun_modifiers:
                return FUTURE
            if self._unreal_subject(token):
                return HYPOTHETICAL  # "any attack on Taiwan", "a Russian invasion would be ..."
        if any(c.dep_ == "advmod" and c.lower_ in ("reportedly", "allegedly") for c in children):
            return REPORTED
        if any(
            c.dep_ == "acomp" and c.lower_ in ("likely", "unlikely", "possible") for c in children
        ):
            return HYPOTHETICAL
        return None

    def _condition(self, clause: Token) -> bool:
        """An adverbial clause that states a condition: "if/unless ...", "in case ...",
        "provided that ...", "assuming ..."."""
        if clause.dep_ != "advcl":
            return False
        if clause.lower_ in self.words.condition_verbs:
            return True
        for child in clause.children:
            if child.dep_ == "mark" and child.lower_ in ("if", "unless", "lest"):
                return True
            if (
                child.dep_ == "prep"
                and child.lower_ == "in"
                and any(p.lower_ in ("case", "event") for p in child.children)
            ):
                return True
        return False

    def _inverted(self, token: Token) -> Token | None:
        """The auxiliary standing before the subject of the clause headed by `token`, if any."""
        subject = _subject_of(token)
        if subject is None:
            return None
        for child in token.children:
            if child.dep_ in ("aux", "auxpass") and child.i < subject.i:
                return child if child.lower_ in self.words.inverting_aux else None
        if token.pos_ == "AUX" and token.i < subject.i and token.lower_ in self.words.inverting_aux:
            return token  # "Is Iran a threat?"; "Were China to invade Taiwan, ..."
        return None

    def _yes_no_question(self, token: Token) -> bool:
        """The head of a question clause without a wh-word: "Did Russia bomb the hospital?"."""
        if token.pos_ not in ("VERB", "AUX", "") or token.dep_ not in ("ROOT", "conj", "ccomp"):
            return False
        sent = token.sent if token.doc.has_annotation("SENT_START") else token.doc[:]
        last = next(
            (t for t in reversed(sent) if not t.is_space and t.text not in self.words.quotes_close),
            None,
        )
        if last is None or last.text != "?":
            return False
        if self._inverted(token) is None:
            return False
        return not any(t.tag_ in self.words.wh_tags and t.i < token.i for t in token.subtree)

    def _inverted_condition(self, token: Token) -> bool:
        """A condition without "if": "Had Russia invaded ...", "Were China to ...",
        "Should X ..."."""
        if token.dep_ != "advcl":
            return False
        aux = self._inverted(token)
        return (
            aux is not None
            and aux.lower_ in ("had", "were", "should")
            and aux.i == token.left_edge.i
        )

    def _unreal_subject(self, token: Token) -> bool:
        """An event noun under "any", or an indefinite one that is the subject of a modal verb."""
        dets = {c.lower_ for c in token.children if c.dep_ == "det"}
        if "any" in dets:
            return self.negation_kind(token) is None and self.negation_kind(token.head) is None
        if token.dep_ not in ("nsubj", "nsubjpass") or not dets & {"a", "an", "another"}:
            return False
        head = token.head
        return any(c.dep_ == "aux" and c.lower_ in self.words.hypo_aux for c in head.children)

    def _governor_lemma(self, head: Token) -> str:
        """The lemma of a governing word, mended where the small model's lemmatizer slips."""
        lemma = _lemma(head)
        if lemma in self.words.governors:
            return lemma
        word, governors = head.lower_, self.words.governors
        for candidate in (
            word[:-1],
            word[:-2],
            word[:-1].removesuffix("e"),
            word.removesuffix("d"),
        ):
            if word.endswith(("s", "d")) and candidate in governors:
                return candidate  # "hopes" lemmatised as "hop", "prepared" left as is
        return lemma

    def _intent_object_marker(self, token: Token) -> str | None:
        """A nominal trigger that is the object of a verb of intent: "is considering sanctions"."""
        if token.dep_ not in ("dobj", "obj") or token.pos_ not in ("NOUN", "PROPN"):
            return None
        lemma = self._governor_lemma(token.head)
        future = lemma in self.words.future_governors
        if future and lemma not in ("agree", "set", "determine", "commit"):
            return FUTURE
        if lemma in self.words.hypo_governors and lemma not in ("have", "ask", "urge", "demand"):
            return HYPOTHETICAL
        return None

    def _governor_marker(self, token: Token) -> str | None:
        """A marker contributed by the governing word of an infinitive or complement clause."""
        head = token.head
        lemma = self._governor_lemma(head)
        if token.dep_ == "xcomp":
            if lemma == "go" and head.tag_ == "VBG":
                return FUTURE
            if lemma == "be" and any(c.lower_ == "about" for c in head.children):
                return FUTURE
            if lemma in self.words.future_governors:
                return FUTURE
            if lemma == "have" and any(c.lower_ == "yet" for c in head.children):
                return None  # "has yet to deliver": negated, not hypothetical
            if lemma in self.words.hypo_governors:
                return HYPOTHETICAL
            if lemma == "call" and any(c.lower_ in ("on", "upon") for c in head.children):
                return HYPOTHETICAL
            if head.lower_ in ("about",):
                return FUTURE
        if (
            token.dep_ == "xcomp"
            and lemma == "be"
            and _infinitive(token)
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
            and not self._inverted_condition(head)
        ):
            return FUTURE  # "Obama is to visit Cuba"
        if token.dep_ == "pobj" and head.lower_ in ("of", "for") and head.head is not head:
            noun = _noun_lemma(head.head)
            if head.lower_ == "of" and (
                noun in self.words.hypo_of_nouns - {"talk"} or head.head.lower_ == "talk"
            ):
                return HYPOTHETICAL  # "fears of a Chinese attack", "talk of a summit"
            if head.lower_ == "for" and noun in self.words.hypo_for_nouns:
                return HYPOTHETICAL  # "calls for sanctions"
            if head.lower_ == "for" and noun in self.words.future_for_nouns:
                return FUTURE  # "plans for a summit"
        if (
            token.dep_ == "pobj"
            and head.lower_ == "for"
            and _noun_lemma(head.head) in ("responsibility", "credit")
            and _lemma(head.head.head) in ("claim", "take")
        ):
            return REPORTED  # "claimed responsibility for drone attacks": the claim is theirs
        if token.dep_ in ("acl", "advcl", "relcl") and _infinitive(token):
            noun = _noun_lemma(head)
            if noun in self.words.hypo_to_nouns:
                return HYPOTHETICAL  # "an invitation to meet", "the deadline for Iran to sign"
            if noun in self.words.future_to_nouns:
                return FUTURE  # "a plan to attack"
        if token.dep_ == "ccomp" and self._condition(head):
            return HYPOTHETICAL  # "provided that Kyiv refuses to pay"
        if token.dep_ in ("acl", "ccomp") and _that_clause(token):
            noun = _noun_lemma(head)
            if noun in self.words.report_that_nouns:
                return REPORTED  # "claims that it had bombed a market"
            if noun in self.words.hypo_that_nouns:
                return HYPOTHETICAL  # "fears that Russia might attack"
        if token.dep_ in ("ccomp", "xcomp") and lemma in self.words.belief_verbs:
            return HYPOTHETICAL
        if token.dep_ == "ccomp" and lemma == "expect":
            return FUTURE  # "analysts expect China to sign a deal"
        if token.dep_ in ("ccomp", "parataxis") and lemma in self.words.speech_verbs:
            return REPORTED
        if token.dep_ == "pcomp" and _lemma(head.head) in self.words.allegation_verbs:
            return REPORTED  # "accused Iran of arming the rebels": an allegation
        if token.dep_ == "ccomp" and lemma == "be":
            adjectives = {c.lower_ for c in head.children if c.dep_ == "acomp"}
            if adjectives & {
                "likely",
                "possible",
                "unlikely",
                "reasonable",
                "plausible",
                "conceivable",
            }:
                return HYPOTHETICAL
        return None

    def modality(self, token: Token) -> str:
        """'asserted' | 'hypothetical' | 'future' | 'reported' for a trigger token."""
        if _performative(token) and self.in_quotes(token) and self._own_marker(token) is None:
            return ASSERTED  # '"We welcome the decision," the minister said'
        current = token
        for _ in range(12):
            marker = self._own_marker(current)
            if marker:
                return marker
            if _according_to(current):
                return REPORTED
            head = current.head
            if head is current:
                break
            marker = self._governor_marker(current) or self._intent_object_marker(current)
            if marker:
                return marker
            dep = current.dep_
            if dep == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in current.children):
                break  # a coordinated clause with its own subject keeps its own modality
            if dep not in self.words.climb and not (
                dep in ("dobj", "obj") and _lemma(head) in self.words.light_verbs
            ):
                break
            current = head
        return REPORTED if self.in_quotes(token) else ASSERTED

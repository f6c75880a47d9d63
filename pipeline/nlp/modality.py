"""Negation and modality of an event or stance trigger, read from the dependency parse.

`negated(token)` is true when the trigger is denied:
- grammatically: a `neg` child ("did not criticize", "didn't", "never met"), the determiner
  "no" ("no sanctions"), a governing "fail/refuse/decline to" ("refused to meet"), "has yet
  to", a negated governing verb for objects and infinitives ("did not impose sanctions",
  "did not decide to attack"), a denial ("denies supplying weapons", "denied that it
  attacked");
- lexically ("privative"): the trigger is the object of "lack of", "absence of", "without".
`negation_kind(token)` tells the two apart ('grammatical' | 'privative' | None), because a
stance cue under "lack of" ("a lack of trust") flips its polarity, while "did not criticize"
only withholds it.

`modality(token)` is one of 'asserted', 'hypothetical', 'future', 'reported'. It walks from the
trigger up through infinitives, coordinated verbs, clausal complements and, for nominal
triggers, their governing verb, and returns the first marker it meets (innermost wins):
- hypothetical: may/might/could/would/should/can/must, "likely/probably/perhaps", an
  if/unless/whether clause, "want/hope/seek/try to", "is likely to", belief verbs
  ("think", "believe", "conclude"), a hypothetical adverb alongside "will" ("will likely");
- future: will/shall, "be going to", "be about to", "plan/intend/threaten/promise/pledge/
  vow/prepare/agree/aim to", "is expected/set/scheduled to";
- reported: a clausal complement of a speech verb ("said that", "claimed", "announced"), an
  allegation ("accused Iran of arming ..."), "according to", or text inside quotation marks;
- otherwise asserted.
"""

from __future__ import annotations

from spacy.tokens import Token

ASSERTED, HYPOTHETICAL, FUTURE, REPORTED = "asserted", "hypothetical", "future", "reported"

_NEG_WORDS = {"not", "n't", "never", "no", "neither", "nor"}
_NEG_GOVERNORS = {"fail", "refuse", "decline", "neglect", "avoid", "cease", "stop"}
_DENIAL_VERBS = {"deny", "dismiss", "refute", "reject"}
_PRIVATIVE_NOUNS = {"lack", "absence", "failure", "dearth"}
_HYPO_AUX = {"may", "might", "could", "would", "should", "can", "must", "ought", "shall've"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_HYPO_ADVERBS = {"likely", "probably", "perhaps", "possibly", "maybe", "potentially", "unlikely"}
_HYPO_MARKS = {"if", "unless", "whether", "lest"}
_HYPO_GOVERNORS = {
    "weigh",
    "mull",
    "want",
    "wish",
    "hope",
    "seek",
    "try",
    "attempt",
    "consider",
    "propose",
    "suggest",
    "need",
    "have",
    "like",
    "prefer",
    "ask",
    "urge",
    "demand",
    "likely",
    "unlikely",
    "possible",
    "able",
    "willing",
    "ready",
    "seem",
    "appear",
}
_FUTURE_GOVERNORS = {
    "plan",
    "intend",
    "threaten",
    "promise",
    "pledge",
    "vow",
    "prepare",
    "aim",
    "expect",
    "schedule",
    "set",
    "agree",
    "determine",
    "commit",
    "poise",
    "poised",
    "prepared",
    "due",
    "slate",
    "slated",
}
_GOVERNORS = _HYPO_GOVERNORS | _FUTURE_GOVERNORS
_BELIEF_VERBS = {
    "think",
    "believe",
    "conclude",
    "suspect",
    "assume",
    "speculate",
    "doubt",
    "guess",
    "imagine",
    "predict",
    "fear",
    "worry",
}
_SPEECH_VERBS = {
    "say",
    "tell",
    "announce",
    "claim",
    "state",
    "report",
    "add",
    "note",
    "insist",
    "allege",
    "declare",
    "assert",
    "confirm",
    "stress",
    "explain",
    "write",
    "tweet",
    "reply",
    "respond",
    "maintain",
    "acknowledge",
    "admit",
    "reveal",
    "disclose",
    "indicate",
    "warn",
    "accuse",
    "charge",
    "deny",
    "argue",
}
_ALLEGATION_VERBS = {"accuse", "blame", "charge", "suspect", "allege", "deny", "criticize"}
_ALLEGATION_VERBS |= {"criticise", "condemn", "fault"}
_QUOTES_OPEN = {'"', "“", "‘", "«", "``"}
_QUOTES_CLOSE = {'"', "”", "’", "»", "''"}
# Verbs whose object noun is the event itself ("imposed sanctions", "launched an attack"), and
# verbs of intent whose object is not (yet) real ("threatened sanctions", "wants talks"): a
# nominal trigger takes its negation and modality from these, not from other governing verbs
# ("did not condemn the strike" does not deny the strike).
LIGHT_VERBS = {
    "impose", "launch", "carry", "conduct", "hold", "sign", "make", "express", "offer", "issue",
    "stage", "take", "give", "provide", "send", "announce", "order", "approve", "introduce",
    "adopt", "extend", "deliver", "mount", "wage", "begin", "start", "continue", "resume",
    "unveil", "declare", "reach", "strike", "seal", "finalize", "pursue", "perform", "execute",
    "undertake", "initiate", "authorize", "lodge", "file", "pay", "apply", "open",
    "want", "seek", "propose", "consider", "plan", "threaten", "demand", "request", "prepare",
    "discuss", "avoid", "prevent", "need", "expect", "promise", "pledge", "vow", "intend",
    "raise", "increase", "hike", "expand", "tighten", "broaden", "renew", "double", "triple",
    "maintain", "reimpose", "slap", "levy", "enforce", "step", "escalate", "intensify",
    "face", "risk", "weigh", "mull", "rule",
}  # fmt: skip
# Adjectives that make an event noun unreal: "possible sanctions", "the proposed deal".
_HYPO_NOUN_MODIFIERS = {"possible", "potential", "proposed", "hypothetical", "prospective"}
_HYPO_NOUN_MODIFIERS |= {"would-be", "likely", "contemplated", "mooted"}
_FUTURE_NOUN_MODIFIERS = {"planned", "upcoming", "forthcoming", "scheduled", "expected", "future"}
_CLIMB = {"xcomp", "ccomp", "conj", "pobj", "attr", "appos"}
_CLIMB |= {"pcomp", "prep", "agent", "compound", "oprd", "acomp", "dative", "parataxis"}


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.lower_).lower()


def negation_kind(token: Token) -> str | None:
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
        if token.dep_ == "pobj" and head.lower_ == "of" and _lemma(head.head) in _PRIVATIVE_NOUNS:
            return "privative"
        if token.dep_ == "pobj" and head.lower_ == "without":
            return "privative"
        if token.dep_ in ("dobj", "pcomp") and head.lower_ == "without":
            return "privative"
        if token.dep_ in ("xcomp", "ccomp") and _lemma(head) in _DENIAL_VERBS:
            return "grammatical"  # "Iran denies supplying weapons", "denied that it attacked"
        if token.dep_ == "pcomp" and _lemma(head.head) in _DENIAL_VERBS:
            return "grammatical"
        if token.dep_ == "pcomp" and head.lower_ in ("from", "of"):
            governor = head.head
            if _lemma(governor) == "refrain" or governor.lower_ == "short":
                return "grammatical"  # "refrained from attacking", "stopped short of sanctioning"
        if (
            token.dep_ == "dobj"
            and _lemma(head) == "rule"
            and any(c.dep_ == "prt" and c.lower_ == "out" for c in head.children)
        ):
            return "grammatical"  # "ruled out talks"
        if token.dep_ == "xcomp":
            if _lemma(head) in _NEG_GOVERNORS:
                return "grammatical"
            if _lemma(head) == "have" and any(c.lower_ == "yet" for c in head.children):
                return "grammatical"
            if negation_kind(head) == "grammatical":
                return "grammatical"
        if token.dep_ in ("dobj", "nsubjpass") and token.pos_ in ("NOUN", "PROPN", ""):
            light = _lemma(head) in LIGHT_VERBS
            if light and head.pos_ in ("VERB", "AUX", "") and negation_kind(head) == "grammatical":
                return "grammatical"
    if token.pos_ in ("VERB", "AUX", "") or token.tag_.startswith("VB"):
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and (
                child.lower_ in ("nobody", "none", "nothing")
                or any(g.dep_ == "det" and g.lower_ == "no" for g in child.children)
            ):
                return "grammatical"
    return None


def negated(token: Token) -> bool:
    """Whether the trigger is denied (grammatically or by "lack of"/"without")."""
    return negation_kind(token) is not None


def in_quotes(token: Token) -> bool:
    """Whether the token lies between quotation marks within its sentence."""
    sent = token.sent if token.doc.has_annotation("SENT_START") else token.doc[:]
    inside = False
    for other in sent:
        if other.i >= token.i:
            break
        if other.text in _QUOTES_OPEN and not (other.text == '"' and inside):
            inside = True
        elif other.text in _QUOTES_CLOSE and inside:
            inside = False
    return inside


def _own_marker(token: Token) -> str | None:
    """A modality marker on the token itself (its auxiliaries, adverbs, subordinator)."""
    children = list(token.children)
    hypo_adverb = any(c.dep_ in ("advmod", "acomp") and c.lower_ in _HYPO_ADVERBS for c in children)
    for child in children:
        if child.dep_ in ("aux", "auxpass") or child.tag_ == "MD":
            word = child.lower_
            if word in _HYPO_AUX:
                return HYPOTHETICAL
            if word in _FUTURE_AUX:
                return HYPOTHETICAL if hypo_adverb else FUTURE
    if hypo_adverb:
        return HYPOTHETICAL
    if token.pos_ in ("NOUN", "PROPN"):
        modifiers = {c.lower_ for c in children if c.dep_ in ("amod", "compound")}
        if modifiers & _HYPO_NOUN_MODIFIERS:
            return HYPOTHETICAL
        if modifiers & _FUTURE_NOUN_MODIFIERS:
            return FUTURE
    if any(c.dep_ == "advmod" and c.lower_ in ("reportedly", "allegedly") for c in children):
        return REPORTED
    if any(c.dep_ == "mark" and c.lower_ in _HYPO_MARKS for c in children):
        return HYPOTHETICAL
    if any(
        c.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
        for c in children
    ):
        return HYPOTHETICAL  # the consequence of a condition: "will strike Iran if talks fail"
    if any(c.dep_ == "acomp" and c.lower_ in ("likely", "unlikely", "possible") for c in children):
        return HYPOTHETICAL
    return None


def _governor_lemma(head: Token) -> str:
    """The lemma of a governing word, mended where the small model's lemmatizer slips."""
    lemma = _lemma(head)
    if lemma in _GOVERNORS:
        return lemma
    word = head.lower_
    for candidate in (word[:-1], word[:-2], word[:-1].removesuffix("e"), word.removesuffix("d")):
        if word.endswith(("s", "d")) and candidate in _GOVERNORS:
            return candidate  # "hopes" lemmatised as "hop", "prepared" left as is
    return lemma


def _intent_object_marker(token: Token) -> str | None:
    """A nominal trigger that is the object of a verb of intent: "is considering sanctions"."""
    if token.dep_ not in ("dobj", "obj") or token.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = _governor_lemma(token.head)
    if lemma in _FUTURE_GOVERNORS and lemma not in ("agree", "set", "determine", "commit"):
        return FUTURE
    if lemma in _HYPO_GOVERNORS and lemma not in ("have", "ask", "urge", "demand"):
        return HYPOTHETICAL
    return None


def _governor_marker(token: Token) -> str | None:
    """A marker contributed by the governing word of an infinitive or complement clause."""
    head = token.head
    lemma = _governor_lemma(head)
    if token.dep_ == "xcomp":
        if lemma == "go" and head.tag_ == "VBG":
            return FUTURE
        if lemma == "be" and any(c.lower_ == "about" for c in head.children):
            return FUTURE
        if lemma in _FUTURE_GOVERNORS:
            return FUTURE
        if lemma == "have" and any(c.lower_ == "yet" for c in head.children):
            return None  # "has yet to deliver": negated, not hypothetical
        if lemma in _HYPO_GOVERNORS:
            return HYPOTHETICAL
        if lemma == "call" and any(c.lower_ in ("on", "upon") for c in head.children):
            return HYPOTHETICAL
        if head.lower_ in ("about",):
            return FUTURE
    if token.dep_ in ("ccomp", "xcomp") and lemma in _BELIEF_VERBS:
        return HYPOTHETICAL
    if token.dep_ == "ccomp" and lemma == "expect":
        return FUTURE  # "analysts expect China to sign a deal"
    if token.dep_ in ("ccomp", "parataxis") and lemma in _SPEECH_VERBS:
        return REPORTED
    if token.dep_ == "pcomp" and _lemma(head.head) in _ALLEGATION_VERBS:
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


def _according_to(token: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "according" for c in token.children)


def modality(token: Token) -> str:
    """'asserted' | 'hypothetical' | 'future' | 'reported' for a trigger token."""
    current = token
    for _ in range(12):
        marker = _own_marker(current)
        if marker:
            return marker
        if _according_to(current):
            return REPORTED
        head = current.head
        if head is current:
            break
        marker = _governor_marker(current) or _intent_object_marker(current)
        if marker:
            return marker
        dep = current.dep_
        if dep == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in current.children):
            break  # a coordinated clause with its own subject keeps its own modality
        if dep not in _CLIMB and not (dep in ("dobj", "obj") and _lemma(head) in LIGHT_VERBS):
            break
        current = head
    return REPORTED if in_quotes(token) else ASSERTED

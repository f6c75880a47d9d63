"""Stance extraction: who stands for or against whom or what.

The component `eventpipe_stances_v1` reads `doc._.actors` and `doc._.timexes` and sets
`doc._.stances`. Cues, "see as" verbs, evaluations, intensifiers, weights and word classes come
from `pipeline/data/stances.yaml` (loaded by `pipeline.nlp.stance_lexicon`):

- verbs ("criticize", "praise", "oppose", "distrust"): the holder is the subject (the "by" agent
  in the passive; inherited through "wants to", coordination), the target the direct object
  (shared with a coordinated verb: "disregarding and even challenging X") or the object of a
  listed preposition;
- predicative adjectives ("is opposed to", "are concerned about", "is discontent with"): the
  holder is the subject of the copula, the target the object of a listed preposition, or of
  the infinitive ("is determined to keep X");
- nouns ("disappointment in", "distrust of", "a lack of trust in X among Y"): the holder is the
  possessor, a demonym modifier, an "among/from/by" phrase, or the subject of the verb that
  governs the noun ("X and Y share a distrust of Z");
- "X sees/views/regards Y as Z": the score is the evaluation of Z ("an authoritarian leader"
  -0.6, "allies" +0.7); "X views Y with deep resentment" takes the noun's score; evaluative
  nouns take their adjective's ("a favourable view of NATO" +0.5);
- adverbs of speaking ("spoke critically of X"): the verb's holder, its preposition's object;
- "X said Y was a liar" (a speech verb over a copula with an evaluation), "X said Y had
  violated the truce" (a misdeed verb), "X rejected Y's accusations" (a rebuttal), "X pressed
  for Y's resignation" (a demand for someone's removal), "X came under criticism from Y" and
  "X drew criticism from Y" (Y -> X); rebuttals and misdeeds are inferred stances that yield
  to a cue between the same countries in the sentence;
- cues marked `holder: person` ("attacked") hold only for a person ("Rubio attacked Trump",
  not "the rebels attacked the town": that is an event);
- holders (`stance_holders`): the speaker of reported speech or the one who urges ("X urged
  voters to back Y") holds the stance of a subjectless or unresolved clause; an apposition or
  an "including" phrase can name the holder ("critics, including Kenyan officials, ..."); the
  maker of a text holds what it says ("adopted a resolution that condemned Y"); a person
  noun makes its modifier a person holder ("the Kenyan envoy attacked ...");
- "lost patience with", "little faith in", "a lack of trust in" deny the cue (see below).

Target: a registry actor when the head of the object phrase names one ("Turkey", "the Turkish
government", "the government in Kinshasa"), or names one as its possessor, apposition or
modifier ("Obama officials", "the US action"; a place before other nouns is only a name: "the
Paris accord"), or inside a prepositional phrase ("officials in Obama's administration");
otherwise `target_topic` is the phrase, normalised
to lower case without leading determiners or clauses ("the war in Iraq" -> "war in iraq",
"European values" -> "european values"), so that topics group across documents. "X and Y
accused each other" gives X -> Y and Y -> X. A stance needs a registry holder and a target or
topic, and never has the same actor on both sides (a holder's own state can be the target:
"Obama blamed the Bush administration", "ETA blamed the Spanish government").

Score in [-1, 1]: the cue's base score times intensifiers ("strongly" x1.3, "deep" x1.3,
"mildly" x0.6), clipped. Grammatical negation is asymmetric: a denied negative cue withholds
the stance ("did not criticize X": polarity 'neutral' with a weak positive lean, score = -0.25 x
base, criticize -0.6 -> +0.15), while a denied positive cue is a weak negative stance ("would
not support X": -0.5 x base, support +0.6 -> -0.3, negative). Lexical negation flips the cue:
"a lack of trust in X" scores -0.8 x base (trust +0.5 -> -0.4, negative). Hypothetical stances
("may see X as ...") keep their polarity at half the score. Polarity is the sign of the score
(neutral at 0, and for a denied negative cue).

Modules: `stance_lexicon` (the data and its loader), `stance_holders` (holders),
`stance_targets` (targets and topics),
`stance_frames` ("see as", reported evaluations, demands for removal), `stance_events` (stances
carried by ACCUSE/SUPPORT events), `stance_rules` (scoring, topic text, own-side filters).

Date: the temporal expression of the sentence nearest to the cue (as for events), else the
document date with precision 'day' ('none' without one).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.models import ActorMention, Stance
from pipeline.nlp import extensions  # noqa: F401 (registers Doc._ attributes)
from pipeline.nlp.event_dates import Timexes
from pipeline.nlp.lexicon import load_triggers
from pipeline.nlp.modality import HYPOTHETICAL, Modality
from pipeline.nlp.prefilter import WordFilter
from pipeline.nlp.rule_words import load_rule_words
from pipeline.nlp.stance_events import with_event_stances
from pipeline.nlp.stance_frames import EvaluationFrames, Found
from pipeline.nlp.stance_holders import HolderFinder
from pipeline.nlp.stance_lexicon import Cue, StanceLexicon, load_stance_lexicon
from pipeline.nlp.stance_rules import (
    other_side,
    privative,
    score_and_polarity,
    unique_mentions,
)
from pipeline.nlp.stance_targets import TargetFinder
from pipeline.nlp.syntax import (
    Mentions,
    agent_tokens,
    children,
    conj_expand,
    is_noun,
    is_verb,
    lemma_of,
    pobjs,
)

__all__ = [
    "FACTORY_NAME",
    "Cue",
    "StanceExtractor",
    "StanceLexicon",
    "load_stance_lexicon",
    "score_and_polarity",
]

FACTORY_NAME = "eventpipe_stances_v1"
_WORD_NAMES = (
    "verb_preps",
    "holder_preps",
    "copulas",
    "privative",
    "refusal_governors",
    "no_topic",
    "government_nouns",
    "evaluative_nouns",
    "reciprocal",
    "speech_verbs",
    "removal_nouns",
    "act_nouns",
    "backing_participles",
    "demand_verbs",
    "message_nouns",
    "person_nouns",
    "hostile_nouns",
    "receiving_verbs",
    "rebuttal_verbs",
    "relation_nouns",
)


class StanceExtractor(HolderFinder, TargetFinder, EvaluationFrames):
    """Finds stance cues with their holders and targets; sets `doc._.stances`."""

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = FACTORY_NAME,
        *,
        lexicon_path: str | Path | None = None,
        event_words_path: str | Path | None = None,
        modality_words_path: str | Path | None = None,
        max_sentence_chars: int = 2000,
    ) -> None:
        self.name = name
        self.words = load_rule_words(event_words_path, None, modality_words_path)
        self.modal = Modality(self.words)
        self.lexicon = load_stance_lexicon(lexicon_path)
        self.max_sentence_chars = max_sentence_chars
        self._words = {name: self.lexicon.word_set(name) for name in _WORD_NAMES}
        self._backing = self._words["backing_participles"]
        self._cue_nouns = {lemma for pos, lemma in self.lexicon.cues if pos == "noun"}
        self._event_nouns = {lemma for pos, lemma in load_triggers() if pos == "noun"}
        # only tokens whose lemma or form can start a cue are looked at
        self._cue_words = WordFilter(
            {w for _, w in self.lexicon.cues}
            | self.lexicon.see_as
            | self._words["speech_verbs"]
            | self._words["removal_nouns"]
            | self._words["rebuttal_verbs"]
            | self._backing
        )

    def __call__(self, doc: Doc) -> Doc:
        """Match stance cues, then set `doc._.stances`."""
        self.set_annotations(doc, self.match(doc))
        return doc

    # -- matching ---------------------------------------------------------------------------
    def cue_for(self, token: Token) -> Cue | None:
        """The cue a token expresses, if any."""
        cues = self.lexicon.cues
        lemma, lower = lemma_of(token), token.lower_
        if token.dep_ in ("acomp", "oprd") or token.pos_ == "ADJ":
            cue = cues.get(("adj", lower)) or cues.get(("adj", lemma))
            if cue:
                return cue
        if token.dep_ == "advmod" and is_verb(token.head):  # "spoke critically of X"
            cue = cues.get(("adv", lower))
            if cue:
                return cue
        if is_verb(token) and token.dep_ not in ("amod", "compound"):
            return cues.get(("verb", lemma))
        if is_noun(token):
            if token.dep_ == "ROOT" and children(token, "compound") and ("verb", lemma) in cues:
                return cues[("verb", lemma)]  # "Beijing sides with ...": a mis-tagged verb
            return cues.get(("noun", lemma)) or cues.get(("noun", lower))
        return None

    def match(self, doc: Doc) -> list[tuple[Span, Found]]:
        """Every stance cue with a registry holder and a target, per sentence."""
        if not doc.has_annotation("DEP"):
            return []
        mentions = Mentions(doc)
        if not mentions.spans:
            return []
        found = []
        whole = None if doc.has_annotation("SENT_START") else doc[:]
        for i in self._cue_words.indices(doc):
            token = doc[i]
            if mentions.at(token) is not None:
                continue
            sent = whole or token.sent
            if len(sent.text) > self.max_sentence_chars:
                continue
            item = None
            if is_verb(token) and lemma_of(token) in self.lexicon.see_as:
                item = self._see_as(token, mentions)
            if item is None and is_verb(token) and lemma_of(token) in self._words["speech_verbs"]:
                item = self._reported(token, mentions)
            if item is None and is_verb(token) and lemma_of(token) in self._words["rebuttal_verbs"]:
                item = self._rebuttal(token, mentions)
            if item is None and lemma_of(token) in self._words["removal_nouns"]:
                item = self._demand(token, mentions)
            if item is None and token.dep_ == "amod" and lemma_of(token) in self._backing:
                item = self._backed(token, mentions)
            if item is None:
                cue = self.cue_for(token)
                if cue is not None:
                    item = self._cue(token, cue, mentions)
            if item is not None and item.holders and (item.targets or item.reciprocal):
                found.append((sent, item))
        return found

    def _intensity(self, tokens: list[Token]) -> float:
        factor = 1.0
        for tok in tokens:
            for child in tok.children:
                if child.dep_ in ("advmod", "amod") and child.lower_ in self.lexicon.intensifiers:
                    factor *= self.lexicon.intensifiers[child.lower_]
        return factor

    def _cue(self, token: Token, cue: Cue, mentions: Mentions) -> Found | None:
        if cue.pos == "noun" and token.lower_ in self._words["evaluative_nouns"]:
            value = self._evaluate(token, nouns=False)
            if value is None:
                return None  # "a view of NATO" says nothing; "a favourable view" does
            cue = Cue(cue.lemma, cue.pos, value, cue.preps)
        holders: list[ActorMention] = []
        targets: list[tuple[ActorMention | None, str | None]] = []
        scope = [token]
        negation = self.modal.negation_kind(token)
        refused = token.dep_ == "xcomp" and lemma_of(token.head) in self._words["refusal_governors"]
        negation = negation or ("grammatical" if refused else None)
        mood_token = token
        predicative = (
            token.dep_ in ("acomp", "oprd") and lemma_of(token.head) in self._words["copulas"]
        )
        if predicative or (cue.pos == "adj" and token.dep_ in ("acomp", "oprd", "conj")):
            copula = token.head
            while copula.dep_ == "conj" and copula.head is not copula and not is_verb(copula):
                copula = copula.head
            holders = self._holders(copula, mentions)
            preps = cue.preps or self._words["verb_preps"]
            targets = self._prep_targets(token, preps, mentions)
            if not targets:
                for xcomp in children(token, "xcomp") + children(copula, "xcomp"):
                    for obj in self.patient_tokens(xcomp):
                        targets.extend(self._target_of(obj, mentions))
                    if not targets:  # "reluctant to align with Tokyo"
                        targets = self._prep_targets(xcomp, self._words["verb_preps"], mentions)
            negation = negation or self.modal.negation_kind(copula)
            scope.append(copula)
            mood_token = copula
        elif cue.pos == "adv":  # the verb's holder, the target of its listed preposition
            holders = self._holders(token.head, mentions)
            targets = self._prep_targets(token.head, cue.preps, mentions)
            targets = targets or self._prep_targets(token, cue.preps, mentions)
            scope.append(token.head)
            negation = negation or self.modal.negation_kind(token.head)
            mood_token = token.head
        elif cue.pos == "verb":
            holders = self._holders(token, mentions)
            if not holders:  # a subject mis-parsed as a modifier: "Kigali distrusts ..."
                holders = [
                    m
                    for child in children(token, "amod", "compound")
                    if child.i < token.i and (m := mentions.at(child)) is not None
                ]
            objects = self.patient_tokens(token)
            if not objects:
                for sibling in children(token, "conj") + (
                    [token.head] if token.dep_ == "conj" else []
                ):
                    if is_verb(sibling):
                        objects = self.patient_tokens(sibling)
                        if objects:
                            break
            for obj in objects:
                targets.extend(self._target_of(obj, mentions))
            if cue.preps:  # "blamed the gap on Beijing": the listed preposition's object
                targets.extend(self._prep_targets(token, cue.preps, mentions))
            if not targets:
                targets = self._prep_targets(token, self._words["verb_preps"], mentions)
            if not targets and not objects:  # "praised and joked with Duterte"
                for sibling in children(token, "conj"):
                    if is_verb(sibling) and not self.patient_tokens(sibling):
                        preps = self._words["verb_preps"] & {"with", "to", "toward", "towards"}
                        targets = self._prep_targets(sibling, preps, mentions)
        else:
            holders, targets, negation, mood_token = self._noun_cue(token, cue, mentions, negation)
        if cue.holder == "person":  # "Rubio attacked Trump" is a stance, "Hamas attacked" no
            holders = [h for h in holders if self._person_holder(h, token, mentions)]
        if len(holders) >= 2 and any(
            t.lower_ in self._words["reciprocal"]
            for obj in self.patient_tokens(token)
            for t in obj.subtree
        ):  # "Rwanda and Uganda accused each other"
            return Found(token, token.text, cue.score * self._intensity(scope),
                          unique_mentions(holders), [], negation,
                          self.modal.modality(mood_token) == HYPOTHETICAL,
                          reciprocal=True)  # fmt: skip
        if not holders or not targets:
            return None
        targets = other_side(holders, targets)
        if any(actor is not None and topic is None for actor, topic in targets):
            targets = [(a, t) for a, t in targets if a is not None and t is None]  # "furious
            # with X over its ...": an actor target wins over topics and embedded actors
        elif any(actor is not None for actor, _ in targets):  # actors named in the topic
            targets = [(a, None) for a, t in targets if a is not None]
        score = cue.score * self._intensity(scope)
        return Found(
            token=token,
            cue_text=token.text,
            score=score,
            holders=unique_mentions(holders),
            targets=targets,
            negation=negation,
            hypothetical=self.modal.modality(mood_token) == HYPOTHETICAL,
        )

    def _noun_cue(self, token: Token, cue: Cue, mentions: Mentions, negation: str | None):
        holders: list[ActorMention] = []
        phrase = token
        # "a lack of trust in X among Y": the holder hangs on "lack"
        if (
            token.dep_ == "pobj"
            and token.head.lower_ == "of"
            and lemma_of(token.head.head) in self._words["privative"]
        ):
            phrase = token.head.head
        for tok in {token, phrase}:
            for child in tok.children:
                if child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and child.i < tok.i):
                    mention = mentions.at(child)
                    if mention is not None:
                        holders.append(mention)
                elif (
                    child.dep_ == "prep" and child.lower_ in self._words["holder_preps"] - cue.preps
                ):
                    for obj in pobjs(child):
                        found = self.actors_of(obj, mentions, self._cue_nouns)
                        holders.extend(found or self._included(obj, mentions))
        # "X drew criticism from Y", "X faced a rebuke from Y": the subject is the target
        received = phrase.dep_ in ("dobj", "obj") and (
            is_verb(phrase.head) and lemma_of(phrase.head) in self._words["receiving_verbs"]
        )
        if not holders and received:  # "drew criticism [from Berlin]" on the verb
            for prep in children(phrase.head, "prep"):
                if prep.lower_ in ("from", "by"):
                    for obj in pobjs(prep):
                        found = self.actors_of(obj, mentions, self._cue_nouns)
                        holders.extend(found or self._included(obj, mentions))
        if not holders and not received:
            governor = phrase
            while governor.dep_ == "conj" and governor.head is not governor:
                governor = governor.head
            if governor.dep_ in ("dobj", "attr", "nsubjpass") and is_verb(governor.head):
                verb = governor.head
                if self.cue_for(verb) is None:
                    holders = self._holders(verb, mentions)
            elif _verb_prep_object(governor, ("in", "with")):  # "came out in support of X"
                holders = self._holders(governor.head.head, mentions)
        relation = lemma_of(token) in self._words["relation_nouns"]
        targets = [  # "Iran's ally Assad", "American allies Saudi Arabia and Jordan"
            (m, None)
            for a in (children(token, "appos") if relation else [])
            for t in conj_expand(a)
            if (m := mentions.at(t)) is not None
        ] or self._prep_targets(token, cue.preps, mentions)
        if not targets and _verb_prep_object(phrase, ("under",)):  # "X came under criticism"
            verb = phrase.head.head
            targets = [t for a in agent_tokens(verb) for t in self._target_of(a, mentions)]
        if not targets and received:
            targets = [t for a in agent_tokens(phrase.head) for t in self._target_of(a, mentions)]
        if not targets and phrase.dep_ in ("dobj", "attr") and is_verb(phrase.head):
            targets = self._prep_targets(phrase.head, cue.preps, mentions)  # "extend support to"
        if not targets and phrase is not token:
            targets = self._prep_targets(phrase, cue.preps, mentions)
        if not targets:
            for sibling in children(token, "conj") + ([token.head] if token.dep_ == "conj" else []):
                if is_noun(sibling):
                    targets = self._prep_targets(sibling, cue.preps, mentions)
                    if targets:
                        break
        mood_token = phrase
        if phrase is not token or privative(token):
            negation = "privative"
        return holders, targets, negation, mood_token

    # -- annotations ------------------------------------------------------------------------
    def set_annotations(self, doc: Doc, found: list[tuple[Span, Found]]) -> None:
        """Turn matched cues into `Stance` records on `doc._.stances`."""
        timexes = Timexes(doc, self.words)
        dct = doc._.dct
        anchors_by_sent: dict[int, list[Token]] = {}
        for sent, item in found:
            anchors_by_sent.setdefault(sent.start, []).append(item.token)
        stances: list[Stance] = []
        seen: set[tuple] = set()
        strong = {  # countries linked by a cue: an inferred (weak) stance yields to them
            (sent.start, h.country, t.country)
            for sent, item in found
            if not item.weak
            for h in item.holders
            for t, _ in item.targets
            if t is not None
        }
        for sent, item in found:
            chosen = timexes.choose(item.token, sent, anchors_by_sent[sent.start])
            stance_date: date | None = chosen.period if chosen else dct
            precision = chosen.precision if chosen else ("day" if dct else "none")
            score, polarity = score_and_polarity(
                item.score, item.negation, item.hypothetical, self.lexicon.weights
            )
            for holder in item.holders:
                targets = item.targets
                if item.reciprocal:
                    targets = [(h, None) for h in item.holders if h.actor_id != holder.actor_id]
                for target, topic in targets:
                    key = (holder.actor_id, target and target.actor_id, topic, item.token.i)
                    if key in seen or (target is not None and target.actor_id == holder.actor_id):
                        continue
                    if (
                        item.weak
                        and target
                        and (sent.start, holder.country, target.country) in strong
                    ):
                        continue
                    seen.add(key)
                    stances.append(
                        Stance(
                            holder_actor=holder.actor_id,
                            holder_country=holder.country,
                            target_actor=target.actor_id if target else None,
                            target_country=target.country if target else None,
                            target_topic=topic,
                            polarity=polarity,
                            score=score,
                            cue=item.cue_text,
                            sentence=sent.text,
                            char_start=sent.start_char,
                            char_end=sent.end_char,
                            stance_date=stance_date,
                            date_precision=precision,
                            date_text=chosen.timex.text if chosen else None,
                        )
                    )
        doc._.stances = with_event_stances(doc, stances, self.lexicon)


def _verb_prep_object(token: Token, preps: tuple[str, ...]) -> bool:
    """The token is the object of one of `preps` attached to a verb ("in support of")."""
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ in preps and is_verb(prep.head)


@Language.factory(
    FACTORY_NAME,
    default_config={
        "lexicon_path": None,
        "event_words_path": None,
        "modality_words_path": None,
        "max_sentence_chars": 2000,
    },
    requires=["doc._.actors", "doc._.timexes"],
    assigns=["doc._.stances"],
)
def make_stance_extractor(
    nlp: Language,
    name: str,
    lexicon_path: str | None,
    event_words_path: str | None,
    modality_words_path: str | None,
    max_sentence_chars: int,
) -> StanceExtractor:
    """Factory of the stance component; `lexicon_path` overrides the shipped lexicon, the
    other paths the rules' word classes (`event_words.yaml`, `modality_words.yaml`)."""
    return StanceExtractor(
        nlp,
        name,
        lexicon_path=lexicon_path,
        event_words_path=event_words_path,
        modality_words_path=modality_words_path,
        max_sentence_chars=max_sentence_chars,
    )

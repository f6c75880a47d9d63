"""The component `eventpipe_stance_pairs_v1`: stances between two actors of one sentence that
no cue rule found, from the directed-sentiment pair model (`pipeline.nlp.pair_model`).

Real news often says who is for or against whom without a stance verb between them ("Moscow's
backing for Damascus", "the campaign's attack lines against the senator", "dismantling the
predecessor's climate policies"). After the rule-based stance extractor, this component scores
every pair of different registry actors named in a sentence (at most `max_actors` per
sentence) that the rules left without a stance between them, and adds the model's stance when
one class reaches the model's threshold. Such a stance's cue is the word of the sentence that
speaks most for its class in the model, its date the one nearest to the word that links the two
mentions (their lowest common ancestor), and its score at most `max_score` in size: weaker
than an explicit cue's. Pairs are skipped when an event links them ("X attacked Y" is an
event), when either actor already has a rule stance in the sentence, when both act in events
of their own, when a speaker reports the other's act ("X said Y had struck ..."), when one is
the other's own state, or when one is a place ("troops in northern Syria").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.models import ActorMention, Stance
from pipeline.nlp.event_dates import Timexes
from pipeline.nlp.pair_model import load_pair_model, lowest_common_ancestor, pair_features
from pipeline.nlp.rule_words import load_rule_words
from pipeline.nlp.stance_lexicon import load_stance_lexicon

FACTORY_NAME = "eventpipe_stance_pairs_v1"
_LOCATIVE = ("in", "at", "near", "across", "inside", "within", "throughout")


class StancePairs:
    """Adds model stances for actor pairs that the rules left without one."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        model_path: str | None = None,
        lexicon_path: str | None = None,
        max_actors: int = 6,
        max_score: float = 0.5,
        event_words_path: str | None = None,
    ) -> None:
        self.name = name
        self.words = load_rule_words(event_words_path)  # the dates' `time_preps`
        self.model = load_pair_model(model_path)
        self.max_actors = max_actors
        self.max_score = max_score
        self.speech = load_stance_lexicon(lexicon_path).word_set("speech_verbs")

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.actors or []
        if len({m.actor_id for m in mentions}) < 2:
            return doc
        stances = list(doc._.stances or [])
        # an actor with a rule stance in the sentence has its stance there; an event between
        # two actors ("X attacked Y") is an event, not a stance
        engaged = {(s.char_start, a) for s in stances for a in (s.holder_actor, s.target_actor)}
        acting = {(e.char_start, e.source_actor) for e in doc._.events or [] if e.source_actor}
        linked = {
            (e.char_start, frozenset((e.source_actor, e.target_actor))) for e in doc._.events or []
        }
        timexes: Timexes | None = None
        for sent, sent_mentions in _by_sentence(doc, mentions, self.max_actors):
            for (p, p_tokens), (q, q_tokens) in combinations(sent_mentions, 2):
                if (sent.start_char, frozenset((p.actor_id, q.actor_id))) in linked:
                    continue
                if {(sent.start_char, p.actor_id), (sent.start_char, q.actor_id)} & engaged:
                    continue
                sides = {(sent.start_char, p.actor_id), (sent.start_char, q.actor_id)}
                if sides <= acting:
                    continue  # two actors each doing something: "after X attacked Z, Y ..."
                anchor = lowest_common_ancestor(p_tokens, q_tokens)
                if sides & acting and anchor is not None and anchor.lemma_ in self.speech:
                    continue  # "X said Y had struck ...": Y's event, reported
                if _own_state(p, q) or _place(p_tokens) or _place(q_tokens):
                    continue
                features = pair_features(p_tokens, q_tokens, anchor)
                label, probability = self.model.classify(features)
                if label == 0:
                    continue
                timexes = timexes or Timexes(doc, self.words)
                anchor = anchor or p_tokens[0]
                sides_tokens = {t.i for t in p_tokens + q_tokens}
                word = self.model.evidence_word(features, label)
                cue = next(
                    (t for t in sent if t.lemma_.lower() == word and t.i not in sides_tokens),
                    anchor,
                )
                stance = self._stance(doc, sent, anchor, p, q, label, probability, timexes)
                stances.append(replace(stance, cue=cue.text))
        doc._.stances = stances
        return doc

    def _stance(
        self,
        doc: Doc,
        sent: Span,
        anchor: Token,
        p: ActorMention,
        q: ActorMention,
        label: int,
        probability: float,
        timexes: Timexes,
    ) -> Stance:
        holder, target = (p, q) if label in (1, 3) else (q, p)
        sign = 1.0 if label in (1, 2) else -1.0
        chosen = timexes.choose(anchor, sent)
        dct: date | None = doc._.dct
        return Stance(
            holder_actor=holder.actor_id,
            holder_country=holder.country,
            target_actor=target.actor_id,
            target_country=target.country,
            target_topic=None,
            polarity="positive" if sign > 0 else "negative",
            score=round(sign * self.max_score * probability, 3),
            cue=anchor.text,
            sentence=sent.text,
            char_start=sent.start_char,
            char_end=sent.end_char,
            stance_date=chosen.period if chosen else dct,
            date_precision=chosen.precision if chosen else ("day" if dct else "none"),
            date_text=chosen.timex.text if chosen else None,
        )


def _own_state(p: ActorMention, q: ActorMention) -> bool:
    """One side is the state the other belongs to ("Russia" and Putin)."""
    return p.country == q.country and (p.actor_id == p.country or q.actor_id == q.country)


def _place(tokens: list[Token]) -> bool:
    """The mention is a place named by a locative phrase ("forces in northern Syria")."""
    head = tokens[0].doc[tokens[-1].i]
    while head.head.i != head.i and head.dep_ in ("compound", "amod") and head.head.i > head.i:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE and head.ent_type_ == "GPE"


def _by_sentence(
    doc: Doc, mentions: list[ActorMention], max_actors: int
) -> list[tuple[Span, list[tuple[ActorMention, list[Token]]]]]:
    """Each sentence with its mentions of different actors, in text order (the first
    mention of each actor, at most `max_actors`)."""
    out: dict[int, tuple[Span, list[tuple[ActorMention, list[Token]]]]] = {}
    seen: dict[int, set[str]] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        sent = span[0].sent
        actors = seen.setdefault(sent.start, set())
        if mention.actor_id in actors or len(actors) >= max_actors:
            continue
        actors.add(mention.actor_id)
        out.setdefault(sent.start, (sent, []))[1].append((mention, list(span)))
    return list(out.values())


@Language.factory(
    FACTORY_NAME,
    default_config={
        "model_path": None,
        "lexicon_path": None,
        "event_words_path": None,
        "max_actors": 6,
        "max_score": 0.5,
    },
    requires=["doc._.actors", "doc._.stances"],
    assigns=["doc._.stances"],
)
def make_stance_pairs(
    nlp: Language,
    name: str,
    model_path: str | None,
    lexicon_path: str | None,
    event_words_path: str | None,
    max_actors: int,
    max_score: float,
) -> StancePairs:
    """Factory of the pair-model stance component; `model_path` overrides the shipped model,
    `lexicon_path` the stance lexicon (its `speech_verbs`), `event_words_path` the event word
    classes (the dates' `time_preps`)."""
    return StancePairs(nlp, name, model_path, lexicon_path, max_actors, max_score, event_words_path)

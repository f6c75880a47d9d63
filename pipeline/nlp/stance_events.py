"""Stances carried by events: an ACCUSE or SUPPORT event between two actors is a stance of its
source toward its target (the types and default scores are `event_stances` in
`pipeline/data/stances.yaml`)."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.models import Stance
from pipeline.nlp.stance_lexicon import StanceLexicon


def with_event_stances(doc: Doc, stances: list[Stance], lexicon: StanceLexicon) -> list[Stance]:
    """Add the stances implied by events between two actors that no cue gave ("attacked
    Brussels over quotas"): the `event_stances` score of the type (ACCUSE negative, SUPPORT
    positive, ...) or the trigger's own cue score of the same sign; neutral when negated,
    none when hypothetical or future, or for a code of `event_stance_skip_codes`. A topic
    stance on the event's own trigger ("welcomed the Swedish decision") gives way to the
    event's actor target, unless it is a hostile act aimed at that target ("welcomed the
    sanctions on Damascus"); inquiries carry none (`event_stance_skip`)."""
    have = {(s.char_start, s.holder_actor, s.target_actor) for s in stances}
    hostile = lexicon.word_set("hostile_nouns")
    out: list[Stance] = list(stances)
    for event in doc._.events or []:
        if event.event_type not in lexicon.event_stances:
            continue
        if event.cameo_code in lexicon.word_set("event_stance_skip_codes"):
            continue  # "X and Y signed a deal" (SUPPORT, 057) is no stance
        if event.modality in ("hypothetical", "future"):
            continue
        if not event.source_country or not event.target_country:
            continue
        if event.source_actor == event.target_actor:
            continue
        if event.trigger.split()[0].lower() in lexicon.word_set("event_stance_skip"):
            continue  # "investigating the crash": an inquiry is no stance by itself
        key = (event.char_start, event.source_actor, event.target_actor)
        if key in have:
            continue
        have.add(key)
        trigger = event.trigger.split()[0]
        on_trigger = [
            s
            for s in out
            if s.target_topic is not None
            and s.char_start == event.char_start
            and s.holder_country == event.source_country
            and s.cue == trigger
        ]
        if lexicon.event_stances[event.event_type] > 0 and any(
            s.target_topic.split()[0] in hostile for s in on_trigger
        ):
            continue  # "welcomed the sanctions on Damascus" backs the sanctions, not Damascus
        out = [s for s in out if s not in on_trigger]
        base = lexicon.event_stances[event.event_type]
        lemma = trigger.lower()
        for pos in ("verb", "noun"):
            cue = lexicon.cues.get((pos, lemma))
            if cue is not None and cue.score * base > 0:
                base = cue.score
                break
        score, polarity = (0.0, "neutral") if event.negated else (base, "")
        polarity = polarity or ("positive" if score > 0 else "negative")
        out.append(
            Stance(
                holder_actor=event.source_actor,
                holder_country=event.source_country,
                target_actor=event.target_actor,
                target_country=event.target_country,
                target_topic=None,
                polarity=polarity,
                score=score,
                cue=event.trigger,
                sentence=event.sentence,
                char_start=event.char_start,
                char_end=event.char_end,
                stance_date=event.event_date or doc._.dct,
                date_precision=event.date_precision
                if event.event_date
                else ("day" if doc._.dct else "none"),
                date_text=event.date_text if event.event_date else None,
            )
        )
    return out

"""Events a sentence mentions inside another event's phrase rather than reports.

"The UN condemned the attacks on Gaza": the attacks are what the condemnation is about; the
sentence reports the condemnation (PLOVER codes one event per reported act, and the PLV
annotations do too). Such a mention is no event of its own unless the text dates it ("apologized
for the downing of the jet in November 2015") or names both its sides as registry actors
("condemned Russia's attack on Ukraine"): otherwise its date would be the reporting clause's,
which is wrong for it, and its one side a guess. The relations that embed a trigger
are `embedded_noun_deps` and `embedded_verb_deps` in `pipeline/data/event_words.yaml`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.models import Event
from pipeline.nlp.unresolved import is_unresolved

if TYPE_CHECKING:
    from pipeline.nlp.event_args import _Found
    from pipeline.nlp.rule_words import RuleWords


def embedded_triggers(found: list[_Found], words: RuleWords) -> set[int]:
    """Token indices of the triggers in `found` that lie inside another trigger's phrase,
    attached there by an embedding relation of `words` (never through coordination: "seized a
    house and fired rockets" reports both)."""
    anchors = {f.token.i for f in found} | {f.head.i for f in found}
    out = set()
    for item in found:
        head = item.head if item.rule.pos == "noun" else item.token
        relations = (
            words.embedded_noun_deps if item.rule.pos == "noun" else words.embedded_verb_deps
        )
        if head.dep_ not in relations:
            continue
        if head.dep_ == "pobj" and head.head.lower_ in words.sequence_preps:
            continue
        own = {item.token.i, item.head.i}
        node = head
        while node.head.i != node.i:
            node = node.head
            if node.i in anchors and node.i not in own:
                out.add(item.token.i)
                break
    return out


def reports_itself(event: Event) -> bool:
    """Whether an embedded mention still reports its event: the text dates it, or names both
    its sides as registry actors ("condemned Russia's attack on Ukraine")."""
    known = [a for a in (event.source_actor, event.target_actor) if a and not is_unresolved(a)]
    return event.date_basis != "document" or len(known) == 2

"""The actor-mention component over the actor registry (`pipeline.nlp.registry`).

The registry (`ActorRegistry.load(path)`) lives in `pipeline.nlp.registry`, which does not
import spaCy; it is re-exported here. The component `eventpipe_actors_v1` finds mentions of
registry actors in a `Doc`:

- aliases, matched case-sensitively with a `PhraseMatcher` ("US" never matches "us"); an alias
  that starts with a lower-case letter also matches capitalised;
- demonyms: "Turkish" alone names Turkey; "Turkish troops" names the derived actor `TURMIL`,
  "Turkish officials" Turkey itself (sector GOV), "Turkish citizens" `TURCVL`;
- roles: "the Turkish president", "Russia's foreign minister", "the president of Iran" and
  "the Turkish leader" name the office holder on the document date (`doc._.dct`), else the
  country;
- imported dictionary names (`Actor.folded`, the Phoenix dictionaries), case-insensitively
  where written as names (`pipeline.nlp.folded`);
- agent phrases: "Kenyan riot police", "police in Nairobi" (`pipeline.nlp.agents`);
- people with dated roles get the country and sector of the role held on `doc._.dct`;
- titles before a name belong to the mention: "Turkish President Erdogan" is one mention;
- pronouns: "he"/"she" as subject and "his"/"her" as possessive resolve to the most recent
  person (or office: "the Russian president") mentioned before them in the same or the
  previous sentence, preferring one that is a subject; "it"/"its" resolve to the most recent
  state or organisation that was a subject there (needs a parser).

Overlapping candidates are resolved longest first (then leftmost). The mentions are set as
`doc._.actors` (`list[ActorMention]`) and `doc.spans["actors"]` (labels are actor ids).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.models import ActorMention
from pipeline.nlp import extensions  # noqa: F401 (registers Doc._ attributes)
from pipeline.nlp.agents import ACTOR_WORDS, AgentRules
from pipeline.nlp.cache import cached
from pipeline.nlp.folded import FoldedIndex, cache_inputs
from pipeline.nlp.person_names import cuts, later_surnames, other_given_name
from pipeline.nlp.prefilter import WordFilter
from pipeline.nlp.pronouns import (
    PRONOUNS_POSSESSIVE,
    PRONOUNS_SUBJECT,
    THEY,
    Candidate,
    PronounRules,
    speaker_verbs,
)
from pipeline.nlp.registry import (  # noqa: F401 (ActorRegistry: its historical home)
    Actor,
    ActorRegistry,
    normalise_title,
)
from pipeline.nlp.rule_words import load_rule_words

FACTORY_NAME = "eventpipe_actors_v1"
_HONORIFICS = ACTOR_WORDS.honorifics  # title words that join a following name
_APOSTROPHE_S = {"'s", "’s", "'", "’"}


# ------------------------------------------------------------------------------ component
_BLOCK = "__not_an_actor__"
_PEOPLE = "__people__:"
_BLOCKED = Actor("__not_an_actor__", "", "", "", "group")


def _plurals(demonyms: Iterable[str]) -> set[str]:
    """People nouns from demonyms: "Georgian" -> "Georgians", "Iraqi" -> "Iraqis"."""
    return {d + "s" for d in demonyms if d.endswith(("an", "i")) and " " not in d}


def _variants(text: str) -> set[str]:
    out = {text}
    if text[0].islower():
        out.add(text[0].upper() + text[1:])
    for variant in list(out):
        if "'" in variant:
            out.add(variant.replace("'", "’"))
        if "’" in variant:
            out.add(variant.replace("’", "'"))
    return out


class ActorMatcher(AgentRules, PronounRules):
    """Finds registry actors in a Doc and sets `doc._.actors` and `doc.spans["actors"]`."""

    def __init__(
        self,
        nlp: Language,
        name: str = FACTORY_NAME,
        *,
        registry_path: str | None = None,
        resolve_pronouns: bool = True,
        span_key: str = "actors",
        modality_words_path: str | None = None,
    ) -> None:
        self.name = name
        self._speech = speaker_verbs(load_rule_words(modality_words_path=modality_words_path))
        self.registry = ActorRegistry.load(registry_path)
        self.resolve_pronouns = resolve_pronouns
        self.span_key = span_key
        self.alias_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.demonym_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        known = set(self.registry.by_alias) | set(self.registry.by_demonym)
        for actor in self.registry.actors:
            aliases = sorted({v for a in actor.aliases for v in _variants(a)})
            if aliases:
                self.alias_matcher.add(actor.actor_id, list(nlp.tokenizer.pipe(aliases)))
            # "Turks", "Georgians", "Iraqis": the country's people (TURCVL ...)
            plurals = set(actor.people)
            if actor.type == "country":
                plurals |= _plurals(actor.demonyms) - known
            if plurals:
                people = self.registry.sector_actor(actor, "CVL")
                self.alias_matcher.add(
                    _PEOPLE + people.actor_id, list(nlp.tokenizer.pipe(sorted(plurals)))
                )
            demonyms = sorted({v for d in actor.demonyms for v in _variants(d)})
            if demonyms:
                self.demonym_matcher.add(actor.actor_id, list(nlp.tokenizer.pipe(demonyms)))
        if self.registry.not_actors:
            blocked = sorted({v for a in self.registry.not_actors for v in _variants(a)})
            self.alias_matcher.add(_BLOCK, list(nlp.tokenizer.pipe(blocked)))
        sources, salt = cache_inputs(self.registry, nlp)
        self._titles, self._sector_nouns = cached(
            "sequences",
            sources,
            salt,
            lambda: (
                self._sequences(nlp, sorted(self.registry.titles())),
                self._sequences(nlp, sorted(self.registry.sector_nouns)),
            ),
        )
        self._max_title = max((len(k) for k in self._titles), default=0)
        self._max_noun = max((len(k) for k in self._sector_nouns), default=0)
        self._title_starts = {k[0] for k in self._titles}
        self._noun_starts = {k[0] for k in self._sector_nouns}
        self.folded = FoldedIndex.build(self.registry, nlp)
        self._pronoun_words = WordFilter(PRONOUNS_SUBJECT | PRONOUNS_POSSESSIVE)
        self._it_words = WordFilter({"it", "its"} | THEY)

    @staticmethod
    def _sequences(nlp: Language, phrases: Iterable[str]) -> dict[tuple[str, ...], str]:
        phrases = list(phrases)
        return {
            tuple(t.lower_ for t in doc): phrase
            for phrase, doc in zip(phrases, nlp.tokenizer.pipe(phrases), strict=True)
        }

    # -- matching ------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        """Match actor mentions, then set `doc._.actors` and `doc.spans[span_key]`."""
        candidates = self.match(doc)
        self.set_annotations(doc, candidates)
        return doc

    def match(self, doc: Doc) -> list[Candidate]:
        """Every non-overlapping actor mention in `doc`, in text order."""
        dct = doc._.dct
        registry = self.registry
        vocab = doc.vocab
        candidates: list[Candidate] = []
        aliases = []
        blocked: list[Candidate] = []
        people: list[Candidate] = []
        for match_id, start, end in self.alias_matcher(doc):
            key = vocab.strings[match_id]
            if key == _BLOCK:
                blocked.append(Candidate(start, end, _BLOCKED, "blocked"))
                continue
            if key.startswith(_PEOPLE):
                people.append(Candidate(start, end, registry.get(key[len(_PEOPLE) :]), "people"))
                continue
            aliases.append(Candidate(start, end, registry.get(key), "alias"))
        places = []
        for start, end, actor_id, is_place in self.folded.matches(doc):
            found = Candidate(start, end, registry.get(actor_id), "alias")
            (places if is_place else aliases).append(found)
        demonyms = []
        for match_id, start, end in self.demonym_matcher(doc):
            actor = registry.get(vocab.strings[match_id])
            demonyms.append(Candidate(start, end, actor, "demonym"))
        person_starts = {c.start for c in aliases if c.actor.type == "person"}
        collective = [c for c in aliases + demonyms if c.actor.type != "person"]
        for cand in demonyms:
            candidates.append(self._expand_demonym(doc, cand, dct, person_starts))
        named = {i for c in aliases + demonyms + places for i in range(c.start, c.end)}
        # "the International Criminal Court in The Hague": a name the agent noun ends
        in_names = {i for c in aliases if c.actor.type != "country" for i in range(c.start, c.end)}
        for cand in aliases:
            if cand.actor.type == "person":
                if other_given_name(doc, cand, named):
                    continue  # "Michelle Obama", "Ivanka Trump": not the registry's Obama, Trump
                person = self._extend_person(doc, cand, collective)
                candidates.append(self._affiliated(doc, person, collective, dct))
                continue
            candidates.append(cand)
            if cand.actor.type != "person":  # "US troops", "US envoy Jeffrey Feltman"
                expanded = self._expand_demonym(doc, cand, dct, person_starts)
                if expanded.end > cand.end:
                    candidates.append(expanded)
            role = self._role_after_possessive(doc, cand, dct, person_starts)
            if role:
                candidates.append(role)
            role = self._role_before_of(doc, cand, dct)
            if role:
                candidates.append(role)
            if cand.actor.type == "country":  # "police in Nairobi", "students across Chile"
                located = self._located_before(doc, cand.start, country=True)
                if located and in_names.isdisjoint(range(located[0], cand.start)):
                    actor = self.registry.sector_actor(cand.actor, located[1])
                    candidates.append(Candidate(located[0], cand.end, actor, "sector"))
        for cand in places:  # "the Kinshasa government", "police in Nairobi"; "in Goma": none
            expanded = self._expand_demonym(doc, cand, dct, person_starts)
            if expanded.end > cand.end:
                candidates.append(expanded)
            located = self._located_before(doc, cand.start)
            if located and in_names.isdisjoint(range(located[0], cand.start)):
                actor = self.registry.sector_actor(cand.actor, located[1])
                candidates.append(Candidate(located[0], cand.end, actor, "sector"))
        candidates += people
        candidates = self._coordinated_demonyms(doc, candidates, demonyms)
        chosen = [c for c in _longest_first(candidates + blocked) if c.kind != "blocked"]
        if blocked:  # a place that contains an alias cuts no actor ("The West Virginia ...")
            chosen = [c for c in chosen if not any(cuts(c, b) for b in blocked)]
        chosen = sorted(chosen + later_surnames(doc, chosen), key=lambda c: c.start)
        if self.resolve_pronouns and doc.has_annotation("DEP"):
            chosen = sorted(chosen + self._pronouns(doc, chosen), key=lambda c: c.start)
        return chosen

    def _coordinated_demonyms(
        self, doc: Doc, candidates: list[Candidate], demonyms: list[Candidate]
    ) -> list[Candidate]:
        """ "American and British forces": the noun's sector holds for every demonym."""
        by_end = {d.end: d for d in demonyms}
        extra = []
        for cand in candidates:
            if cand.kind != "sector":
                continue
            sector = cand.actor.sector
            i = cand.start
            while i >= 2 and doc[i - 1].lower_ in ("and", ",", "or") and (i - 1) in by_end:
                other = by_end[i - 1]
                actor = self.registry.sector_actor(other.actor, sector)
                extra.append(Candidate(other.start, other.end, actor, "sector"))
                i = other.start
        starts = {c.start for c in extra}  # these replace the bare demonym candidates
        return [c for c in candidates if not (c.kind == "demonym" and c.start in starts)] + extra

    def _title_at(self, doc: Doc, i: int) -> tuple[int, str] | None:
        """The longest role title starting at token i: (end token, normalised title)."""
        if i >= len(doc) or doc[i].lower_ not in self._title_starts:
            return None
        for length in range(min(self._max_title, len(doc) - i), 0, -1):
            key = tuple(t.lower_ for t in doc[i : i + length])
            if key in self._titles:
                return i + length, normalise_title(self._titles[key])
        return None

    def _noun_at(self, doc: Doc, i: int) -> tuple[int, str] | None:
        if i >= len(doc) or doc[i].lower_ not in self._noun_starts:
            return None
        for length in range(min(self._max_noun, len(doc) - i), 0, -1):
            key = tuple(t.lower_ for t in doc[i : i + length])
            if key in self._sector_nouns:
                return i + length, self.registry.sector_nouns[self._sector_nouns[key]]
        return None

    def _role(
        self, doc: Doc, start: int, actor: Actor, title_end: int, title: str, dct, person_starts
    ) -> Candidate | None:
        """A role mention; a following unknown capitalised name joins it (country actor).

        None when a registry person follows ("Turkish President Erdogan": the person's
        mention takes the title).
        """
        if title_end in person_starts:
            return None
        end = title_end
        while end < len(doc) and end - title_end < 4 and _is_name_token(doc[end]):
            end += 1
        if end > title_end:
            return Candidate(start, end, actor, "role")
        holder = self.registry.holder(actor.country, title, dct)
        return Candidate(start, title_end, holder or actor, "role")

    def _expand_demonym(self, doc: Doc, cand: Candidate, dct, person_starts) -> Candidate:
        title = self._title_at(doc, cand.end)
        role = None
        if title:
            role = self._role(doc, cand.start, cand.actor, title[0], title[1], dct, person_starts)
            if role is not None and (role.actor is not cand.actor or role.end > title[0]):
                return role
        noun = self._agent_at(doc, cand.end)
        if noun:
            sector_actor = self.registry.sector_actor(cand.actor, noun[1])
            return Candidate(cand.start, noun[0], sector_actor, "sector")
        return role or cand

    def _role_after_possessive(self, doc: Doc, cand, dct, person_starts) -> Candidate | None:
        i = cand.end
        if i + 1 < len(doc) and doc[i].text in _APOSTROPHE_S:
            title = self._title_at(doc, i + 1)
            if title:
                return self._role(
                    doc, cand.start, cand.actor, title[0], title[1], dct, person_starts
                )
            noun = self._noun_at(doc, i + 1)
            if noun and noun[1] != "GOV":
                actor = self.registry.sector_actor(cand.actor, noun[1])
                return Candidate(cand.start, noun[0], actor, "sector")
        return None

    def _role_before_of(self, doc: Doc, cand, dct) -> Candidate | None:
        of = cand.start - 1
        if of > 0 and doc[of].lower_ == "the":
            of -= 1
        if of < 1 or doc[of].lower_ != "of":
            return None
        for start in range(max(0, of - self._max_title), of):
            title = self._title_at(doc, start)
            if title and title[0] == of:
                holder = self.registry.holder(cand.actor.country, title[1], dct)
                return Candidate(start, cand.end, holder or cand.actor, "role")
        return None

    def _extend_person(self, doc: Doc, cand: Candidate, collective: list[Candidate]) -> Candidate:
        ends = {c.end: c for c in collective}
        start = cand.start
        sent_start = doc[cand.start].sent.start if doc.has_annotation("SENT_START") else 0
        titled = False
        while start > sent_start:
            prev = doc[start - 1]
            if prev.lower_ in _HONORIFICS and (prev.lower_ != "-" or titled):
                start -= 1
                titled = titled or prev.lower_ not in ("-", "of")
            elif titled and start in ends and ends[start].start >= sent_start:
                start = ends[start].start
            elif (
                titled
                and prev.text in _APOSTROPHE_S
                and start - 1 in ends
                and ends[start - 1].start >= sent_start
            ):
                start = ends[start - 1].start
            else:
                break
        while start < cand.start and doc[start].lower_ in ("of", "-"):
            start += 1
        return Candidate(start, cand.end, cand.actor, "person")

    def _affiliated(self, doc: Doc, person: Candidate, collective, dct) -> Candidate:
        """An imported person whose title phrase names another country or body than the
        dictionary's ("Jordan's King Abdullah", "UN human rights chief X"): the text wins,
        the mention is that collective (the dictionaries' roles end in 2014)."""
        actor = person.actor
        if not actor.folded or actor.aliases:
            return person
        own = self.registry.on_date(actor, dct)[0]
        inside = [c for c in collective if person.start <= c.start and c.end < person.end]
        if inside:  # "Jordan's King Abdullah": the title phrase took the country in
            country = self.registry.on_date(inside[0].actor, dct)[0]
            if country != own:
                return Candidate(person.start, person.end, inside[0].actor, "role")
            return person
        ends = {c.end: c for c in collective}
        j = person.start
        while j > 0 and person.start - j <= 4:
            found = ends.get(j) or (ends.get(j - 1) if doc[j - 1].text in _APOSTROPHE_S else None)
            if found is not None:
                country = self.registry.on_date(found.actor, dct)[0]
                if country != own:
                    return Candidate(
                        min(found.start, person.start), person.end, found.actor, "role"
                    )
                return person
            prev = doc[j - 1]
            if prev.is_punct and prev.text not in _APOSTROPHE_S or prev.pos_ in ("VERB", "AUX"):
                return person
            j -= 1
        return person

    def set_annotations(self, doc: Doc, candidates: list[Candidate]) -> None:
        """Store the mentions on `doc._.actors` and `doc.spans[span_key]`."""
        dct = doc._.dct
        mentions = []
        spans = []
        for cand in candidates:
            span = doc[cand.start : cand.end]
            actor = cand.actor
            country, sector = self.registry.on_date(actor, dct)  # dated roles: doc date
            mentions.append(
                ActorMention(
                    actor_id=actor.actor_id,
                    name=actor.name,
                    country=country,
                    sector=sector,
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                )
            )
            spans.append(Span(doc, cand.start, cand.end, label=actor.actor_id))
        doc._.actors = mentions
        doc.spans[self.span_key] = spans


def _is_name_token(token) -> bool:
    return (
        token.is_alpha
        and token.is_title
        and not token.is_sent_start
        and token.lower_ not in _HONORIFICS
        and token.pos_ in ("PROPN", "")
    )


def _longest_first(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, preferring longer ones, then earlier ones."""
    # an exact registry name beats a composed one of the same length ("UN Security Council")
    order = sorted(candidates, key=lambda c: (-(c.end - c.start), c.start, c.kind != "alias"))
    taken: set[int] = set()
    chosen = []
    for cand in order:
        if any(i in taken for i in range(cand.start, cand.end)):
            continue
        taken.update(range(cand.start, cand.end))
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


@Language.factory(
    FACTORY_NAME,
    default_config={
        "registry_path": None,
        "resolve_pronouns": True,
        "span_key": "actors",
        "modality_words_path": None,
    },
    assigns=["doc._.actors", "doc.spans"],
)
def make_actor_matcher(
    nlp: Language,
    name: str,
    registry_path: str | None,
    resolve_pronouns: bool,
    span_key: str,
    modality_words_path: str | None,
) -> ActorMatcher:
    """Factory of the actor component; `registry_path` is a user registry file or null,
    `modality_words_path` the file of the speech verbs that pronouns' speakers are found by."""
    return ActorMatcher(
        nlp,
        name,
        registry_path=registry_path,
        resolve_pronouns=resolve_pronouns,
        span_key=span_key,
        modality_words_path=modality_words_path,
    )

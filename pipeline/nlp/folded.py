"""Case-insensitive matching of the aliases converted from TABARI/PETRARCH dictionaries.

The dictionaries spell names in capitals ("FEDERAL_BUREAU_OF_INVESTIGATION"), so their
aliases (`Actor.folded`) match whatever the case, on the sequence of lower-case tokens, but
only where the text writes them as names: the first token capitalised, no other word of the
name (besides "of", "the", ... and what follows a hyphen) in lower case, a name of up to
three letters ("FBI", "UN") in capitals, and a one-word name tagged a proper noun (when the
pipeline has a tagger). Aliases that are agent nouns, titles or common words ("Police",
"Organization": `not_names` in `actor_words.yaml`) are left out. "the federal reserve" is
no actor; "Federal Reserve" and "FEDERAL RESERVE" are.

`FoldedIndex.build(registry, nlp)` tokenizes the ~30,000 aliases once (cached on disk with the
registry, see `pipeline.nlp.cache`); `matches(doc)` returns (start, end, actor_id) for every
alias occurrence, with `WordFilter` finding the few tokens that can start one.
"""

from __future__ import annotations

from pathlib import Path

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc

from pipeline.nlp.cache import cached
from pipeline.nlp.prefilter import WordFilter
from pipeline.nlp.registry import ACTORS_YAML, CODES_YAML, PHOENIX_JSON, ActorRegistry

_LOWER_OK = {"of", "the", "and", "for", "de", "del", "la", "le", "al", "el", "bin", "ibn", "van"}
_LOWER_OK |= {"von", "da", "do", "dos", "das", "y", "on", "in", "to", "at", "du", "des", "an"}
_LOWER_OK |= {"a", "-", "'s", "&"}


class FoldedIndex:
    """Lower-case token sequences of the folded aliases -> actor id."""

    def __init__(self, sequences: dict[tuple[str, ...], tuple[str, bool]]) -> None:
        self.by_hashes = {tuple(hash_string(w) for w in k): v for k, v in sequences.items()}
        self.lengths: dict[int, list[int]] = {}
        for key in self.by_hashes:
            self.lengths.setdefault(key[0], []).append(len(key))
        for first, lengths in self.lengths.items():
            self.lengths[first] = sorted(set(lengths), reverse=True)
        self.starts = WordFilter({k[0] for k in sequences})

    @classmethod
    def build(cls, registry: ActorRegistry, nlp: Language) -> FoldedIndex:
        """The index of the registry's folded aliases, tokenized by `nlp`'s tokenizer."""
        sources, salt = cache_inputs(registry, nlp)
        sequences = cached("folded", sources, salt, lambda: _tokenize(registry, nlp))
        return cls(sequences)

    def matches(self, doc: Doc) -> list[tuple[int, int, str, bool]]:
        """Every (start, end, actor_id, is_place) where a folded alias or a place name of a
        hand-written state (`Actor.places`: "Goma", "Istanbul") is written as a name."""
        candidates = self.starts.indices(doc)
        if not candidates:
            return []
        keys = doc.to_array(LOWER).tolist()
        found = []
        n = len(keys)
        for i in candidates:
            for length in self.lengths.get(keys[i], ()):
                if i + length > n:
                    continue
                hit = self.by_hashes.get(tuple(keys[i : i + length]))
                if hit is not None and _written_as_name(doc, i, i + length):
                    found.append((i, i + length, hit[0], hit[1]))
                    break
        return found


def cache_inputs(registry: ActorRegistry, nlp: Language) -> tuple[list[Path], str]:
    """The files and the salt (tokenizer's model and version) that key tokenized registry data."""
    sources = [ACTORS_YAML, PHOENIX_JSON, CODES_YAML]
    if registry.path:
        sources.append(Path(registry.path))
    meta = nlp.meta
    salt = f"{meta.get('lang')}-{meta.get('name')}-{meta.get('version')}-{len(registry.actors)}"
    return sources, salt


def _tokenize(registry: ActorRegistry, nlp: Language) -> dict[tuple[str, ...], tuple[str, bool]]:
    aliases: dict[str, tuple[str, bool]] = {}
    shared: set[str] = set()
    for actor in registry.actors:
        for alias in actor.folded:
            aliases.setdefault(alias, (actor.actor_id, False))
        for alias in actor.places:
            if aliases.setdefault(alias, (actor.actor_id, True))[0] != actor.actor_id:
                shared.add(alias)  # a place two states claim ("Georgia"): neither
    for alias in shared:
        aliases.pop(alias, None)
    from pipeline.nlp.agents import ACTOR_WORDS  # "Organization", "Police": no names

    generic = set(registry.sector_nouns) | registry.titles() | ACTOR_WORDS.not_names
    texts = [a for a in aliases if " ".join(a.lower().split()) not in generic]
    out: dict[tuple[str, ...], tuple[str, bool]] = {}
    for text, doc in zip(texts, nlp.tokenizer.pipe(texts), strict=True):
        key = tuple(t.lower_ for t in doc)
        if key:
            out.setdefault(key, aliases[text])
    return out


def _written_as_name(doc: Doc, start: int, end: int) -> bool:
    first = doc[start]
    if not first.text[:1].isupper() and first.is_alpha:
        return False
    if end - start == 1 and len(first.text) <= 3 and first.is_alpha:
        return first.is_upper
    if end - start == 1 and first.pos_ not in ("PROPN", "") and not first.is_upper:
        return False  # a capitalised common word ("Organization", "Republic")
    for token in doc[start + 1 : end]:
        lower_word = token.is_alpha and token.is_lower and token.lower_ not in _LOWER_OK
        if lower_word and doc[token.i - 1].text != "-":
            return False
    return True

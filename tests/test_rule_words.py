"""The rules' word files are settings of the components' config: each pipeline reads its own
(hand-built parses and blank pipelines, no model needed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import spacy
import yaml

from pipeline.errors import RegistryError
from pipeline.nlp import actors, events, stance_pairs, stances, unresolved
from pipeline.nlp.build import add_components, pipeline_config
from pipeline.nlp.rule_words import default_rule_words, load_rule_words
from pipeline.nlp.rules_data import EVENT_FRAMES_YAML, EVENT_WORDS_YAML, MODALITY_WORDS_YAML
from tests.test_modality import parsed

DCT = date(2016, 8, 25)
# "Moscow will impose sanctions on Turkey."
WILL_IMPOSE = (
    "Moscow/nsubj/2/Moscow/PROPN will/aux/2/will/AUX/MD impose/ROOT/2/impose/VERB/VB "
    "sanctions/dobj/2/sanction/NOUN on/prep/3/on/ADP Turkey/pobj/4/Turkey/PROPN "
    "./punct/2/./PUNCT"
)
# "Moscow imposed sanctions on Turkey."
IMPOSED = (
    "Moscow/nsubj/1/Moscow/PROPN imposed/ROOT/1/impose/VERB/VBD sanctions/dobj/1/sanction/NOUN "
    "on/prep/2/on/ADP Turkey/pobj/3/Turkey/PROPN ./punct/1/./PUNCT"
)


def _edited(tmp_path: Path, source: Path, edit) -> Path:
    """A copy of a shipped word file with one entry changed."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / source.name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _without(name: str, word: str):
    def edit(data: dict) -> None:
        data["word_sets"][name] = [w for w in data["word_sets"][name] if w != word]

    return edit


def _pipeline(**paths: str) -> spacy.language.Language:
    """A blank pipeline with eventpipe's components, `paths` set in every section that has
    that setting."""
    config = pipeline_config()
    for section in config["components"].values():
        for key, value in paths.items():
            if key in section:
                section[key] = value
    nlp = spacy.blank("en")
    add_components(nlp, config)
    return nlp


def _events(nlp, spec: str) -> list[tuple]:
    doc = parsed(spec, nlp)
    doc._.dct = DCT
    for _, component in nlp.pipeline:
        doc = component(doc)
    return [(e.source_actor, e.target_actor, e.event_type, e.modality) for e in doc._.events]


def test_the_bundle_is_loaded_once_per_paths(tmp_path: Path) -> None:
    assert default_rule_words() is load_rule_words()
    assert load_rule_words(EVENT_WORDS_YAML) is default_rule_words()
    edited = _edited(tmp_path, MODALITY_WORDS_YAML, _without("future_aux", "will"))
    mine = load_rule_words(modality_words_path=edited)
    assert mine is load_rule_words(None, None, edited)
    assert "will" not in mine.future_aux and "will" in default_rule_words().future_aux
    assert mine.paths[2] == str(edited)


def test_every_component_reads_the_words_of_its_section(tmp_path: Path) -> None:
    words = _edited(tmp_path, EVENT_WORDS_YAML, _without("time_preps", "in"))
    frames = _edited(tmp_path, EVENT_FRAMES_YAML, lambda d: d["types"]["AGREE"].pop("classes"))
    modality = _edited(tmp_path, MODALITY_WORDS_YAML, _without("speech_verbs", "say"))
    nlp = _pipeline(
        event_words_path=str(words),
        event_frames_path=str(frames),
        modality_words_path=str(modality),
    )
    assert nlp.get_pipe(events.FACTORY_NAME).words.paths == (str(words), str(frames), str(modality))
    assert nlp.get_pipe(stances.FACTORY_NAME).words.paths[::2] == (str(words), str(modality))
    assert nlp.get_pipe(stance_pairs.FACTORY_NAME).words.paths[0] == str(words)
    for name in (actors.FACTORY_NAME, unresolved.ACTORS_FACTORY):
        assert "say" not in nlp.get_pipe(name)._speech
    default = _pipeline()
    assert "say" in default.get_pipe(actors.FACTORY_NAME)._speech
    assert default.get_pipe(events.FACTORY_NAME).words is default_rule_words()


def test_every_word_file_setting_of_a_factory_is_in_its_config_section() -> None:
    config = pipeline_config()
    taken = set()
    for name, section in config["components"].items():
        defaults = spacy.Language.get_factory_meta(name).default_config
        paths = {k for k in defaults if k in ("event_words_path", "event_frames_path",
                                              "modality_words_path")}  # fmt: skip
        assert paths <= set(section), f"[components.{name}] lacks {sorted(paths - set(section))}"
        taken |= paths
    assert taken == {"event_words_path", "event_frames_path", "modality_words_path"}


def test_two_pipelines_with_different_modality_words_each_use_their_own(tmp_path: Path) -> None:
    edited = _edited(tmp_path, MODALITY_WORDS_YAML, _without("future_aux", "will"))
    default, mine = _pipeline(), _pipeline(modality_words_path=str(edited))
    threat = [("RUS", "TUR", "THREATEN", "future")]  # "will impose sanctions": a threat
    assert _events(default, WILL_IMPOSE) == threat
    assert _events(mine, WILL_IMPOSE) == [("RUS", "TUR", "COERCE", "asserted")]  # no "will"
    assert _events(default, WILL_IMPOSE) == threat  # the other pipeline kept its words


def test_two_pipelines_with_different_event_words_each_use_their_own(tmp_path: Path) -> None:
    edited = _edited(tmp_path, EVENT_WORDS_YAML, _without("target_preps", "on"))
    default, mine = _pipeline(), _pipeline(event_words_path=str(edited))
    assert _events(default, IMPOSED) == [("RUS", "TUR", "COERCE", "asserted")]
    assert _events(mine, IMPOSED) == [("RUS", None, "COERCE", "asserted")]  # "on" no target
    assert _events(default, IMPOSED) == [("RUS", "TUR", "COERCE", "asserted")]


@pytest.mark.parametrize(
    ("key", "source", "edit", "entry"),
    [
        (
            "event_words_path",
            EVENT_WORDS_YAML,
            lambda d: d["word_sets"].update(person_nouns="soldier"),
            "word_sets.person_nouns",
        ),
        (
            "event_frames_path",
            EVENT_FRAMES_YAML,
            lambda d: d["types"]["AGREE"].update(classes=["friendly"]),
            "types.AGREE.classes",
        ),
        (
            "modality_words_path",
            MODALITY_WORDS_YAML,
            lambda d: d["word_sets"].pop("climb"),
            "word_sets.climb",
        ),
    ],
)
def test_a_broken_word_file_fails_the_build_naming_file_and_entry(
    tmp_path: Path, key: str, source: Path, edit, entry: str
) -> None:
    path = _edited(tmp_path, source, edit)
    with pytest.raises(RegistryError) as err:
        _pipeline(**{key: str(path)})
    assert source.name in str(err.value) and entry in str(err.value)

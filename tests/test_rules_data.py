"""Schemas of the event and modality rule data (event_words, event_frames, modality_words)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.errors import RegistryError
from pipeline.nlp.rules_data import (
    EVENT_FRAMES_YAML,
    EVENT_WORDS_YAML,
    MODALITY_WORDS_YAML,
    load_event_words,
    load_frames,
    load_modality_words,
    types_with,
)


def _edited(tmp_path: Path, source: Path, edit) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / source.name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_shipped_files_load() -> None:
    words = load_event_words()
    assert "with" in words.sets["target_preps"]
    assert words.source_weights["dep"] == 0.3
    frames = load_frames()
    assert frames["MOBILIZE"].alias("around") == "toward"
    assert frames["PROTEST"].alias("outside") == "outside"
    assert frames["PROTEST"].alias("outside", verb=True) == "at"
    assert types_with(frames, cls="diplomatic") == {"CONSULT", "AGREE"}
    assert "will" in load_modality_words()["future_aux"]


def test_loaders_are_cached() -> None:
    assert load_event_words() is load_event_words()
    assert load_frames() is load_frames()
    assert load_modality_words() is load_modality_words()


@pytest.mark.parametrize(
    ("edit", "entry"),
    [
        (lambda d: d["word_sets"].update(person_nouns="soldier"), "word_sets.person_nouns"),
        (lambda d: d["word_sets"].pop("pronoun_texts"), "word_sets.pronoun_texts"),
        (lambda d: d["word_sets"].update(sailor_nouns=["sailor"]), "word_sets.sailor_nouns"),
        (lambda d: d["weights"]["source"].update(dep=2), "weights.source.dep"),
        (lambda d: d.pop("weights"), "weights"),
    ],
)
def test_bad_event_words_name_file_and_entry(tmp_path: Path, edit, entry: str) -> None:
    path = _edited(tmp_path, EVENT_WORDS_YAML, edit)
    with pytest.raises(RegistryError) as err:
        load_event_words(path)
    assert entry in str(err.value) and "event_words.yaml" in str(err.value)


@pytest.mark.parametrize(
    ("edit", "entry"),
    [
        (lambda d: d["types"].update(PARLEY={"classes": ["verbal"]}), "types.PARLEY"),
        (lambda d: d["types"]["AGREE"].update(classes=["friendly"]), "types.AGREE.classes"),
        (lambda d: d["types"]["AGREE"].update(preps=["with"]), "types.AGREE.preps"),
        (lambda d: d["types"]["MOBILIZE"].update(aliases=["around"]), "types.MOBILIZE.aliases"),
        (lambda d: d["types"]["ASSAULT"].update(target_preps="at"), "types.ASSAULT.target_preps"),
    ],
)
def test_bad_frames_name_file_and_entry(tmp_path: Path, edit, entry: str) -> None:
    path = _edited(tmp_path, EVENT_FRAMES_YAML, edit)
    with pytest.raises(RegistryError) as err:
        load_frames(path)
    assert entry in str(err.value) and "event_frames.yaml" in str(err.value)


@pytest.mark.parametrize(
    ("edit", "entry"),
    [
        (lambda d: d["word_sets"].update(future_aux=["will", 3]), "word_sets.future_aux"),
        (lambda d: d["word_sets"].pop("light_verbs"), "word_sets.light_verbs"),
        (lambda d: d.update(word_sets=["not"]), "word_sets"),
    ],
)
def test_bad_modality_words_name_file_and_entry(tmp_path: Path, edit, entry: str) -> None:
    path = _edited(tmp_path, MODALITY_WORDS_YAML, edit)
    with pytest.raises(RegistryError) as err:
        load_modality_words(path)
    assert entry in str(err.value) and "modality_words.yaml" in str(err.value)


def test_a_refusal_code_must_be_a_quoted_cameo_code(tmp_path):
    from pipeline.errors import RegistryError
    from pipeline.nlp.rules_data import load_frames

    assert load_frames()["CONCEDE"].refusal == "124"
    bad = tmp_path / "frames.yaml"
    bad.write_text("types:\n  CONCEDE: {refusal: 124}\n")
    with pytest.raises(RegistryError, match=r"frames.yaml.*CONCEDE.refusal"):
        load_frames(bad)

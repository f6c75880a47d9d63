"""The pipeline is built from a config: components, order and settings (model-free)."""

from __future__ import annotations

import pytest
import spacy

from pipeline.nlp import build


def test_config_lists_the_components_in_order_with_settings() -> None:
    config = build.pipeline_config("my_actors.yaml")
    order = list(config["pipeline"]["order"])
    assert order.index("eventpipe_actors_v1") < order.index("eventpipe_events_v1")
    assert order[-1] == "eventpipe_unresolved_sides_v1"
    assert config["components"]["eventpipe_actors_v1"]["registry_path"] == "my_actors.yaml"
    assert config["components"]["eventpipe_events_v1"]["max_sentence_chars"] == 2000


def test_components_come_from_the_config() -> None:
    text = """
[pipeline]
order = ["eventpipe_timex_v1"]

[components]

[components.eventpipe_timex_v1]

[components.eventpipe_actors_v1]
registry_path = null
"""
    nlp = spacy.blank("en")
    build.add_components(nlp, build.pipeline_config(None, text))
    assert nlp.pipe_names == ["eventpipe_timex_v1"]


def test_an_order_without_its_section_is_an_error() -> None:
    text = '[pipeline]\norder = ["eventpipe_timex_v1"]\n\n[components]\n\n'
    text += "[components.eventpipe_actors_v1]\nregistry_path = null\n"
    with pytest.raises(ValueError, match=r"\[components.eventpipe_timex_v1\]"):
        build.add_components(spacy.blank("en"), build.pipeline_config(None, text))


def test_the_stance_lexicon_path_reaches_its_component(tmp_path) -> None:
    from pipeline.errors import EventpipeError

    config = build.pipeline_config(None)
    assert config["components"]["eventpipe_stances_v1"]["lexicon_path"] is None
    missing = tmp_path / "my-stances.yaml"
    config["components"]["eventpipe_stances_v1"]["lexicon_path"] = str(missing)
    config["pipeline"]["order"] = ["eventpipe_stances_v1"]
    with pytest.raises(EventpipeError, match="my-stances.yaml"):
        build.add_components(spacy.blank("en"), config)

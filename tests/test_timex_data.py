"""Schema of the temporal tagger's vocabulary, `pipeline/data/timex.yaml`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.errors import RegistryError
from pipeline.nlp.timex.data import TIMEX_YAML, alternation, load_timex_words


def _edited(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(TIMEX_YAML.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "timex.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_shipped_file_loads() -> None:
    words = load_timex_words()
    assert words.months["sep"] == 9 and words.weekdays["sun"] == 6
    assert words.seasons["fall"] == "FA" and words.quarter_ordinals["third"] == 3
    assert words.recurring["daily"] == "P1D" and "quarterly" not in words.recurring
    assert words.fixed_holidays["christmas"] == (12, 25)
    assert words.weekday_holidays["thanksgiving"] == (11, 3, 4, 0)
    assert "payable" in words.lists["date_future_before"]
    assert len(words.lists["small_numbers"]) == 20
    assert words.parts_of_day["morning"] == "TMO" and "said" in words.lists["reporting_verbs"]


def test_loader_is_cached() -> None:
    assert load_timex_words() is load_timex_words()


@pytest.mark.parametrize(
    ("edit", "entry"),
    [
        (lambda d: d.pop("months"), "months"),
        (lambda d: d.update(holidays={}), "holidays"),
        (lambda d: d["months"].update(sept=9), "months.sept"),
        (lambda d: d["weekdays"].update(mon=7), "weekdays.mon"),
        (lambda d: d["seasons"].update(spring="SPR"), "seasons.spring"),
        (lambda d: d["quarter_ordinals"].update(fifth=5), "quarter_ordinals.fifth"),
        (lambda d: d["recurring"].update(daily="every day"), "recurring.daily"),
        (lambda d: d["fixed_holidays"].update(christmas="25-12"), "fixed_holidays.christmas"),
        (lambda d: d["weekday_holidays"].update(thanksgiving=[11, 3]), "weekday_holidays"),
        (lambda d: d["weekday_holidays"].update(thanksgiving=[13, 3, 4, 0]), "weekday_holidays"),
        (lambda d: d.update(plan_cues="plan to"), "plan_cues"),
        (lambda d: d["plan_cues"].append("Plan To"), "plan_cues"),
        (lambda d: d["tens"].pop(), "tens"),
        (lambda d: d["parts_of_day"].update(night="NIGHT"), "parts_of_day.night"),
        (lambda d: d.pop("reporting_verbs"), "reporting_verbs"),
    ],
)
def test_bad_entries_name_file_and_entry(tmp_path: Path, edit, entry: str) -> None:
    path = _edited(tmp_path, edit)
    with pytest.raises(RegistryError) as err:
        load_timex_words(path)
    assert entry in str(err.value)
    assert str(path) in str(err.value)


def test_alternation_puts_longer_phrases_first_and_allows_any_space() -> None:
    assert alternation(["by", "as soon as"]) == r"as\s+soon\s+as|by"

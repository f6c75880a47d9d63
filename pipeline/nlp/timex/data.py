"""The temporal tagger's vocabulary, `pipeline/data/timex.yaml`: one validated, cached read.

Every error is a `RegistryError` naming the file and the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import RegistryError
from pipeline.nlp.datafiles import read_yaml_mapping
from pipeline.settings import DATA_DIR

TIMEX_YAML = DATA_DIR / "timex.yaml"

_WORD_LISTS = (
    "small_numbers",
    "tens",
    "vague_quantities",
    "date_future_before",
    "date_past_before",
    "weekday_past_before",
    "weekday_future_before",
    "weekday_present_future",
    "plan_cues",
    "reporting_verbs",
    "to_non_verbs",
    "weekday_parts",
    "current_not_before",
    "abbreviations",
    "someday_before",
    "generic_after_todays",
    "rate_quantities",
    "easter_weeks",
)
_INT_MAPS = ("months", "weekdays", "century_words", "quarter_ordinals", "easter_holidays")
_STR_MAPS = ("seasons", "recurring", "fixed_holidays", "parts_of_day")
_KEYS = (*_WORD_LISTS, *_INT_MAPS, *_STR_MAPS, "weekday_holidays")
_SEASON_CODES = {"SP", "SU", "FA", "WI"}
_PART_CODES = {"TMO", "TAF", "TEV", "TNI"}
_RECURRING = re.compile(r"PT?[0-9]+[HDWMY]")
_MONTH_DAY = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")


@dataclass(frozen=True)
class TimexWords:
    """The validated contents of `timex.yaml` (see the file's header for each entry)."""

    lists: dict[str, tuple[str, ...]]
    months: dict[str, int]
    weekdays: dict[str, int]
    century_words: dict[str, int]
    quarter_ordinals: dict[str, int]
    easter_holidays: dict[str, int]
    seasons: dict[str, str]
    recurring: dict[str, str]
    parts_of_day: dict[str, str]
    fixed_holidays: dict[str, tuple[int, int]]
    weekday_holidays: dict[str, tuple[int, int, int, int]]


def _word_list(value: Any, path: str, entry: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise RegistryError(f"{entry}: must be a non-empty list of words", path)
    if not all(isinstance(w, str) and w.strip() and w == w.lower() for w in value):
        raise RegistryError(f"{entry}: every entry must be a non-empty lower-case string", path)
    return tuple(value)


def _mapping(value: Any, path: str, entry: str, kind: type) -> dict[str, Any]:
    if not isinstance(value, dict) or not value:
        raise RegistryError(f"{entry}: must be a non-empty mapping", path)
    for key, item in value.items():
        if not isinstance(key, str) or key != key.lower() or not key.strip():
            raise RegistryError(f"{entry}.{key}: keys must be lower-case words", path)
        if not isinstance(item, kind) or isinstance(item, bool):
            raise RegistryError(f"{entry}.{key}: must be a {kind.__name__}", path)
    return dict(value)


def _check(ok: bool, path: str, entry: str, message: str) -> None:
    if not ok:
        raise RegistryError(f"{entry}: {message}", path)


def _validate_maps(data: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    maps = {k: _mapping(data[k], path, k, int) for k in _INT_MAPS}
    maps |= {k: _mapping(data[k], path, k, str) for k in _STR_MAPS}
    for key, n in maps["months"].items():
        _check(len(key) == 3 and 1 <= n <= 12, path, f"months.{key}", "three letters -> 1-12")
    for key, n in maps["weekdays"].items():
        _check(len(key) == 3 and 0 <= n <= 6, path, f"weekdays.{key}", "three letters -> 0-6")
    for key, n in maps["quarter_ordinals"].items():
        _check(1 <= n <= 4, path, f"quarter_ordinals.{key}", "must be 1-4")
    for key, n in maps["easter_holidays"].items():
        _check(-60 <= n <= 60, path, f"easter_holidays.{key}", "days from Easter: -60 to 60")
    for key, code in maps["seasons"].items():
        _check(code in _SEASON_CODES, path, f"seasons.{key}", "must be SP, SU, FA or WI")
    for key, code in maps["parts_of_day"].items():
        _check(code in _PART_CODES, path, f"parts_of_day.{key}", "must be TMO, TAF, TEV or TNI")
    for key, value in maps["recurring"].items():
        _check(bool(_RECURRING.fullmatch(value)), path, f"recurring.{key}", "a value like P1D")
    for key, day in maps["fixed_holidays"].items():
        _check(bool(_MONTH_DAY.fullmatch(day)), path, f"fixed_holidays.{key}", "must be MM-DD")
    return maps


def _weekday_holidays(value: Any, path: str) -> dict[str, tuple[int, int, int, int]]:
    rules = _mapping(value, path, "weekday_holidays", list)
    out = {}
    for name, rule in rules.items():
        entry = f"weekday_holidays.{name}"
        ints = len(rule) == 4 and all(isinstance(n, int) and not isinstance(n, bool) for n in rule)
        _check(ints, path, entry, "must be [month, weekday, nth, days after]")
        month, weekday, nth, after = rule
        ok = 1 <= month <= 12 and 0 <= weekday <= 6 and nth in (-1, 1, 2, 3, 4) and after >= 0
        _check(ok, path, entry, "month 1-12, weekday 0-6, nth 1-4 or -1, days after >= 0")
        out[name] = (month, weekday, nth, after)
    return out


@lru_cache(maxsize=4)
def load_timex_words(path: str | Path = TIMEX_YAML) -> TimexWords:
    """The validated `timex.yaml`; `RegistryError` naming the file and entry."""
    path = str(path)
    data = read_yaml_mapping(path, "temporal vocabulary", "the keys " + ", ".join(_KEYS))
    unknown = sorted(set(data) - set(_KEYS))
    _check(not unknown, path, unknown[0] if unknown else "", "unknown key")
    missing = [k for k in _KEYS if k not in data]
    _check(not missing, path, missing[0] if missing else "", "missing")
    lists = {k: _word_list(data[k], path, k) for k in _WORD_LISTS}
    _check(len(lists["small_numbers"]) == 20, path, "small_numbers", "must list 0 to 19")
    _check(len(lists["tens"]) == 8, path, "tens", "must list twenty to ninety")
    maps = _validate_maps(data, path)
    for part in lists["weekday_parts"]:
        _check(part in maps["parts_of_day"], path, "weekday_parts", f"{part!r} not in parts_of_day")
    holidays = {
        name: (int(day[:2]), int(day[3:])) for name, day in maps.pop("fixed_holidays").items()
    }
    return TimexWords(
        lists=lists,
        fixed_holidays=holidays,
        weekday_holidays=_weekday_holidays(data["weekday_holidays"], path),
        **maps,
    )


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of words, longest first, any whitespace between a phrase's words."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in ordered)

"""`tag_timexes`: candidates, selection, then left-to-right resolution carrying the anchor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from pipeline.models import Timex
from pipeline.nlp.timex.candidates import _Candidate, _candidates, _select
from pipeline.nlp.timex.context import _Context, _Result
from pipeline.nlp.timex.named import NAMED_RESOLVERS
from pipeline.nlp.timex.resolve_dates import (
    _r_bare_season,
    _r_century,
    _r_decade,
    _r_full,
    _r_half,
    _r_month,
    _r_month_day,
    _r_month_year,
    _r_quarter,
    _r_season,
    _r_year,
)
from pipeline.nlp.timex.resolve_fiscal import _r_fperiod, _r_fyear, reporting_quarter, sets_quarter
from pipeline.nlp.timex.resolve_relative import (
    _r_ago,
    _r_anchor,
    _r_clock,
    _r_duration,
    _r_later,
    _r_ltn,
    _r_pod,
    _r_ref,
    _r_soon,
    _r_span,
    _r_vague,
    _r_weekday,
    _r_word,
)
from pipeline.nlp.timex.values import _RANK, _Anchor, period_of

_RESOLVERS: dict[str, Callable[[_Candidate, _Context], _Result | None]] = {
    "iso": _r_full,
    "slash": _r_full,
    "mdy": _r_full,
    "dmy": _r_full,
    "md": _r_month_day,
    "dm": _r_month_day,
    "my": _r_month_year,
    "month": _r_month,
    "year": _r_year,
    "decade": _r_decade,
    "century": _r_century,
    "quarter": _r_quarter,
    "half": _r_half,
    "fperiod": _r_fperiod,
    "fyear": _r_fyear,
    "season": _r_season,
    "bare_season": _r_bare_season,
    "ltn": _r_ltn,
    "word": _r_word,
    "weekday": _r_weekday,
    "clock": _r_clock,
    "pod": _r_pod,
    "ago": _r_ago,
    "ref": _r_ref,
    "soon": _r_soon,
    "anchor": _r_anchor,
    "later": _r_later,
    "vague": _r_vague,
    "duration": _r_duration,
    "span": _r_span,
    **NAMED_RESOLVERS,
}


def _anchor_of(value: str, precision: str, kind: str) -> _Anchor | None:
    """The anchor a resolved DATE value sets, or None (refs, decades, vague offsets)."""
    if kind == "vague" or precision not in _RANK:
        return None
    first, _ = period_of(value)
    if first is None:
        return None
    if precision in ("day", "week", "month"):
        return _Anchor(first, precision)
    return _Anchor(first, "year")


# ------------------------------------------------------------------------------- public


def tag_timexes(text: str, dct: date | None) -> list[Timex]:
    """Find the temporal expressions in `text`, normalised against the document date `dct`.

    Returns non-overlapping `Timex` records sorted by start, with `text[start:end] == t.text`.
    See the module docstring for the resolution rules and heuristics.
    """
    if isinstance(dct, datetime):
        dct = dct.date()
    chosen = _select(_candidates(text), len(text))
    ctx = _Context(text, dct, chosen)
    out: list[Timex] = []
    for i, c in enumerate(chosen):
        ctx.i = i
        try:
            result = _RESOLVERS[c.kind](c, ctx)
        except (ValueError, OverflowError):
            result = None  # out-of-range arithmetic or an unexpected form: not a timex
        if result is None:
            continue
        value, precision, basis, type_ = result
        out.append(Timex(text[c.start : c.end], c.start, c.end, value, precision, basis, type_))
        if precision == "quarter" and sets_quarter(c):
            ctx.quarter = reporting_quarter(ctx, (int(value[:4]), int(value[-1])))
        if type_ == "DATE" and c.kind != "later":
            anchor = _anchor_of(value, precision, c.kind)
            if anchor is not None:
                ctx.anchor, ctx.anchor_end = anchor, c.end
    return out

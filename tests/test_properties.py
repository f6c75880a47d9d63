"""Property-based tests: date normalisation round-trips and evidence offsets.

Already covered elsewhere (not repeated here): the temporal tagger never raises and its
offsets slice the text (tests/test_timex.py::test_never_raises_on_arbitrary_text and
::test_never_raises_on_temporal_word_salad), text normalisation is idempotent and well shaped
(tests/test_clean.py::test_normalise_is_idempotent, ::test_normalised_text_shape), and the
reader turns any bytes into a document or a SourceError
(tests/test_sources.py::test_any_bytes_give_document_or_source_error).
"""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.nlp.timex import period_of, tag_timexes
from tests.conftest import SEEDS

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
years = st.integers(min_value=1900, max_value=2099)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
dcts = st.one_of(st.none(), days)


def _only(text: str, dct: date | None):
    found = tag_timexes(text, dct)
    assert len(found) == 1, found
    return found[0]


# --- date normalisation ----------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(day=days, dct=dcts, style=st.sampled_from(["mdy", "dmy"]))
def test_explicit_day_dates_round_trip(day, dct, style):
    month = MONTHS[day.month - 1]
    words = f"{month} {day.day}, {day.year}" if style == "mdy" else f"{day.day} {month} {day.year}"
    timex = _only(f"The ceasefire was signed on {words} in Geneva.", dct)
    assert (timex.value, timex.precision, timex.basis) == (day.isoformat(), "day", "explicit")
    assert timex.text.endswith(str(day.year)) and str(day.day) in timex.text
    assert period_of(timex.value) == (day, "day")


@settings(max_examples=150, deadline=None)
@given(year=years, month=st.integers(1, 12), dct=dcts)
def test_explicit_months_round_trip(year, month, dct):
    timex = _only(f"Talks resumed in {MONTHS[month - 1]} {year} after a long pause.", dct)
    assert (timex.value, timex.precision, timex.basis) == (
        f"{year}-{month:02d}",
        "month",
        "explicit",
    )
    assert period_of(timex.value) == (date(year, month, 1), "month")


@settings(max_examples=150, deadline=None)
@given(
    month=st.integers(1, 12), dct=st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31))
)
def test_month_without_year_is_the_latest_not_after_the_document_date(month, dct):
    timex = _only(f"The minister visited Ankara in {MONTHS[month - 1]} to discuss trade.", dct)
    assert timex.basis == "relative" and timex.precision == "month"
    start, precision = period_of(timex.value)
    assert precision == "month" and start.month == month
    months_back = (dct.year * 12 + dct.month) - (start.year * 12 + start.month)
    assert 0 <= months_back <= 11


@settings(max_examples=150, deadline=None)
@given(year=years, quarter=st.integers(1, 4), week=st.integers(1, 53))
def test_period_of_coarse_values(year, quarter, week):
    assert period_of(f"{year}-Q{quarter}") == (date(year, 3 * quarter - 2, 1), "month")
    assert period_of(str(year)) == (date(year, 1, 1), "year")
    start, precision = period_of(f"{year}-W{week:02d}")
    if precision == "day":  # week 53 exists only in some years
        assert start.isocalendar()[:3] == (year, week, 1)
    else:
        assert (start, precision, week) == (None, "none", 53)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.text(max_size=20), st.from_regex(r"[0-9X]{1,4}(-[A-Z0-9]{1,3}){0,2}")))
def test_period_of_never_raises(value):
    start, precision = period_of(value)
    assert precision in {"day", "month", "year", "none"}
    assert (start is None) == (precision == "none")


# --- evidence offsets ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory):
    """Every seed article ingested once (shared with other modules when tests/seeded.py is)."""
    try:
        from tests.seeded import seeded_database
    except ImportError:
        seeded_database = None
    if seeded_database is not None:
        return seeded_database(tmp_path_factory)
    from pipeline.ingest import ingest_paths
    from pipeline.settings import Settings

    work = tmp_path_factory.mktemp("props")
    corpus = work / "corpus"
    shutil.copytree(SEEDS, corpus, ignore=shutil.ignore_patterns("README.md"))
    ingest_paths([corpus], Settings(db_path=work / "seeds.duckdb"))
    return work / "seeds.duckdb"


@pytest.mark.model
def test_every_evidence_slice_equals_its_sentence_on_the_seeds(seeded_db):
    con = duckdb.connect(str(seeded_db), read_only=True)
    texts = dict(con.execute("select doc_id, text from documents").fetchall())
    checked = 0
    for table, evidence in (
        ("events", "sentence"),
        ("stances", "sentence"),
        ("actor_mentions", "text"),
    ):
        rows = con.execute(f"select doc_id, char_start, char_end, {evidence} from {table}")
        for doc_id, start, end, words in rows.fetchall():
            assert texts[doc_id][start:end] == words, (table, doc_id, start, end)
            checked += 1
    con.close()
    assert len(texts) >= 20 and checked > 500


ACTORS = ["Turkey", "Russia", "Ankara", "Moscow", "the European Union", "Iran", "NATO"]
VERBS = [
    "criticised", "met", "signed an agreement with", "imposed sanctions on", "threatened",
    "welcomed", "did not condemn", "may attack", "will visit", "praised",
]  # fmt: skip
WHEN = ["", " in June 2016", " last November", " on 24 November 2015", " weeks later", " today"]
SEPARATORS = [" ", "  ", "\n", "\n\n", " \u2014 ", "; ", "\n\n\n", "\t"]

sentence = st.builds(
    lambda a, v, b, w, end: f"{a} {v} {b}{w}{end}",
    st.sampled_from(ACTORS),
    st.sampled_from(VERBS),
    st.sampled_from(ACTORS),
    st.sampled_from(WHEN),
    st.sampled_from([".", "!", "", ",", " [1]."]),
)
texts = st.lists(st.tuples(sentence, st.sampled_from(SEPARATORS)), min_size=1, max_size=8).map(
    lambda parts: "".join(s + sep for s, sep in parts)
)


@pytest.mark.model
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=texts, published=dcts)
def test_extracted_offsets_slice_the_text(text, published):
    from pipeline.extract import extract_text

    found = extract_text(text, published)
    for item in [*found.events, *found.stances]:
        assert text[item.char_start : item.char_end] == item.sentence
        assert item.sentence.strip()
    for mention in found.actors:
        assert text[mention.start : mention.end] == mention.text
    for timex in found.timexes:
        assert text[timex.start : timex.end] == timex.text

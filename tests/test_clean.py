"""Text normalisation: exact outputs for each rule, and idempotence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.sources.clean import fix_mojibake, normalise_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # curly quotes become straight
        (
            "\u201cWe will not wait,\u201d the envoy\u2019s aide said.",
            '"We will not wait," the envoy\'s aide said.',
        ),
        ("\u2018soft\u2019 power", "'soft' power"),
        # dashes
        ("a pause \u2013 not a break", "a pause - not a break"),
        ("the 2015\u20132016 season", "the 2015-2016 season"),
        ("values\u2014a stance", "values - a stance"),
        ("values \u2014 a stance", "values - a stance"),
        ("talks--if they happen--will be short", "talks - if they happen - will be short"),
        ("talks -- if they happen", "talks - if they happen"),
        ("see https://example.org/a--b now", "see https://example.org/a--b now"),
        ("a rule ---", "a rule ---"),
        # spaces
        ("Vienna\u00a0talks", "Vienna talks"),
        ("Vienna\u202ftalks", "Vienna talks"),
        ("ze\u200bro\u200cwi\u200ddth\u2060 gone\ufeff", "zerowidth gone"),
        ("tabs\tand\t\tspaces   here", "tabs and spaces here"),
        ("line one   \nline two\t\n", "line one\nline two"),
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("para one\n\n\n\n\npara two", "para one\n\npara two"),
        ("  leading and trailing  \n\n", "leading and trailing"),
        # unicode composition
        ("Bel\u0065\u0301m", "Bel\u00e9m"),
    ],
)
def test_normalise_rules(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a strategic partnership.Between the two", "a strategic partnership. Between the two"),
        ("It ended in 2016.The next round", "It ended in 2016. The next round"),
        ("Mrs.Novak arrived", "Mrs. Novak arrived"),
        # left alone
        ("the U.S.Navy and the E.U.", "the U.S.Navy and the E.U."),
        ("several, e.g.The Hague group", "several, e.g.The Hague group"),
        ("growth of 3.5 percent", "growth of 3.5 percent"),
        ("see www.example.Org/Page.Html today", "see www.example.Org/Page.Html today"),
        ("see https://news.example.com/Story.Html", "see https://news.example.com/Story.Html"),
        ("mail press@ministry.Gov now", "mail press@ministry.Gov now"),
        ("J.R.Hartley wrote", "J.R.Hartley wrote"),
    ],
)
def test_missing_space_after_full_stop(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("It\u00e2\u20ac\u2122s over", "It's over"),
        ("\u00e2\u20ac\u0153Yes\u00e2\u20ac\x9d, he said", '"Yes", he said'),
        ("\u00e2\u20ac\u0153Yes\u00e2\u20ac, he said", '"Yes", he said'),
        ("caf\u00c3\u00a9 in M\u00c3\u00bcnchen", "caf\u00e9 in M\u00fcnchen"),
        ("a pause \u00e2\u20ac\u201c not a break", "a pause - not a break"),
        ("cost \u00c2\u00a35", "cost \u00a35"),
        # twice-mangled
        ("It\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2s", "It's"),
        # cp1252 bytes read as latin-1 (C1 control characters)
        ("\x93Quoted\x94 and \x96 dashed", '"Quoted" and - dashed'),
    ],
)
def test_mojibake_is_repaired(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Gru\u00df\u00bb und \u00abHallo\u00bb",  # ß followed by » is German, not mojibake
        "S\u00c3O PAULO",
        "na\u00efve r\u00e9sum\u00e9 \u00e0 la carte",
        "\u00c9tat, \u00c0 bient\u00f4t",
    ],
)
def test_mojibake_leaves_real_text_alone(text: str) -> None:
    assert fix_mojibake(text) == text


TRICKY = list(
    "\u201c\u201d\u2018\u2019\u2013\u2014\u00a0\u200b\ufeff\t\r\n .-A-Za"
    "\u00c3\u00a9\u00e2\u20ac\u2122\x93\x94\x9d\u0301\u0303e/:@wU.S2016"
) + ["--", "\r\n", "\n\n\n", "partnership.Between", "\u00c3\u00a9", "\u00e2\u20ac\u2122"]
tricky_text = st.lists(st.one_of(st.sampled_from(TRICKY), st.characters()), max_size=60).map(
    "".join
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), tricky_text))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), tricky_text))
def test_normalised_text_shape(text: str) -> None:
    out = normalise_text(text)
    assert "\r" not in out
    assert "\t" not in out
    assert "  " not in out
    assert "\n\n\n" not in out
    assert out == out.strip()
    assert all(line == line.strip() for line in out.split("\n"))

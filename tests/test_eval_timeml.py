"""The in-process TimeML scorer reads TimeML as the shared scoring script does."""

from __future__ import annotations

from datetime import date

from pipeline.eval_dev.timeml import read_tml, score_folder

TML = (
    '<?xml version="1.0" ?>\n<TimeML><DOCID>x</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="2003-04-28" functionInDocument="CREATION_TIME">'
    "April 28, 2003</TIMEX3></DCT>\n"
    '<TEXT>Officials in Lima said on <TIMEX3 tid="t1" type="DATE" value="2003-04-27">Sunday'
    "</TIMEX3> that\ntalks with Quito would resume in "
    '<TIMEX3 tid="t2" type="DATE" value="2003-06">June</TIMEX3> &amp; not before.</TEXT>\n'
    "</TimeML>\n"
)


def test_read_tml_gives_text_creation_date_and_gold_spans():
    text, dct, gold = read_tml(TML)
    assert dct == date(2003, 4, 28)
    assert [(text[s:e], v) for s, e, v in gold] == [("Sunday", "2003-04-27"), ("June", "2003-06")]
    assert "&amp;" not in text and "& not before" in text


def test_score_folder_counts_right_values(tmp_path):
    (tmp_path / "a.tml").write_text(TML, encoding="utf-8")
    result = score_folder(tmp_path)
    assert result.tp + result.fn == 2
    assert result.tp >= 1  # "Sunday" before a Monday dct is the day before

"""The dev scorer of event dates reads TimeML's events and their links to dates."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.eval_dev.dating import read_document, right_month, score_documents

TML = (
    '<?xml version="1.0" ?>\n<TimeML><DOCID>x</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="2003-04-28" functionInDocument="CREATION_TIME">'
    "April 28, 2003</TIMEX3></DCT>\n"
    '<TEXT>Peru <EVENT eid="e1" class="OCCURRENCE">accused</EVENT> Ecuador of shelling a '
    'border post on <TIMEX3 tid="t1" type="DATE" value="2003-04-27">Sunday</TIMEX3>. '
    'Ecuador <EVENT eid="e2" class="REPORTING">denied</EVENT> it &amp; '
    '<EVENT eid="e3" class="OCCURRENCE">recalled</EVENT> its envoy in '
    '<TIMEX3 tid="t2" type="DURATION" value="P2D">two days</TIMEX3>.</TEXT>\n'
    '<MAKEINSTANCE eventID="e1" eiid="ei1" /><MAKEINSTANCE eventID="e2" eiid="ei2" />'
    '<MAKEINSTANCE eventID="e3" eiid="ei3" />\n'
    '<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t0" />\n'
    '<TLINK lid="l2" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1" />\n'
    '<TLINK lid="l3" relType="IS_INCLUDED" eventInstanceID="ei2" relatedToTime="t0" />\n'
    '<TLINK lid="l4" relType="DURING" eventInstanceID="ei3" relatedToTime="t2" />\n'
    "</TimeML>\n"
)


def test_read_document_gives_each_linked_event_its_calendar_date(tmp_path):
    path = tmp_path / "a.tml"
    path.write_text(TML, encoding="utf-8")
    doc = read_document(path)
    assert doc.dct == date(2003, 4, 28)
    assert [doc.text[s:e] for s, e, _ in doc.event_spans] == ["accused", "denied", "recalled"]
    # a date of the text beats the creation time; a duration is no calendar date
    assert doc.gold_dates == {"e1": "2003-04-27", "e2": "2003-04-28"}
    assert "& recalled" in doc.text


@pytest.mark.parametrize(
    ("got", "gold", "right"),
    [
        (date(2003, 4, 1), "2003-04-27", True),
        (date(2003, 5, 1), "2003-04-27", False),
        (date(2003, 9, 9), "2003", True),
        (None, "2003", False),
        (date(2003, 4, 28), "2003-04-28T10:15", True),
    ],
)
def test_right_month(got, gold, right):
    assert right_month(got, gold) is right


@pytest.mark.model
def test_score_documents_scores_events_on_dated_timeml_events(tmp_path):
    path = tmp_path / "a.tml"
    path.write_text(TML, encoding="utf-8")
    result = score_documents([read_document(path)])
    assert result.scored == 1  # "accused" (PER -> ECU); "denied it" has no target actor
    assert result.right == 1

"""Event dates on real news: does an extracted event get the month the text gives it?

TimeML's news articles (TimeBank and AQUAINT of the TempEval-3 training data) mark events
(EVENT) and link them to time expressions (TLINK). An event that TimeML puts inside or at a
calendar date (`IS_INCLUDED`, `DURING`, `SIMULTANEOUS` to a TIMEX3 with a year, month or day
value, the document's creation time included) has that date as its own. Every event eventpipe
extracts whose trigger falls on such a TimeML event is scored: right when its `event_date` is
in the gold month (or the gold year, for a year-only value). This measures dating only, on
events found; PLV measures finding and typing them.

    python -m pipeline.eval_dev.dating [--errors N]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.eval_dev import DevDataMissing, dev_data_dir, require
from pipeline.eval_dev.timeml import SETS

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_CALENDAR = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-\d{2})?(?:T.*)?$")
_INSIDE = {"IS_INCLUDED", "DURING", "SIMULTANEOUS"}


@dataclass
class TimemlDocument:
    """The text of one TimeML article, its creation date and its events' gold dates."""

    name: str
    text: str
    dct: date
    event_spans: list[tuple[int, int, str]]  # (start, end, eid)
    gold_dates: dict[str, str]  # eid -> calendar TIMEX3 value


@dataclass
class EventDateResult:
    """Counts over the scored events, with the wrong ones for a look."""

    right: int = 0
    scored: int = 0
    by_basis: Counter = field(default_factory=Counter)
    wrong_by_basis: Counter = field(default_factory=Counter)
    errors: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.scored if self.scored else 0.0


def read_document(path: Path) -> TimemlDocument:
    """The text, creation date, event spans and gold event dates of one `.tml` file."""
    xml = path.read_text(encoding="utf-8")
    timex_values: dict[str, str] = {}
    dct_value = ""
    for m in re.finditer(r"<TIMEX3([^>]*)>", xml):
        attrs = dict(_ATTR.findall(m.group(1)))
        timex_values[attrs.get("tid", "")] = attrs.get("value", "")
        if attrs.get("functionInDocument") == "CREATION_TIME":
            dct_value = attrs.get("value", "")
    body = xml.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos, offset, opened = 0, 0, None
    for m in _TAG.finditer(body):
        piece = html.unescape(body[pos : m.start()])
        parts.append(piece)
        offset += len(piece)
        pos = m.end()
        if m.group(2) == "EVENT" and not m.group(1):
            opened = (offset, dict(_ATTR.findall(m.group(3))).get("eid", ""))
        elif m.group(2) == "EVENT" and m.group(1) and opened:
            spans.append((opened[0], offset, opened[1]))
            opened = None
    parts.append(html.unescape(body[pos:]))
    made = (dict(_ATTR.findall(m.group(1))) for m in re.finditer(r"<MAKEINSTANCE([^>]*)>", xml))
    instances = {a["eiid"]: a["eventID"] for a in made if "eiid" in a and "eventID" in a}
    gold: dict[str, str] = {}
    for m in re.finditer(r"<TLINK([^>]*)>", xml):
        link = dict(_ATTR.findall(m.group(1)))
        eid = instances.get(link.get("eventInstanceID", ""))
        value = timex_values.get(link.get("relatedToTime", ""), "")
        linked = eid and link.get("relType") in _INSIDE and _CALENDAR.match(value)
        if linked and (eid not in gold or link.get("relatedToTime") != "t0"):
            gold[eid] = value  # a date of the text beats the creation time
    return TimemlDocument(
        path.name, "".join(parts), date.fromisoformat(dct_value[:10]), spans, gold
    )


def _trigger_offset(text: str, event) -> int | None:
    sentence = text[event.char_start : event.char_end].lower()
    word = (event.trigger or "").lower().split()
    if not word:
        return None
    at = sentence.find(word[0])
    return None if at < 0 else event.char_start + at


def right_month(got: date | None, gold_value: str) -> bool:
    """Whether an event date falls in the gold value's month (or year, for a year)."""
    m = _CALENDAR.match(gold_value)
    if got is None or m is None:
        return False
    return got.year == int(m.group(1)) and (m.group(2) is None or got.month == int(m.group(2)))


def score_documents(documents: list[TimemlDocument]) -> EventDateResult:
    """Extract from every document and score the events that fall on a dated TimeML event."""
    from pipeline.extract import extract_texts

    result = EventDateResult()
    extractions = extract_texts([(d.text, d.dct) for d in documents])
    for doc, extraction in zip(documents, extractions, strict=True):
        for event in extraction.events:
            at = _trigger_offset(doc.text, event)
            spans = doc.event_spans if at is not None else []
            eid = next((e for s, end, e in spans if s <= at < end), None)
            if eid is None or eid not in doc.gold_dates:
                continue
            gold = doc.gold_dates[eid]
            result.scored += 1
            result.by_basis[event.date_basis] += 1
            if right_month(event.event_date, gold):
                result.right += 1
                continue
            result.wrong_by_basis[event.date_basis] += 1
            got = f"{event.event_date} ({event.date_basis}: {event.date_text or '-'})"
            result.errors.append((doc.name, event.trigger, gold, got, event.sentence))
    return result


def evaluate(dev_dir: Path) -> dict[str, EventDateResult]:
    """The result on each TimeML set."""
    results = {}
    for name, sub in SETS.items():
        folder = require(dev_dir / sub, f"TimeML {name}")
        results[name] = score_documents([read_document(p) for p in sorted(folder.glob("*.tml"))])
    return results


def score(dev_dir: Path) -> dict[str, float | int]:
    """The share of scored events dated at the right month, over both sets, and how many."""
    results = evaluate(dev_dir).values()
    right = sum(r.right for r in results)
    scored = sum(r.scored for r in results)
    return {"dating_right_month": right / scored if scored else 0.0, "dating_scored": scored}


def main(argv: list[str] | None = None) -> None:
    """Print the wrong event dates and the share right of each set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev-data", type=Path, default=None, help="dev data folder")
    parser.add_argument("--errors", type=int, default=20, help="how many wrong dates to show")
    args = parser.parse_args(argv)
    try:
        results = evaluate(args.dev_data or dev_data_dir())
    except DevDataMissing as err:
        sys.exit(f"eval-dev: {err}")
    for name, result in results.items():
        for file, trigger, gold, got, sentence in result.errors[: args.errors]:
            print(f"{name} {file}: {trigger!r} gold {gold} got {got}\n    {sentence[:160]}")
        wrong = ", ".join(f"{b} {result.wrong_by_basis[b]}/{n}" for b, n in result.by_basis.items())
        print(f"{name}: right month {result.accuracy:.3f} ({result.right} of {result.scored}; "
              f"wrong by date basis: {wrong})")  # fmt: skip


if __name__ == "__main__":
    main()

"""The HTML report: written from the seeds, opened in a real headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.report import _busiest_window, write_report
from tests.browser import opened
from tests.seeded import seeded_database


def test_busiest_window_picks_the_months_with_most_events():
    rows = [(m, 0, 0, 0, 0, n, 0.0) for m, n in enumerate([1, 0, 5, 4, 0, 0, 3])]
    assert [r[0] for r in _busiest_window(rows, 3)] == [1, 2, 3]
    assert _busiest_window(rows[:2], 3) == rows[:2]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    db = seeded_database(tmp_path_factory)
    return write_report(db, tmp_path_factory.mktemp("report"))


@pytest.mark.model
def test_report_is_self_contained_with_every_section(report):
    page = report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched
    images = re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,', page)
    assert "TUR to RUS cooperation and conflict timeline" in images
    assert "RUS to TUR cooperation and conflict timeline" in images
    assert "stance heat map" in images
    assert "dates of disputed cross-document events" in images
    assert "27 documents" in page
    # the planted conflict: the S-400 article dates the jet downing to December 2015
    assert re.search(r"TUR → RUS ASSAULT</td><td>Nov 2015</td>.*?2017-12-29</td>"
                     r"<td>2015-12-01</td><td>December 2015</td>", page)  # fmt: skip


@pytest.mark.model
def test_report_renders_in_a_headless_browser(report, tmp_path):
    with opened(report) as browser:
        page = browser.page
        widths = page.evaluate(
            "Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)"
        )
        headings = page.evaluate(
            "Array.from(document.querySelectorAll('h2')).map(h => h.textContent)"
        )
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    errors, outside = browser.errors, browser.outside
    assert len(widths) >= 5 and all(w > 300 for w in widths), widths
    assert headings == ["Dyad timelines", "Domestic events", "Stances",
                        "Events reported by several documents", "Documents"]  # fmt: skip
    assert errors == []
    assert outside == []
    assert (tmp_path / "report.png").stat().st_size > 10_000

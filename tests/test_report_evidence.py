"""The report's evidence links: every chart mark leads to the events or stances behind it.

Model-free tests build a small database by hand (sentences at known offsets) and check the
embedded evidence against it; the seeded tests check the same on `seeds/` and follow a chart
link in Debian's Chromium from a file:// URL.
"""

from __future__ import annotations

import base64
import io
import json
import re
from datetime import date
from pathlib import Path

import matplotlib.image
import pytest
from matplotlib import colormaps

from pipeline.report import CONFLICT, COOPERATION, write_report
from pipeline.report_evidence import EVIDENCE_CAP, PREFIX
from pipeline.store import LoadBatch, connect, load_batch, open_db, run_query
from tests.browser import CHROMIUM, CHROMIUM_ARGS, opened, playwright_api
from tests.conftest import make_event
from tests.seeded import seeded_database
from tests.test_store import document

DATA = re.compile(r'<script type="application/json" id="evidence-data">(.*?)</script>', re.S)
HIT = re.compile(
    r'<a class="hit" href="#([^"]+)" title="([^"]+)" aria-label="[^"]*" style="left:([\d.]+)%;'
    r'top:([\d.]+)%;width:([\d.]+)%;height:([\d.]+)%"></a>'
)
HOSTILE_TITLE = "</script><script>window.pwned = 1</script> & <b>Notes</b>"


def stance(holder: str, target: str, score: float, cue: str, when: date) -> dict:
    return {
        "holder_actor": holder, "holder_country": holder, "target_actor": target,
        "target_country": target, "target_topic": None,
        "polarity": "positive" if score > 0 else "negative", "score": score, "cue": cue,
        "stance_date": when, "date_precision": "month",
    }  # fmt: skip


def load(db_path: Path, docs: list[tuple[str, str, date, list[tuple[str, str, dict]]]]) -> None:
    """Load (doc_id, title, published, [(kind, sentence, row)]) documents: each document's
    text is its sentences joined, each row's offsets are its sentence's place in it."""
    con = open_db(db_path)
    batch = LoadBatch()
    for doc_id, title, published, items in docs:
        text, counters = "Erdoğan’s advisers — briefing notes. ", {"event": 0, "stance": 0}
        for kind, sentence, row in items:
            start = len(text)
            text += sentence + " "
            n = counters[kind]
            counters[kind] += 1
            key = "event_id" if kind == "event" else "stance_id"
            batch.rows[f"{kind}s"].append({
                key: f"{doc_id}-{kind[0]}{n}", "doc_id": doc_id, **row, "sentence": sentence,
                "char_start": start, "char_end": start + len(sentence),
            })  # fmt: skip
        row = document(f"/corpus/{doc_id}.txt", doc_id, published)
        batch.rows["documents"].append(
            {**row, "title": title, "text": text, "n_chars": len(text), "run_id": "r1"}
        )
    load_batch(con, batch, "r1")
    con.close()


def downing(day: date, date_text: str) -> dict:
    return make_event(event_date=day, date_text=date_text, date_precision="month")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, Path]:
    """A hand-made database (one busy month over the cap, a date conflict, stances, a hostile
    title) and its report."""
    db = tmp_path_factory.mktemp("evidence-db") / "e.duckdb"
    accusations = [
        ("event", f"Ankara accused Moscow of violating Turkish airspace for the {n}th time "
         "in February 2016.", make_event(event_type="ACCUSE", goldstein=-2.0, quad_class=3,
         trigger="accused", event_date=date(2016, 2, 1), date_text="February 2016",
         confidence=0.5 + n / 100))
        for n in range(1, EVIDENCE_CAP + 5)
    ]  # fmt: skip
    load(
        db,
        [
            ("d1", "Jets over the border", date(2015, 12, 2), [
                ("event", "Turkish F-16s shot down a Russian bomber in November 2015.",
                 downing(date(2015, 11, 1), "November 2015")),
                ("stance", "Ankara strongly condemned the Russian strikes near Latakia.",
                 stance("TUR", "RUS", -0.8, "strongly condemned", date(2015, 12, 1))),
            ]),
            ("d2", HOSTILE_TITLE, date(2016, 1, 10), [
                ("event", "After the bomber was shot down in November 2015, trade fell <fast>.",
                 downing(date(2015, 11, 1), "November 2015")),
                ("stance", "Moscow welcomed Ankara's letter of regret & its tone.",
                 stance("RUS", "TUR", 0.6, "welcomed", date(2016, 1, 1))),
            ]),
            ("d3", "A year of strained ties", date(2016, 11, 20), [
                ("event", "Turkey shot down the Russian jet in December 2015.",
                 downing(date(2015, 12, 1), "December 2015")),
                ("event", "Russia sent aid to Turkey in March 2016.",
                 make_event(source_actor="RUS", source_country="RUS", target_actor="TUR",
                            target_country="TUR", event_type="AID", goldstein=7.0,
                            quad_class=2, trigger="sent aid", event_date=date(2016, 3, 1),
                            date_text="March 2016")),
                ("stance", "Turkish ministers remained wary of Moscow's intentions.",
                 stance("TUR", "RUS", -0.3, "wary of", date(2016, 11, 1))),
                *accusations,
            ]),
        ],
    )  # fmt: skip
    return db, write_report(db, tmp_path_factory.mktemp("evidence-report"))


def evidence(page: str) -> dict:
    """The evidence JSON embedded in a report page."""
    return json.loads(DATA.search(page).group(1))


def check_evidence(page: str, db: Path) -> dict:
    """What every report must hold: each link has its list, each list a link; each listed
    event or stance, and its document, is embedded and equals the database; each sentence is
    its document's text sliced by its offsets; each list's total is what its chart counts."""
    data = evidence(page)
    linked = set(re.findall(r'href="#' + PREFIX + '([^"]+)"', page))
    assert linked and linked == set(data["lists"])
    con = connect(db, read_only=True)
    try:
        texts = dict(con.execute("select doc_id, text from documents").fetchall())
        docs = {
            d: {"title": t, "path": p, "published": pub.isoformat() if pub else None}
            for d, t, p, pub in con.execute(
                "select doc_id, title, source_path, published_date from documents"
            ).fetchall()
        }
        stored = {
            kind: dict(con.execute(f"select {kind[:-1]}_id, sentence from {kind}").fetchall())
            for kind in ("events", "stances")
        }
        for key, entry in data["lists"].items():
            items = data[entry["kind"] + "s"]
            assert 0 < len(entry["ids"]) == min(entry["total"], EVIDENCE_CAP), key
            assert len(set(entry["ids"])) == len(entry["ids"]), key
            for item_id in entry["ids"]:
                item = items[item_id]
                assert item["sentence"] == texts[item["doc"]][item["start"] : item["end"]]
                assert item["sentence"] == stored[entry["kind"] + "s"][item_id]
                assert data["documents"][item["doc"]] == docs[item["doc"]]
            # the query the panel offers for the rest lists them all
            assert len(run_query(db, entry["query"])[1]) == entry["total"], key
        for key, total in _chart_counts(con, set(data["lists"])).items():
            assert data["lists"][key]["total"] == total, key
    finally:
        con.close()
    return data


def _chart_counts(con, keys: set[str]) -> dict[str, int]:
    """Each list's count as the views the charts are drawn from give it."""
    counts = {}
    for source, target, month, events in con.execute(
        "select source_country, target_country, strftime(month, '%Y-%m'), events "
        "from dyad_timeline where events > 0"
    ).fetchall():
        counts[f"dyad:{source}:{target}:{month}"] = events
    for holder, target, stances in con.execute(
        "select holder_country, target_country, sum(stances) from stance_monthly "
        "where target_country is not null group by all"
    ).fetchall():
        counts[f"stance:{holder}:{target}"] = stances
    for cluster_id, mentions in con.execute(
        "select cluster_id, mentions from event_clusters"
    ).fetchall():
        counts[f"cluster:{cluster_id}"] = mentions
    assert keys <= set(counts)
    return {k: v for k, v in counts.items() if k in keys}


def test_every_link_has_its_evidence_and_every_sentence_its_offsets(small):
    db, report = small
    data = check_evidence(report.read_text(encoding="utf-8"), db)
    assert set(data["lists"]) == {
        "dyad:TUR:RUS:2015-11", "dyad:TUR:RUS:2015-12", "dyad:TUR:RUS:2016-02",
        "dyad:RUS:TUR:2016-03", "stance:TUR:RUS", "stance:RUS:TUR",
        next(k for k in data["lists"] if k.startswith("cluster:")),
    }  # fmt: skip
    jet = data["lists"]["dyad:TUR:RUS:2015-11"]
    assert jet["total"] == 2 and jet["title"] == "TUR → RUS, November 2015: events"
    event = data["events"]["d1-e0"]
    assert (event["date_text"], event["date"], event["trigger"]) == (
        "November 2015",
        "2015-11-01",
        "shot down",
    )
    assert data["documents"]["d1"] == {
        "title": "Jets over the border", "path": "/corpus/d1.txt", "published": "2015-12-02"
    }  # fmt: skip
    assert data["stances"]["d3-s0"]["sentence"].startswith("Turkish ministers remained wary")


def test_a_busy_month_is_capped_and_says_how_many_more(small):
    data = evidence(small[1].read_text(encoding="utf-8"))
    busy = data["lists"]["dyad:TUR:RUS:2016-02"]
    assert busy["total"] == EVIDENCE_CAP + 4 and len(busy["ids"]) == EVIDENCE_CAP
    # the most confident first: the last accusations have the highest confidence
    assert busy["ids"][0] == f"d3-e{EVIDENCE_CAP + 5}"
    # only what a list shows is embedded, each event or stance once
    for kind in ("event", "stance"):
        shown = {i for e in data["lists"].values() if e["kind"] == kind for i in e["ids"]}
        assert set(data[kind + "s"]) == shown


def test_a_cross_document_event_lists_its_reports_disagreeing_first(small):
    data = evidence(small[1].read_text(encoding="utf-8"))
    (cluster,) = (v for k, v in data["lists"].items() if k.startswith("cluster:"))
    assert cluster["total"] == 3 and cluster["ids"][0] == "d3-e0"
    assert cluster["consensus"] == "November 2015" and cluster["disagree"] == ["d3-e0"]


def test_hostile_text_stays_text(small):
    page = small[1].read_text(encoding="utf-8")
    assert "<script>window.pwned" not in page
    assert page.count("</script>") == 2  # the evidence data's and the panel script's
    data = evidence(page)
    assert data["documents"]["d2"]["title"] == HOSTILE_TITLE
    assert data["events"]["d2-e0"]["sentence"].endswith("trade fell <fast>.")


def _png(page: str, alt: str) -> tuple:
    """The chart image with alt text `alt` (RGBA array) and its links."""
    found = re.search(
        r'<div class="chart"><img alt="' + re.escape(alt)
        + r'" src="data:image/png;base64,([^"]+)">(.*?)</div>', page,
    )  # fmt: skip
    image = matplotlib.image.imread(io.BytesIO(base64.b64decode(found.group(1))), format="png")
    return image, HIT.findall(found.group(2))


def _box(image, link) -> tuple[int, int, int, int]:
    height, width = image.shape[:2]
    left, top, w, h = (float(v) / 100 for v in link[2:])
    return (round(left * width), round(top * height), round((left + w) * width),
            round((top + h) * height))  # fmt: skip


def _near(pixel, colour: tuple[float, ...], tolerance: float = 0.03) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour[:3], strict=True))


def test_timeline_links_lie_over_their_months_bars(small):
    page = small[1].read_text(encoding="utf-8")
    image, links = _png(page, "TUR to RUS cooperation and conflict timeline")
    assert [link[0] for link in links] == [
        f"{PREFIX}dyad:TUR:RUS:{m}" for m in ("2015-11", "2015-12", "2016-02")
    ]
    bars = [matplotlib.colors.to_rgb(c) for c in COOPERATION + CONFLICT]
    for link in links:
        x0, y0, x1, y1 = _box(image, link)
        # the bar (22 days wide) fills the link's month (28 days) but its edges
        for x in (x0 + (x1 - x0) * 0.2, x0 + (x1 - x0) * 0.8):
            column = image[y0:y1, round(x)]
            assert any(_near(p, bar) for p in column for bar in bars), link[1]
    # nothing is linked over the empty January 2016 between them, and no bar is drawn there
    assert "Jan 2016" not in " ".join(link[1] for link in links)
    dec, feb = _box(image, links[1]), _box(image, links[2])
    column = image[dec[1] : dec[3], round((dec[0] + dec[2] + feb[0] + feb[2]) / 4)]
    assert not any(_near(p, bar) for p in column for bar in bars)


def test_heat_map_links_lie_over_their_cells(small):
    page = small[1].read_text(encoding="utf-8")
    image, links = _png(page, "stance heat map")
    scores = {"TUR → RUS": (-0.8 - 0.3) / 2, "RUS → TUR": 0.6}
    assert sorted(link[1].split(":")[0] for link in links) == sorted(scores)
    for link in links:
        x0, y0, x1, y1 = _box(image, link)
        colour = colormaps["RdYlGn"]((scores[link[1].split(":")[0]] + 1) / 2)
        for fx, fy in ((0.15, 0.15), (0.85, 0.15), (0.15, 0.85), (0.85, 0.85)):  # not the count
            pixel = image[round(y0 + (y1 - y0) * fy), round(x0 + (x1 - x0) * fx)]
            assert _near(pixel, colour), (link[1], fx, fy, pixel, colour)


@pytest.fixture(scope="module")
def seeded_report(tmp_path_factory) -> tuple[Path, Path]:
    db = seeded_database(tmp_path_factory)
    return db, write_report(db, tmp_path_factory.mktemp("seeded-evidence"))


@pytest.mark.model
def test_seeded_report_evidence_matches_the_database(seeded_report):
    db, report = seeded_report
    data = check_evidence(report.read_text(encoding="utf-8"), db)
    kinds = {key.split(":")[0] for key in data["lists"]}
    assert kinds == {"dyad", "stance", "cluster"}
    # the S-400 article's December 2015 date for the jet downing is one click away
    downing = next(
        v for k, v in data["lists"].items()
        if k.startswith("cluster:") and v["title"].startswith("TUR → RUS ASSAULT, November 2015")
    )  # fmt: skip
    assert any(data["events"][i]["date_text"] == "December 2015" for i in downing["disagree"])


@pytest.mark.model
def test_following_chart_links_shows_the_evidence_in_a_browser(seeded_report):
    expect = playwright_api().expect
    db, report = seeded_report
    data = evidence(report.read_text(encoding="utf-8"))
    with opened(report) as browser:
        page = browser.page
        panel = page.locator("#evidence")
        assert not panel.is_visible()
        for key in ("dyad:TUR:RUS:2015-11", "stance:TUR:RUS"):
            entry = data["lists"][key]
            kind = data[entry["kind"] + "s"]
            link = page.locator(f'a.hit[href="#{PREFIX}{key}"]')
            link.scroll_into_view_if_needed()
            box = link.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            # the mark's link is what a click on the chart there hits
            assert (
                page.evaluate(
                    "([x, y]) => document.elementFromPoint(x, y).getAttribute('href')", [x, y]
                )
                == f"#{PREFIX}{key}"
            )
            page.mouse.click(x, y)
            expect(page).to_have_url(report.as_uri() + f"#{PREFIX}{key}")
            expect(panel).to_be_visible()
            expect(page.locator("#evidence-title")).to_have_text(entry["title"])
            first = kind[entry["ids"][0]]
            expect(panel.locator("blockquote", has_text=first["sentence"]).first).to_be_visible()
            item = panel.locator(".evidence-item").first
            doc = data["documents"][first["doc"]]
            text = item.inner_text()
            assert doc["title"] in text and doc["path"] in text
            assert (first.get("date_text") or first["date"]) in text
            assert panel.locator(".evidence-item").count() == len(entry["ids"])
            page.keyboard.press("Escape")
            expect(panel).to_be_hidden()
    assert browser.errors == []
    assert browser.outside == []


def test_an_empty_database_gets_a_report_without_links(tmp_path):
    db = tmp_path / "empty.duckdb"
    open_db(db).close()
    page = write_report(db, tmp_path / "report").read_text(encoding="utf-8")
    assert 'class="hit"' not in page and 'href="#evidence:' not in page
    assert evidence(page) == {"cap": EVIDENCE_CAP, "lists": {}, "events": {}, "stances": {},
                              "documents": {}}  # fmt: skip


def test_capped_lists_and_cross_document_events_in_a_browser(small):
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    report = small[1]
    errors: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("pageerror", lambda e: errors.append(str(e)))
            # a link opened directly (bookmarked, or pasted) shows its list too
            page.goto(report.as_uri() + f"#{PREFIX}dyad:TUR:RUS:2016-02", wait_until="load")
            count = page.locator("#evidence-count")
            expect(count).to_contain_text(
                f"Showing {EVIDENCE_CAP} of {EVIDENCE_CAP + 4} events (the most confident first)"
            )
            expect(count).to_contain_text("4 more not shown")
            expect(count).to_contain_text('eventpipe query "select e.event_date')
            expect(page.locator("#evidence .evidence-item")).to_have_count(EVIDENCE_CAP)
            page.locator("#evidence-close").click()
            expect(page.locator("#evidence")).to_be_hidden()
            # the cluster table's link: the report that dates the downing to December first
            page.get_by_role("link", name="3 sentences").click()
            first = page.locator("#evidence .evidence-item").first
            expect(first).to_contain_text("Turkey shot down the Russian jet in December 2015.")
            expect(first.locator(".mark.off")).to_have_text(
                "disagrees with the consensus (November 2015)"
            )
            hostile = page.locator("#evidence .evidence-item cite", has_text="window.pwned")
            expect(hostile).to_have_text(HOSTILE_TITLE)
            assert page.evaluate("window.pwned") is None
        finally:
            browser.close()
    assert errors == []

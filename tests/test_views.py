"""Trend views on hand-made rows (exact values) and on the ingested seeds (planted conflicts)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pipeline.store import LoadBatch, load_batch, open_db, run_query, view_files
from tests.conftest import make_event
from tests.seeded import seeded_database
from tests.test_store import document


def load_docs(db_path, docs: list[tuple[str, date, list[dict]]], run_id: str = "r1") -> None:
    """Load (doc_id, published date, events) documents, one batch."""
    con = open_db(db_path)
    batch = LoadBatch()
    for doc_id, published, events in docs:
        batch.rows["documents"].append(
            {**document(f"{doc_id}.txt", doc_id, published), "run_id": run_id}
        )
        for n, event in enumerate(events):
            batch.rows["events"].append({"event_id": f"{doc_id}-e{n}", "doc_id": doc_id, **event})
    load_batch(con, batch, run_id)
    con.close()


def rows(db_path, sql: str) -> list[dict]:
    columns, values = run_query(db_path, sql)
    return [dict(zip(columns, row, strict=True)) for row in values]


def coup(day: date, precision: str = "day", trigger: str = "coup attempt") -> dict:
    return make_event(
        source_actor="TUR_MIL", source_country="TUR", target_actor="ERDOGAN",
        target_country="TUR", event_type="COERCE", goldstein=-7.0, quad_class=4,
        event_date=day, date_precision=precision, trigger=trigger, location=None,
    )  # fmt: skip


def test_every_view_has_a_header_with_question_grain_and_columns():
    for path in view_files():
        header = [line for line in path.read_text().splitlines() if line.startswith("--")]
        text = "\n".join(header)
        assert header[0].startswith(f"-- {path.stem}: ") and header[0].endswith("?"), path
        assert "-- Grain:" in text and "-- Columns:" in text, path
        # a plain model: the view (and its cache) is generated from it, see docs/extending.md
        body = path.read_text().split("\n", len(header))[-1].lstrip().lower()
        assert body.startswith(("with", "select")), path


def test_dyad_timeline_fills_quiet_months_with_zeros(db_path):
    load_docs(
        db_path,
        [
            ("d1", date(2016, 1, 8), [
                make_event(event_date=date(2015, 11, 24), date_precision="day"),
                make_event(event_type="ACCUSE", goldstein=-2.0, quad_class=3),
            ]),
            ("d2", date(2016, 3, 1), [
                make_event(event_type="CONSULT", goldstein=1.0, quad_class=1,
                           event_date=date(2016, 2, 1)),
                make_event(event_type="AID", goldstein=7.0, quad_class=2,
                           event_date=date(2016, 2, 9), date_precision="day"),
                make_event(event_type="AID", goldstein=7.0, quad_class=2,
                           event_date=date(2016, 2, 9), negated=True),
            ]),
        ],
    )  # fmt: skip
    timeline = rows(
        db_path,
        "select month, verbal_cooperation as vc, material_cooperation as mc, "
        "verbal_conflict as vf, material_conflict as mf, events, goldstein_sum as gs, "
        "goldstein_mean as gm, documents from dyad_timeline "
        "where source_country = 'TUR' and target_country = 'RUS' order by month",
    )
    assert timeline == [
        {"month": date(2015, 11, 1), "vc": 0, "mc": 0, "vf": 1, "mf": 1, "events": 2,
         "gs": -11.0, "gm": -5.5, "documents": 1},
        {"month": date(2015, 12, 1), "vc": 0, "mc": 0, "vf": 0, "mf": 0, "events": 0,
         "gs": 0.0, "gm": None, "documents": 0},
        {"month": date(2016, 1, 1), "vc": 0, "mc": 0, "vf": 0, "mf": 0, "events": 0,
         "gs": 0.0, "gm": None, "documents": 0},
        {"month": date(2016, 2, 1), "vc": 1, "mc": 1, "vf": 0, "mf": 0, "events": 2,
         "gs": 8.0, "gm": 4.0, "documents": 1},
    ]  # fmt: skip
    monthly = rows(db_path, "select sum(events) as n from dyad_monthly")[0]["n"]
    assert monthly == sum(r["events"] for r in timeline)


def test_a_date_off_by_a_year_joins_the_cluster_and_is_flagged(db_path):
    load_docs(
        db_path,
        [
            ("a", date(2016, 8, 3), [coup(date(2016, 7, 15))]),
            ("b", date(2016, 8, 11), [coup(date(2015, 7, 15), trigger="failed coup")]),
            ("c", date(2016, 11, 25), [coup(date(2016, 7, 1), "month", "the July coup")]),
            ("d", date(2024, 3, 11), [coup(date(2016, 7, 1), "month", "failed coup")]),
            # a different event of the same dyad and type, a year later, other words: not joined
            ("e", date(2017, 8, 1), [coup(date(2017, 7, 20), trigger="mutiny")]),
        ],
    )
    clusters = rows(
        db_path,
        "select * exclude (cluster_id) from event_clusters order by consensus_date",
    )
    assert clusters == [
        {"source_country": "TUR", "target_country": "TUR", "event_type": "COERCE",
         "consensus_date": date(2016, 7, 1), "consensus_precision": "month", "documents": 4,
         "mentions": 4, "first_reported": date(2016, 8, 3), "last_reported": date(2024, 3, 11),
         "conflicting_dates": 1, "conflicting_documents": 1},
    ]  # fmt: skip
    mentions = rows(
        db_path,
        "select doc_id, event_date, agrees_with_consensus from event_cluster_mentions "
        "order by doc_id",
    )
    assert mentions == [
        {"doc_id": "a", "event_date": date(2016, 7, 15), "agrees_with_consensus": True},
        {"doc_id": "b", "event_date": date(2015, 7, 15), "agrees_with_consensus": False},
        {"doc_id": "c", "event_date": date(2016, 7, 1), "agrees_with_consensus": True},
        {"doc_id": "d", "event_date": date(2016, 7, 1), "agrees_with_consensus": True},
    ]
    summary = rows(db_path, "select doc_id, conflicting_mentions from document_summary")
    assert {r["doc_id"]: r["conflicting_mentions"] for r in summary} == {
        "a": 0, "b": 1, "c": 0, "d": 0, "e": 0,
    }  # fmt: skip


def test_a_month_off_joins_but_distant_months_and_other_places_stay_apart(db_path):
    jet = {"event_type": "ASSAULT", "trigger": "shot down", "location": "Syria"}
    load_docs(
        db_path,
        [
            ("a", date(2015, 12, 1), [make_event(**jet, event_date=date(2015, 11, 24),
                                                 date_precision="day")]),
            ("b", date(2016, 8, 11), [make_event(**jet, event_date=date(2015, 11, 1))]),
            ("c", date(2017, 12, 29), [make_event(**jet, event_date=date(2015, 12, 1))]),
            # same dyad and type two months on, but somewhere else: its own (single) report
            ("d", date(2016, 2, 1), [make_event(event_type="ASSAULT", trigger="fired at",
                                                location="Black Sea",
                                                event_date=date(2016, 1, 1))]),
            # four months on: another event, reported by two documents that agree
            ("e", date(2016, 4, 1), [make_event(**jet, event_date=date(2016, 3, 1))]),
            ("f", date(2016, 4, 2), [make_event(**jet, event_date=date(2016, 3, 9),
                                                date_precision="day")]),
            # dated by the document only: never clustered
            ("g", date(2016, 1, 8), [make_event(**jet, event_date=date(2016, 1, 8),
                                                date_basis="document")]),
        ],
    )  # fmt: skip
    clusters = rows(
        db_path,
        "select consensus_date, documents, first_reported, last_reported, conflicting_dates "
        "from event_clusters order by consensus_date",
    )
    assert clusters == [
        {"consensus_date": date(2015, 11, 1), "documents": 3, "first_reported": date(2015, 12, 1),
         "last_reported": date(2017, 12, 29), "conflicting_dates": 1},
        {"consensus_date": date(2016, 3, 1), "documents": 2, "first_reported": date(2016, 4, 1),
         "last_reported": date(2016, 4, 2), "conflicting_dates": 0},
    ]  # fmt: skip
    disagreeing = rows(
        db_path, "select doc_id from event_cluster_mentions where not agrees_with_consensus"
    )
    assert disagreeing == [{"doc_id": "c"}]


def test_run_changes_compares_the_latest_run_with_the_one_before(db_path):
    load_docs(db_path, [("a", date(2016, 1, 1), [make_event()])], run_id="r1")
    load_docs(db_path, [("b", date(2016, 2, 1), [make_event(), make_event()])], run_id="r2")
    con = open_db(db_path)
    con.execute(
        "insert into ingest_runs (run_id, started_at, status, new_documents, events) values "
        "('r1', ?, 'completed', 1, 1), ('r2', ?, 'completed', 1, 2)",
        [datetime(2026, 1, 1), datetime(2026, 1, 2)],
    )
    con.close()
    changes = rows(
        db_path,
        "select run_id, is_latest, previous_run_id, events, previous_events, events_change, "
        "documents_now, events_now from run_changes order by started_at",
    )
    assert changes == [
        {"run_id": "r1", "is_latest": False, "previous_run_id": None, "events": 1,
         "previous_events": None, "events_change": None, "documents_now": None,
         "events_now": None},
        {"run_id": "r2", "is_latest": True, "previous_run_id": "r1", "events": 2,
         "previous_events": 1, "events_change": 1, "documents_now": 2, "events_now": 3},
    ]  # fmt: skip
    latest = rows(db_path, "select run_id, doc_id, events from latest_run_documents")
    assert latest == [{"run_id": "r2", "doc_id": "b", "events": 2}]


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    return seeded_database(tmp_path_factory)


@pytest.mark.model
def test_seeds_flag_the_planted_jet_downing_conflict(seeds_db):
    cluster = rows(
        seeds_db,
        "select cluster_id, consensus_date, documents, conflicting_dates from event_clusters "
        "where source_country = 'TUR' and target_country = 'RUS' and event_type = 'ASSAULT' "
        "and consensus_date = date '2015-11-01'",
    )
    assert len(cluster) == 1
    assert cluster[0]["documents"] >= 3 and cluster[0]["conflicting_dates"] >= 1
    mentions = rows(
        seeds_db,
        "select title, published_date, event_date, date_precision, agrees_with_consensus, "
        "sentence from event_cluster_mentions "
        f"where cluster_id = '{cluster[0]['cluster_id']}' order by published_date",
    )
    wrong = [m for m in mentions if not m["agrees_with_consensus"]]
    assert [(m["published_date"], m["event_date"]) for m in wrong] == [
        (date(2017, 12, 29), date(2015, 12, 1))  # seeds/russia-turkey-s400-2017.txt
    ]
    assert "December 2015" in wrong[0]["sentence"]
    assert any(
        m["event_date"] == date(2015, 11, 24) for m in mentions if m["agrees_with_consensus"]
    )


@pytest.mark.model
def test_seeds_flag_the_planted_coup_conflict_when_extracted(seeds_db):
    coup_mentions = rows(
        seeds_db,
        "select doc_id, event_date from events where date_basis in ('explicit', 'relative') "
        "and year(event_date) in (2015, 2016) and month(event_date) = 7 "
        "and (trigger ilike '%coup%' or trigger ilike '%putsch%')",
    )
    if not any(m["event_date"].year == 2015 for m in coup_mentions):
        pytest.skip("the extractor gives no event for the coup dated July 2015 in the seeds")
    flagged = rows(
        seeds_db,
        "select event_date from event_cluster_mentions "
        "where not agrees_with_consensus and consensus_date = date '2016-07-01'",
    )
    assert date(2015, 7, 15) in [r["event_date"] for r in flagged]


@pytest.mark.model
def test_seed_views_agree_with_the_tables(seeds_db):
    docs = rows(seeds_db, "select count(*) as n from documents")[0]["n"]
    summary = rows(
        seeds_db,
        "select count(*) as n, sum(events) as events, sum(stances) as stances "
        "from document_summary",
    )[0]
    counts = rows(
        seeds_db,
        "select (select count(*) from events) as events, (select count(*) from stances) as s",
    )[0]
    assert summary == {"n": docs, "events": counts["events"], "stances": counts["s"]}
    gaps = rows(
        seeds_db,
        "select source_country, target_country, count(*) as months, "
        "datediff('month', min(month), max(month)) + 1 as span from dyad_timeline group by all "
        "having months <> span",
    )
    assert gaps == []
    totals = rows(
        seeds_db,
        "select (select sum(events) from dyad_timeline) as t, "
        "(select sum(events) from dyad_monthly) as m",
    )[0]
    assert totals["t"] == totals["m"] > 100
    shares = rows(
        seeds_db, "select month, round(sum(share), 9) as s from actor_salience_monthly group by 1"
    )
    assert {r["s"] for r in shares} == {1.0}
    stance = rows(
        seeds_db,
        "select sum(stances) as n, sum(positive + negative) as pn from stance_monthly",
    )[0]
    assert (
        stance["n"]
        == rows(
            seeds_db,
            "select count(*) as n from stances where "
            "stance_date is not null and holder_country is not null",
        )[0]["n"]
    )
    assert stance["pn"] <= stance["n"]


def test_domestic_monthly_counts_sector_pairs_within_one_country(db_path):
    mil_on_gov = {
        "source_actor": "TURMIL",
        "source_sector": "MIL",
        "target_actor": "TUR",
        "target_country": "TUR",
        "target_sector": "GOV",
        "event_date": date(2016, 7, 15),
    }
    load_docs(db_path, [("d1", date(2016, 7, 20), [
        make_event(**mil_on_gov),
        make_event(**mil_on_gov, negated=True),  # did not happen: not counted
        make_event(source_sector="GOV", target_sector="GOV"),  # two countries: a dyad, not here
    ])])  # fmt: skip
    got = rows(db_path, "select * from domestic_monthly")
    assert [(r["month"], r["country"], r["source_sector"], r["target_sector"], r["events"])
            for r in got] == [(date(2016, 7, 1), "TUR", "MIL", "GOV", 1)]  # fmt: skip
    assert rows(db_path, "select count(*) as n from stg_happened_events")[0]["n"] == 1

"""Every contract command end to end on a temporary database, through the real CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.usefixtures("prefect_harness")
runner = CliRunner()


def cli(*args: str) -> str:
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def query(db: Path, sql: str) -> list[dict]:
    return json.loads(cli("query", sql, "--db", db, "--format", "json"))


def table_snapshot(db: Path) -> dict[str, list]:
    tables = {
        "documents": "select doc_id, source_path, ingested_at from documents order by 1",
        "events": "select * from events order by event_id",
        "stances": "select * from stances order by stance_id",
        "actor_mentions": "select * from actor_mentions order by all",
        "quarantine": "select source_path, reason, quarantined_at from quarantine order by 1",
    }
    return {name: query(db, sql) for name, sql in tables.items()}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, prefect_harness):
    """A copy of seeds/ ingested once into a temporary database."""
    work = tmp_path_factory.mktemp("seeded")
    corpus = work / "corpus"
    shutil.copytree(SEEDS, corpus, ignore=shutil.ignore_patterns("README.md"))
    db = work / "e.duckdb"
    output = cli("ingest", corpus, "--db", db)
    return corpus, db, output


def test_ingest_prints_counts_and_loads_every_seed(seeded):
    corpus, db, output = seeded
    files = [p for p in corpus.rglob("*") if p.is_file() and not p.name.endswith(".meta.yaml")]
    assert f"{len(files)} new, 0 updated, 0 unchanged, 0 quarantined" in output
    counts = query(db, "select (select count(*) from documents) as docs, "
                       "(select count(*) from events) as events, "
                       "(select count(*) from stances) as stances")[0]  # fmt: skip
    assert counts["docs"] == len(files)
    assert counts["events"] >= 5 * len(files)
    assert counts["stances"] >= len(files)


def test_second_ingest_changes_nothing(seeded, monkeypatch):
    corpus, db, _ = seeded
    before = table_snapshot(db)
    import flows.ingest

    def no_flow(*args, **kwargs):
        raise AssertionError("an unchanged corpus should not start the Prefect flow")

    monkeypatch.setattr(flows.ingest, "run_ingest", no_flow)
    output = cli("ingest", corpus, "--db", db, "--workers", "2")
    assert "0 new, 0 updated" in output and "0 quarantined" in output
    assert table_snapshot(db) == before
    last_run = query(db, "select status, unchanged_documents, new_documents from ingest_runs "
                         "order by started_at desc limit 1")  # fmt: skip
    files = len(before["documents"])
    assert last_run == [{"status": "completed", "unchanged_documents": files, "new_documents": 0}]


def test_always_flow_runs_the_flow_on_an_unchanged_corpus(seeded, tmp_path, monkeypatch):
    corpus, db, _ = seeded
    work_db = tmp_path / "copy.duckdb"
    shutil.copy(db, work_db)
    before = table_snapshot(work_db)
    import flows.ingest

    calls = []
    real_run_ingest = flows.ingest.run_ingest

    def recorded(*args, **kwargs):
        calls.append(args)
        return real_run_ingest(*args, **kwargs)

    monkeypatch.setattr(flows.ingest, "run_ingest", recorded)
    output = cli("ingest", corpus, "--db", work_db, "--always-flow")
    assert "0 new, 0 updated" in output
    assert len(calls) == 1
    assert table_snapshot(work_db) == before


def test_editing_one_file_replaces_only_its_rows(seeded, tmp_path):
    corpus, db, _ = seeded
    work_db = tmp_path / "copy.duckdb"
    shutil.copy(db, work_db)
    target = sorted(corpus.glob("*.txt"))[0]
    original = target.read_text(encoding="utf-8")
    before = table_snapshot(work_db)
    target.write_text(
        "Russian President Vladimir Putin met Turkish President Erdogan in Moscow "
        "in March 2017.\n\n" + original,
        encoding="utf-8",
    )
    try:
        output = cli("ingest", corpus, "--db", work_db)
    finally:
        target.write_text(original, encoding="utf-8")
    assert "0 new, 1 updated" in output
    after = table_snapshot(work_db)
    path = str(target)
    old_id = next(d["doc_id"] for d in before["documents"] if d["source_path"] == path)
    new_id = next(d["doc_id"] for d in after["documents"] if d["source_path"] == path)
    assert old_id != new_id
    for table in ("documents", "events", "stances", "actor_mentions"):
        untouched_before = [r for r in before[table] if r.get("doc_id") != old_id]
        untouched_after = [r for r in after[table] if r.get("doc_id") != new_id]
        assert untouched_before == untouched_after, table
    new_events = [e for e in after["events"] if e["doc_id"] == new_id]
    assert any(e["event_type"] == "CONSULT" and e["event_date"] == "2017-03-01" for e in new_events)


def test_bad_files_are_quarantined_and_the_run_goes_on(tmp_path):
    corpus = tmp_path / "inbox"
    corpus.mkdir()
    (corpus / "good.txt").write_text(
        "Moscow imposed sanctions on Ankara in December 2015.\n\nby Ana Ruiz\nAnalyst\n"
    )
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "slides.pptx").write_bytes(b"PK\x03\x04")
    db = tmp_path / "q.duckdb"
    output = cli("ingest", corpus, "--db", db)
    assert "1 new, 0 updated, 0 unchanged, 3 quarantined" in output
    rows = query(db, "select source_path, reason from quarantine order by 1")
    reasons = {Path(r["source_path"]).name: r["reason"] for r in rows}
    assert reasons["slides.pptx"] == "unsupported type"
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    runs = query(db, "select status, new_documents, quarantined_files from ingest_runs")
    assert runs == [{"status": "completed", "new_documents": 1, "quarantined_files": 3}]


def test_export_writes_parquet_and_manifest(seeded, tmp_path):
    _, db, _ = seeded
    out = tmp_path / "exports"
    output = cli("export", "--db", db, "--out", out)
    assert "exported" in output
    manifest = json.loads((out / "manifest.json").read_text())
    events = next(t for t in manifest["tables"] if t["name"] == "events")
    assert events["rows"] == query(db, "select count(*) as n from events")[0]["n"]
    assert all((out / f).is_file() for f in events["files"])
    assert any("year=2016" in f for f in events["files"])


def test_query_formats(seeded):
    _, db, _ = seeded
    csv_out = cli("query", "select 1 as one, 'x' as letter", "--db", db, "--format", "csv")
    assert csv_out.splitlines() == ["one,letter", "1,x"]
    table_out = cli("query", "select count(*) as docs from documents", "--db", db)
    assert "docs" in table_out


def test_query_refuses_writes_with_a_clear_error(seeded):
    _, db, _ = seeded
    result = runner.invoke(app, ["query", "delete from events", "--db", str(db)])
    assert result.exit_code == 1
    assert "error:" in result.output and "read-only" in result.output.lower()


def test_views_lists_the_contract_views():
    output = cli("views")
    for name in ("dyad_monthly", "stance_monthly", "actor_salience_monthly", "event_clusters"):
        assert name in output


def test_trend_views_show_the_russia_turkey_arc(seeded):
    _, db, _ = seeded
    rows = query(
        db,
        "select month, quad_class, events from dyad_monthly "
        "where source_country = 'TUR' and target_country = 'RUS' order by month",
    )
    months = {r["month"][:7] for r in rows}
    assert "2015-11" in months  # the jet downing
    conflict = [r for r in rows if r["month"].startswith("2015-11") and r["quad_class"] == 4]
    assert conflict, rows


def test_summary_prints_trends(seeded):
    _, db, _ = seeded
    output = cli("summary", "--db", db)
    assert "Most active dyads" in output and "documents" in output


def test_dates_json_offsets_slice_the_text(tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_text("Ankara and Moscow clashed in November 2015 and reconciled last June.\n")
    records = json.loads(cli("dates", doc, "--dct", "2016-08-25", "--format", "json"))
    assert [(r["text"], r["value"], r["precision"]) for r in records] == [
        ("November 2015", "2015-11", "month"),
        ("last June", "2016-06", "month"),
    ]
    text = doc.read_text().strip()
    assert all(text[r["start"] : r["end"]] == r["text"] for r in records)


def test_report_writes_self_contained_html(seeded, tmp_path):
    _, db, _ = seeded
    cli("report", "--db", db, "--out", tmp_path / "report")
    page = (tmp_path / "report" / "report.html").read_text()
    assert page.count("data:image/png;base64,") >= 2
    assert "http://" not in page and "https://" not in page


def test_eval_scores_a_gold_file(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    item = {
        "text": "Turkey shot down a Russian warplane over Syria in November 2015.",
        "dct": "2016-08-25",
        "events": [{"source": "TUR", "target": "RUS", "type": "ASSAULT", "date": "2015-11"}],
        "stances": [],
    }
    (gold / "tiny.jsonl").write_text(json.dumps(item) + "\n")
    output = cli("eval", gold, "--json", tmp_path / "scores.json")
    scores = json.loads((tmp_path / "scores.json").read_text())
    assert scores["events"]["f1"] == 1.0
    assert scores["dates"]["accuracy"] == 1.0
    assert "events (src, tgt, type)" in output


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"eventpipe {name}" in readme, name


def test_python_dash_m_pipeline_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, check=True
    )
    for name in ("ingest", "export", "query", "views", "serve", "report", "eval", "dates"):
        assert name in result.stdout


def test_dates_reads_several_files_and_an_iso_date_time(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Talks in Oslo resumed on Tuesday after a pause in March 2011.\n")
    second.write_text("The ceasefire collapsed three weeks ago.\n")
    result = runner.invoke(
        app, ["dates", str(first), str(second), "--dct", "2011-05-05T14:30:00", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert {r["file"] for r in records} == {str(first), str(second)}
    by_text = {r["text"]: r["value"] for r in records}
    assert by_text["Tuesday"] == "2011-05-03" and by_text["March 2011"] == "2011-03"
    one = runner.invoke(app, ["dates", str(first), "--dct", "2011-05-05", "--format", "json"])
    assert "file" not in json.loads(one.output)[0]  # one file: the documented array, unchanged


def test_dates_names_a_bad_date_and_a_missing_file(tmp_path):
    bad = runner.invoke(app, ["dates", str(tmp_path / "x.txt"), "--dct", "2011-13-40"])
    assert bad.exit_code == 2 and "2011-13-40" in bad.output
    missing = runner.invoke(app, ["dates", str(tmp_path / "x.txt")])
    assert missing.exit_code != 0 and "x.txt" in missing.output


def test_dates_help_examples_name_files_that_exist():
    from flows.cli.commands import dates

    for word in (dates.__doc__ or "").split():
        if word.startswith("seeds/") and "*" not in word:
            assert (ROOT / word.strip("`")).exists(), word

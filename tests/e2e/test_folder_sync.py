"""The database follows the folder (issue 16), through the real CLI: a renamed file keeps its
document, a copy is another path of it, a deleted file's document is marked missing and left
out of the trend views, comes back with its file, and `--prune` deletes it; `run_changes`
shows each."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.test_cli import cli, query

pytestmark = pytest.mark.usefixtures("prefect_harness")

# short articles of our own, each with an event between two countries
ARTICLES = {
    "inbox/alpha.md": (
        "---\ntitle: Sanctions bite in Anatolia\npublished: 2016-01-20\n---\n"
        "Russia imposed sanctions on Turkey in December 2015 after the downing of a warplane.\n\n"
        "Turkish officials accused Moscow of punishing farmers for a military incident.\n"
    ),
    "inbox/bravo.txt": (
        "Japan and South Korea held talks in Seoul in May 2018 on trade and security.\n\n"
        "The two governments agreed to expand exchanges between their coast guards.\n\n"
        "by Mira Tanaka\n"
    ),
    "other/charlie.txt": (
        "France sent troops to Mali in January 2013 to stop an advance on Bamako.\n\n"
        "Mali welcomed the French deployment, officials in Bamako said.\n"
    ),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """The corpus folder and a database that ingested it once (restored for each test)."""
    work = tmp_path_factory.mktemp("folder-sync")
    corpus = work / "corpus"
    restore(corpus)
    db = work / "pristine.duckdb"
    output = cli("ingest", corpus / "inbox", corpus / "other", "--db", db)
    assert "3 new, 0 updated, 0 unchanged, 0 quarantined" in output
    return corpus, db


def restore(corpus: Path) -> None:
    if corpus.exists():
        shutil.rmtree(corpus)
    for name, text in ARTICLES.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")


@pytest.fixture
def world(pristine, tmp_path, monkeypatch):
    """(corpus, db): the corpus as first ingested and a copy of the database. No step of
    these tests extracts anything, so the Prefect flow must not start."""
    corpus, db = pristine
    restore(corpus)
    copy = tmp_path / "e.duckdb"
    shutil.copy(db, copy)
    import flows.ingest

    def no_flow(*args, **kwargs):
        raise AssertionError("nothing to extract: the Prefect flow should not start")

    monkeypatch.setattr(flows.ingest, "run_ingest", no_flow)
    return corpus, copy


def ingest(db: Path, *paths: Path, prune: bool = False) -> str:
    return cli("ingest", *paths, "--db", db, *(["--prune"] if prune else []))


def doc_of(db: Path, name: str) -> dict:
    rows = query(db, "select * exclude (text) from documents order by source_path")
    return next(r for r in rows if Path(r["source_path"]).name == name)


def latest_run(db: Path) -> dict:
    return query(db, "select * from run_changes where is_latest")[0]


def dyad_events(db: Path, source: str, target: str) -> int:
    rows = query(
        db,
        "select coalesce(sum(events), 0) as n from dyad_monthly "
        f"where source_country = '{source}' and target_country = '{target}'",
    )
    return rows[0]["n"]


def test_a_renamed_file_keeps_its_document(world):
    corpus, db = world
    before = doc_of(db, "alpha.md")
    events = query(db, "select * from events order by event_id")
    (corpus / "inbox" / "alpha.md").rename(corpus / "inbox" / "alpha-2016.md")
    output = ingest(db, corpus / "inbox", corpus / "other")
    assert "0 new, 0 updated, 2 unchanged, 0 quarantined" in output
    assert "1 moved" in output
    after = doc_of(db, "alpha-2016.md")
    assert after["doc_id"] == before["doc_id"]
    assert after["source_path"] == str(corpus / "inbox" / "alpha-2016.md")
    assert after["ingested_at"] == before["ingested_at"]  # not re-extracted
    assert query(db, "select * from events order by event_id") == events
    assert query(db, "select * from quarantine") == []
    assert query(db, "select count(*) as n from documents") == [{"n": 3}]
    summary = query(db, "select source_path from document_summary")
    assert str(corpus / "inbox" / "alpha-2016.md") in {r["source_path"] for r in summary}
    run = latest_run(db)
    assert run["moved_documents"] == 1 and run["missing_documents"] == 0
    moves = query(db, "select change, source_path, previous_path from path_changes")
    assert moves == [
        {
            "change": "moved",
            "source_path": str(corpus / "inbox" / "alpha-2016.md"),
            "previous_path": str(corpus / "inbox" / "alpha.md"),
        }
    ]
    # and again: nothing changes any more
    output = ingest(db, corpus / "inbox", corpus / "other")
    assert "3 unchanged" in output and "moved" not in output


def test_a_copy_is_another_path_of_the_same_document(world):
    corpus, db = world
    copy = corpus / "inbox" / "archive" / "bravo-copy.txt"
    copy.parent.mkdir()
    shutil.copy(corpus / "inbox" / "bravo.txt", copy)
    output = ingest(db, corpus / "inbox", corpus / "other")
    assert "0 new, 0 updated, 3 unchanged, 0 quarantined" in output and "1 copied" in output
    assert query(db, "select * from quarantine") == []
    bravo = doc_of(db, "bravo.txt")
    assert bravo["source_path"] == str(corpus / "inbox" / "bravo.txt")
    paths = query(
        db, f"select source_path from document_paths where doc_id = '{bravo['doc_id']}' order by 1"
    )
    assert [r["source_path"] for r in paths] == [str(copy), str(corpus / "inbox" / "bravo.txt")]
    assert query(db, "select count(*) as n from documents") == [{"n": 3}]
    assert dyad_events(db, "JPN", "KOR") == 1  # counted once, not once per copy
    assert latest_run(db)["copied_files"] == 1
    # the original goes: the document stays, at its copy
    (corpus / "inbox" / "bravo.txt").unlink()
    output = ingest(db, corpus / "inbox", corpus / "other")
    assert "1 removed" in output and "0 missing" in output
    assert doc_of(db, "bravo-copy.txt")["doc_id"] == bravo["doc_id"]
    assert doc_of(db, "bravo-copy.txt")["missing_since"] is None


def test_a_deleted_file_is_missing_and_left_out_of_the_trends(world):
    corpus, db = world
    assert dyad_events(db, "FRA", "MLI") >= 1
    (corpus / "other" / "charlie.txt").unlink()
    # a run over another folder does not mark it missing
    ingest(db, corpus / "inbox")
    assert doc_of(db, "charlie.txt")["missing_since"] is None
    assert dyad_events(db, "FRA", "MLI") >= 1
    output = ingest(db, corpus / "inbox", corpus / "other")
    assert "1 missing" in output
    charlie = doc_of(db, "charlie.txt")
    assert charlie["missing_since"] is not None  # still in documents, marked
    assert dyad_events(db, "FRA", "MLI") == 0
    kept = query(db, f"select count(*) as n from events where doc_id = '{charlie['doc_id']}'")
    assert kept[0]["n"] >= 1  # its rows are kept, only left out of the views
    assert query(db, "select count(*) as n from dyad_timeline where source_country = 'FRA' "
                     "and target_country = 'MLI'") == [{"n": 0}]  # fmt: skip
    assert dyad_events(db, "RUS", "TUR") >= 1  # the others stay
    run = latest_run(db)
    assert run["missing_documents"] == 1 and run["missing_now"] == 1
    assert run["documents_now"] == 3
    # a later run does not count it missing again
    output = ingest(db, corpus / "inbox", corpus / "other")
    assert "missing" not in output and latest_run(db)["missing_now"] == 1


def test_a_file_that_reappears_clears_missing_since(world):
    corpus, db = world
    before = dyad_events(db, "FRA", "MLI")
    text = (corpus / "other" / "charlie.txt").read_text()
    (corpus / "other" / "charlie.txt").unlink()
    ingest(db, corpus / "inbox", corpus / "other")
    assert dyad_events(db, "FRA", "MLI") == 0
    (corpus / "other" / "charlie.txt").write_text(text)
    output = ingest(db, corpus / "inbox", corpus / "other")
    assert "1 returned" in output
    assert doc_of(db, "charlie.txt")["missing_since"] is None
    assert dyad_events(db, "FRA", "MLI") == before
    run = latest_run(db)
    assert run["returned_documents"] == 1 and run["missing_now"] == 0


def test_prune_deletes_the_rows_of_documents_whose_files_are_gone(world):
    corpus, db = world
    charlie = doc_of(db, "charlie.txt")["doc_id"]
    (corpus / "other" / "charlie.txt").unlink()
    ingest(db, corpus / "inbox", corpus / "other")  # marked missing first
    (corpus / "inbox" / "bravo.txt").unlink()  # and one gone just now
    bravo = query(db, "select doc_id from documents where source_path like '%bravo.txt'")
    output = ingest(db, corpus / "inbox", corpus / "other", prune=True)
    assert "2 pruned" in output
    gone = [charlie, bravo[0]["doc_id"]]
    for table in ("documents", "events", "stances", "actor_mentions", "footnotes",
                  "document_paths"):  # fmt: skip
        rows = query(db, f"select count(*) as n from {table} where doc_id in {tuple(gone)}")
        assert rows == [{"n": 0}], table
    assert query(db, "select count(*) as n from documents") == [{"n": 1}]
    assert dyad_events(db, "FRA", "MLI") == 0 and dyad_events(db, "JPN", "KOR") == 0
    run = latest_run(db)
    assert run["pruned_documents"] == 2 and run["documents_now"] == 1
    pruned = query(db, "select change, doc_id from path_changes where change = 'pruned'")
    assert sorted(r["doc_id"] for r in pruned) == sorted(gone)


def test_ingest_help_documents_prune():
    output = cli("ingest", "--help")
    assert "--prune" in output and "eventpipe ingest seeds/ --prune" in " ".join(output.split())

"""The database follows the folder (issue 16), without the model: how `pipeline.plan` plans
moves, copies, missing, returned and pruned documents, and how the store applies the plan and
loads batches with copies, each in one transaction, keeping the cached views right."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline.plan import KnownState, plan_files
from pipeline.sources.read import content_hash
from pipeline.store import (
    apply_path_plan,
    known_state,
    load_batch,
    open_db,
    quarantine,
    refresh_view_caches,
)
from tests.conftest import make_event
from tests.test_store import batch_for
from tests.test_views_materialised import (
    assert_views_match_reference,
    corpus_batch,
    create_reference_views,
)

ARTICLE = "Greece and Turkey held talks on the Aegean in Athens in June 2019.\n"
OTHER = "Kenya sent police officers to Haiti in June 2024 to lead a security mission.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def state_of(**paths: Path) -> KnownState:
    """A database that loaded each given file as it is now (name -> path)."""
    known = {str(p): content_hash(p) for p in paths.values()}
    return KnownState(paths=known, primary={d: p for p, d in known.items()})


def actions(plan) -> dict[str, str]:
    return {Path(item.path).name: item.action for item in plan.files}


def changes(plan) -> list[tuple[str, str, str | None]]:
    return [
        (c.change, Path(c.source_path).name, c.previous_path and Path(c.previous_path).name)
        for c in plan.changes
    ]


def test_a_renamed_file_is_moved_not_extracted(tmp_path):
    a = write(tmp_path / "in" / "a.md", ARTICLE)
    state = state_of(a=a)
    b = a.rename(tmp_path / "in" / "b.md")
    plan = plan_files([tmp_path / "in"], state)
    assert actions(plan) == {"b.md": "moved"}
    assert not any(item.extract for item in plan.files)
    assert plan.primaries == {content_hash(b): str(b)}
    assert changes(plan) == [("moved", "b.md", "a.md")]
    assert plan.removed_mappings == [str(a)] and plan.added_mappings == [(str(b), content_hash(b))]


def test_a_copy_is_another_path_of_the_same_document(tmp_path):
    a = write(tmp_path / "in" / "a.md", ARTICLE)
    state = state_of(a=a)
    copy = write(tmp_path / "in" / "sub" / "copy.md", ARTICLE)
    plan = plan_files([tmp_path / "in"], state)
    assert actions(plan) == {"a.md": "unchanged", "copy.md": "copied"}
    assert changes(plan) == [("copied", "copy.md", "a.md")]
    assert not plan.primaries and not plan.removed_mappings
    assert plan.added_mappings == [(str(copy), content_hash(a))]


def test_a_deleted_file_is_missing_only_under_the_ingested_folders(tmp_path):
    a = write(tmp_path / "A" / "a.md", ARTICLE)
    b = write(tmp_path / "B" / "b.md", OTHER)
    state = state_of(a=a, b=b)
    a.unlink()
    b.unlink()
    plan = plan_files([tmp_path / "B"], state)  # folder A is not looked at
    assert plan.missing == [content_hash_of(state, b)]
    assert changes(plan) == [("missing", "b.md", None)]
    pruned = plan_files([tmp_path / "B"], state, prune=True)
    assert pruned.pruned == plan.missing and not pruned.missing
    assert changes(pruned) == [("pruned", "b.md", None)]


def test_a_deleted_file_named_on_the_command_line_is_missing_not_quarantined(tmp_path):
    a = write(tmp_path / "a.md", ARTICLE)
    state = state_of(a=a)
    a.unlink()
    plan = plan_files([a], state)
    assert plan.files == [] and plan.missing == [state.paths[str(a)]]


def content_hash_of(state: KnownState, path: Path) -> str:
    return state.paths[str(path)]


def test_a_missing_document_returns_at_its_path_or_another(tmp_path):
    a = write(tmp_path / "in" / "a.md", ARTICLE)
    doc_id = content_hash(a)
    state = KnownState(paths={str(a): doc_id}, primary={doc_id: str(a)}, missing={doc_id})
    plan = plan_files([tmp_path / "in"], state)
    assert actions(plan) == {"a.md": "returned"} and plan.returned == [doc_id]
    a.rename(tmp_path / "in" / "back.md")
    plan = plan_files([tmp_path / "in"], state)
    assert actions(plan) == {"back.md": "returned"}
    assert changes(plan) == [("returned", "back.md", "a.md")]


def test_swapped_names_are_two_moves(tmp_path):
    a = write(tmp_path / "a.md", ARTICLE)
    b = write(tmp_path / "b.md", OTHER)
    state = state_of(a=a, b=b)
    a.write_text(OTHER)
    b.write_text(ARTICLE)
    plan = plan_files([tmp_path], state)
    assert actions(plan) == {"a.md": "moved", "b.md": "moved"}
    assert sorted(changes(plan)) == [("moved", "a.md", "b.md"), ("moved", "b.md", "a.md")]


def test_an_edited_file_is_updated_and_a_copy_of_its_old_content_keeps_the_document(tmp_path):
    a = write(tmp_path / "a.md", ARTICLE)
    state = state_of(a=a)
    a.write_text(ARTICLE + "\nAthens welcomed the talks.\n")
    plan = plan_files([tmp_path], state)
    assert actions(plan) == {"a.md": "updated"} and not plan.changes
    write(tmp_path / "old.md", ARTICLE)  # the old text saved under another name
    plan = plan_files([tmp_path], state)
    assert actions(plan) == {"a.md": "updated", "old.md": "moved"}
    assert changes(plan) == [("moved", "old.md", "a.md")]


def test_identical_new_files_load_once(tmp_path):
    write(tmp_path / "one.md", ARTICLE)
    write(tmp_path / "two.md", ARTICLE)
    plan = plan_files([tmp_path], KnownState())
    assert actions(plan) == {"one.md": "new", "two.md": "copied"}
    assert [item.extract for item in plan.files] == [True, False]


def test_force_extracts_each_content_once(tmp_path):
    a = write(tmp_path / "a.md", ARTICLE)
    copy = write(tmp_path / "copy.md", ARTICLE)
    state = state_of(a=a)
    state.paths[str(copy)] = content_hash(a)
    plan = plan_files([tmp_path], state, force=True)
    assert actions(plan) == {"a.md": "updated", "copy.md": "unchanged"}
    assert [item.extract for item in plan.files] == [True, False]


def test_an_old_duplicate_quarantine_becomes_a_move(tmp_path):
    """The issue: a.md renamed to b.md was quarantined as 'duplicate of a.md'."""
    b = write(tmp_path / "b.md", ARTICLE)
    doc_id = content_hash(b)
    a = tmp_path / "a.md"
    state = KnownState(
        paths={str(a): doc_id}, primary={doc_id: str(a)}, quarantined={str(b): doc_id}
    )
    plan = plan_files([tmp_path], state)
    assert actions(plan) == {"b.md": "moved"}


# --- the store ---------------------------------------------------------------------------------


@pytest.fixture
def con(db_path):
    con = open_db(db_path)
    create_reference_views(con)
    yield con
    con.close()


def test_load_batch_records_paths_and_copies(con):
    batch = batch_for("a.txt", "d1", [make_event()])
    batch.copies = [("copy.txt", "d1"), ("orphan.txt", "nowhere")]
    load_batch(con, batch, "r1")
    assert con.execute("select source_path, doc_id from document_paths order by 1").fetchall() == [
        ("a.txt", "d1"),
        ("copy.txt", "d1"),
    ]
    recorded = con.execute("select change, source_path, previous_path from path_changes")
    assert recorded.fetchall() == [("copied", "copy.txt", "a.txt")]
    # new content at the main path: the document stays at its copy, the new one loads
    load_batch(con, batch_for("a.txt", "d2", [make_event()]), "r2")
    docs = con.execute("select doc_id, source_path from documents order by 1").fetchall()
    assert docs == [("d1", "copy.txt"), ("d2", "a.txt")]
    # the copy fails now: d1 is at no path any more, its rows go
    quarantine(con, [("copy.txt", "empty file", None)], "r3")
    assert con.execute("select doc_id from documents").fetchall() == [("d2",)]
    assert con.execute("select count(*) from events where doc_id = 'd1'").fetchone()[0] == 0


def test_missing_documents_leave_the_trend_views_and_return(con, tmp_path):
    for n in range(2):
        load_batch(con, corpus_batch(n * 64, seed=n), "r1")
    con.execute("insert into ingest_runs (run_id, started_at, status) values ('r1', now(), 'x')")
    refresh_view_caches(con)
    before = {
        view: con.execute(f"select * from {view} order by all").fetchall()
        for view in ("dyad_monthly", "stance_monthly", "actor_salience_monthly", "event_clusters")
    }
    gone = [row[0] for row in con.execute("select doc_id from documents limit 20").fetchall()]
    state = known_state(con)
    run_plan = plan_files([Path("/corpus")], state)  # /corpus does not exist: all 128 gone
    assert len(run_plan.missing) == 128
    run_plan.missing = gone  # 20 of them
    apply_path_plan(con, run_plan, "r2")
    assert_views_match_reference(con)  # stale partitions computed without the missing
    refresh_view_caches(con)
    assert_views_match_reference(con)
    happened = con.execute(
        "select count(*) from stg_happened_events where doc_id in (select unnest(?))", [gone]
    ).fetchone()[0]
    assert happened == 0
    assert con.execute("select sum(events) from dyad_monthly").fetchone()[0] < sum(
        row[4] for row in before["dyad_monthly"]
    )
    assert con.execute("select count(*) from documents").fetchone()[0] == 128

    back = plan_files([Path("/corpus")], known_state(con))
    back.missing, back.returned, back.changes = [], gone, []
    apply_path_plan(con, back, "r3")
    refresh_view_caches(con)
    assert_views_match_reference(con)
    for view, rows in before.items():
        assert con.execute(f"select * from {view} order by all").fetchall() == rows, view


def test_a_failed_path_plan_changes_nothing(con, monkeypatch):
    load_batch(con, batch_for("a.txt", "d1", [make_event()]), "r1")
    state = known_state(con)
    run_plan = plan_files([Path("/nowhere")], state)
    run_plan.missing = ["d1"]
    run_plan.primaries = {"d1": "b.txt"}
    import pipeline.store.paths as store_paths

    def broken(*args, **kwargs):
        raise duckdb.Error("disk full")

    monkeypatch.setattr(store_paths, "record_changes", broken)
    with pytest.raises(duckdb.Error):
        apply_path_plan(con, run_plan, "r2")
    assert con.execute("select source_path, missing_since from documents").fetchall() == [
        ("a.txt", None)
    ]
    assert con.execute("select count(*) from stale_documents").fetchone()[0] == 1  # from r1 only

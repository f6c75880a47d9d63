"""The `actors` table is reloaded only when the registry changed (model-free)."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest import IngestRun
from pipeline.nlp import registry as registry_module
from pipeline.settings import Settings
from pipeline.store import connect


def _actor_count(db: Path) -> int:
    con = connect(db, read_only=True)
    try:
        return con.execute("select count(*) from actors").fetchone()[0]
    finally:
        con.close()


def test_an_unchanged_registry_is_not_reloaded(tmp_path, monkeypatch) -> None:
    user = tmp_path / "my-actors.yaml"
    user.write_text(
        "extends: default\nactors:\n  - {id: ZZ_TEST_GROUP, type: group, name: Test Group, "
        "country: ZZ_TEST_GROUP, sector: REB, aliases: [Test Group]}\n",
        encoding="utf-8",
    )
    settings = Settings(db_path=tmp_path / "e.duckdb", actors_file=user)
    with IngestRun([tmp_path], settings):
        pass
    count = _actor_count(settings.db_path)
    assert count > 1000

    loads = []
    real_load = registry_module.ActorRegistry.load.__func__
    monkeypatch.setattr(
        registry_module.ActorRegistry,
        "load",
        classmethod(lambda cls, path=None: loads.append(path) or real_load(cls, path)),
    )
    with IngestRun([tmp_path], settings):
        pass
    assert loads == []  # same files, same code: the table stays
    assert _actor_count(settings.db_path) == count

    user.write_text(user.read_text(encoding="utf-8").replace("Test Group]", "Test Group, TG]"))
    with IngestRun([tmp_path], settings):
        pass
    assert len(loads) == 1  # the registry file changed: reloaded
    assert _actor_count(settings.db_path) == count


def test_a_process_loads_a_registry_once() -> None:
    # the ingest run and the actor component share one decoded registry per process
    first = registry_module.ActorRegistry.load()
    assert registry_module.ActorRegistry.load() is first

"""The models in sql/ and their contracts: the loader's errors, the generated views, the docs."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.errors import SchemaError
from pipeline.settings import SQL_DIR
from pipeline.store import load_models, migrate
from pipeline.store.contracts import load_partitions
from pipeline.store.schema_doc import current, render

GOOD = """-- tiny_monthly: how many events a month?
-- Grain: one row per month.
-- Cache:
--   partitions: stale_months
--   restrict:
--     events: {month: "date_trunc('month', event_date)::date"}
-- Columns:
--   month: the month
--   events: its events
select date_trunc('month', event_date)::date as month, count(*) as events
from events
group by all
"""


def sql_dir(tmp_path: Path, text: str) -> Path:
    """A copy of sql/partitions.yml with one model, `marts/tiny_monthly.sql`."""
    (tmp_path / "marts").mkdir()
    shutil.copy(SQL_DIR / "partitions.yml", tmp_path / "partitions.yml")
    (tmp_path / "marts" / "tiny_monthly.sql").write_text(text)
    return tmp_path


def test_a_good_contract_loads(tmp_path):
    (model,) = load_models(sql_dir(tmp_path, GOOD))
    assert model.question == "how many events a month?"
    assert model.columns == {"month": "the month", "events": "its events"}
    assert model.cache.restrict == {"events": {"month": "date_trunc('month', event_date)::date"}}
    assert model.sql.startswith("select")


@pytest.mark.parametrize(
    ("change", "entry"),
    [
        (("how many events a month?", "how many events a month"), "tiny_monthly: "),
        (("-- Grain: one row per month.\n", ""), "Grain: "),
        (("stale_months", "stale_weeks"), "Cache.partitions: "),
        (("{month: ", "{week: "), "Cache.restrict.events: "),
        (("--   events: its events\n", "--   events:\n"), "Columns.events: "),
        (("-- Columns:", "-- Colums:"), "header: "),
        (("--   month: the month", "--   month: [the month"), "header: "),
        (("select date_trunc", "create view tiny_monthly as select date_trunc"), "sql: "),
    ],
)
def test_a_bad_contract_names_its_file_and_entry(tmp_path, change, entry):
    with pytest.raises(SchemaError) as err:
        load_models(sql_dir(tmp_path, GOOD.replace(*change)))
    assert str(err.value).startswith(f"{tmp_path / 'marts' / 'tiny_monthly.sql'}: {entry}")


def test_every_model_returns_the_columns_its_contract_lists():
    con = duckdb.connect()
    migrate(con)  # checks each model's SQL against its Columns (else SchemaError)
    for model in load_models():
        columns = [row[0] for row in con.execute(f"describe {model.name}").fetchall()]
        assert columns == list(model.columns), model.path
    con.close()


def test_columns_that_drift_from_the_contract_are_refused(tmp_path, monkeypatch):
    import pipeline.store.caches as caches

    models = load_models(sql_dir(tmp_path, GOOD.replace("count(*) as events", "count(*) as n")))
    monkeypatch.setattr(caches, "load_models", lambda: models)
    con = duckdb.connect()
    con.execute((SQL_DIR / "migrations" / "001_init.sql").read_text())
    with pytest.raises(SchemaError, match=r"tiny_monthly.sql: Columns: the contract lists"):
        caches.create_models(con)
    con.close()


def test_partitions_are_defined_once():
    assert set(load_partitions()) == {"stale_dyads", "stale_months", "stale_documents"}


def test_schema_md_views_are_generated_from_the_contracts():
    assert current(), "docs/schema.md lost its generated views part"
    assert current() == render(), "run: python -m pipeline.store.schema_doc"


def test_the_example_view_of_extending_md_loads_and_runs(tmp_path):
    text = (Path(__file__).parent.parent / "docs" / "extending.md").read_text()
    intro = "`stance_topics_yearly.sql` in `sql/marts/`:\n\n```sql\n"
    example = text.split(intro, 1)[1].split("```")[0]
    (tmp_path / "marts").mkdir()
    shutil.copy(SQL_DIR / "partitions.yml", tmp_path / "partitions.yml")
    (tmp_path / "marts" / "stance_topics_yearly.sql").write_text(example)
    (model,) = load_models(tmp_path)
    con = duckdb.connect()
    con.execute((SQL_DIR / "migrations" / "001_init.sql").read_text())
    columns = [row[0] for row in con.execute(f"describe {model.sql}").fetchall()]
    assert columns == list(model.columns)
    con.close()

"""The DuckDB file: connect, migrate, lock, and load extracted rows in bulk.

One module per job; this package re-exports their public names, so callers import from
`pipeline.store`:

- `connection`: open a connection, the writer lock, the sandboxed read-only query;
- `migrations`: apply `sql/migrations`, (re)create the views, open a database for writing;
- `contracts`: load the models of `sql/` and their contracts;
- `load`: replace a batch of documents' rows atomically, quarantine, replace the actors;
- `paths`: documents' paths: moves, copies, missing and pruned documents;
- `caches`: the views, generated from the models, their caches and stale partitions;
- `runs`: the record of ingest runs.
"""

from pipeline.store.caches import cached_views, mark_stale, refresh_view_caches
from pipeline.store.connection import connect, now_utc, run_query, writer_lock
from pipeline.store.contracts import Model, load_models
from pipeline.store.load import (
    DOCUMENT_TABLES,
    LOADED_TABLES,
    LoadBatch,
    actors_fingerprint,
    known_documents,
    load_batch,
    quarantine,
    quarantined_hashes,
    replace_actors,
    table_columns,
)
from pipeline.store.migrations import (
    MIGRATIONS_DIR,
    create_views,
    latest_schema_version,
    migrate,
    open_db,
    schema_version,
    view_description,
    view_files,
)
from pipeline.store.paths import apply_path_plan, known_state
from pipeline.store.runs import INTERRUPTED, fail_interrupted_runs, finish_run, start_run

__all__ = [
    "CACHED_VIEWS",
    "DOCUMENT_TABLES",
    "INTERRUPTED",
    "LOADED_TABLES",
    "MIGRATIONS_DIR",
    "Model",
    "LoadBatch",
    "actors_fingerprint",
    "apply_path_plan",
    "cached_views",
    "connect",
    "create_views",
    "fail_interrupted_runs",
    "finish_run",
    "known_documents",
    "known_state",
    "latest_schema_version",
    "load_models",
    "load_batch",
    "migrate",
    "mark_stale",
    "now_utc",
    "open_db",
    "quarantine",
    "quarantined_hashes",
    "refresh_view_caches",
    "replace_actors",
    "run_query",
    "schema_version",
    "start_run",
    "table_columns",
    "view_description",
    "view_files",
    "writer_lock",
]


def __getattr__(name: str) -> object:
    if name == "CACHED_VIEWS":  # from the model contracts, read when first used
        return cached_views()
    raise AttributeError(name)

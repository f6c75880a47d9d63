"""Prefect flow: export tables and views to Parquet (atomic replace)."""

from __future__ import annotations

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from pipeline.export import ExportResult, export


@task(name="export-parquet", retries=2, retry_delay_seconds=2, cache_policy=None)
def export_task(db_path: str, out_dir: str) -> ExportResult:
    """Write the Parquet export (retried: it is pure I/O and replaces atomically)."""
    return export(db_path, out_dir)


@flow(name="eventpipe-export", validate_parameters=False)
def export_flow(db_path: str, out_dir: str) -> ExportResult:
    """Export every table and view to `out_dir`."""
    result = export_task(db_path, out_dir)
    lines = ["| table | rows |", "|---|---|"]
    lines += [f"| {t['name']} | {t['rows']} |" for t in result.manifest["tables"]]
    create_markdown_artifact("\n".join(lines), key="eventpipe-export", description="export")
    return result

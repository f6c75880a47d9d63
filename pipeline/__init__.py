"""eventpipe: analyst articles in, dated events and actor stances in DuckDB out.

The library never imports Prefect nor its adapters in `flows/` (the Prefect flows and the
`eventpipe` command line); tests/test_layering.py checks it.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "export", "extract_text", "ingest_paths", "open_db"]


def __getattr__(name: str):
    # Lazy imports keep `import pipeline` cheap (spaCy loads only when extraction runs).
    if name == "ingest_paths":
        from pipeline.ingest import ingest_paths

        return ingest_paths
    if name == "open_db":
        from pipeline.store import open_db

        return open_db
    if name == "export":
        from pipeline.export import export

        return export
    if name == "extract_text":
        from pipeline.extract import extract_text

        return extract_text
    raise AttributeError(name)

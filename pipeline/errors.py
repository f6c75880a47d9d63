"""One exception type per kind of failure, each carrying the file and the cause."""

from __future__ import annotations


class EventpipeError(Exception):
    """Base class: `str(err)` is one line fit for the command line."""

    def __init__(self, message: str, path: str | None = None) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class SourceError(EventpipeError):
    """An input file cannot be read or makes no document (it goes to quarantine)."""


class RegistryError(EventpipeError):
    """A data file shipped with or given to the extractor (actors, ontology) is invalid."""


class SchemaError(EventpipeError):
    """The database's schema is newer than this eventpipe, or a migration failed."""


class LockError(EventpipeError):
    """Another process holds the database for writing."""


class QueryError(EventpipeError):
    """A user query failed or tried to write."""


class ExportError(EventpipeError):
    """A Parquet export could not be written."""

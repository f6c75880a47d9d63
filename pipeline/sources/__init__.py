"""Input files → `Document`s: discovery, reading, cleaning and metadata."""

from pipeline.sources.clean import normalise_text
from pipeline.sources.discover import Found, discover
from pipeline.sources.metadata import infer_published, parse_byline, split_footnotes
from pipeline.sources.read import (
    SIDE_CAR_SUFFIX,
    SUPPORTED_SUFFIXES,
    content_hash,
    read_document,
)

__all__ = [
    "SIDE_CAR_SUFFIX",
    "SUPPORTED_SUFFIXES",
    "Found",
    "content_hash",
    "discover",
    "infer_published",
    "normalise_text",
    "parse_byline",
    "read_document",
    "split_footnotes",
]

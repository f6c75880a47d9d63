"""Plain data records passed between the library's stages.

Sources produce `Document`s; the spaCy components produce `Timex`, `ActorMention`,
`Event` and `Stance` records on `Doc._`; `rows.py` turns them into table rows.
All character offsets refer to `Document.text` (the normalised body text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Footnote:
    """A numbered note or reference separated from the body ("[3] ...; August 25, 2016")."""

    label: str
    text: str
    date: date | None = None


@dataclass
class Document:
    """One input file, read, cleaned and with its metadata resolved."""

    doc_id: str  # content hash of the file (and its sidecar), hex
    source_path: str
    text: str  # normalised body text; every evidence offset slices this string
    title: str | None = None
    author: str | None = None
    author_role: str | None = None
    published_date: date | None = None
    published_basis: str = "unknown"  # 'metadata' | 'text' | 'file' | 'unknown'
    source: str | None = None
    url: str | None = None
    footnotes: list[Footnote] = field(default_factory=list)
    file_mtime: float | None = None


@dataclass(frozen=True)
class Timex:
    """A temporal expression with its TIMEX3-style normalised value.

    value: '2015-11-24', '2016-06', '2016', '2016-Q3', '2016-W32', '2016-SU', '201X',
    'PRESENT_REF', 'PAST_REF', 'FUTURE_REF', or a duration such as 'P3M'.
    precision: 'day' | 'week' | 'month' | 'season' | 'quarter' | 'year' | 'decade' |
    'century' | 'ref' | 'duration'.
    basis: 'explicit' (fully given in the text), 'relative' (resolved against the document
    date or a nearby anchor), 'document' (the document date itself, e.g. "today").
    """

    text: str
    start: int
    end: int
    value: str
    precision: str
    basis: str
    type: str = "DATE"  # 'DATE' | 'DURATION' | 'SET'


@dataclass(frozen=True)
class ActorMention:
    """A span of text resolved to a registry actor."""

    actor_id: str
    name: str
    country: str
    sector: str
    text: str
    start: int
    end: int


@dataclass
class Event:
    """Who did what to whom, and when, with its evidence."""

    source_actor: str | None
    source_country: str | None
    target_actor: str | None
    target_country: str | None
    event_type: str  # PLOVER
    cameo_code: str
    goldstein: float
    quad_class: int
    event_date: date | None
    date_precision: str  # 'day' | 'month' | 'year' | 'none'
    date_text: str | None
    date_value: str | None  # TIMEX3 value of the date expression
    date_basis: str  # 'explicit' | 'relative' | 'context' | 'document'
    negated: bool
    modality: str  # 'asserted' | 'hypothetical' | 'future' | 'reported'
    location: str | None
    trigger: str
    sentence: str
    char_start: int  # sentence start in Document.text
    char_end: int
    confidence: float
    # CAMEO-style sectors of the two sides (GOV, MIL, OPP, ...): a domestic event has one
    # country on both sides and two sectors ("TUR MIL -> TUR GOV").
    source_sector: str | None = None
    target_sector: str | None = None
    # the words of a side the registry does not know (its actor and country are then NULL)
    source_text: str | None = None
    target_text: str | None = None


@dataclass
class Stance:
    """Who stands for or against whom or what, with its evidence."""

    holder_actor: str | None
    holder_country: str | None
    target_actor: str | None
    target_country: str | None
    target_topic: str | None
    polarity: str  # 'positive' | 'negative' | 'neutral'
    score: float  # in [-1, 1]
    cue: str
    sentence: str
    char_start: int
    char_end: int
    stance_date: date | None
    date_precision: str  # 'day' | 'month' | 'year' | 'none'
    # the words that date it (None when it takes the document date)
    date_text: str | None = None

"""Metadata found in the text itself: the footnote block, the byline and the document date.

The dates they carry are read by `pipeline.sources.dates`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime

from pipeline.models import Footnote
from pipeline.sources.dates import find_dates, parse_date_value, plausible, scan_dates

# ---------------------------------------------------------------------------------------------
# Footnotes
# ---------------------------------------------------------------------------------------------

_BRACKET_ENTRY = re.compile(r"\[\^?(?P<label>\d{1,4}|[A-Za-z]{1,3})\]\s*[:;.,)\-]?\s*(?P<text>.*)")
_NUMBER_ENTRY = re.compile(r"(?P<label>\d{1,3})[.)]\s+(?P<text>\S.*)")
_BULLET_ENTRY = re.compile(r"[-*+\u2022]\s+(?P<text>\S.*)")
_NOTES_HEADING = re.compile(
    r"(?:#{1,6}\s*)?(?:references|notes|sources|footnotes|endnotes|bibliography|citations|"
    r"works cited|notes and references|sources and notes)\s*:?",
    re.IGNORECASE,
)
_EVIDENCE = re.compile(
    r"https?://|www\.|\bibid\b|\bop\.? cit\b|\baccessed\b|\bretrieved\b|\(\d{4}\)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
_SENTENCE_BREAKS = re.compile(r"(?:[a-z]{2}[.!?]\s+[A-Z].*){2}")
_MAX_CONTINUATION = 3
_MAX_ENTRY_CHARS = 600
_MAX_ENTRIES = 200
_MAX_BLOCK_LINES = 1000  # a footnote block is looked for in the last lines only


def _lines_with_offsets(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """The lines of text[start:end] with their offsets in `text`."""
    out = []
    pos = start
    for line in text[start:end].split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _tail_start(text: str, lines: int) -> int:
    """Offset where the last `lines` lines of `text` begin."""
    pos = len(text)
    for _ in range(lines):
        pos = text.rfind("\n", 0, pos)
        if pos < 0:
            return 0
    return pos + 1


def _head_end(text: str, lines: int) -> int:
    """Offset where the first `lines` lines of `text` end."""
    pos = -1
    for _ in range(lines):
        pos = text.find("\n", pos + 1)
        if pos < 0:
            return len(text)
    return pos


def _entry_date(text: str) -> date | None:
    for hit in scan_dates(text):
        if hit.value is not None:
            return hit.value
    return None


def _has_evidence(text: str) -> bool:
    return bool(_EVIDENCE.search(text)) or _entry_date(text) is not None


def _labelled(line: str) -> re.Match[str] | None:
    return _BRACKET_ENTRY.fullmatch(line) or _NUMBER_ENTRY.fullmatch(line)


def _heading_block(lines: list[tuple[int, str]]) -> tuple[int, list[Footnote]] | None:
    """A 'References'/'Notes'/'Sources' heading followed only by short entries."""
    for idx in range(len(lines) - 1, -1, -1):
        if not _NOTES_HEADING.fullmatch(lines[idx][1].strip()):
            continue
        entries: list[list[str]] = []  # [label, text]
        wraps = False  # may the next line continue the previous entry?
        for _, raw in lines[idx + 1 :]:
            line = raw.strip()
            if not line:
                wraps = False
                continue
            match = _labelled(line)
            bullet = _BULLET_ENTRY.fullmatch(line)
            if match:
                entries.append([match["label"], match["text"].strip()])
                wraps = True
            elif bullet:
                entries.append([str(len(entries) + 1), bullet["text"].strip()])
                wraps = True
            elif entries and (wraps or line[0].islower()):
                entries[-1][1] = f"{entries[-1][1]} {line}".strip()
            else:
                entries.append([str(len(entries) + 1), line])  # one plain entry per line
                wraps = False
        if not entries or len(entries) > _MAX_ENTRIES:
            return None
        texts = [text for _, text in entries]
        if any(len(text) > _MAX_ENTRY_CHARS or _SENTENCE_BREAKS.search(text) for text in texts):
            return None  # prose paragraphs under a "Notes" heading are body text
        if sum(_has_evidence(text) or bool(_YEAR.search(text)) for text in texts) * 2 < len(texts):
            return None
        notes = [Footnote(label, text, _entry_date(text)) for label, text in entries]
        return lines[idx][0], notes
    return None


def _trailing_block(lines: list[tuple[int, str]]) -> tuple[int, list[Footnote]] | None:
    """Labelled entries ("[1] ...", "1. ...") at the end, with their continuation lines."""
    start: int | None = None
    entries: list[tuple[str, str, bool]] = []  # (label, text, bracketed), bottom-up
    pending: list[str] = []
    i = len(lines) - 1
    while i >= 0:
        line = lines[i][1].strip()
        if not line:
            if pending:
                break
            i -= 1
            continue
        match = _labelled(line)
        if match:
            text = " ".join([match["text"].strip(), *reversed(pending)]).strip()
            entries.append((match["label"], text, line.startswith("[")))
            pending = []
            start = i
        else:
            if start is None and len(pending) >= _MAX_CONTINUATION:
                return None
            pending.append(line)
            if len(pending) > _MAX_CONTINUATION:
                break
        i -= 1
    if start is None or not entries:
        return None
    entries.reverse()
    if any(len(text) > _MAX_ENTRY_CHARS for _, text, _ in entries):
        return None
    # "1. ..." lines could be a list in the body: then every entry must look like a reference.
    bracketed = all(flag for _, _, flag in entries)
    if not bracketed and not all(_has_evidence(text) for _, text, _ in entries):
        return None
    notes = [Footnote(label, text, _entry_date(text)) for label, text, _ in entries]
    return lines[start][0], notes


def split_footnotes(text: str) -> tuple[str, list[Footnote]]:
    """Split the trailing footnote/reference block off `text`.

    Returns (body, footnotes). Only the block at the end is removed, so in-body markers such
    as "[1]" keep their offsets; the body loses trailing whitespace.
    """
    lines = _lines_with_offsets(text, _tail_start(text, _MAX_BLOCK_LINES))
    found = _heading_block(lines) or _trailing_block(lines)
    if found is None:
        return text, []
    offset, notes = found
    return text[:offset].rstrip(), notes


# ---------------------------------------------------------------------------------------------
# Title and author fields of PDF and Word files
# ---------------------------------------------------------------------------------------------

_PLACEHOLDER_TITLE = re.compile(
    r"(?:untitled|document\s*\d*|title|presentation\d*|"
    r".*\.(?:docx?|dotx?|pdf|indd|rtf|odt|tex|qxd|pages))",
    re.IGNORECASE,
)
_APP_PREFIX = re.compile(r"^microsoft (?:word|powerpoint|excel) - ", re.IGNORECASE)
_PLACEHOLDER_AUTHORS = frozenset(
    {
        "admin",
        "administrator",
        "author",
        "microsoft office user",
        "owner",
        "python-docx",
        "unknown",
        "user",
        "windows user",
    }
)
_LETTER = re.compile(r"[^\W\d_]")


def file_title(value: str | None) -> str | None:
    """A file's title field, unless it is a placeholder ("Untitled", "Microsoft Word -
    draft.docx"): the text of a title a person gave the document."""
    text = " ".join((value or "").split())
    text = _APP_PREFIX.sub("", text).strip()
    if not text or _PLACEHOLDER_TITLE.fullmatch(text) or not _LETTER.search(text):
        return None
    return text


def file_author(value: str | None) -> str | None:
    """A file's author field, unless it is a placeholder ("Administrator", "python-docx")."""
    text = " ".join((value or "").split())
    if not text or text.lower() in _PLACEHOLDER_AUTHORS or not _LETTER.search(text):
        return None
    return text


# ---------------------------------------------------------------------------------------------
# Bylines
# ---------------------------------------------------------------------------------------------

_BY = re.compile(r"by\s+(?P<rest>\S.*)", re.IGNORECASE)
_SLASH = re.compile(r"(?P<name>[^/|]+?)\s+[/|]\s+(?P<role>[^/|]+)")
_NAME_JOIN = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")
_PARTICLES = {
    "al",
    "bin",
    "da",
    "das",
    "de",
    "del",
    "della",
    "der",
    "di",
    "dos",
    "du",
    "ibn",
    "la",
    "le",
    "ten",
    "ter",
    "van",
    "von",
    "y",
}
_NAME_CHARS = set("'-.\u2019")
_ROLE_WORDS = re.compile(
    r"\b(?:analyst|fellow|director|professor|editor|researcher|head|chair|president|senior|"
    r"junior|associate|correspondent|manager|officer|advis[eo]r|lecturer|student|intern|"
    r"ambassador|member|coordinator|expert|specialist|scholar|reporter|writer|contributor|"
    r"program|programme|institute|university|cent(?:er|re)|department|desk|staff)\b",
    re.IGNORECASE,
)


def _is_name_word(word: str) -> bool:
    return (
        word[0].isupper()
        and any(c.isalpha() for c in word)
        and all(c.isalpha() or c in _NAME_CHARS for c in word)
    )


def is_person_name(text: str) -> bool:
    """True for 2-4 capitalised words (particles such as "von" allowed inside), nothing else."""
    words = text.split()
    capitalised = 0
    for pos, word in enumerate(words):
        if _is_name_word(word):
            capitalised += 1
        elif not (word.lower() in _PARTICLES and 0 < pos < len(words) - 1):
            return False
    return 2 <= capitalised <= 4


def is_role(line: str) -> bool:
    """True for a short capitalised job line such as "Senior Fellow, Europe Program"."""
    words = line.split()
    if not 1 <= len(words) <= 12 or len(line) > 100:
        return False
    if not line[0].isupper() or line.endswith(("!", "?", ":", ";")):
        return False
    if line.endswith(".") and "." not in words[-1][:-1]:
        return False  # a sentence, not "Ph.D."
    return not find_dates(line) and not any(c.isdigit() for c in line)


def _split_names(text: str) -> tuple[str, str | None] | None:
    """'Jane Doe', 'Jane Doe and John Roe', 'Jane Doe, Senior Fellow' → (author, role)."""
    text = text.strip()
    if is_person_name(text):
        return text, None
    if "," in text:
        name, role = (p.strip() for p in text.split(",", 1))
        named = _split_names(name)
        if named and named[1] is None and is_role(role) and _ROLE_WORDS.search(role):
            return named[0], role
    parts = [p for p in _NAME_JOIN.split(text) if p]
    if len(parts) > 1 and all(is_person_name(p) for p in parts):
        return text, None
    if "," in text:
        name, role = (p.strip() for p in text.split(",", 1))
        named = _split_names(name)
        if named and named[1] is None and is_role(role):
            return named[0], role
    return None


def _by_line(line: str) -> tuple[str, str | None] | None:
    match = _BY.fullmatch(line)
    if not match:
        return None
    rest = match["rest"].strip()
    slash = _SLASH.fullmatch(rest)
    if slash and is_person_name(slash["name"].strip()) and is_role(slash["role"].strip()):
        return slash["name"].strip(), slash["role"].strip()
    return _split_names(rest)


def _slash_line(line: str) -> tuple[str, str | None] | None:
    match = _SLASH.fullmatch(line)
    if match and is_person_name(match["name"].strip()) and is_role(match["role"].strip()):
        return match["name"].strip(), match["role"].strip()
    return None


_Line = tuple[int, int, str]  # (line index, offset of the stripped text, stripped text)
_BYLINE_WINDOW = 50  # bylines are looked for in the first and last lines only


def _content(lines: list[tuple[int, str]]) -> list[_Line]:
    return [
        (index, offset + len(line) - len(line.lstrip()), line.strip())
        for index, (offset, line) in enumerate(lines)
        if line.strip()
    ]


def _trailing_byline(content: Sequence[_Line]) -> tuple[int, str, str | None] | None:
    _, last_offset, last = content[-1]
    found = _by_line(last) or _slash_line(last)
    if found:
        return last_offset, found[0], found[1]
    if len(content) >= 2 and is_role(last):
        _, prev_offset, prev = content[-2]
        found = _by_line(prev)
        if found and found[1] is None:
            return prev_offset, found[0], last
    return None


def _leading_byline(
    content: Sequence[_Line], lines: list[tuple[int, str]]
) -> tuple[int, int, str, str | None] | None:
    """(start, end, author, role) of a "By NAME[, ROLE]" line among the first two lines."""
    for pos in range(min(2, len(content) - 1)):
        index, offset, line = content[pos]
        if pos == 1:
            title = content[0][2]
            if len(title) > 150 or title.endswith("."):
                return None
        found = _by_line(line)
        if not found:
            continue
        end = offset + len(line)
        author, role = found
        # "By Jane Doe" on one line, "Senior Fellow" on the next, then a blank line
        if role is None and index + 2 < len(lines):
            nxt, after = lines[index + 1][1].strip(), lines[index + 2][1].strip()
            if nxt and not after and is_role(nxt):
                role = nxt
                end = lines[index + 1][0] + len(lines[index + 1][1])
        return offset, end, author, role
    return None


def parse_byline(body: str) -> tuple[str, str | None, str | None]:
    """Find the byline and return (body_without_byline, author, role).

    Trailing forms: "by Jane Doe" (optionally followed by a role line such as "Junior
    Analyst"), "by Jane Doe, Senior Fellow", "Jane Doe / Junior Analyst". Leading form:
    "By Jane Doe[, Senior Fellow]" as the first line, or the second after a title. A name is
    2-4 capitalised words alone on its line, so "By 2016, the talks ..." is body text.
    """
    tail = _content(_lines_with_offsets(body, _tail_start(body, _BYLINE_WINDOW)))
    trailing = _trailing_byline(tail) if tail else None
    if trailing:
        offset, author, role = trailing
        return body[:offset].rstrip(), author, role
    head_lines = _lines_with_offsets(body, 0, _head_end(body, _BYLINE_WINDOW))
    head = _content(head_lines)
    leading = _leading_byline(head, head_lines) if head else None
    if leading:
        start, end, author, role = leading
        before, after = body[:start].rstrip(), body[end:].lstrip()
        joined = f"{before}\n\n{after}" if before and after else before or after
        return joined, author, role
    return body, None, None


# ---------------------------------------------------------------------------------------------
# Document date
# ---------------------------------------------------------------------------------------------

_LABEL_PREFIX = re.compile(
    r"(?:(?:published|posted|date|dated)(?:\s+on)?\s*:?\s*)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?",
    re.IGNORECASE,
)
_CITY_PREFIX = re.compile(r"[A-Z][A-Z .'\-]{1,40}(?:\s*\([A-Za-z .]{1,30}\))?,\s*")
_DATELINE_SUFFIX = re.compile(r"\s*(?:\.?\s*|-\s.*)", re.DOTALL)


def find_dateline(body: str) -> date | None:
    """A publication date written as a dateline in the first three or last two lines.

    Accepted: a line that is just a date ("October 5, 2016"), a labelled date ("Published:
    5 October 2016"), or a city dateline ("WASHINGTON, October 5, 2016 - ...").
    """
    content = [line.strip() for line in body.split("\n") if line.strip()]
    candidates = content[:3] + content[-2:] if len(content) > 5 else content
    for line in candidates:
        hits = list(scan_dates(line[:200]))
        if not hits or hits[0].value is None:
            continue
        hit = hits[0]
        prefix, suffix = line[: hit.start], line[hit.end :]
        if not _DATELINE_SUFFIX.fullmatch(suffix):
            continue
        dated = _LABEL_PREFIX.fullmatch(prefix) or _CITY_PREFIX.fullmatch(prefix)
        if dated and plausible(hit.value):
            return hit.value
    return None


def infer_published(
    meta_value: object,
    footnotes: Sequence[Footnote],
    body: str,
    mtime: float | None,
) -> tuple[date | None, str]:
    """Resolve the document date and its basis: 'metadata', 'text', 'file' or 'unknown'.

    Order: the metadata value (validated; `SourceError` if impossible), a dateline in the body,
    the latest dated footnote (not in the future), the file's modification time (UTC date).
    """
    given = parse_date_value(meta_value)
    if given is not None:
        return given, "metadata"
    dateline = find_dateline(body)
    if dateline is not None:
        return dateline, "text"
    dated = [note.date for note in footnotes if note.date and plausible(note.date)]
    if dated:
        return max(dated), "text"
    if mtime is not None:
        return datetime.fromtimestamp(mtime, tz=UTC).date(), "file"
    return None, "unknown"

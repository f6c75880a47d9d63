"""Reading the project's Markdown docs for the docs tests: passages (paragraphs, list items,
table rows, code lines, sections under a heading) and fenced code blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
FENCE = re.compile(r"^\s*```\s*([\w-]*)")
ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")


def doc_files() -> list[Path]:
    """README.md and every docs/*.md."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@dataclass(frozen=True)
class Passage:
    """A piece of a doc that can be about one command: `kind` is paragraph, item, row, code or
    section; `heading` is the heading it is under (a section's own heading)."""

    path: Path
    line: int
    kind: str
    heading: str
    text: str


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code block: its info string (`sql`, `sh`, ...), the lines of its opening and
    closing fences (1-based) and its text."""

    path: Path
    line: int
    end: int
    lang: str
    text: str


def passages(path: Path) -> list[Passage]:
    """Every paragraph, list item, table row and code line of a Markdown file, and every
    section (heading to the next heading of the same or a higher level) as one passage."""
    lines = path.read_text().splitlines()
    found: list[Passage] = []
    headings: list[tuple[int, str, int]] = []  # level, title, line index
    current: list[str] = []
    start = 0
    kind = "paragraph"
    heading = ""
    in_code = False

    def flush() -> None:
        if current:
            found.append(Passage(path, start + 1, kind, heading, "\n".join(current)))
            current.clear()

    for i, line in enumerate(lines):
        if FENCE.match(line):
            flush()
            in_code = not in_code
            continue
        if in_code:
            if line.strip():
                found.append(Passage(path, i + 1, "code", heading, line))
            continue
        match = HEADING.match(line)
        if match:
            flush()
            heading = match.group(2)
            headings.append((len(match.group(1)), heading, i))
        elif not line.strip():
            flush()
        elif line.lstrip().startswith("|"):
            flush()
            found.append(Passage(path, i + 1, "row", heading, line))
        elif ITEM.match(line) or not current:
            flush()
            start, kind = i, "item" if ITEM.match(line) else "paragraph"
            current.append(line)
        else:
            current.append(line)
    flush()
    for n, (level, title, index) in enumerate(headings):
        end = next((j for lv, _, j in headings[n + 1 :] if lv <= level), len(lines))
        found.append(Passage(path, index + 1, "section", title, "\n".join(lines[index:end])))
    return found


def code_blocks(path: Path) -> list[CodeBlock]:
    """The fenced code blocks of a Markdown file, in order."""
    blocks: list[CodeBlock] = []
    lang, start, body = None, 0, []
    for i, line in enumerate(path.read_text().splitlines()):
        match = FENCE.match(line)
        if match and lang is None:
            lang, start, body = match.group(1), i + 1, []
        elif match:
            blocks.append(CodeBlock(path, start, i + 1, lang, "\n".join(body)))
            lang = None
        elif lang is not None:
            body.append(line)
    return blocks

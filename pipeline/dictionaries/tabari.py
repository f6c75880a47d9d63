"""Parse TABARI/PETRARCH actor and agent dictionaries into plain records.

The formats are those of `Phoenix.*.actors.txt` and `Phoenix.agents.txt` (PETRARCH2's
`dictionaries.rst`): an actor record is a primary phrase, `+` synonym lines and code
restrictions (`[TURGOV >030314]`, `[AFGELI 320101-331108]`, on the primary line or on
indented lines); an agent line is `PHRASE {plural} [~CODE]` with `!SET! = a, b` substitution
sets. Phrases keep the dictionary's spelling (upper case, `_` between words); the converter
(`pipeline.dictionaries.convert`) maps them to eventpipe's registry. Input that cannot be
read raises `RegistryError` naming the file and line; quirks that lose nothing but one
restriction (an impossible date) are returned as warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pipeline.errors import RegistryError

_CODE = re.compile(r"\[([^\[\]]*)\]")
_CODE_TEXT = re.compile(r"^[A-Z0-9]{3,}$|^---$")
_SUBST = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
_AGENT_CODE = re.compile(r"^~([A-Z0-9]+)$|^([A-Z0-9]+)~$")


@dataclass(frozen=True)
class Restriction:
    """A code valid from `start` to `end` (both inclusive, None = open); `code` '---' is null."""

    code: str
    start: date | None = None
    end: date | None = None


@dataclass
class ActorRecord:
    """One actor record: its phrases (primary first), code restrictions and comment."""

    phrases: list[str]
    line: int
    restrictions: list[Restriction] = field(default_factory=list)
    comment: str = ""


@dataclass(frozen=True)
class AgentRecord:
    """An agent noun phrase with its plural forms and code (`GOV`, `OPPEDU`, ...)."""

    phrase: str
    forms: tuple[str, ...]
    code: str
    line: int


def _split_comment(text: str) -> tuple[str, str]:
    body, _, comment = text.partition("#")
    return body, comment.strip()


def parse_date(text: str) -> date:
    """A dictionary date: YYYYMMDD, or YYMMDD (years before 30 are 20YY)."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"date {text!r} is not YYMMDD or YYYYMMDD")
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year < 30 else 1900 + year}{text[2:]}"
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def parse_restriction(text: str) -> Restriction:
    """`CODE`, `CODE <date`, `CODE >date` or `CODE date-date` (raises ValueError)."""
    parts = re.sub(r"([<>])\s+", r"\1", text).split()
    if not parts or not _CODE_TEXT.match(parts[0]):
        raise ValueError(f"code {text!r} must start with an upper-case code")
    if len(parts) == 1:
        return Restriction(parts[0])
    if len(parts) > 2:
        raise ValueError(f"restriction {text!r} has more than a code and a date")
    code, when = parts
    if when.startswith("<"):
        return Restriction(code, None, parse_date(when[1:]) - timedelta(days=0))
    if when.startswith(">"):
        return Restriction(code, parse_date(when[1:]), None)
    start, dash, end = when.partition("-")
    if not dash:
        raise ValueError(f"date restriction {when!r} is not <date, >date or date-date")
    first, last = parse_date(start), parse_date(end)
    if last < first:
        raise ValueError(f"date restriction {when!r} ends before it starts")
    return Restriction(code, first, last)


def _codes(body: str, path: str, number: int, warnings: list[str]) -> list[Restriction]:
    out = []
    for raw in _CODE.findall(body):
        try:
            out.append(parse_restriction(raw.strip()))
        except ValueError as err:
            if raw.split() and _CODE_TEXT.match(raw.split()[0]):
                warnings.append(f"{path}:{number}: {err}; restriction skipped")
                continue
            raise RegistryError(f"line {number}: {err}", path) from err
    rest = _CODE.sub(" ", body)
    if rest.count("[") == 1 and "]" not in rest and rest.strip().startswith("["):
        warnings.append(f"{path}:{number}: '[' is not closed; read to the end of the line")
        return out + _codes(rest + "]", path, number, warnings)
    if "[" in rest or "]" in rest:
        raise RegistryError(f"line {number}: unbalanced '[' or ']'", path)
    return out


def read_lines(path: str | Path) -> list[str]:
    """The file's lines (UTF-8, else Latin-1), or a `RegistryError` naming the file."""
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise RegistryError(f"cannot read the dictionary: {err}", str(path)) from err
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text.splitlines()


def parse_actors(path: str | Path, warnings: list[str] | None = None) -> list[ActorRecord]:
    """The actor records of a `.actors.txt` file, in file order."""
    path = str(path)
    warnings = [] if warnings is None else warnings
    records: list[ActorRecord] = []
    current: ActorRecord | None = None
    for number, line in enumerate(read_lines(path), start=1):
        if not line.strip() or line.lstrip().startswith(("#", "<")):
            continue
        body, comment = _split_comment(line)
        if not body.strip():
            continue
        if line[0] in " \t":
            stripped = body.strip()
            if not stripped.startswith("["):
                warnings.append(f"{path}:{number}: indented actor phrase read as a new actor")
                line = body = stripped
        if line[0] in " \t":
            if current is None:
                raise RegistryError(f"line {number}: a code restriction before any actor", path)
            current.restrictions += _codes(body, path, number, warnings)
            continue
        if body.startswith("+"):
            if current is None:
                raise RegistryError(f"line {number}: a '+' synonym before any actor", path)
            text = _CODE.sub(" ", body[1:])
            if "[" in text or "]" in text:
                warnings.append(f"{path}:{number}: stray '[' or ']' in a phrase; removed")
                text = text.replace("[", "").replace("]", "")
            else:
                current.restrictions += _codes(body[1:], path, number, warnings)
            current.phrases.append(_phrase(text, path, number))
            continue
        if body.startswith(("[", "]")):
            raise RegistryError(
                f"line {number}: a code restriction must be indented (tab) under its actor", path
            )
        current = ActorRecord([_phrase(body.split("[", 1)[0], path, number)], number)
        current.comment = comment
        current.restrictions += _codes(body, path, number, warnings)
        records.append(current)
    return records


def _phrase(text: str, path: str, number: int) -> str:
    phrase = " ".join(text.replace("_", " ").split())
    if not phrase:
        raise RegistryError(f"line {number}: empty phrase", path)
    if "]" in phrase or "[" in phrase:
        raise RegistryError(f"line {number}: unbalanced '[' or ']'", path)
    return phrase


def plurals(phrase: str) -> list[str]:
    """Regular plurals of the phrase's last word: +S, Y -> IES, SS -> SSES (PETRARCH rules)."""
    words = phrase.split(" ")
    last = words[-1]
    if last.endswith("Y") and len(last) > 1 and last[-2] not in "AEIOU":
        plural = last[:-1] + "IES"
    elif last.endswith(("SS", "SH", "CH", "X")):
        plural = last + "ES"
    else:
        plural = last + "S"
    return [" ".join(words[:-1] + [plural])]


def parse_agents(path: str | Path, warnings: list[str] | None = None) -> list[AgentRecord]:
    """The agent records of an `agents.txt` file, substitution sets expanded.

    A line with a phrase and no code is skipped with a warning (PETRARCH ignores it too).
    """
    path = str(path)
    warnings = [] if warnings is None else warnings
    sets: dict[str, list[str]] = {}
    records = []
    for number, line in enumerate(read_lines(path), start=1):
        body, _ = _split_comment(line)
        body = body.strip()
        if not body or body.startswith("<"):
            continue
        subst = _SUBST.match(body)
        if subst:
            sets[subst.group(1)] = [w.strip() for w in subst.group(2).split(",") if w.strip()]
            continue
        match = re.match(r"^(.*?)\s*(\{[^}]*\})?\s*\[([^\]]*)[\]}]\s*$", body)
        if not match and "[" not in body and "]" not in body:
            warnings.append(f"{path}:{number}: agent {body[:40]!r} has no code; skipped")
            continue
        if not match:
            raise RegistryError(
                f"line {number}: an agent line is 'PHRASE {{plural}} [~CODE]', got {body[:50]!r}",
                path,
            )
        phrase_text, plural_text, code_text = match.groups()
        code_match = _AGENT_CODE.match(code_text.strip())
        if not code_match:
            raise RegistryError(
                f"line {number}: agent code {code_text!r} must be '~CODE' or 'CODE~'", path
            )
        code = code_match.group(1) or code_match.group(2)
        substituted = "!" in phrase_text  # set members get no plural of their own
        for phrase in _expand(phrase_text, sets, path, number):
            if plural_text is None and substituted:
                forms = [phrase]
            elif plural_text is None:
                forms = [phrase, *plurals(phrase)]
            else:
                given = plural_text.strip("{} ")
                forms = [phrase] + [_phrase(p, path, number) for p in given.split()]
                if not given:
                    forms = [phrase]
            records.append(AgentRecord(phrase, tuple(dict.fromkeys(forms)), code, number))
    return records


def _expand(text: str, sets: dict[str, list[str]], path: str, number: int) -> list[str]:
    marker = re.search(r"![A-Z]+!", text)
    if not marker:
        return [_phrase(text, path, number)]
    if marker.group(0) not in sets:
        raise RegistryError(f"line {number}: substitution set {marker.group(0)} is undefined", path)
    out = []
    for word in sets[marker.group(0)]:
        out += _expand(text.replace(marker.group(0), word, 1), sets, path, number)
    return out

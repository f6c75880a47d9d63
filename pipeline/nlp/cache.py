"""A disk cache for the compiled actor registry and its tokenized aliases.

Reading, validating and merging the ~30,000 registry entries (the hand-written `actors.yaml`
plus the converted Phoenix dictionaries) and tokenizing their aliases takes seconds; a
process start-up must not pay that each time. `cached(kind, sources, salt, build)` returns
`build()`'s result, stored as tagged JSON (never pickle: a cache file must not be able to run
code) under `$EVENTPIPE_CACHE_DIR` (default `~/.cache/eventpipe`) and
keyed by the sources' paths, sizes and modification times, the code of the modules that
build it and `salt` (e.g. the spaCy model and version). A cache that cannot be read or
written is ignored: the result is then simply built.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
# cache files kept per kind: a few registries (the default, a user's) without unbounded growth
KEEP_PER_KIND = 4
_CODE = [
    Path(__file__).with_name(name)
    for name in ("registry.py", "imported.py", "cache.py", "folded.py", "agents.py", "actors.py")
] + [Path(__file__).parent.parent / "data" / "actor_words.yaml"]


def cache_dir() -> Path:
    """Where cached registries live: `$EVENTPIPE_CACHE_DIR`, else `~/.cache/eventpipe`."""
    root = os.environ.get("EVENTPIPE_CACHE_DIR")
    return Path(root) if root else Path.home() / ".cache" / "eventpipe"


def _key(kind: str, sources: Iterable[Path], salt: str) -> str:
    digest = hashlib.sha256(f"{kind}\0{salt}".encode())
    for path in [*sources, *_CODE]:
        try:
            stat = path.stat()
            digest.update(f"\0{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(f"\0{path}\0missing".encode())
    return digest.hexdigest()[:32]


def fingerprint(kind: str, sources: Iterable[Path], salt: str = "") -> str:
    """The key `cached` files a value under: the sources' paths, sizes and modification times,
    the code that builds it and `salt`. Equal fingerprints mean an equal value."""
    return _key(kind, sources, salt)


def cached(
    kind: str,
    sources: Iterable[Path],
    salt: str,
    build: Callable[[], T],
    types: tuple[type, ...] = (),
) -> T:
    """`build()`, or its stored copy from an earlier call with the same sources and salt.

    The value may hold str/int/float/bool/None, lists, tuples, sets, dicts (any hashable
    keys), dates and instances of the dataclasses in `types` (rebuilt through their
    constructors, so `__post_init__` runs)."""
    if os.environ.get("EVENTPIPE_NO_CACHE"):
        return build()
    target = cache_dir() / f"{kind}-{_key(kind, sources, salt)}.json"
    by_name = {t.__name__: t for t in types}
    try:
        with open(target, encoding="utf-8") as handle, _gc_paused():
            return _decode(json.load(handle), by_name)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    value = build()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=target.parent, delete=False
        ) as handle:
            json.dump(_encode(value), handle, separators=(",", ":"))
        os.replace(handle.name, target)
        _prune(target.parent, kind, keep=KEEP_PER_KIND)
    except (OSError, TypeError):
        pass
    return value


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No garbage collection while a cache is read: its hundreds of thousands of new
    containers would set off full collections that find nothing to free (a registry read in
    0.45 CPU s instead of 0.9)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _prune(folder: Path, kind: str, keep: int) -> None:
    """Remove all but the `keep` newest cache files of a kind (old sources and code versions)."""
    files = sorted(folder.glob(f"{kind}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)


# Containers are JSON arrays whose first element is a tag no data string starts with.
_LIST, _TUPLE, _SET, _FROZEN, _DICT, _CLASS, _DATE, _STR, _TIME = (f"\x00{c}" for c in "ltsfdcDST")


def dumps_tagged(value: Any) -> bytes:
    """`value` (None, numbers, strings, dates and date-times, lists, tuples, sets, dicts and
    dataclasses of them) as tagged JSON: data that cannot run code when read back."""
    return json.dumps(_encode(value), separators=(",", ":")).encode("utf-8")


def loads_tagged(data: bytes, types: Iterable[type]) -> Any:
    """The value `dumps_tagged` wrote; dataclasses only of `types` (others: KeyError)."""
    return _decode(json.loads(data), {cls.__name__: cls for cls in types})


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return [_STR, value] if value.startswith("\x00") else value
    if isinstance(value, datetime):
        return [_TIME, value.isoformat()]
    if isinstance(value, date):
        return [_DATE, value.isoformat()]
    if isinstance(value, list):
        return [_LIST, *map(_encode, value)]
    if isinstance(value, tuple):
        return [_TUPLE, *map(_encode, value)]
    if isinstance(value, set | frozenset):
        return [_FROZEN if isinstance(value, frozenset) else _SET, *map(_encode, value)]
    if isinstance(value, dict):
        return [_DICT, *(_encode(x) for item in value.items() for x in item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [_encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init]
        return [_CLASS, type(value).__name__, *fields]
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(value: Any, types: dict[str, type]) -> Any:
    if not isinstance(value, list):
        return value
    tag = value[0]
    if tag == _STR:
        return value[1]
    if tag == _DATE:
        return date.fromisoformat(value[1])
    if tag == _TIME:
        return datetime.fromisoformat(value[1])
    # only JSON arrays need decoding: scalars are taken as they are, without a call each
    # (most leaves are strings; this halves the time of a registry's ~800,000 values)
    if tag == _CLASS:
        cls = types[value[1]]  # KeyError for a class not allowed: the cache is ignored
        return cls(*[_decode(v, types) if type(v) is list else v for v in value[2:]])
    items = [_decode(v, types) if type(v) is list else v for v in value[1:]]
    if tag == _LIST:
        return items
    if tag == _TUPLE:
        return tuple(items)
    if tag == _SET:
        return set(items)
    if tag == _FROZEN:
        return frozenset(items)
    if tag == _DICT:
        return dict(zip(items[::2], items[1::2], strict=True))
    raise ValueError(f"unknown cache tag {tag!r}")

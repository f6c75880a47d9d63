"""A disk cache for the compiled actor registry and its tokenized aliases.

Reading, validating and merging the ~30,000 registry entries (the hand-written `actors.yaml`
plus the converted Phoenix dictionaries) and tokenizing their aliases takes seconds; a
process start-up must not pay that each time. `cached(kind, sources, salt, build)` returns
`build()`'s result, pickled under `$EVENTPIPE_CACHE_DIR` (default `~/.cache/eventpipe`) and
keyed by the sources' paths, sizes and modification times, the code of the modules that
build it and `salt` (e.g. the spaCy model and version). A cache that cannot be read or
written is ignored: the result is then simply built.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_CODE = [
    Path(__file__).with_name(name)
    for name in ("registry.py", "imported.py", "cache.py", "folded.py", "agents.py")
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


def cached(kind: str, sources: Iterable[Path], salt: str, build: Callable[[], T]) -> T:
    """`build()`, or its pickle from an earlier call with the same sources and salt."""
    if os.environ.get("EVENTPIPE_NO_CACHE"):
        return build()
    target = cache_dir() / f"{kind}-{_key(kind, sources, salt)}.pickle"
    try:
        with open(target, "rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        pass
    value = build()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, target)
    except OSError:
        pass
    return value

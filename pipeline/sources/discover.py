"""Walk files and folders and say, for each file, whether it can be read as a document.

Symlinks are followed (to files and to folders); a folder symlink that points back into the
folders being walked is reported once as a "symlink loop" and not entered. Hidden names
(starting with ".") are skipped inside folders. Each real file is yielded once per call.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.sources.read import SIDE_CAR_SUFFIX, SUPPORTED_SUFFIXES, has_sidecar_owner


@dataclass(frozen=True)
class Found:
    """A file found by `discover`: `problem` is None for a readable document, else the reason."""

    path: Path
    problem: str | None = None


def _reason(err: OSError) -> str:
    return err.strerror or type(err).__name__


class _Walk:
    """State of one `discover` call: the real files already yielded, the folders walked."""

    def __init__(self) -> None:
        self.files: set[str] = set()
        self.done_dirs: set[str] = set()

    def file(self, path: Path, info: os.stat_result) -> Iterator[Found]:
        if not stat.S_ISREG(info.st_mode):
            yield Found(path, "not a regular file")
            return
        real = os.path.realpath(path)
        if real in self.files:
            return  # the same file reached again through another path
        self.files.add(real)
        name = path.name.lower()
        if name.endswith(SIDE_CAR_SUFFIX):
            if not has_sidecar_owner(path):
                yield Found(path, "orphan sidecar metadata")
            return  # read together with its document
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            yield Found(path, None)
        else:
            yield Found(path, "unsupported type")

    def tree(self, top: Path) -> Iterator[Found]:
        """Depth-first, entries in name order; an explicit stack, so depth is unbounded."""
        top_real = os.path.realpath(top)
        if top_real in self.done_dirs:
            return
        self.done_dirs.add(top_real)
        # each frame: (real path of the folder, iterator over its remaining entries)
        stack: list[tuple[str, Iterator[Path]]] = []
        listed = self._list(top)
        if isinstance(listed, Found):
            yield listed
            return
        stack.append((top_real, iter(listed)))
        while stack:
            _, entries = stack[-1]
            entry = next(entries, None)
            if entry is None:
                stack.pop()
                continue
            if entry.name.startswith("."):
                continue
            try:
                info = entry.stat()  # follows symlinks
            except FileNotFoundError:
                yield Found(entry, "broken symlink" if entry.is_symlink() else "not found")
                continue
            except OSError as err:
                if entry.is_symlink() and err.errno == errno.ELOOP:  # a link to itself
                    yield Found(entry, "symlink loop")
                else:
                    yield Found(entry, f"unreadable: {_reason(err)}")
                continue
            if not stat.S_ISDIR(info.st_mode):
                yield from self.file(entry, info)
                continue
            real = os.path.realpath(entry)
            if any(real == frame_real for frame_real, _ in stack):
                yield Found(entry, "symlink loop")
                continue
            if real in self.done_dirs:
                continue  # the same folder reached again through another symlink
            self.done_dirs.add(real)
            listed = self._list(entry)
            if isinstance(listed, Found):
                yield listed
                continue
            stack.append((real, iter(listed)))

    @staticmethod
    def _list(folder: Path) -> list[Path] | Found:
        try:
            with os.scandir(folder) as scan:
                names = sorted(item.name for item in scan)
        except OSError as err:
            return Found(folder, f"unreadable directory: {_reason(err)}")
        return [folder / name for name in names]


def discover(paths: Iterable[Path]) -> Iterator[Found]:
    """Yield every file under `paths` (files or folders, recursively, sorted by name).

    Problems come back as `Found(path, reason)`: "not found", "broken symlink",
    "symlink loop", "unreadable directory: ...", "unsupported type", "not a regular file",
    "orphan sidecar metadata". Sidecars (`NAME.meta.yaml`) of a document are not yielded.
    """
    walk = _Walk()
    for given in paths:
        path = Path(given)
        try:
            info = path.stat()
        except FileNotFoundError:
            yield Found(path, "broken symlink" if path.is_symlink() else "not found")
            continue
        except OSError as err:
            if path.is_symlink() and err.errno == errno.ELOOP:
                yield Found(path, "symlink loop")
            else:
                yield Found(path, f"unreadable: {_reason(err)}")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from walk.tree(path)
        else:
            yield from walk.file(path, info)

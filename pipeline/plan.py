"""Planning an ingest run: what to do with every file found, and with the documents whose
files moved, were copied, went missing or came back.

A document is its content (`doc_id`, the content hash), found at one or more paths
(`document_paths`; `documents.source_path` is its main one). Comparing the files found under
the ingested paths with those paths gives, per document:

- still at all its paths: nothing to do;
- found at a new path while an old one is gone: **moved** (its `source_path` follows, no
  re-extraction); found at a new path while its old ones are still there: **copied**;
- one of several paths gone, the others still there: that path is **removed**;
- every path gone from the ingested folders: **missing** (`missing_since`), or **pruned** with
  `--prune`; a missing document found again (anywhere) has **returned**;
- a path now holding other content: the new content is loaded (`updated`) and replaces the
  old document when the old one is found nowhere else.

Only paths under the ingested paths can be found gone: a path elsewhere counts as gone only
when it no longer exists (a document moved in from another folder), and never makes a
document missing.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import SourceError
from pipeline.sources.discover import discover
from pipeline.sources.read import content_hash

# What a run does with a file found (each file has exactly one):
# 'new', 'updated' (extracted), 'unchanged', 'quarantine', 'moved', 'copied', 'returned'.
FILE_ACTIONS = ("new", "updated", "unchanged", "quarantine", "moved", "copied", "returned")


@dataclass(frozen=True)
class PlannedFile:
    """A discovered file and what this run will do with it (`extract`: read and extract it)."""

    path: Path
    action: str
    content_hash: str | None = None
    reason: str | None = None
    extract: bool = False


@dataclass(frozen=True)
class KnownState:
    """What the database knows of files: every path of every document (path -> doc_id), each
    document's main path, the missing documents and the quarantined files (path -> hash)."""

    paths: dict[str, str] = field(default_factory=dict)
    primary: dict[str, str] = field(default_factory=dict)
    missing: frozenset[str] = frozenset()
    quarantined: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class PathChange:
    """One change to a document's paths, as recorded in `path_changes`."""

    change: str  # 'moved' | 'copied' | 'removed' | 'missing' | 'returned' | 'pruned'
    doc_id: str
    source_path: str | None
    previous_path: str | None = None


@dataclass
class RunPlan:
    """Every file's action, and the path changes of known documents (applied in one
    transaction before any batch is loaded: none of them needs extraction)."""

    files: list[PlannedFile] = field(default_factory=list)
    changes: list[PathChange] = field(default_factory=list)
    removed_mappings: list[str] = field(default_factory=list)  # document_paths rows to delete
    added_mappings: list[tuple[str, str]] = field(default_factory=list)  # (path, doc_id)
    primaries: dict[str, str] = field(default_factory=dict)  # doc_id -> new source_path
    missing: list[str] = field(default_factory=list)
    returned: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    forgotten: list[str] = field(default_factory=list)  # quarantine rows of files gone (prune)

    @property
    def has_path_changes(self) -> bool:
        """Whether anything but files to extract changes (moves, copies, missing, ...)."""
        return bool(
            self.removed_mappings or self.added_mappings or self.primaries or self.missing
            or self.returned or self.pruned or self.forgotten
        )  # fmt: skip


class Scope:
    """Whether a stored path lies under the paths of this run (files or folders), compared as
    given and, for a relative path, as an absolute one."""

    def __init__(self, paths: Iterable[Path]) -> None:
        spellings = {s for path in paths for s in (str(path), os.path.abspath(path))}
        self.exact = spellings
        self.prefixes = tuple(sorted(s.rstrip("/") + "/" for s in spellings))

    def __contains__(self, path: str) -> bool:
        if path in self.exact or path.startswith(self.prefixes):
            return True
        if path.startswith("/"):
            return False
        absolute = os.path.abspath(path)
        return absolute in self.exact or absolute.startswith(self.prefixes)


def plan_files(
    paths: list[Path], state: KnownState, force: bool = False, prune: bool = False
) -> RunPlan:
    """Every file found under `paths` with its action, and what changes for the known
    documents whose paths lie there (or whose content was found there); see the module."""
    plan = RunPlan()
    scope = Scope(paths)
    found: dict[str, str] = {}  # path -> content hash, files that could be hashed
    order: list[tuple[Path, str | None, str | None]] = []  # (path, hash, problem)
    for item in discover(paths):
        if item.problem == "not found" and str(item.path) in state.paths:
            continue  # a file argument deleted since: gone, like a file of a folder
        if item.problem:
            order.append((item.path, None, item.problem))
            continue
        try:
            digest = content_hash(item.path)
        except SourceError as err:
            order.append((item.path, None, err.message))
            continue
        found[str(item.path)] = digest
        order.append((item.path, digest, None))
    problems = {str(path) for path, digest, _ in order if digest is None}

    # documents whose paths changed: a path now holding other content or gone from the
    # folders, or their content found at a path not yet theirs
    touched: set[str] = set()
    for path, doc_id in state.paths.items():
        digest = found.get(path)
        if digest == doc_id:
            if doc_id in state.missing:  # found again where it was
                touched.add(doc_id)
            continue
        if digest is not None or path in problems or path in scope:
            touched.add(doc_id)
    found_at: dict[str, list[str]] = defaultdict(list)  # hash -> paths found, in order
    for path, digest in found.items():
        found_at[digest].append(path)
        if digest in state.primary and state.paths.get(path) != digest:
            touched.add(digest)

    actions: dict[str, str] = {}  # path -> action for files of known documents
    if touched:
        paths_of: dict[str, list[str]] = defaultdict(list)
        for path, doc_id in state.paths.items():
            if doc_id in touched:
                paths_of[doc_id].append(path)
        for doc_id in sorted(touched):
            _plan_document(doc_id, paths_of[doc_id], found, found_at, problems, scope,
                           state, prune, plan, actions)  # fmt: skip

    first_of: dict[str, str] = {}  # new content -> the path that loads it
    for path, digest, problem in order:
        key = str(path)
        if digest is None:
            plan.files.append(PlannedFile(path, "quarantine", reason=problem))
            continue
        if digest in state.primary:
            action = actions.get(key, "unchanged")
            primary = plan.primaries.get(digest, state.primary[digest])
            extract = force and key == primary
            plan.files.append(PlannedFile(path, "updated" if extract else action, digest,
                                          extract=extract))  # fmt: skip
        elif not force and state.quarantined.get(key) == digest and key not in state.paths:
            plan.files.append(PlannedFile(path, "unchanged", digest))
        elif digest in first_of:  # a copy of content loaded by this run
            plan.files.append(PlannedFile(path, "copied", digest))
        else:
            first_of[digest] = key
            action = "updated" if key in state.paths else "new"
            plan.files.append(PlannedFile(path, action, digest, extract=True))
    if prune:
        plan.forgotten = [
            path for path in state.quarantined
            if path in scope and path not in found and path not in problems
        ]  # fmt: skip
    return plan


def _plan_document(
    doc_id: str,
    known: list[str],
    found: dict[str, str],
    found_at: dict[str, list[str]],
    problems: set[str],
    scope: Scope,
    state: KnownState,
    prune: bool,
    plan: RunPlan,
    actions: dict[str, str],
) -> None:
    """Plan one known document whose paths changed (see the module docstring)."""
    kept, gone_here, gone_elsewhere, changed = [], [], [], []
    for path in sorted(known):
        if found.get(path) == doc_id:
            kept.append(path)
        elif path in found or path in problems:
            changed.append(path)
        elif path in scope:
            gone_here.append(path)
        elif os.path.isfile(path):
            kept.append(path)  # in a folder this run does not look at, and still there
        else:
            gone_elsewhere.append(path)
    added = [path for path in found_at.get(doc_id, []) if state.paths.get(path) != doc_id]
    old_primary = state.primary[doc_id]
    is_missing = doc_id in state.missing
    gone = gone_here + gone_elsewhere
    if not kept and not added:
        if changed:
            # its content is at none of its paths any more: the content now there replaces
            # it when loaded; the mappings of its paths gone go now, so that it is replaced
            plan.removed_mappings += gone
        elif gone_here and prune:
            plan.pruned.append(doc_id)
            plan.changes.append(PathChange("pruned", doc_id, old_primary))
        elif gone_here and not is_missing:
            plan.missing.append(doc_id)
            plan.changes.append(PathChange("missing", doc_id, old_primary))
        return
    primary = old_primary if old_primary in kept else (added or kept)[0]
    plan.removed_mappings += gone + changed
    plan.added_mappings += [(path, doc_id) for path in added]
    if primary != old_primary:
        plan.primaries[doc_id] = primary
    for path in gone + changed:
        if path != old_primary or not added:
            plan.changes.append(PathChange("removed", doc_id, path))
    if is_missing:
        plan.returned.append(doc_id)
        previous = old_primary if primary != old_primary else None
        plan.changes.append(PathChange("returned", doc_id, primary, previous))
        actions[primary] = "returned"
    elif primary != old_primary and primary in added:
        plan.changes.append(PathChange("moved", doc_id, primary, old_primary))
        actions[primary] = "moved"
    for path in added:
        if path != primary:
            plan.changes.append(PathChange("copied", doc_id, path, primary))
            actions[path] = "copied"

"""A process of its own for the extraction of a one-process run, started before the rest.

A small run (one new file, ten changed ones) spends most of its time starting up: importing
Prefect (about 1.9 s) and loading spaCy, the model and the actor registry (about 3.6 s). In
one process the two share one interpreter lock, so they take the sum. `ExtractionProcess`
starts `python -m pipeline.extractor` at once, which loads the pipeline on the other core
while the command line imports Prefect and opens the flow run; the flow's extraction task
then sends it each batch of documents and gets the rows back (as tagged JSON over its pipes,
`pipeline.nlp.cache.dumps_tagged`: never pickle). It does not touch the database.

`using(process)` makes it the extractor of this process's tasks (`current()`); anything it
cannot do (it exited, the model failed to load) falls back to extracting in this process,
which reports a load error in full. The child reads its requests from a pipe: when the owner
exits in any way, even `kill -9`, the pipe closes and the child exits (on Linux at once: it
asks the kernel to kill it when its owner's thread that started it ends; start it from the
main thread).
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from pipeline import models
from pipeline.models import Document
from pipeline.nlp.cache import dumps_tagged, loads_tagged
from pipeline.store import LoadBatch
from pipeline.timings import mark

_current: ExtractionProcess | None = None
# the dataclasses a request or an answer holds
_MESSAGE_TYPES = (
    LoadBatch,
    *(
        cls
        for cls in vars(models).values()
        if dataclasses.is_dataclass(cls) and isinstance(cls, type)
    ),
)


class ExtractionProcess:
    """`python -m pipeline.extractor` with the pipeline for (model, actors_file) loading."""

    def __init__(self, model: str, actors_file: str | Path | None) -> None:
        self.model = model
        self.actors_file = str(actors_file) if actors_file else None
        self._lock = threading.Lock()
        self._broken = False
        self._loaded = False
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pipeline.extractor",
                model,
                self.actors_file or "",
                str(os.getpid()),
            ],  # fmt: skip
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,  # Ctrl-C reaches the owner, which closes the pipe
        )

    def serves(self, model: str, actors_file: str | None) -> bool:
        """Whether it extracts with this model and registry and still can."""
        return not self._broken and (model, actors_file or None) == (self.model, self.actors_file)

    def extract(
        self, documents: list[Document], batch_size: int, run_id: str | None
    ) -> LoadBatch | None:
        """The batch's rows, or None when the process cannot extract (the caller then does)."""
        with self._lock:
            if self._broken:
                return None
            try:
                if not self._loaded:  # the child's first word: whether it loaded, and when
                    self._loaded, when = _receive(self.process.stdout)
                    if self._loaded:
                        mark("model loaded", at=when)
                _send(self.process.stdin, (documents, batch_size, run_id))
                ok, value = _receive(self.process.stdout) if self._loaded else (False, None)
            except (OSError, EOFError, ValueError, TypeError, KeyError):
                ok, value = False, None
            if not ok:
                self._broken = True  # e.g. the model failed to load: the caller says why
                return None
            return value

    def close(self) -> None:
        """Stop it without waiting for spaCy's teardown."""
        if self.process.stdin and not self.process.stdin.closed:
            with suppress(OSError):
                self.process.stdin.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def current() -> ExtractionProcess | None:
    """The extraction process of this process's tasks, if the command line started one."""
    return _current


@contextmanager
def using(process: ExtractionProcess) -> Iterator[ExtractionProcess]:
    """Make `process` this process's extractor inside the block, and close it after."""
    global _current
    _current = process
    try:
        yield process
    finally:
        _current = None
        process.close()


def _send(stream: BinaryIO, value: object) -> None:
    data = dumps_tagged(value)
    stream.write(len(data).to_bytes(8, "little") + data)
    stream.flush()


def _receive(stream: BinaryIO) -> object:
    header = stream.read(8)
    if len(header) < 8:
        raise EOFError
    size = int.from_bytes(header, "little")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return loads_tagged(data, _MESSAGE_TYPES)


def main(argv: list[str]) -> int:
    """The child: load the pipeline, then extract each batch read from stdin until it closes."""
    _die_with_owner(int(argv[2]) if len(argv) > 2 else None)
    requests = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to stderr, never into the answers
    model, actors_file = argv[0], argv[1] or None
    from pipeline.rows import extract_batch

    try:
        from pipeline.nlp.build import load_pipeline

        load_pipeline(model, actors_file)
        loaded = True
    except Exception:  # noqa: BLE001 (the owner extracts itself and reports the error)
        loaded = False
    try:
        _send(answers, (loaded, time.time()))
    except BrokenPipeError:
        return 0
    while True:
        try:
            documents, batch_size, run_id = _receive(requests)
        except EOFError:
            return 0
        if not loaded:
            _send(answers, (False, None))
            continue
        try:
            _send(answers, (True, extract_batch(documents, model, actors_file, batch_size, run_id)))
        except BrokenPipeError:
            return 0
        except Exception:  # noqa: BLE001 (the owner extracts the batch itself)
            _send(answers, (False, None))


def _die_with_owner(owner: int | None) -> None:
    """On Linux, be killed at once when the owner dies (else the closed pipe ends this
    process after the batch it is extracting)."""
    with suppress(Exception):  # not Linux, or no prctl: the pipe still ends it
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if owner is not None and os.getppid() != owner:  # the owner died before prctl
        os._exit(0)


if __name__ == "__main__":
    os._exit(main(sys.argv[1:]))  # no teardown of spaCy's objects

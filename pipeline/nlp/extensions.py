"""`Doc._` extensions used by eventpipe's components, registered once per process."""

from __future__ import annotations

from spacy.tokens import Doc

_EXTENSIONS: dict[str, object] = {
    "dct": None,  # document creation time: datetime.date | None, set before nlp.pipe
    "doc_id": None,
    "timexes": None,  # list[Timex]
    "actors": None,  # list[ActorMention]
    "events": None,  # list[Event]
    "stances": None,  # list[Stance]
}


def register_extensions() -> None:
    """Register every `Doc._` attribute eventpipe uses; safe to call many times."""
    for name, default in _EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()

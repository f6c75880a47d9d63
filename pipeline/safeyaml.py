"""YAML loaders for data files and front matter: safe only, libyaml's C parser when available.

The C parser reads the actor registry and trigger lexicon about ten times faster than the
pure-Python one, which matters on every start of an ingest, a re-ingest and a Dask worker.
"""

from __future__ import annotations

import yaml
from yaml.constructor import FullConstructor, SafeConstructor

SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class DatelessLoader(SafeLoader):
    """A safe loader that keeps dates as strings, so a bad date gets our own error message."""


DatelessLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def is_safe_loader(loader: type) -> bool:
    """Whether `loader` only builds plain data (a SafeLoader, Python or C, not a Full one)."""
    return issubclass(loader, SafeConstructor) and not issubclass(loader, FullConstructor)

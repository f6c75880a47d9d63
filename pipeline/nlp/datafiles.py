"""Reading the extractor's YAML data files (actor registry, trigger lexicon) with clear errors."""

from __future__ import annotations

from typing import Any

import yaml

from pipeline.errors import RegistryError
from pipeline.safeyaml import SafeLoader, is_safe_loader


def read_yaml_mapping(
    path: str, what: str, expected: str, loader: type = SafeLoader
) -> dict[str, Any]:
    """The mapping a YAML data file holds, or a `RegistryError` naming the file and problem."""
    if not is_safe_loader(loader):
        raise TypeError(
            f"{loader.__name__} is not a safe YAML loader: data files are never trusted"
        )
    try:
        with open(path, encoding="utf-8") as handle:
            reader = loader(handle)
            try:
                data = reader.get_single_data()
            finally:
                reader.dispose()
    except OSError as err:
        raise RegistryError(f"cannot read the {what}: {err}", path) from err
    except yaml.YAMLError as err:
        raise RegistryError(f"invalid YAML: {err}".replace("\n", " "), path) from err
    if not isinstance(data, dict):
        raise RegistryError(f"the {what} must be a mapping with {expected}", path)
    return data

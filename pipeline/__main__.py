"""`python -m pipeline` runs the eventpipe command line.

The command line lives with the adapters (`flows/cli/`), which the library never imports: this
runs the `eventpipe` console script the installed distribution declares (`[project.scripts]`
in pyproject.toml), found in the package metadata, as `eventpipe ARGS...` does.
"""

from __future__ import annotations

import sys
from importlib.metadata import entry_points


def main() -> None:
    """Run the installed `eventpipe` command with this process's arguments."""
    found = entry_points(group="console_scripts", name="eventpipe")
    if not found:
        sys.exit(
            "python -m pipeline: the eventpipe command is not installed in this environment; "
            "run `make install` (or `pip install -e .`) first"
        )
    command = next(iter(found)).load()
    sys.exit(command())


if __name__ == "__main__":
    main()

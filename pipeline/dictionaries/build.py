"""Rebuild the shipped converted dictionaries: `python -m pipeline.dictionaries.build DIR`.

DIR holds the PETRARCH2 dictionaries (`Phoenix.Countries.actors.txt`,
`Phoenix.International.actors.txt`, `Phoenix.MilNonState.actors.txt`, `Phoenix.agents.txt`);
the result is written to `pipeline/data/phoenix/phoenix.json.gz` (their MIT notice is
`pipeline/data/phoenix/NOTICE`).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from pipeline.dictionaries.convert import convert_files
from pipeline.nlp.imported import PHOENIX_JSON

FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
    "Phoenix.agents.txt",
)


def build(source: Path, out: Path = PHOENIX_JSON) -> int:
    """Convert the Phoenix files in `source` into `out`; returns the number of entries."""
    data = convert_files([source / name for name in FILES])
    data.pop("extends", None)
    data["source"] = "PETRARCH2 Phoenix dictionaries (Open Event Data Alliance, MIT)"
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    with gzip.GzipFile(out, "wb", mtime=0) as handle:  # reproducible bytes
        handle.write(text.encode("utf-8"))
    return len(data["imported"])


def main() -> None:
    """Command-line entry: the dictionary folder as the only argument."""
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: python -m pipeline.dictionaries.build PETRARCH2_DICTIONARY_DIR")
    print(f"{build(Path(sys.argv[1]))} entries written to {PHOENIX_JSON}")


if __name__ == "__main__":
    main()

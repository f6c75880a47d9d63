"""The `eventpipe` command line, an adapter beside the flows: each command a few lines over the
library (`pipeline`) or a flow.

The commands live in `ingest.py` (the one with a preview, a flow and a local cluster) and
`commands.py` (the others); `output.py` holds what they share. `python -m pipeline` runs
`main` through `pipeline/__main__.py`; the `eventpipe` script calls it directly.
"""

from __future__ import annotations

import typer

from flows.cli import commands
from flows.cli.ingest import ingest

app = typer.Typer(
    name="eventpipe",
    help="Turn analyst articles into dated events and actor stances in DuckDB.\n\n"
    "Example: `eventpipe ingest seeds/`, then `eventpipe views` and "
    "`eventpipe query \"select * from dyad_monthly limit 5\"`",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)
# registration order is the order `eventpipe --help` lists them in
app.command()(ingest)
app.command("export")(commands.export_cmd)
app.command()(commands.query)
app.command()(commands.summary)
app.command()(commands.views)
app.command()(commands.serve)
app.command()(commands.report)
app.command("eval")(commands.eval_cmd)
app.command()(commands.dates)

actors_app = typer.Typer(
    help="The actor registry: import TABARI/PETRARCH dictionaries.\n\n"
    "Example: `eventpipe actors import docs/examples/sample.actors.txt --out my-actors.yaml`",
    no_args_is_help=True,
)
app.add_typer(actors_app, name="actors")
actors_app.command("import")(commands.actors_import)

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `eventpipe` script and of `python -m pipeline`.

    Once the command is done, the exit handlers run (Prefect sends what it queued, the timings
    are reported) and the process ends without tearing down the interpreter's objects: with
    Prefect, DuckDB and spaCy loaded that teardown took 0.5-2 s after every command and does
    nothing a next run needs (every database connection is closed by then).
    """
    import atexit
    import os
    import sys

    try:
        app()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if isinstance(done.code, str):
            print(done.code, file=sys.stderr)
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)

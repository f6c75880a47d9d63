"""The examples in `eventpipe --help` texts: every command (and the app and each command
group) has one, each parses as that command's arguments and options, and every input file or
folder it names exists in the repo (globs match at least one file). Outputs (`--db`, `--out`,
`--json` values) need not exist."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable

from flows.cli import app
from tests.cli_tree import commands, groups, parameters
from tests.conftest import ROOT

BACKTICKED = re.compile(r"`([^`]+)`")


def examples(callback: Callable) -> list[list[str]]:
    """The `eventpipe ...` examples of a command's help text, as shell words."""
    return examples_in(callback.__doc__ or "")


def examples_in(help_text: str) -> list[list[str]]:
    """The `eventpipe ...` examples of a help text, as shell words."""
    text = " ".join(help_text.split())
    found = []
    for span in BACKTICKED.findall(text):
        words = shlex.split(span)
        if "eventpipe" in words:
            found.append(words[words.index("eventpipe") + 1 :])
    return found


def test_every_command_has_an_example_whose_input_paths_exist():
    callbacks = dict(commands(app))
    every = [words for callback in callbacks.values() for words in examples(callback)]
    for name, callback in callbacks.items():
        assert any(" ".join(w).startswith(name) for w in examples(callback)), (
            f"`eventpipe {name} --help` has no example"
        )
    assert check_examples(every, callbacks) >= 6  # ingest, serve, eval, dates, actors import


def test_the_app_and_every_command_group_have_an_example_too():
    """`eventpipe --help` and `eventpipe actors --help` show an example of their commands,
    checked like the commands' own."""
    callbacks = dict(commands(app))
    every = []
    for name, group in groups(app):
        shown = examples_in(group.info.help or "")
        assert any(" ".join(w).startswith(name) for w in shown), (
            f"`eventpipe {name} --help` has no example".replace("  ", " ")
        )
        every += shown
    assert check_examples(every, callbacks) >= 2


def check_examples(every: list[list[str]], callbacks: dict[str, Callable]) -> int:
    """Check each example's options and input paths; returns how many paths it checked."""
    checked = 0
    for words in every:  # an example in one command's help may show another command
        name = max((n for n in callbacks if " ".join(words).startswith(n)), key=len)
        takes_paths, options = parameters(callbacks[name])
        rest = iter(words[len(name.split()) :])
        for word in rest:
            if word.startswith("--"):
                assert word in options, f"{name}: unknown option {word} in {words}"
                if options[word]:
                    next(rest)  # its value
            elif takes_paths:
                found = list(ROOT.glob(word)) if "*" in word else (ROOT / word).exists()
                assert found, (
                    f"the example `eventpipe {' '.join(words)}` names {word}: not in the repo"
                )
                checked += 1
    return checked


def test_examples_and_options_are_read_from_the_help_texts():
    callbacks = dict(commands(app))
    assert "actors import" in callbacks
    first = examples(callbacks["dates"])[0]
    assert first[:2] == ["dates", "seeds/russia-turkey-st-petersburg-2016.txt"]
    options = parameters(callbacks["ingest"])[1]
    assert options["--workers"] and options["--task-runner"] and not options["--force"]
    assert parameters(callbacks["query"])[0] is False  # its argument is SQL, not a path

"""The examples in `eventpipe --help` texts: every command has one, each parses as that
command's arguments and options, and every input file or folder it names exists in the repo
(globs match at least one file). Outputs (`--db`, `--out`, `--json` values) need not exist."""

from __future__ import annotations

import inspect
import re
import shlex
import typing
from collections.abc import Callable, Iterator

import typer
from typer.models import ArgumentInfo, OptionInfo

from flows.cli import app
from tests.conftest import ROOT

BACKTICKED = re.compile(r"`([^`]+)`")


def commands(group: typer.Typer, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, Callable]]:
    """(`eventpipe` words, callback) of every command, sub-commands included."""
    for command in group.registered_commands:
        yield " ".join(prefix + (command.name or command.callback.__name__,)), command.callback
    for sub in group.registered_groups:
        yield from commands(sub.typer_instance, prefix + (sub.name,))


def parameters(callback: Callable) -> tuple[bool, dict[str, bool]]:
    """Whether the command's positional arguments are paths, and each option's flags with
    whether it takes a value (a bool option is a bare flag)."""
    hints = typing.get_type_hints(callback, include_extras=True)
    paths, options = False, {}
    for name in inspect.signature(callback).parameters:
        hint = hints[name]
        info = next(m for m in typing.get_args(hint) if isinstance(m, ArgumentInfo | OptionInfo))
        base = typing.get_args(hint)[0]
        if isinstance(info, ArgumentInfo):
            paths = paths or "Path" in str(base)
            continue
        # in `Annotated[..., typer.Option("--json")]` the flag arrives as the default
        declared = [*(info.param_decls or ()), info.default]
        flags = [d for d in declared if isinstance(d, str) and d.startswith("--")]
        flags = flags or ["--" + name.replace("_", "-")]
        for flag in flags:
            options[flag] = base is not bool
            if base is bool:
                options["--no-" + flag[2:]] = False
    return paths, options


def examples(callback: Callable) -> list[list[str]]:
    """The `eventpipe ...` examples of a command's help text, as shell words."""
    text = " ".join((callback.__doc__ or "").split())
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
    assert checked >= 6  # ingest, serve, eval, dates and actors import name inputs


def test_examples_and_options_are_read_from_the_help_texts():
    callbacks = dict(commands(app))
    assert "actors import" in callbacks
    first = examples(callbacks["dates"])[0]
    assert first[:2] == ["dates", "seeds/russia-turkey-st-petersburg-2016.txt"]
    options = parameters(callbacks["ingest"])[1]
    assert options["--workers"] and options["--task-runner"] and not options["--force"]
    assert parameters(callbacks["query"])[0] is False  # its argument is SQL, not a path

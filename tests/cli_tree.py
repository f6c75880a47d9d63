"""The `eventpipe` command tree read from the Typer app: each command's words and callback,
its arguments and its options (shared by the --help and the docs tests)."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterator

import typer
from typer.models import ArgumentInfo, OptionInfo


def commands(group: typer.Typer, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, Callable]]:
    """(`eventpipe` words, callback) of every command, sub-commands included."""
    for command in group.registered_commands:
        yield " ".join(prefix + (command.name or command.callback.__name__,)), command.callback
    for sub in group.registered_groups:
        yield from commands(sub.typer_instance, prefix + (sub.name,))


def groups(group: typer.Typer, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, typer.Typer]]:
    """(`eventpipe` words, Typer) of the app itself (words "") and of every sub-group."""
    yield " ".join(prefix), group
    for sub in group.registered_groups:
        yield from groups(sub.typer_instance, prefix + (sub.name,))


def parameters(callback: Callable) -> tuple[bool, dict[str, bool]]:
    """Whether the command's positional arguments are paths, and each option's flags with
    whether it takes a value (a bool option is a bare flag). A bool option declared without
    flags also gets Typer's `--no-NAME`; one declared with its flag (`"--always-flow"`) does not."""
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
        for flag in flags or ["--" + name.replace("_", "-")]:
            options[flag] = base is not bool
            if base is bool and not flags:
                options["--no-" + flag[2:]] = False
    return paths, options


def option_flags(callback: Callable) -> list[str]:
    """The command's options as its help lists them first (`--force`, not `--no-force`)."""
    options = parameters(callback)[1]
    return [f for f in options if not (f.startswith("--no-") and "--" + f[5:] in options)]

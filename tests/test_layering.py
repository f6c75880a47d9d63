"""Layering, read from the source with `ast`: the library (`pipeline/`) never imports its
adapters (`flows/`, Prefect), the modules of both import each other without cycles, and no
module outside tests/ is over 500 lines.

`python -m pipeline` runs the command line, which lives in `flows/cli/`, without importing it:
`pipeline/__main__.py` runs the `eventpipe` console script of the installed distribution (its
entry point), so no module of `pipeline/` imports `flows` (checked here too, in a fresh
interpreter), and the command still answers.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = ("pipeline", "flows")
ADAPTERS = ("flows", "prefect", "prefect_dask")


def module_files(package: str) -> dict[str, Path]:
    """Dotted module name -> file, for every module of `package` (packages by `__init__`)."""
    modules = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imported_names(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The absolute dotted names an import statement names: the modules of `import a.b`, and
    for `from m import x` both `m` and `m.x` (x may be a submodule); relative imports resolved."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join(package + ([node.module] if node.module else []))
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def all_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth (a lazy import in a function counts)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The imports that run when the module is imported: top-level statements, including those
    under top-level `if`/`try`/`with`, but not under `if TYPE_CHECKING:` (never run) nor in
    functions or classes (run later, when called)."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from module_level_imports(node.body)
            yield from module_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from module_level_imports(block)
            for handler in node.handlers:
                yield from module_level_imports(handler.body)
        elif isinstance(node, ast.With):
            yield from module_level_imports(node.body)


def test_the_library_never_imports_flows_or_prefect():
    offenders = []
    for name, path in module_files("pipeline").items():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in all_imports(tree):
            for target in imported_names(node, name, path.name == "__init__.py"):
                if target.split(".")[0] in ADAPTERS:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {target}")
    assert not offenders, "\n".join(offenders)


def test_python_dash_m_pipeline_runs_the_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "python -m pipeline" in result.stdout and "ingest" in result.stdout


def test_importing_every_library_module_leaves_flows_and_prefect_unimported():
    names = list(module_files("pipeline"))
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {ADAPTERS!r}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of `pipeline` and `flows` it imports when it is imported.

    A name that is not itself a module (`from pipeline.store import open_db`) counts as its
    module. The implicit import of a parent package (importing `pipeline.nlp.timex.vocab`
    first runs `pipeline/nlp/timex/__init__.py`) is not an edge: a package that imports its
    own submodules would otherwise always look cyclic.
    """
    modules: dict[str, Path] = {}
    for package in PACKAGES:
        modules.update(module_files(package))
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        edges = set()
        for node in module_level_imports(tree.body):
            for target in imported_names(node, name, path.name == "__init__.py"):
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges.add(target)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of `graph` (its modules in order, the first repeated at the end), or None."""
    state: dict[str, str] = {}  # "open" while on the depth-first path, then "done"
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_finds_one_and_accepts_a_tree():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_imported_names_resolve_relative_imports():
    (node,) = ast.parse("from .vocab import MONTHS").body
    assert imported_names(node, "pipeline.nlp.timex.tagger", False) == [
        "pipeline.nlp.timex.vocab",
        "pipeline.nlp.timex.vocab.MONTHS",
    ]
    (node,) = ast.parse("from . import vocab").body
    assert imported_names(node, "pipeline.nlp.timex", True)[1] == "pipeline.nlp.timex.vocab"


def test_the_modules_of_pipeline_and_flows_have_no_import_cycle():
    graph = import_graph()
    # the graph sees the edges it should: package to submodule, adapter to library
    assert {"flows.cli.commands", "flows.cli.ingest"} <= graph["flows.cli"]
    assert "pipeline.errors" in graph["flows.cli.commands"]
    cycle = find_cycle(graph)
    assert cycle is None, " -> ".join(cycle or [])


def test_the_architecture_table_names_every_module_and_only_modules_that_exist():
    """docs/architecture.md's module tables: a row per module, or per package folder (`pipeline/
    nlp/timex/`, written with its trailing slash), and no row for a file that is gone."""
    rows = [
        line.split("|")[1]
        for line in (ROOT / "docs" / "architecture.md").read_text().splitlines()
        if line.startswith("| `")
    ]
    named = {word for row in rows for word in re.findall(r"`([a-z_/]+(?:\.py|/))`", row)}
    for entry in named:
        assert (ROOT / entry).exists(), f"docs/architecture.md names {entry}, which is gone"
    missing = []
    for package in PACKAGES:
        for path in module_files(package).values():
            relative = path.relative_to(ROOT)
            folders = {
                f"{parent.as_posix()}/" for parent in relative.parents if len(parent.parts) > 1
            }
            if relative.as_posix() not in named and not folders & named:
                missing.append(relative.as_posix())
    assert not missing, f"docs/architecture.md has no row for {missing}"


MAX_MODULE_LINES = 500


def test_no_module_outside_tests_is_over_500_lines():
    """Every module of the library, its adapters and the bench stays small enough to read."""
    long = []
    for package in PACKAGES + ("bench",):
        for path in module_files(package).values():
            lines = len(path.read_text().splitlines())
            if lines > MAX_MODULE_LINES:
                long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not long, f"modules over {MAX_MODULE_LINES} lines:\n" + "\n".join(long)

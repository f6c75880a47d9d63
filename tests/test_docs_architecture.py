"""docs/architecture.md's module tables name only interfaces that exist, with their arguments
(and docs/extending.md lists the components the pipeline adds, in order).

(`tests/test_layering.py` checks that every module has a row; here a package's row lists
exactly the modules of its folder.) The rule, per row: the modules
are the backticked paths of its first cell, and for a package folder the modules it lists in
parentheses (`pipeline/nlp/timex/` (vocab, data, ...)). Each backticked span of the interface
cell that starts with a Python name is looked up in those modules (`Name`, `Name.attr`, or a
method of one of their classes: `IngestRun` (plan, `document_batches`, `load`)); a span written
as a call, `name(a, b=None) -> ...`, must name parameters the callable has (`...` stands for
the rest). Component names (`eventpipe_events_v1`) must be written in the module's source;
"mixed into `EventExtractor`" must name a class of a module in the tables. Paths, commands
(`python -m ...`) and prose are not checked.
"""

from __future__ import annotations

import importlib
import inspect
import re
from types import ModuleType

from tests.conftest import ROOT

ARCHITECTURE = ROOT / "docs" / "architecture.md"
CALL = re.compile(r"([A-Za-z_][\w.]*)\(([^()]*)\)(?: -> .*)?")
NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def table_rows() -> list[tuple[str, str]]:
    """(module cell, interface cell) of each row of the module tables."""
    rows = []
    for line in ARCHITECTURE.read_text().splitlines():
        cells = line.split("|")[1:-1]
        if line.startswith("| `") and len(cells) == 3:
            rows.append((cells[0], cells[2]))
    return rows


def row_modules(cell: str) -> list[ModuleType]:
    """The modules a row's first cell names."""
    listed = re.search(r"\(([^)]*)\)", cell)
    names = []
    for path in re.findall(r"`([a-z_/]+(?:\.py|/))`", cell):
        dotted = path.removesuffix(".py").removesuffix("/").replace("/", ".")
        dotted = dotted.removesuffix(".__init__")
        names.append(dotted)
        if path.endswith("/") and listed:
            names += [
                f"{dotted}.{n}" for n in re.findall(r"\w+", listed.group(1)) if n != "__init__"
            ]
    return [importlib.import_module(name) for name in names]


def lookup(modules: list[ModuleType], dotted: str) -> object | None:
    """`dotted` in one of the modules, or as a method of one of their classes."""
    for module in modules:
        found: object = module
        try:
            for part in dotted.split("."):
                found = getattr(found, part)
        except AttributeError:
            continue
        return found
    for module in modules:
        for value in vars(module).values():
            if inspect.isclass(value) and hasattr(value, dotted):
                return getattr(value, dotted)
    return None


def problems() -> list[str]:
    """Every span of an interface cell that does not match the code."""
    rows = [(row_modules(cell), interface) for cell, interface in table_rows()]
    everything = [module for modules, _ in rows for module in modules]
    found = []
    for modules, interface in rows:
        where = modules[0].__name__
        mixed = set(re.findall(r"mixed into `(\w+)`", interface))
        for span in re.findall(r"`([^`]+)`", interface):
            name = NAME.match(span)
            if not name or span.startswith(("python -m", "eventpipe ")) or "/" in span:
                continue
            if span == "eventpipe":  # the script
                continue
            if span.startswith("eventpipe_"):
                if not any(span in inspect.getsource(m) for m in modules):
                    found.append(f"{where}: no component {span}")
                continue
            target = lookup(everything if span in mixed else modules, name.group())
            if target is None:
                found.append(f"{where}: no {name.group()}")
                continue
            call = CALL.fullmatch(span)
            if call and callable(target):
                written = [a.split("=")[0].strip() for a in call.group(2).split(",")]
                parameters = inspect.signature(target).parameters
                wrong = [a for a in written if a and a != "..." and a not in parameters]
                if wrong:
                    found.append(f"{where}: {span} names {wrong}; it takes {list(parameters)}")
    return found


def test_the_architecture_tables_name_interfaces_that_exist_with_their_arguments():
    found = problems()
    assert not found, "docs/architecture.md: " + "; ".join(found)


def test_a_package_row_lists_exactly_its_modules():
    """`pipeline/nlp/timex/` (vocab, data, ...): the modules in parentheses are the folder's."""
    for cell, _ in table_rows():
        row = re.match(r"\s*`([a-z_/]+/)`\s*\(([^)]*)\)", cell)
        if not row:
            continue
        listed = set(re.findall(r"\w+", row.group(2))) - {"__init__"}
        actual = {p.stem for p in (ROOT / row.group(1)).glob("*.py")} - {"__init__", "__main__"}
        assert listed == actual, f"{row.group(1)}: lists {sorted(listed)}, has {sorted(actual)}"


def test_the_rule_reads_the_tables():
    rows = table_rows()
    assert len(rows) > 60
    timex = next(row_modules(cell) for cell, _ in rows if "pipeline/nlp/timex/" in cell)
    assert {"pipeline.nlp.timex", "pipeline.nlp.timex.document"} <= {m.__name__ for m in timex}
    ingest = row_modules("`pipeline/ingest.py`")
    assert lookup(ingest, "document_batches") is not None  # a method of IngestRun
    assert CALL.fullmatch("tag_timexes(text, dct) -> list[Timex]").group(2) == "text, dct"


def test_the_extending_doc_lists_the_components_in_the_order_of_the_pipeline_config():
    """docs/extending.md's factory table is PIPELINE_CONFIG's `[pipeline] order`."""
    from thinc.api import Config

    from pipeline.nlp.build import PIPELINE_CONFIG

    order = Config().from_str(PIPELINE_CONFIG)["pipeline"]["order"]
    text = (ROOT / "docs" / "extending.md").read_text()
    listed = re.findall(r"^\| `(eventpipe_\w+)`", text, flags=re.MULTILINE)
    assert listed == order, f"docs/extending.md lists {listed}; the pipeline adds {order}"

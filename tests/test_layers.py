"""The data flows one way through the package: text -> corpus -> codebook -> coding ->
results -> report, with cli and pipeline on top. Checked on the source, imports inside
functions included, so a lazy import cannot hide a step backwards."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import healthdiplomacy

PACKAGE = Path(healthdiplomacy.__file__).parent
LAYERS = ["text", "corpus", "codebook", "coding", "results", "report"]
TOP = len(LAYERS)  # cli.py, pipeline.py, __init__.py, __main__.py


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else TOP


def imports(module: str) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import of the package in ``module``."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            target = ".".join(base[: len(base) - node.level + 1] + ([node.module] if node.module else [])) \
                if node.level else node.module
            if target and target.split(".")[0] == "healthdiplomacy":
                names = [a.name for a in node.names]
                # "from . import charts" imports a module, not a name of the package
                submodules = [n for n in names if f"{target}.{n}" in MODULES]
                found.extend((f"{target}.{n}", [], node.lineno) for n in submodules)
                rest = [n for n in names if n not in submodules]
                if rest:
                    found.append((target, rest, node.lineno))
        elif isinstance(node, ast.Import):
            found.extend((a.name, [], node.lineno) for a in node.names if a.name.startswith("healthdiplomacy"))
    return found


EDGES = [(m, target, names, line) for m in MODULES for target, names, line in imports(m)]


def test_the_layers_exist_as_subpackages():
    assert {m.split(".")[1] for m in MODULES if m.count(".") >= 1} >= set(LAYERS)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_higher_layer(module):
    upward = [f"{MODULES[module].name}:{line} imports {target}" for m, target, _, line in EDGES
              if m == module and layer(target) > layer(module)]
    assert not upward, f"{module} is in layer {LAYERS[layer(module)] if layer(module) < TOP else 'top'}: {upward}"


def test_no_private_name_is_imported_from_another_module():
    private = [f"{m} imports {n} from {target} (line {line})" for m, target, names, line in EDGES
               for n in names if n.startswith("_") and not n.startswith("__")]
    assert not private


def test_no_private_attribute_of_another_module_is_used():
    # "charts._style(...)" after "from . import charts": the same reach, spelled differently.
    found = []
    for module, path in MODULES.items():
        aliases = {}
        tree = ast.parse(path.read_text("utf-8"))
        for target, names, _ in imports(module):
            if not names:
                aliases[target.rsplit(".", 1)[-1]] = target
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and node.attr.startswith("_") and not node.attr.startswith("__")):
                found.append(f"{module}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert not found


def test_no_import_cycle():
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, target, _, _ in EDGES:
        # A package's __init__ re-exports its modules; importing it is importing them.
        if target in MODULES and target != module and not MODULES[module].name == "__init__.py":
            graph[module].add(target)
    seen, stack, cycles = set(), [], []

    def visit(node: str) -> None:
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt)
        stack.pop()

    for module in sorted(graph):
        visit(module)
    assert not cycles, " ; ".join(" -> ".join(c) for c in cycles)


def test_the_checks_see_an_upward_import():
    # The rule itself: a coding module importing the report would be caught.
    assert layer("healthdiplomacy.report.charts") > layer("healthdiplomacy.coding.tagger")
    assert layer("healthdiplomacy.cli") == TOP and layer("healthdiplomacy.text.normalize") == 0
    assert any(t == "healthdiplomacy.text.normalize" for m, t, _, _ in EDGES if m == "healthdiplomacy.coding.tagger")

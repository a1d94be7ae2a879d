"""The house's shape: no import circles among Stem's modules, and no oversized modules.

Every import counts, also one inside a function or under TYPE_CHECKING: a module that
imports another that imports it back is a knot, whichever way it is tied. Run on its own:
`.venv/bin/pytest tests/core/test_house.py -q`.
"""

from __future__ import annotations

import ast
from pathlib import Path

STEM = Path(__file__).resolve().parents[2] / "stem"
MAX_LINES = 400  # "files stay small": about 300 lines, a package before 400


def _modules() -> dict[str, Path]:
    modules = {}
    for path in STEM.rglob("*.py"):
        parts = list(path.relative_to(STEM.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The Stem modules that `name` imports (the deepest module each import names)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                       for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith("stem"):
                found.add(target)
    return found


def import_cycles() -> list[list[str]]:
    """Every group of modules that import each other, directly or round a loop (Tarjan)."""
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_no_module_imports_a_module_that_imports_it_back():
    assert import_cycles() == []


def test_the_walk_sees_imports_of_every_kind():
    # A check that cannot fail is no check: the walk must find what an import names.
    modules = _modules()
    edges = _imports("stem.accounts.routes", modules["stem.accounts.routes"], modules)
    assert {"stem.accounts", "stem.accounts.services", "stem.core.db"} <= edges


def test_modules_stay_small():
    big = {
        str(path.relative_to(STEM.parent)): lines
        for path in STEM.rglob("*.py")
        if "demo" not in path.parts and (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert big == {}, "split these into a package of smaller modules"

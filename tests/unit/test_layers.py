"""The layers the README's architecture diagram draws are the layers the code has.

Every package (or top-level module) of bot/ is on one row of the diagram; it imports only from its own row
or rows below, packages never import each other in a cycle, and bot/ never imports Rasa or the code built
on Rasa (actions/, channels/, components/). Lazy imports inside functions count too.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ABOVE_BOT = ("rasa", "rasa_sdk", "actions", "channels", "components")


def _diagram() -> dict[str, int]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- layers:start -->", 1)[1].split("<!-- layers:end -->", 1)[0]
    rows = {}
    for line in block.splitlines():
        row = re.match(r"\s*(\d+)\s", line)
        if row:
            for unit in re.findall(r"bot\.[a-z_]+", line):
                rows[unit] = int(row.group(1))
    return rows


def _unit(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _imports() -> dict[str, dict[str, set[str]]]:
    """unit → imported unit or outside module → files that import it."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in (ROOT / "bot").rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        if module == "bot":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [f"bot.{a.name}" for a in node.names] if node.module == "bot" else [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                found[_unit(module)][_unit(name) if name.startswith("bot.") else name.split(".")[0]].add(
                    str(path.relative_to(ROOT)))
    return found


def test_every_package_is_in_the_diagram():
    rows = _diagram()
    assert set(_imports()) - set(rows) == set(), "place the new package on a row of the README's diagram"
    assert set(rows) - set(_imports()) == set(), "the diagram names a package that no longer exists"


def test_packages_import_only_their_own_row_or_below():
    rows = _diagram()
    upward = [f"{unit} (row {rows[unit]}) imports {target} (row {rows[target]}) in {sorted(files)}"
              for unit, targets in _imports().items() for target, files in targets.items()
              if target in rows and rows[target] > rows[unit]]
    assert upward == []


def test_no_import_cycle_between_packages():
    graph = {unit: {t for t in targets if t.startswith("bot.") and t != unit} for unit, targets in _imports().items()}
    cycles = [component for component in _strongly_connected(graph) if len(component) > 1]
    assert cycles == []


def test_bot_never_imports_rasa_or_what_is_built_on_it():
    wrong = [f"{unit} imports {target} in {sorted(files)}" for unit, targets in _imports().items()
             for target, files in targets.items() if target in ABOVE_BOT]
    assert wrong == []


def test_the_checks_see_a_cycle_and_an_upward_import():
    assert [sorted(c) for c in _strongly_connected({"a": {"b"}, "b": {"a"}, "c": {"a"}}) if len(c) > 1] == [["a", "b"]]
    rows = _diagram()
    assert rows["bot.web"] > rows["bot.catalog"] > rows["bot.vocab"]


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (recursive: the graph has a few dozen nodes)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(component)

    for node in list(graph):
        if node not in index:
            visit(node)
    return components

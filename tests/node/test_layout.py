"""federation/ keeps the shape of its data flow: no import cycle, each part in its layer.

The layers are read from the import-linter contract in pyproject.toml (the one with
`containers = ["federation"]`), so this test and `lint-imports` judge by the same list.
The import graph is grimp's (import-linter's own), built from the source: it sees the
imports written inside functions too, so a cycle cannot hide behind one.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
FEDERATION = ROOT / "federation"


def federation_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for contract in config["tool"]["importlinter"]["contracts"]:
        if contract.get("type") == "layers" and contract.get("containers") == ["federation"]:
            return contract["layers"]
    raise AssertionError("pyproject.toml lost the layers contract of federation")


def as_grimp_layer(layer: str) -> grimp.Layer:
    if ":" in layer:
        return grimp.Layer(*(part.strip() for part in layer.split(":")), independent=False)
    return grimp.Layer(*(part.strip() for part in layer.split("|")), independent=True)


def layer_names(layer: str) -> set[str]:
    return {part.strip() for part in layer.replace(":", "|").split("|")}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("federation", include_external_packages=False, cache_dir=None)


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: the groups of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_no_two_federation_modules_import_each_other(graph: grimp.ImportGraph) -> None:
    edges = {
        module: graph.find_modules_directly_imported_by(module) - {module}
        for module in graph.modules
    }
    cycles = strongly_connected(edges)
    assert not cycles, "import cycles in federation:\n" + "\n".join(
        " <-> ".join(group) for group in cycles
    )


def test_no_two_parts_of_federation_import_each_other(graph: grimp.ImportGraph) -> None:
    """The same at the scale of federation's parts (protocol, incoming, models...)."""

    def part(module: str) -> str:
        return ".".join(module.split(".")[:2])

    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        if module == "federation":
            continue
        targets = {part(t) for t in graph.find_modules_directly_imported_by(module)}
        edges.setdefault(part(module), set()).update(targets - {part(module), "federation"})
    cycles = strongly_connected(edges)
    assert not cycles, "parts of federation importing each other:\n" + "\n".join(
        " <-> ".join(group) for group in cycles
    )


def test_each_part_of_federation_imports_only_the_layers_below(
    graph: grimp.ImportGraph,
) -> None:
    illegal = graph.find_illegal_dependencies_for_layers(
        layers=[as_grimp_layer(layer) for layer in federation_layers()],
        containers={"federation"},
    )
    lines = []
    for dependency in sorted(illegal, key=lambda d: (d.importer, d.imported)):
        for route in dependency.routes:
            chain = [*route.heads, *route.middle, *route.tails]
            lines.append(f"{dependency.importer} -> {dependency.imported}: {' -> '.join(chain)}")
    assert not illegal, "imports against federation's layers:\n" + "\n".join(lines)


def test_every_subpackage_of_federation_has_a_layer() -> None:
    """A new folder in federation/ gets its place in the flow, not a free pass."""
    named = set().union(*(layer_names(layer) for layer in federation_layers()))
    subpackages = {
        path.parent.name
        for path in FEDERATION.glob("*/__init__.py")
        if path.parent.name != "migrations"
    }
    assert subpackages - named == set()
    existing = subpackages | {path.stem for path in FEDERATION.glob("*.py")}
    assert named - existing == set(), "layers naming nothing in federation/"

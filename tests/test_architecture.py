"""The import rules of docs/architecture.md, read from the source: the packages form no cycle, the pure
packages import no Django, and the archive's pages never import the ingest."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "danish",
    "ingest",
    "meetings",
    "search",
    "api",
    "opendata",
    "bench",
    "harvest",
    "alerts",
    "kkrarchive",
)
# Sub-packages and modules that are layers of their own in the graph.
LAYERS = ("ingest.parser",)
# Pure Python: text in, data out. No Django, nothing of the archive but these.
PURE = (
    "danish",
    "ingest.parser",
    "ingest.reader",
    "ingest.html_text",
    "ingest.merge",
    "ingest.files",
    "meetings.minutes_changes",  # the agenda-to-minutes comparison works on stored parses alone
)
ALLOWED_FOR_PURE = {
    "danish",
    "ingest.parser",
    "ingest.reader",
    "ingest.html_text",
    "ingest.merge",
    "ingest.files",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, at any depth (imports inside functions count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def project_modules() -> dict[str, set[str]]:
    modules: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                modules[module_name(path)] = imports_of(path)
    return modules


def layer_of(module: str) -> str | None:
    for layer in LAYERS:
        if module == layer or module.startswith(layer + "."):
            return layer
    top = module.split(".")[0]
    return top if top in PACKAGES else None


def layer_graph(modules: dict[str, set[str]]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, imported in modules.items():
        source = layer_of(module)
        for name in imported:
            target = layer_of(name)
            if target and target != source:
                graph[source].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of `graph` as a path that ends where it starts, or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


MODULES = project_modules()
GRAPH = layer_graph(MODULES)


def test_the_graph_is_read_from_the_source():
    assert "search.ranking" in MODULES and "meetings.models" in MODULES["search.ranking"]
    assert "meetings" in GRAPH["search"] and "danish" in GRAPH["ingest.parser"]


def test_cycles_are_found():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_the_packages_import_each_other_one_way_only():
    assert find_cycle(GRAPH) is None, f"import cycle: {' → '.join(find_cycle(GRAPH))}"


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if any(m == p or m.startswith(p + ".") for p in PURE))
)
def test_pure_modules_import_no_django_and_nothing_of_the_archive(module):
    for name in MODULES[module]:
        top = name.split(".")[0]
        assert top != "django", f"{module} imports {name}"
        if top in PACKAGES:
            assert any(name == p or name.startswith(p + ".") for p in ALLOWED_FOR_PURE), (
                f"{module} imports {name}"
            )


def test_the_archive_never_imports_the_ingest_search_api_or_benchmarks():
    for module, imported in MODULES.items():
        if layer_of(module) == "meetings":
            wrong = sorted(
                n
                for n in imported
                if layer_of(n)
                in {
                    "ingest",
                    "ingest.parser",
                    "search",
                    "api",
                    "opendata",
                    "bench",
                    "harvest",
                    "alerts",
                    "kkrarchive",
                }
            )
            assert not wrong, f"{module} imports {wrong}"


def test_nothing_imports_the_benchmarks():
    for module, imported in MODULES.items():
        if layer_of(module) != "bench":
            assert not [n for n in imported if layer_of(n) == "bench"], module

"""The product's packages form layers: each imports only packages below it, so there is no
cycle between them (docs/decisions/0050-kernel-and-layers.md).

The graph is read from the source, every import that runs (at the top of a module or inside
a function); imports made only for type checking (`if TYPE_CHECKING:`) do not run and are
left out. Tests and migrations are not product code.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top. A package may import the packages before it in this list, never after:
# `rules` and the kernel, `ui`'s shared widgets, then the project's apps in the order
# INSTALLED_APPS lists them (so a new app takes its place by being listed), and the
# project package, with the settings and URLs, at the top.
BOTTOM = ["rules", "kernel", "ui"]
TOP = ["openmappa"]
LAYERS = [
    *BOTTOM,
    *(app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists() and app not in BOTTOM),
    *TOP,
]
# Modules that are an app's own web face (views.py, api.py, urls.py, sharing_views.py...):
# no other app imports them; openmappa/urls does. The kernel's building blocks are not apps.
WEB_MODULES = ("views", "api", "urls")


def _is_web_module(module: str) -> bool:
    parts = module.split(".")
    return len(parts) > 1 and parts[0] != "kernel" and parts[1].split("_")[-1] in WEB_MODULES


def _product_files() -> Iterator[tuple[str, Path]]:
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield package, path


def _type_checking_only(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING":
            skipped.update(id(inner) for statement in node.body for inner in ast.walk(statement))
    return skipped


def _imports(path: Path) -> Iterator[tuple[str, int]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    skipped = _type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno
            for alias in node.names:  # `from app import views` names a module too
                yield f"{node.module}.{alias.name}", node.lineno


def _graph() -> dict[str, dict[str, list[str]]]:
    """package -> imported package -> where ("file:line")."""
    edges: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for package, path in _product_files():
        for module, line in _imports(path):
            target = module.split(".")[0]
            if target in LAYERS and target != package:
                place = f"{path.relative_to(ROOT)}:{line}"
                if place not in edges[package][target]:
                    edges[package][target].append(place)
    return edges


def test_every_product_package_has_a_layer() -> None:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} | {p.parent.name for p in ROOT.glob("*/apps.py")}
    unplaced = sorted(packages - set(LAYERS) - {"tests", "bench"})
    assert not unplaced, f"packages with no place in LAYERS: {unplaced}"


def test_imports_point_down_only() -> None:
    rank = {package: index for index, package in enumerate(LAYERS)}
    upward = [
        f"{package} imports {target} ({', '.join(places[:3])})"
        for package, targets in _graph().items()
        for target, places in targets.items()
        if rank[target] > rank[package]
    ]
    assert not upward, "imports pointing up a layer:\n" + "\n".join(sorted(upward))


def test_no_cycle_between_packages() -> None:
    graph = {package: set(targets) for package, targets in _graph().items()}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as cycle:
        raise AssertionError(f"import cycle between packages: {cycle.args[1]}") from None


def test_no_app_imports_another_apps_web_modules() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for package, path in _product_files()
        if package != "openmappa"
        for module, line in _imports(path)
        if module.split(".")[0] in LAYERS and module.split(".")[0] != package and _is_web_module(module)
    ]
    assert not found, "\n".join(sorted(set(found)))

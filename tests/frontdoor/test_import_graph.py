"""Every core module imports on its own, and the core's modules import each other in no circle.

One fresh interpreter imports each ``frontdoor`` module alone (every
``frontdoor`` module is forgotten before the next), so a module that only
imports after another has been imported fails here. The circles are looked
for in the graph of every import a module makes, inside functions and under
``TYPE_CHECKING`` too (a circle hidden that way is still one): ``from a.b
import c`` is an edge to the module ``a.b.c`` when there is one, else to
``a.b``; a package importing its own submodules is no edge.
"""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import frontdoor

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, json, pkgutil, sys, traceback
import frontdoor
names = sorted(m.name for m in pkgutil.walk_packages(frontdoor.__path__, "frontdoor.")
               if ".migrations" not in m.name)
report = {}
for name in names:
    for loaded in [m for m in sys.modules if m.startswith("frontdoor.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        report[name] = {"error": traceback.format_exc()}
        continue
    report[name] = {"error": None}
print(json.dumps(report))
"""


MODULES = sorted(m.name for m in pkgutil.walk_packages(frontdoor.__path__, "frontdoor.")
                 if ".migrations" not in m.name)


@pytest.fixture(scope="module")
def report() -> dict[str, dict[str, Any]]:
    """Each module's error when imported alone (None when it imports)."""
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, check=True)
    found: dict[str, dict[str, Any]] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def _path(module: str) -> Path:
    base = ROOT.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _imports(module: str) -> set[str]:
    """Return the ``frontdoor`` modules ``module`` imports anywhere (a package's own submodules aside)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(_path(module).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return {name for name in found if name in MODULES and name != module and not name.startswith(module + ".")}


def _circle_through(start: str, graph: dict[str, set[str]]) -> list[str]:
    """Return a path of imports from ``start`` back to itself, or [] when there is none."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return []


GRAPH = {module: _imports(module) for module in MODULES}


@pytest.mark.parametrize("module", MODULES)
def test_each_core_module_imports_alone(module: str, report: dict[str, dict[str, Any]]) -> None:
    assert report[module]["error"] is None, report[module]["error"]


@pytest.mark.parametrize("module", MODULES)
def test_no_core_module_is_in_an_import_circle(module: str) -> None:
    assert _circle_through(module, GRAPH) == []


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}}
    assert _circle_through("a", graph) == ["a", "b", "c", "a"]
    assert _circle_through("a", {"a": {"b"}, "b": set()}) == []


def test_the_probe_saw_the_core() -> None:
    assert {"frontdoor.bootstrap", "frontdoor.jobs", "frontdoor.services.alerts", "frontdoor.ports"} <= set(MODULES)

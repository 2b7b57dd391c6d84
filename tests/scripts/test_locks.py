"""The hashed locks under constraints/ (written by scripts/lock) agree with what they lock.

pyproject.toml says what the runtime, the dev extra and the test extra need; the locks say exactly
which files install it. These checks catch a dependency added without rewriting the locks, a lock
edited by hand, and runtime code that imports a development or test tool.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ROOT / "constraints"
RUNTIME_PACKAGES = ("frontdoor", "web", "actions", "outbound")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$")


def normal(name: str) -> str:
    """Return a distribution name normalised as PEP 503 does (``Flask_WTF`` → ``flask-wtf``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    """Return the normalised distribution name of a PEP 508 requirement string."""
    found = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert found, requirement
    return normal(found.group(0))


def pins(lock: str) -> dict[str, str]:
    """Return ``{name: version}`` for every package in ``constraints/<lock>``, checking each has hashes."""
    lines = (LOCKS / lock).read_text("utf-8").splitlines()
    found: dict[str, str] = {}
    for number, line in enumerate(lines):
        match = PIN.match(line)
        if match:
            assert lines[number + 1].strip().startswith("--hash=sha256:"), f"{lock}: {line} has no hash"
            found[normal(match.group(1))] = match.group(2)
    assert found, f"{lock} locks nothing"
    return found


def project() -> dict[str, list[str]]:
    """Return the names pyproject.toml asks for: ``runtime``, and one entry per extra."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    needs = {"runtime": [requirement_name(r) for r in data["dependencies"]]}
    for extra, requirements in data["optional-dependencies"].items():
        needs[extra] = [requirement_name(r) for r in requirements]
    return needs


@pytest.mark.parametrize(("lock", "parts"), [("app.lock", ["runtime"]), ("app-test.lock", ["runtime", "test"]),
                                             ("app-dev.lock", ["runtime", "dev"])])
def test_each_app_lock_holds_what_pyproject_asks_for(lock: str, parts: list[str]) -> None:
    locked = pins(lock)
    for part in parts:
        missing = [name for name in project()[part] if name not in locked]
        assert not missing, f"{lock} lacks {missing}: run scripts/lock"


def test_the_runtime_lock_holds_no_development_or_test_tool() -> None:
    needs = project()
    runtime = pins("app.lock")
    assert not [name for name in needs["dev"] + needs["test"] if name in runtime and name not in needs["runtime"]]


def test_the_app_locks_agree_on_every_version_they_share() -> None:
    runtime = pins("app.lock")
    for lock in ("app-test.lock", "app-dev.lock"):
        extra = pins(lock)
        assert {name: extra[name] for name in runtime} == runtime, f"{lock} moved a runtime version"


def test_the_bot_lock_holds_the_rasa_bot_requirements_names() -> None:
    locked = pins("bot.lock")
    for line in (ROOT / "bot" / "requirements.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, wanted = line.split("==")
            assert locked[normal(name)] == wanted.strip()


def imported_roots(path: Path) -> set[str]:
    """Return the top-level module names a Python file imports."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


def test_runtime_code_imports_no_development_or_test_tool() -> None:
    tools = {"honcho", "uv", "playwright", "pytest", "hypothesis", "aiosmtpd", "pypdf", "mypy", "ruff", "jsonschema"}
    offenders = {str(path.relative_to(ROOT)): sorted(imported_roots(path) & tools)
                 for package in RUNTIME_PACKAGES for path in sorted((ROOT / package).rglob("*.py"))}
    assert {path: found for path, found in offenders.items() if found} == {}

"""Fixtures for action tests: a real core on a temporary SQLite database."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from actions import runtime
from frontdoor.config import Settings
from frontdoor.services import Core
from frontdoor.store.migrate import upgrade

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)  # a Monday


@pytest.fixture
def core(tmp_path: Path) -> Iterator[Core]:
    settings = Settings.from_env({"FRONTDOOR_HOME": str(tmp_path),
                                  "DATABASE_URL": f"sqlite:///{tmp_path / 'fd.db'}",
                                  "FRONTDOOR_PSEUDONYM_KEY": "33" * 32,
                                  "FRONTDOOR_DATA_KEYS": "MzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzM="})
    instance = Core.from_settings(settings, clock=lambda: NOW)
    upgrade(instance.db)
    runtime.use_core(instance)
    yield instance
    runtime.use_core(None)
    instance.db.dispose()


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """The merged bot domain, as the action server receives it."""
    merged: dict[str, Any] = {"forms": {}, "slots": {}, "responses": {}, "actions": []}
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        data = yaml.safe_load(path.read_text()) or {}
        for key in ("forms", "slots", "responses"):
            merged[key].update(data.get(key) or {})
        merged["actions"] += data.get("actions") or []
    return merged

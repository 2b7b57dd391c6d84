"""``frontdoor rollups rebuild``: every past day of the dashboard rolled up afresh."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from frontdoor.cli import main
from frontdoor.config import Settings
from frontdoor.services import Core
from frontdoor.store.migrate import upgrade
from frontdoor.store.rollups import RollupDay
from tests.conftest import DATA_KEY
from tests.frontdoor.services.test_dashboard import add


def test_rebuild_rolls_up_every_past_day(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("ROUTING_TABLE", "FRONTDOOR_LEXICON", "FRONTDOOR_TRIAGE_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'frontdoor.db'}")
    monkeypatch.setenv("FRONTDOOR_HOME", str(tmp_path))
    monkeypatch.setenv("FRONTDOOR_DATA_KEYS", DATA_KEY)
    core = Core.from_settings(Settings.from_env())
    upgrade(core.db)
    now = datetime.now(timezone.utc)
    for days in (2, 3, 3, 40):
        add(core, created=now - timedelta(days=days))

    result = CliRunner().invoke(main, ["rollups", "rebuild"])

    assert result.exit_code == 0, result.output
    assert "written for 3 days" in result.output
    with core.db.session() as session:
        assert session.scalar(select(func.count()).select_from(RollupDay)) == 3

"""``frontdoor related backfill``: every stored referral's match keys, written afresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from frontdoor.cli import main
from frontdoor.config import Settings
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft
from frontdoor.services import Core
from frontdoor.store.migrate import upgrade
from frontdoor.store.related import MatchKey
from tests.conftest import DATA_KEY


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    values = {"DATABASE_URL": f"sqlite:///{tmp_path / 'frontdoor.db'}", "FRONTDOOR_HOME": str(tmp_path),
              "FRONTDOOR_DATA_KEYS": DATA_KEY, "FRONTDOOR_PSEUDONYM_KEY": "44" * 32}
    for name in ("ROUTING_TABLE", "FRONTDOOR_LEXICON", "FRONTDOOR_TRIAGE_MODEL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def test_backfill_writes_the_keys_of_stored_referrals(environment: dict[str, str]) -> None:
    core = Core.from_settings(Settings.from_env())
    upgrade(core.db)
    draft = ReferralDraft(kind=Kind.CONCERN, channel=Channel.WEB, description="He keeps going missing", area="Erith",
                          people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name="Sam Jones", age=14)])
    core.submissions.submit(draft)
    with core.db.session() as session:
        session.execute(MatchKey.__table__.delete())
    result = CliRunner().invoke(main, ["related", "backfill", "--batch", "10"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "match keys written for 1 referral"
    with core.db.session() as session:
        assert session.scalar(select(func.count()).select_from(MatchKey)) == 2
    core.db.dispose()


def test_backfill_needs_the_pseudonym_key(environment: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTDOOR_PSEUDONYM_KEY")
    result = CliRunner().invoke(main, ["related", "backfill"])
    assert result.exit_code == 2 and "FRONTDOOR_PSEUDONYM_KEY" in result.output

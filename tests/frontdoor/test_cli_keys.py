"""`frontdoor keys generate|rotate` and `frontdoor purge`, and the key `make_env` writes."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from sqlalchemy import func, select, text

from frontdoor.cli import main
from frontdoor.config import Settings
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft
from frontdoor.services import Core
from frontdoor.store.crypto import PREFIX, Keyring
from frontdoor.store.models import AuditEntry, Person, Referral
from tests.conftest import START, FakeClock

ROOT = Path(__file__).resolve().parents[2]
NAME = "Canary Person"


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A private database and tracker store; no keys unless a test sets them."""
    for name in ("ROUTING_TABLE", "FRONTDOOR_LEXICON", "FRONTDOOR_DATA_KEYS", "FRONTDOOR_RETENTION_DAYS",
                 "RASA_TRACKER_DB", "RASA_TRACKER_URL", "RASA_TRACKER_HOST", "FRONTDOOR_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FRONTDOOR_HOME", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def generated() -> str:
    result = run("keys", "generate")
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def make_referral(clock: FakeClock | None = None) -> tuple[Core, str]:
    """Submit a referral through a core built from the environment; return (core, reference)."""
    core = Core.from_settings(Settings.from_env(), **({"clock": clock} if clock else {}))
    draft = ReferralDraft(kind=Kind.CONCERN, channel=Channel.WEB, area="Erith",
                          description="He carries a blade and they threatened him",
                          people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name=NAME, age=15)])
    return core, core.submissions.submit(draft).reference


def test_generate_prints_a_new_usable_key() -> None:
    first, second = generated(), generated()
    assert first != second
    assert Keyring([first]).decrypt(Keyring([first]).encrypt("x")) == "x"


def test_rotate_then_remove_the_old_key(monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = generated(), generated()
    monkeypatch.setenv("FRONTDOOR_DATA_KEYS", old)
    assert run("db", "upgrade").exit_code == 0
    core, _reference = make_referral()
    core.db.dispose()

    monkeypatch.setenv("FRONTDOOR_DATA_KEYS", f"{new},{old}")
    rotated = run("keys", "rotate", "--batch", "1")
    assert rotated.exit_code == 0, rotated.output
    assert "people: 1 rows checked" in rotated.stdout
    assert "referrals: 1 rows checked" in rotated.stdout
    assert "done: " in rotated.stdout and "done: 0 values" not in rotated.stdout
    again = run("keys", "rotate")
    assert again.exit_code == 0 and "done: 0 values re-encrypted" in again.stdout

    monkeypatch.setenv("FRONTDOOR_DATA_KEYS", new)
    core = Core.from_settings(Settings.from_env())
    try:
        with core.db.session() as session:
            assert session.scalar(select(Person.name).where(Person.name.is_not(None))) == NAME
            assert session.scalar(select(func.count()).select_from(AuditEntry)
                                  .where(AuditEntry.action == "keys.rotate")) == 2
        with core.db.engine.connect() as connection:
            stored = connection.execute(text("SELECT name FROM people WHERE name IS NOT NULL")).scalar_one()
        assert stored.startswith(PREFIX) and Keyring([new]).is_current(stored)
    finally:
        core.db.dispose()


def test_rotate_without_keys_is_a_clear_error() -> None:
    assert run("db", "upgrade").exit_code == 0
    result = run("keys", "rotate")
    assert result.exit_code == 2
    assert "FRONTDOOR_DATA_KEYS is not set" in result.stderr


def test_a_malformed_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDOOR_DATA_KEYS", "not-a-key")
    result = run("keys", "rotate")
    assert result.exit_code == 2
    assert "FRONTDOOR_DATA_KEYS: key 1 is not a valid key" in result.stderr
    assert "not-a-key" not in result.stderr  # keys are never echoed


def test_purge_dry_run_then_purge(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FRONTDOOR_DATA_KEYS", generated())
    # The demo workflow with "no further action" kept for 30 days, not a year.
    workflow = yaml.safe_load((ROOT / "frontdoor" / "data" / "workflow.yaml").read_text("utf-8"))
    workflow["outcomes"]["no_further_action"]["retention_days"] = 30
    (tmp_path / "workflow.yaml").write_text(yaml.safe_dump(workflow), "utf-8")
    monkeypatch.setenv("FRONTDOOR_WORKFLOW", str(tmp_path / "workflow.yaml"))
    assert run("db", "upgrade").exit_code == 0
    clock = FakeClock(START)  # long ago: closed more than 30 days before today
    core, reference = make_referral(clock)
    spoc = core.staff.add("spoc@example.gov.uk", list(core.table.inboxes))
    core.workflow.close(spoc, reference, "no_further_action")  # nothing further: deleted, not reviewed
    clock.advance(timedelta(days=1))
    core.db.dispose()

    dry = run("purge", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert any(line.split()[:3] == ["referrals", "1", "due"] for line in dry.stdout.splitlines())
    assert any(line.split()[:3] == ["people", "1", "due"] for line in dry.stdout.splitlines())
    assert "dry run: nothing deleted" in dry.stdout

    done = run("purge")
    assert done.exit_code == 0, done.output
    assert any(line.split()[:3] == ["referrals", "1", "deleted"] for line in done.stdout.splitlines())
    with core.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Referral)) == 0
        assert session.scalar(select(func.count()).select_from(Person)) == 0
    core.db.dispose()


def test_make_env_writes_a_data_key(tmp_path: Path) -> None:
    target = tmp_path / "frontdoor.env"
    subprocess.run([str(ROOT / "scripts" / "make_env"), str(target)], check=True, capture_output=True)
    values = dict(line.split("=", 1) for line in target.read_text().splitlines()
                  if "=" in line and not line.startswith("#"))
    keyring = Settings.from_env({"FRONTDOOR_DATA_KEYS": values["FRONTDOOR_DATA_KEYS"]}).keyring()
    assert keyring is not None and keyring.size == 1
    assert values["FRONTDOOR_RETENTION_DAYS"] == "365"

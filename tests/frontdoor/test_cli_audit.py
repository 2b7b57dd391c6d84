"""`frontdoor audit verify` and `frontdoor audit show`."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from frontdoor.cli import main
from frontdoor.config import Settings
from frontdoor.services import Core, audit
from frontdoor.store.db import Database
from frontdoor.store.migrate import upgrade

AT = datetime(2026, 3, 11, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def database_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """A migrated SQLite database the commands use through DATABASE_URL."""
    for name in ("ROUTING_TABLE", "FRONTDOOR_LEXICON", "FRONTDOOR_TIMEZONE", "FRONTDOOR_SQLITE_BUSY_MS"):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{tmp_path / 'frontdoor.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("FRONTDOOR_HOME", str(tmp_path / "home"))
    db = Database(url)
    upgrade(db)
    db.dispose()
    return url


@pytest.fixture
def entries(database_url: str) -> list[int]:
    """Six entries: three by the console about FD-AAAA-AAAA, three by a SPOC; return their ids."""
    db = Database(database_url)
    with db.session() as session:
        for n in range(3):
            audit.record(session, at=AT, actor="console", action="test.entry", reference="FD-AAAA-AAAA",
                         detail=f"n={n}")
        for _n in range(3):
            audit.record(session, at=AT, actor="spoc@frontdoor.example", action="referral.view",
                         reference="FD-BBBB-BBBB")
    with db.engine.connect() as connection:
        ids = list(connection.scalars(text("SELECT id FROM audit_log ORDER BY id")))
    db.dispose()
    return ids


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_verify_an_intact_chain(entries: list[int]) -> None:
    result = run("audit", "verify")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"ok: {len(entries)} entries checked, chain intact"


def test_verify_an_empty_log(database_url: str) -> None:
    result = run("audit", "verify")
    assert result.exit_code == 0
    assert "ok: 0 entries checked" in result.output


def test_verify_a_tampered_chain_exits_1_naming_the_first_broken_entry(database_url: str,
                                                                       entries: list[int]) -> None:
    db = Database(database_url)
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        connection.execute(text("UPDATE audit_log SET detail = 'n=9' WHERE id = :id"), {"id": entries[2]})
    db.dispose()
    result = run("audit", "verify")
    assert result.exit_code == 1
    assert f"BROKEN at entry {entries[2]}" in result.output
    assert "edited" in result.output and "2 entries before it are intact" in result.output


def test_verify_a_chain_with_a_deleted_entry(database_url: str, entries: list[int]) -> None:
    db = Database(database_url)
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        connection.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": entries[1]})
    db.dispose()
    result = run("audit", "verify")
    assert result.exit_code == 1
    assert f"BROKEN at entry {entries[2]}" in result.output


def test_an_unreachable_database_is_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'missing' / 'nowhere.db'}")
    monkeypatch.setenv("FRONTDOOR_HOME", str(tmp_path / "home"))
    result = run("audit", "verify")
    assert result.exit_code == 2
    assert result.output.startswith("error:")


def test_show_prints_entries_newest_first(entries: list[int]) -> None:
    result = run("audit", "show")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [int(line.split("\t")[0]) for line in lines] == list(reversed(entries))
    newest = lines[0].split("\t")
    assert newest[1:] == ["2026-03-11T10:00:00+00:00", "spoc@frontdoor.example", "referral.view", "FD-BBBB-BBBB", "-"]


def test_show_filters_by_reference_actor_and_limit(entries: list[int]) -> None:
    by_reference = run("audit", "show", "--reference", "fd-aaaa-aaaa").stdout.splitlines()
    assert [int(line.split("\t")[0]) for line in by_reference] == list(reversed(entries[:3]))
    by_actor = run("audit", "show", "--actor", "SPOC@frontdoor.example").stdout.splitlines()
    assert len(by_actor) == 3 and all("\treferral.view\t" in line for line in by_actor)
    limited = run("audit", "show", "--limit", "2").stdout.splitlines()
    assert [int(line.split("\t")[0]) for line in limited] == list(reversed(entries[-2:]))
    nothing = run("audit", "show", "--actor", "nobody@frontdoor.example")
    assert nothing.exit_code == 0 and nothing.stdout == ""
    assert run("audit", "show", "--limit", "0").exit_code == 2


def test_the_console_reads_of_the_log_change_nothing(database_url: str, entries: list[int]) -> None:
    run("audit", "verify")
    run("audit", "show")
    core = Core.from_settings(Settings.from_env())
    try:
        with core.db.session() as session:
            assert audit.verify(session).checked == len(entries)
    finally:
        core.db.dispose()


def test_show_escapes_what_came_from_outside(database_url: str) -> None:
    db = Database(database_url)
    with db.session() as session:
        audit.record(session, at=AT, actor="evil\x1b[2J\x1b[31m@x.example\r\n", action="staff.login_failed",
                     detail="tab\there")
    db.dispose()
    result = run("audit", "show")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    assert "evil\\x1b[2J\\x1b[31m@x.example\\x0d\\x0a" in result.stdout
    assert "tab\\x09here" in result.stdout

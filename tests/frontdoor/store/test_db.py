"""The database handle: units of work, aware UTC times, and outages as Unavailable."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import StatementError

from frontdoor.errors import NotFound, Unavailable
from frontdoor.store.db import Database
from frontdoor.store.models import AuditEntry


def entry(at: datetime, action: str = "test") -> AuditEntry:
    return AuditEntry(at=at, actor="tester", action=action)


def entries(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


NOW = datetime(2026, 3, 11, 10, 0, tzinfo=timezone.utc)


def test_session_commits_on_success(database: Database) -> None:
    with database.session() as session:
        session.add(entry(NOW))
    assert entries(database) == 1


def test_session_rolls_back_on_error(database: Database) -> None:
    with pytest.raises(RuntimeError), database.session() as session:
        session.add(entry(NOW))
        session.flush()
        raise RuntimeError("boom")
    assert entries(database) == 0


def test_commit_on_keeps_the_work_and_reraises(database: Database) -> None:
    with pytest.raises(NotFound), database.session(commit_on=(NotFound,)) as session:
        session.add(entry(NOW, "referral.view.denied"))
        raise NotFound("No such referral")
    assert entries(database) == 1


def test_times_come_back_aware_utc(database: Database) -> None:
    london_summer = datetime(2026, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=1)))
    with database.session() as session:
        session.add(entry(london_summer))
    with database.session() as session:
        stored = session.scalar(select(AuditEntry.at))
    assert stored == datetime(2026, 6, 1, 11, 0, tzinfo=timezone.utc)
    assert stored.tzinfo is timezone.utc


def test_naive_times_are_refused(database: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"), database.session() as session:
        session.add(entry(datetime(2026, 3, 11, 10, 0)))
    assert entries(database) == 0


def test_unreachable_postgres_is_unavailable(tmp_path) -> None:
    db = Database(f"postgresql+psycopg://nobody@/frontdoor?host={tmp_path}&port=1")
    try:
        with pytest.raises(Unavailable, match="try again"), db.session() as session:
            session.execute(select(1))
    finally:
        db.dispose()


def test_unopenable_sqlite_is_unavailable(tmp_path) -> None:
    (tmp_path / "dir-not-db").mkdir()
    db = Database(f"sqlite:///{tmp_path / 'dir-not-db'}")
    try:
        with pytest.raises(Unavailable), db.session() as session:
            session.execute(select(1))
    finally:
        db.dispose()


def test_create_all_for_quick_tests(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'direct.db'}")
    try:
        db.create_all()
        with db.session() as session:
            session.add(entry(NOW))
        assert entries(db) == 1
    finally:
        db.dispose()

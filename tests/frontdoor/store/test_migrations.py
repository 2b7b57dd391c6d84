"""The Alembic migrations, run on a fresh SQLite file and a fresh PostgreSQL database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from frontdoor.store.db import Database
from frontdoor.store.migrate import alembic_config, current, downgrade, upgrade
from frontdoor.store.models import Base

TABLES = {"referrals", "referral_copies", "people", "referral_events", "audit_log", "staff", "staff_inboxes",
          "api_tokens", "staff_sessions"}


def head() -> str:
    heads = ScriptDirectory.from_config(alembic_config(Database("sqlite://"))).get_heads()
    assert len(heads) == 1, f"the migrations have several heads: {heads}"
    return heads[0]


def differences(db: Database) -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "compare_server_default": True})
        return compare_metadata(context, Base.metadata)


def insert_referral(connection: Connection, status: str = "new", **more: str) -> None:
    """Insert referral 1 (amber, Bexley) with ``status`` and the ``more`` columns given."""
    columns = {"id": 1, "reference": "FD-AAAA-AAAA", "kind": "concern", "channel": "web", "status": status,
               "urgency": "amber", "urgency_rank": 2, "triage_reasons": "[]", "indicators": "[]",
               "routing_reasons": "[]", "inbox_id": "bexley-community-safety", "anonymous": False,
               "description": "x", "details": "{}", "created_at": "2026-01-01 10:00:00",
               "updated_at": "2026-01-01 10:00:00", "sla_due_at": "2026-01-02 10:00:00", **more}
    connection.execute(text(f"INSERT INTO referrals ({', '.join(columns)}) "
                            f"VALUES ({', '.join(':' + name for name in columns)})"), columns)


def test_upgrading_a_populated_database_keeps_every_row(database: Database) -> None:
    """Rebuilding a table on SQLite must not cascade to the rows that refer to it."""
    upgrade(database, "0002")
    with database.engine.begin() as connection:
        insert_referral(connection)
        connection.execute(text("INSERT INTO people (referral_id, role) VALUES (1, 'young_person_at_risk')"))
        connection.execute(text("INSERT INTO referral_events (referral_id, at, actor, action) "
                                "VALUES (1, '2026-01-01 10:00:00', 'a@example.org', 'note')"))
        connection.execute(text("INSERT INTO referral_copies (referral_id, inbox_id, created_at) "
                                "VALUES (1, 'met-se-gangs', '2026-01-01 10:00:00')"))
    upgrade(database)
    with database.engine.connect() as connection:
        for table in ("referrals", "people", "referral_events", "referral_copies"):
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 1, table
        if database.is_sqlite:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_schema_after_upgrade_matches_the_models(database: Database) -> None:
    # The `database` fixture has just run upgrade() on an empty database.
    assert current(database) == head()
    assert set(inspect(database.engine).get_table_names()) >= TABLES
    assert differences(database) == []


def test_upgrade_is_repeatable(database: Database) -> None:
    upgrade(database)
    assert current(database) == head()


def test_downgrade_to_base_and_back(database: Database) -> None:
    downgrade(database, "base")
    assert current(database) is None
    assert not TABLES & set(inspect(database.engine).get_table_names())

    upgrade(database)
    assert current(database) == head()
    assert differences(database) == []


def test_fresh_database_has_no_revision(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        assert current(db) is None
    finally:
        db.dispose()


def test_sqlite_database_directory_is_created(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'nested' / 'dir' / 'frontdoor.db'}")
    try:
        upgrade(db)
        assert (tmp_path / "nested" / "dir" / "frontdoor.db").exists()
        assert differences(db) == []
    finally:
        db.dispose()


def test_a_referral_closed_before_several_outcomes_keeps_its_outcome(database: Database) -> None:
    downgrade(database, "0007")
    with database.engine.begin() as connection:
        insert_referral(connection, status="closed", outcome="referred_svpp", closed_at="2026-01-03 10:00:00")
    upgrade(database)
    with database.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT referral_id, outcome, recorded_by FROM referral_outcomes")).all()
    assert [tuple(row) for row in rows] == [(1, "referred_svpp", "migration")]
    assert differences(database) == []

"""The Alembic migrations, run on a fresh SQLite file and a fresh PostgreSQL database."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from frontdoor.store.db import Database
from frontdoor.store.migrate import alembic_config, current, upgrade
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


def downgrade(db: Database, revision: str) -> None:
    config = alembic_config(db)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_schema_after_upgrade_matches_the_models(database: Database) -> None:
    # The `database` fixture has just run upgrade() on an empty database.
    assert current(database) == head()
    assert TABLES <= set(inspect(database.engine).get_table_names())
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

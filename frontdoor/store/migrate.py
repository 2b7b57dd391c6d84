"""Run the Alembic migrations programmatically (no alembic.ini needed)."""

from __future__ import annotations

from collections.abc import Callable

from alembic import command
from alembic.config import Config

from frontdoor.errors import Unavailable
from frontdoor.store.db import Database


def alembic_config(db: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", "frontdoor:migrations")
    config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return config


def upgrade(db: Database, revision: str = "head") -> None:
    """Bring ``db`` up to ``revision`` (the latest by default).

    On SQLite, Alembic changes a table by copying it into a new one and
    dropping the old; with foreign keys enforced that drop would cascade to the
    rows that refer to it (people, timeline, copies). So migrations run with
    enforcement off, and the foreign keys are checked once they are done.

    Raises:
        Unavailable: the migrated SQLite database has rows whose foreign keys
            point nowhere (the migration is rolled back).
    """
    _run(db, lambda config: command.upgrade(config, revision))


def downgrade(db: Database, revision: str) -> None:
    """Take ``db`` back to ``revision`` (see :func:`upgrade` for SQLite)."""
    _run(db, lambda config: command.downgrade(config, revision))


def _run(db: Database, step: Callable[[Config], None]) -> None:
    config = alembic_config(db)
    if not db.is_sqlite:
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config)
        return
    with db.engine.connect() as connection:
        # PRAGMA foreign_keys has no effect inside a transaction: set it first.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                step(config)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise Unavailable(f"the migration left {len(broken)} rows with dangling foreign keys; "
                                      "it was rolled back")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def current(db: Database) -> str | None:
    """Return the database's current revision, or None if unmigrated."""
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()

"""The database handle: engine, sessions, and translation of driver errors.

``Database(url)`` builds nothing until first used. :meth:`Database.session` is a
unit of work: it commits when the block ends normally and rolls back when it
raises. Database outages surface as :class:`~frontdoor.errors.Unavailable`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from sqlalchemy import create_engine, event
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlalchemy.exc import DBAPIError, OperationalError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from frontdoor.errors import FrontDoorError, Unavailable
from frontdoor.store import crypto
from frontdoor.store.crypto import Keyring
from frontdoor.store.models import Base


def rowcount(result: Result[Any]) -> int:
    """Return how many rows an UPDATE or DELETE ``result`` changed (0 when the driver does not say)."""
    return int(cast(CursorResult[Any], result).rowcount or 0)


def private_file(path: Path) -> None:
    """Create ``path`` (and its directory) readable by its owner only, unless it exists.

    SQLite gives its journal and WAL files the database file's permissions, so
    a database created 0600 stays private whatever the process's umask.
    """
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


class Database:
    """A lazily connected database at ``url``.

    ``keyring`` encrypts and decrypts the sensitive columns (see
    :mod:`frontdoor.store.crypto`); the core installs the one from its settings.
    """

    def __init__(self, url: str, *, sqlite_busy_timeout_ms: int = 15000, echo: bool = False,
                 keyring: Keyring | None = None) -> None:
        self.url = url
        self.keyring = keyring
        self._busy_ms = sqlite_busy_timeout_ms
        self._echo = echo
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None

    def use_keyring(self, keyring: Keyring | None) -> None:
        """Encrypt and decrypt with ``keyring`` from now on (also on an engine already built)."""
        self.keyring = keyring
        if self._engine is not None:
            crypto.install(self._engine.dialect, keyring)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            kwargs: dict[str, Any] = {"echo": self._echo, "future": True}
            if self.is_sqlite:
                path = self.url.split("///", 1)[-1]
                if path and path != ":memory:":
                    try:
                        private_file(Path(path))
                    except OSError as exc:
                        raise Unavailable(f"cannot create the database file: {exc}") from exc
                kwargs["connect_args"] = {"timeout": self._busy_ms / 1000, "check_same_thread": False}
            else:
                kwargs.update(pool_pre_ping=True, pool_size=5, max_overflow=10)
            engine = create_engine(self.url, **kwargs)
            if self.is_sqlite:
                busy = self._busy_ms

                @event.listens_for(engine, "connect")
                def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
                    cursor = dbapi_connection.cursor()
                    cursor.execute("PRAGMA foreign_keys=ON")
                    cursor.execute("PRAGMA journal_mode=WAL")
                    cursor.execute("PRAGMA synchronous=NORMAL")
                    cursor.execute(f"PRAGMA busy_timeout={int(busy)}")
                    cursor.close()

            crypto.install(engine.dialect, self.keyring)
            self._engine = engine
            self._sessions = sessionmaker(engine, expire_on_commit=False)
        return self._engine

    @contextmanager
    def session(self, *, commit_on: tuple[type[BaseException], ...] = ()) -> Iterator[Session]:
        """Yield a session; commit on success, roll back on error.

        ``commit_on`` lists exceptions that still commit what the block wrote
        before re-raising: a service records a refused access in the audit log
        and then raises the refusal.

        Raises:
            Unavailable: the database could not be reached or stayed locked.
            ConfigurationError: an encrypted column was written or read without
                a usable key (FRONTDOOR_DATA_KEYS).
        """
        self.engine  # noqa: B018 - builds the session factory
        assert self._sessions is not None
        session = self._sessions()
        try:
            try:
                yield session
            except commit_on:
                session.commit()
                raise
            session.commit()
        except (OperationalError, DBAPIError) as exc:
            session.rollback()
            if isinstance(exc, OperationalError) or exc.connection_invalidated:
                raise Unavailable("The database is unavailable; please try again.") from exc
            raise
        except StatementError as exc:
            session.rollback()
            if isinstance(exc.orig, FrontDoorError):  # e.g. no key for an encrypted column
                raise exc.orig from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def create_all(self) -> None:
        """Create every table directly (tests); real deployments use migrations."""
        Base.metadata.create_all(self.engine)

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._sessions = None

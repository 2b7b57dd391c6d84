"""Shared fixtures for every test suite.

- ``routing_table`` / ``analyser``: the demo routing table and the spaCy
  analyser built from it, once per session.
- ``clock``: a :class:`FakeClock` the core reads instead of the wall clock.
- ``postgres_url``: a throwaway PostgreSQL server for the session (see
  ``tests/support/postgres.py``); set ``FRONTDOOR_TEST_POSTGRES_URL`` to use
  your own. Missing PostgreSQL binaries FAIL the tests that need it.
- ``redis_url``: a throwaway redis-server for the session (``tests/support/redis.py``;
  ``FRONTDOOR_TEST_REDIS_URL`` to use your own); skipped if redis-server is missing.
- ``database``: a freshly migrated, empty database, once on a SQLite file and
  once on PostgreSQL (tests using it run twice; the PostgreSQL run is marked
  ``postgres``, so ``-m "not postgres"`` skips the server entirely).
- ``core``: :class:`frontdoor.services.Core` on that database with the fake clock.
- ``stack``: the whole system running, from ``tests/support/stack.py`` (a plugin).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.exc import DBAPIError

from frontdoor.config import Settings
from frontdoor.extraction import Analyser, default_analyser
from frontdoor.routing import RoutingTable
from frontdoor.services import Core
from frontdoor.sla import SlaPolicy, bank_holidays
from frontdoor.store.db import Database
from frontdoor.store.migrate import upgrade
from tests.support.postgres import ENV_URL, PostgresUnavailable, postgres_server
from tests.support.redis import RedisMissing, RedisUnavailable, redis_server

#: The running system (Rasa, actions, web app) for end-to-end and browser tests: the ``stack`` fixture.
pytest_plugins = ["tests.support.stack"]

#: The data key of the test databases (a fixed Fernet key; FRONTDOOR_DATA_KEYS in real use).
DATA_KEY = "REREREREREREREREREREREREREREREREREREREREREQ="

#: A Wednesday in March 2026, before the clocks change, nowhere near a bank holiday.
START = datetime(2026, 3, 11, 10, 0, tzinfo=timezone.utc)


class FakeClock:
    """A clock that only moves when told to. Call it for the current time."""

    def __init__(self, start: datetime = START) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        """Move forward by ``delta`` or by ``timedelta(**kwargs)``; return the new time."""
        self.now = self.now + (delta if delta is not None else timedelta(**kwargs))
        return self.now

    def set(self, when: datetime) -> datetime:
        if when.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self.now = when
        return self.now


@pytest.fixture(scope="session")
def routing_table() -> RoutingTable:
    return RoutingTable.load()


@pytest.fixture(scope="session")
def analyser(routing_table: RoutingTable) -> Analyser:
    # Cached process-wide: Core.from_settings gets this very object back.
    return default_analyser(routing_table.gazetteer())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a PostgreSQL database for this session (started here, removed at the end)."""
    server = postgres_server()
    problem = None
    try:
        url = server.__enter__()
    except PostgresUnavailable as exc:
        problem = str(exc)
    if problem is not None:
        pytest.fail(f"PostgreSQL is needed for the tests marked 'postgres': {problem}", pytrace=False)
    try:
        yield url
    finally:
        if os.environ.get(ENV_URL):
            _empty(url)  # leave a server of your own as we found it
        server.__exit__(None, None, None)


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The URL of a Redis server for this session (``tests/support/redis.py``).

    Skips the tests that need it, saying why, only when redis-server is not installed;
    a server that is installed but does not start FAILS them.
    """
    server = redis_server()
    try:
        url = server.__enter__()
    except RedisMissing as exc:
        pytest.skip(f"Redis is needed: {exc}")
    except RedisUnavailable as exc:
        pytest.fail(f"Redis is needed: {exc}", pytrace=False)
    try:
        yield url
    finally:
        server.__exit__(None, None, None)


def _empty(url: str) -> None:
    """Drop everything in the PostgreSQL database at ``url`` (tables, alembic_version, types)."""
    engine = create_engine(url)
    try:
        try:
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        except DBAPIError:
            # Not the schema's owner (a server of your own): drop the tables one by one.
            metadata = MetaData()
            metadata.reflect(engine)
            metadata.drop_all(engine)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database: a new SQLite file, or the session's PostgreSQL emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'frontdoor.db'}"
    url = request.getfixturevalue("postgres_url")
    _empty(url)
    return url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A database migrated to the latest revision with the project's own migrations."""
    db = Database(database_url)
    upgrade(db)
    yield db
    db.dispose()


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database.url,
        sla=SlaPolicy(holidays=bank_holidays()),
        home=tmp_path,
        pseudonym_key=bytes.fromhex("44" * 32),
        data_keys=(DATA_KEY,),
        environment="test",
    )


@pytest.fixture
def core(settings: Settings, database: Database, clock: FakeClock, analyser: Analyser) -> Core:
    built = Core.from_settings(settings, clock=clock, db=database)
    assert built.analyser is analyser, "the analyser should be built once per session"
    return built

"""Settings from the environment."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from frontdoor.config import Settings
from frontdoor.errors import ConfigurationError
from frontdoor.sla import Target


def test_defaults(tmp_path: Path) -> None:
    settings = Settings.from_env({"FRONTDOOR_HOME": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'frontdoor.db'}"
    assert settings.home == tmp_path
    assert settings.routing_table is None and settings.lexicon is None
    assert (settings.sla.red, settings.sla.amber, settings.sla.green) == (Target(1, "h"), Target(1, "wd"),
                                                                          Target(5, "wd"))
    assert settings.sla.tz == "Europe/London"
    assert date(2026, 12, 25) in settings.sla.holidays, "bank holidays are loaded"
    assert settings.sqlite_busy_timeout_ms == 15000


@pytest.mark.parametrize(("given", "url"), [
    ("postgres://u:p@db:5432/fd", "postgresql+psycopg://u:p@db:5432/fd"),
    ("postgresql://u:p@db/fd", "postgresql+psycopg://u:p@db/fd"),
    ("postgresql+psycopg://u@db/fd", "postgresql+psycopg://u@db/fd"),
    ("sqlite:////var/lib/fd.db", "sqlite:////var/lib/fd.db"),
], ids=["heroku-style", "plain-postgresql", "already-psycopg", "sqlite"])
def test_database_url(given: str, url: str) -> None:
    assert Settings.from_env({"DATABASE_URL": given}).database_url == url


def test_everything_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env({
        "FRONTDOOR_HOME": str(tmp_path),
        "ROUTING_TABLE": "/etc/frontdoor/routing.yaml",
        "FRONTDOOR_LEXICON": "/etc/frontdoor/lexicon.yaml",
        "FRONTDOOR_SLA_RED": "30m",
        "FRONTDOOR_SLA_AMBER": "4h",
        "FRONTDOOR_SLA_GREEN": "10wd",
        "FRONTDOOR_TIMEZONE": "Europe/Dublin",
        "FRONTDOOR_SQLITE_BUSY_MS": "2500",
    })
    assert settings.routing_table == "/etc/frontdoor/routing.yaml"
    assert settings.lexicon == "/etc/frontdoor/lexicon.yaml"
    assert (settings.sla.red, settings.sla.amber, settings.sla.green) == (Target(30, "m"), Target(4, "h"),
                                                                          Target(10, "wd"))
    assert settings.sla.tz == "Europe/Dublin"
    assert settings.sqlite_busy_timeout_ms == 2500


@pytest.mark.parametrize(("name", "value", "message"), [
    ("FRONTDOOR_SQLITE_BUSY_MS", "soon", "FRONTDOOR_SQLITE_BUSY_MS must be a number"),
    ("FRONTDOOR_SLA_RED", "asap", "invalid response target 'asap'"),
    ("FRONTDOOR_SLA_GREEN", "0wd", "invalid response target '0wd'"),
])
def test_bad_values(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env({name: value})


def test_empty_values_mean_defaults(tmp_path: Path) -> None:
    settings = Settings.from_env({"FRONTDOOR_HOME": str(tmp_path), "DATABASE_URL": "", "ROUTING_TABLE": "",
                                  "FRONTDOOR_LEXICON": ""})
    assert settings.database_url.startswith("sqlite:///")
    assert settings.routing_table is None and settings.lexicon is None


def test_clock_start_runs_on_from_the_given_time() -> None:
    settings = Settings.from_env({"FRONTDOOR_ENV": "test", "FRONTDOOR_CLOCK_START": "2026-12-05T23:30:00+00:00"})
    clock = settings.clock()
    first = clock()
    assert datetime(2026, 12, 5, 23, 30, tzinfo=timezone.utc) <= first < datetime(2026, 12, 5, 23, 31,
                                                                                  tzinfo=timezone.utc)
    assert clock() >= first


def test_without_clock_start_the_clock_is_real_time() -> None:
    before = datetime.now(timezone.utc)
    assert before <= Settings.from_env({}).clock()() <= datetime.now(timezone.utc)


@pytest.mark.parametrize(("env", "message"), [
    ({"FRONTDOOR_CLOCK_START": "2026-12-05T23:30:00+00:00"}, "refused in production"),
    ({"FRONTDOOR_ENV": "production", "FRONTDOOR_CLOCK_START": "2026-12-05T23:30:00+00:00"}, "refused in production"),
    ({"FRONTDOOR_ENV": "staging", "FRONTDOOR_CLOCK_START": "2026-12-05T23:30:00+00:00"}, "refused in production"),
    ({"FRONTDOOR_ENV": "test", "FRONTDOOR_CLOCK_START": "Saturday night"}, "not an ISO 8601 time"),
    ({"FRONTDOOR_ENV": "test", "FRONTDOOR_CLOCK_START": "2026-12-05T23:30:00"}, "needs a zone"),
])
def test_bad_clock_start(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env(env)

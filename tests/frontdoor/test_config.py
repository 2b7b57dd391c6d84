"""Settings from the environment."""

from __future__ import annotations

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
    assert settings.sla.holidays, "bank holidays are loaded"
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

"""The PostgreSQL launcher used by the test suites."""

from __future__ import annotations

import pytest

try:
    from tests.support import postgres
except ImportError:
    from support import postgres  # type: ignore[no-redef]


def test_missing_binaries_say_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(postgres.shutil, "which", lambda name: None)
    with pytest.raises(postgres.PostgresUnavailable) as caught:
        postgres.find_bindir()
    message = str(caught.value)
    assert "apt-get install postgresql" in message
    assert postgres.ENV_URL in message


def test_own_server_url_is_used_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(postgres.ENV_URL, "postgresql://me:secret@db.example:5433/fd")
    with postgres.postgres_server() as url:
        assert url == "postgresql+psycopg://me:secret@db.example:5433/fd"


def test_free_port_is_a_port() -> None:
    assert 1024 < postgres._free_port() < 65536

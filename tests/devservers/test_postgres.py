"""The PostgreSQL launcher used by the tests and by `make run`."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from devservers import postgres
from devservers.ports import free_port

ROOT = Path(__file__).resolve().parents[2]


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
    assert 1024 < free_port() < 65536


def test_the_tests_still_find_it_where_they_did() -> None:
    from tests.support import postgres as support

    assert support.postgres_server is postgres.postgres_server
    assert support.PostgresUnavailable is postgres.PostgresUnavailable


def test_a_root_run_keeps_the_cluster_where_the_server_user_reaches_it(tmp_path: Path) -> None:
    assert postgres.runtime_base(tmp_path, None) == tmp_path
    kept = postgres.runtime_base(tmp_path, "postgres")
    assert kept.parent == Path("/tmp") and kept == postgres.runtime_base(tmp_path, "postgres")


@pytest.mark.postgres
def test_a_kept_cluster_serves_until_sigterm_and_keeps_its_data(tmp_path: Path) -> None:
    try:
        postgres.find_bindir()
    except postgres.PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    port = free_port()
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/tracker"
    command = [sys.executable, "-m", "devservers.postgres", "serve", "--dir", str(tmp_path / "pg"),
               "--port", str(port), "--database", "tracker"]
    base = postgres.runtime_base(tmp_path / "pg", postgres.server_user())
    try:
        for round_ in range(2):
            server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            try:
                postgres.wait(url, timeout=90)
                engine = create_engine(url)
                with engine.begin() as connection:
                    if round_ == 0:
                        connection.execute(text("CREATE TABLE kept (n int)"))
                    connection.execute(text("INSERT INTO kept VALUES (1)"))
                    rows = connection.execute(text("SELECT count(*) FROM kept")).scalar()
                engine.dispose()
                assert rows == round_ + 1
            finally:
                server.send_signal(signal.SIGTERM)
                output = server.communicate(timeout=90)[0].decode(errors="replace")
            assert server.returncode == 0, output
            assert not (base / "data" / "postmaster.pid").exists(), "the server was left running"
    finally:
        if base != tmp_path / "pg":
            shutil.rmtree(base, ignore_errors=True)


def test_waiting_for_a_tracker_database_that_never_answers_fails(tmp_path: Path) -> None:
    env = {**os.environ, "RASA_TRACKER_HOST": "127.0.0.1", "RASA_TRACKER_PORT": str(free_port()),
           "RASA_TRACKER_DB": "tracker", "RASA_TRACKER_USER": "postgres"}
    done = subprocess.run([sys.executable, "-m", "devservers.postgres", "wait", "--timeout", "1"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "did not answer" in done.stderr

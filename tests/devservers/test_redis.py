"""The Redis launcher used by the tests and by `make run`."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from devservers import redis
from devservers.ports import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]

needs_redis = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")


def test_the_tests_still_find_it_where_they_did() -> None:
    from tests.support import redis as support

    assert support.redis_server is redis.redis_server and support.RedisMissing is redis.RedisMissing


def test_nothing_listening_does_not_answer() -> None:
    assert redis.answers(free_port()) is False


@needs_redis
def test_served_from_a_directory_until_sigterm(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "devservers.redis", "serve", "--dir", str(tmp_path / "redis"),
                               "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: redis.answers(port), "redis", 30)
        env = {**os.environ, "RASA_REDIS_HOST": "127.0.0.1", "RASA_REDIS_PORT": str(port)}
        waited = subprocess.run([sys.executable, "-m", "devservers.redis", "wait", "--timeout", "10"], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=60)
        assert waited.returncode == 0, waited.stderr
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode(errors="replace")
    assert server.returncode == 0, output
    assert not redis.answers(port)
    assert (tmp_path / "redis").stat().st_mode & 0o777 == 0o700


def test_waiting_for_a_lock_store_that_never_answers_fails() -> None:
    env = {**os.environ, "RASA_REDIS_HOST": "127.0.0.1", "RASA_REDIS_PORT": str(free_port())}
    done = subprocess.run([sys.executable, "-m", "devservers.redis", "wait", "--timeout", "1"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "did not answer" in done.stderr

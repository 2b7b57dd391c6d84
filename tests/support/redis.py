"""A throwaway Redis server for tests.

:func:`redis_server` starts ``redis-server`` on a free port of 127.0.0.1 with
its files in a temporary directory, no persistence, yields its URL
(``redis://127.0.0.1:<port>/0``) and stops it and removes the directory
afterwards. Set ``FRONTDOOR_TEST_REDIS_URL`` to use a server you run yourself.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from devservers.processes import stop

ENV_URL = "FRONTDOOR_TEST_REDIS_URL"


class RedisUnavailable(RuntimeError):
    """Redis cannot be started here; the message says what to install or set."""


class RedisMissing(RedisUnavailable):
    """redis-server is not installed on this machine."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def redis_server() -> Iterator[str]:
    """Yield the URL of an empty Redis server; stop it and delete its files afterwards.

    Raises:
        RedisMissing: redis-server is not installed.
        RedisUnavailable: it did not start.
    """
    url = os.environ.get(ENV_URL)
    if url:
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisMissing("redis-server was not found: install it (apt-get install redis-server, "
                               f"or scripts/system_deps) or set {ENV_URL}=redis://host:port/0")
    base = Path(tempfile.mkdtemp(prefix="frontdoor-redis-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        for _attempt in range(3):  # another process may take the free port first
            port = _free_port()
            log = open(base / "server.log", "ab")  # noqa: SIM115 - the server writes to it while it runs
            process = subprocess.Popen(
                [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(base),
                 "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes"],
                stdout=log, stderr=subprocess.STDOUT)
            log.close()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and process.poll() is None and not _answers(port):
                time.sleep(0.05)
            if process.poll() is None and _answers(port):
                break
            process.kill()
            process.wait(timeout=10)
            process = None
        if process is None:
            tail = (base / "server.log").read_text(errors="replace")[-2000:]
            raise RedisUnavailable(f"redis-server did not start; its log says:\n{tail}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)
        shutil.rmtree(base, ignore_errors=True)

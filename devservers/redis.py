"""A local Redis server: throwaway for the tests, or run from ``var/`` by ``make run``.

:func:`redis_server` starts ``redis-server`` on a free port of 127.0.0.1 with
its files in a temporary directory, no persistence, yields its URL
(``redis://127.0.0.1:<port>/0``) and stops it and removes the directory
afterwards. Set ``FRONTDOOR_TEST_REDIS_URL`` to use a server you run yourself.

``python -m devservers.redis serve --dir var/redis --port 6380`` runs one in the
foreground with its files in that directory until SIGTERM or SIGINT, then stops
it. ``python -m devservers.redis wait`` returns once the server named by
``RASA_REDIS_HOST``/``RASA_REDIS_PORT`` answers (the Procfile runs it before Rasa).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from devservers.cli import serve_or_wait
from devservers.ports import free_port, wait_for
from devservers.processes import stop

ENV_URL = "FRONTDOOR_TEST_REDIS_URL"


class RedisUnavailable(RuntimeError):
    """Redis cannot be started here; the message says what to install or set."""


class RedisMissing(RedisUnavailable):
    """redis-server is not installed on this machine."""


def answers(port: int, host: str = "127.0.0.1") -> bool:
    """Return True when a Redis server at ``host:port`` answers PING (an authentication demand counts)."""
    try:
        with socket.create_connection((host, port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith((b"+PONG", b"-NOAUTH"))
    except OSError:
        return False


def _binary() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisMissing("redis-server was not found: install it (apt-get install redis-server, "
                           f"or scripts/system_deps) or set {ENV_URL}=redis://host:port/0")
    return binary


def start(directory: Path, port: int, *, persist: bool = False) -> subprocess.Popen[bytes] | None:
    """Start redis-server on 127.0.0.1:``port`` with its files and log in ``directory``.

    Returns the running process once it answers, or None when it did not start
    (the port was taken, say); its log is ``directory/server.log``. ``persist``
    keeps an append-only file.

    Raises:
        RedisMissing: redis-server is not installed.
    """
    binary = _binary()
    with open(directory / "server.log", "ab") as log:
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory),
             "--save", "", "--appendonly", "yes" if persist else "no", "--daemonize", "no",
             "--protected-mode", "yes"],
            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and process.poll() is None and not answers(port):
        time.sleep(0.05)
    if process.poll() is None and answers(port):
        return process
    process.kill()
    process.wait(timeout=10)
    return None


def _tail(directory: Path) -> str:
    try:
        return (directory / "server.log").read_text(errors="replace")[-2000:]
    except OSError:
        return "(no log)"


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
    _binary()
    base = Path(tempfile.mkdtemp(prefix="frontdoor-redis-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        for _attempt in range(3):  # another process may take the free port first
            port = free_port()
            process = start(base, port)
            if process is not None:
                break
        if process is None:
            raise RedisUnavailable(f"redis-server did not start; its log says:\n{_tail(base)}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)
        shutil.rmtree(base, ignore_errors=True)


def serve(directory: Path, port: int) -> int:
    """Run redis-server from ``directory`` on 127.0.0.1:``port`` until SIGTERM or SIGINT.

    Returns 0 after a requested stop, 1 when the server did not start or died by itself.

    Raises:
        RedisMissing: redis-server is not installed.
    """
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    process = start(directory, port, persist=True)
    if process is None:
        print(f"redis-server did not start; its log says:\n{_tail(directory)}", file=sys.stderr)
        return 1
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True
        process.terminate()

    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, _stop)
    print(f"Redis ready on 127.0.0.1:{port} (files in {directory})", flush=True)
    try:
        process.wait()
    finally:
        stop(process)
    return 0 if stopping else 1


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", type=Path, required=True, help="its files (an append-only file)")
    parser.add_argument("--port", type=int, default=6380)


def wait(seconds: float) -> None:
    """Return once the Redis at ``RASA_REDIS_HOST``:``RASA_REDIS_PORT`` answers.

    Raises:
        TimeoutError: it did not within ``seconds``.
    """
    host = os.environ.get("RASA_REDIS_HOST") or "127.0.0.1"
    port = int(os.environ.get("RASA_REDIS_PORT") or 6379)
    wait_for(lambda: answers(port, host), f"Redis at {host}:{port}", seconds)


def main(argv: Sequence[str] | None = None) -> int:
    """``serve`` Redis in the foreground, or ``wait`` for the lock store; return the exit status."""
    return serve_or_wait(
        argv, prog="python -m devservers.redis", description=__doc__.split("\n")[0], serve_options=_serve_options,
        serve=lambda args: serve(args.dir, args.port),
        wait_help="wait until the RASA_REDIS_HOST:RASA_REDIS_PORT server answers", wait=wait, wait_seconds=60,
        failures=(RedisUnavailable,))


if __name__ == "__main__":
    sys.exit(main())

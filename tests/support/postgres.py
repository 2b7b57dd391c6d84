"""A throwaway PostgreSQL server for tests.

:func:`postgres_server` creates a fresh cluster in a temporary directory, starts
it on a free port with its unix socket in that directory, creates a database,
yields its SQLAlchemy URL (``postgresql+psycopg://…``) and stops and removes
everything afterwards. Set ``FRONTDOOR_TEST_POSTGRES_URL`` to use a server you
run yourself instead.

PostgreSQL's server binaries refuse to run as root. When the tests run as root
(containers, CI) the cluster is created and run as the ``postgres`` system user
(Debian's ``postgresql`` package creates it) or, failing that, ``nobody``,
through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ENV_URL = "FRONTDOOR_TEST_POSTGRES_URL"
DATABASE = "frontdoor_test"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL cannot be started here; the message says what to install or set."""


def find_bindir() -> Path:
    """Return the newest ``/usr/lib/postgresql/<version>/bin`` that has initdb and pg_ctl.

    Raises:
        PostgresUnavailable: no PostgreSQL server binaries are installed.
    """
    candidates = []
    for path in glob.glob("/usr/lib/postgresql/*/bin"):
        bindir = Path(path)
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            try:
                version = float(bindir.parent.name)
            except ValueError:
                version = 0.0
            candidates.append((version, bindir))
    if not candidates:
        for name in ("initdb", "pg_ctl"):
            found = shutil.which(name)
            if found:
                bindir = Path(found).resolve().parent
                if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
                    return bindir
        raise PostgresUnavailable(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found under "
            "/usr/lib/postgresql/*/bin. Install them (apt-get install postgresql) or set "
            f"{ENV_URL}=postgresql+psycopg://user:password@host:port/dbname to use a running server."
        )
    return max(candidates)[1]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_user() -> str | None:
    """Return the unprivileged user to run the server as, or None to run as ourselves."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise PostgresUnavailable(
        "running as root, and there is no 'postgres' or 'nobody' user to run PostgreSQL as"
    )


def _run(command: list[str], user: str | None, *, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    if user is not None:
        command = ["runuser", "-u", user, "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                            env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})
    if result.returncode != 0:
        raise PostgresUnavailable(
            f"{' '.join(command)} failed with status {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
    return result


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield the URL of an empty PostgreSQL database; stop and delete it afterwards."""
    url = os.environ.get(ENV_URL)
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        yield url
        return
    bindir = find_bindir()
    user = _server_user()
    # Short and reachable by the server's user: the socket path has a ~100 byte limit,
    # and a private TMPDIR under /root would be out of the postgres user's reach.
    parent = "/tmp" if os.path.isdir("/tmp") and os.access("/tmp", os.W_OK) else None
    base = Path(tempfile.mkdtemp(prefix="frontdoor-pg-", dir=parent))
    data = base / "data"
    log = base / "server.log"
    # The directory must be the server user's: it holds the cluster and the socket.
    os.chmod(base, 0o700)
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    started = False
    try:
        _run([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
              "--encoding=UTF8", "--no-sync"], user)
        for attempt in range(3):  # another process may take the free port first
            port = _free_port()
            options = (f"-p {port} -k {base} -c listen_addresses='' -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
            try:
                _run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60",
                      "start"], user)
            except PostgresUnavailable:
                if attempt == 2:
                    raise PostgresUnavailable(
                        f"PostgreSQL did not start; its log says:\n{_tail(log)}") from None
                continue
            started = True
            break
        host = quote(str(base), safe="")
        admin = f"postgresql+psycopg://postgres@/postgres?host={host}&port={port}"
        _create_database(admin)
        yield f"postgresql+psycopg://postgres@/{DATABASE}?host={host}&port={port}"
    finally:
        if started:
            try:
                _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], user,
                     timeout=60)
            except (PostgresUnavailable, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(base, ignore_errors=True)


def _tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _create_database(admin_url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with engine.connect() as connection:
                    connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        engine.dispose()

"""A local PostgreSQL server: throwaway for the tests, or kept under ``var/`` for ``make run``.

:func:`postgres_server` creates a fresh cluster in a temporary directory, starts
it on a free port with its unix socket in that directory, creates a database,
yields its SQLAlchemy URL (``postgresql+psycopg://…``) and stops and removes
everything afterwards. Set ``FRONTDOOR_TEST_POSTGRES_URL`` to use a server you
run yourself instead.

``python -m devservers.postgres serve --dir var/postgres --port 5433 --database frontdoor_tracker``
keeps a cluster in that directory (made on first use), listens on 127.0.0.1 and
stays in the foreground until SIGTERM or SIGINT, then stops the server.
``python -m devservers.postgres wait`` returns once the database named by
``RASA_TRACKER_HOST``/``_PORT``/``_DB``/``_USER``/``_PASSWORD`` accepts a connection
(the Procfile runs it before Rasa).

PostgreSQL's server binaries refuse to run as root. Run as root (containers,
CI) the cluster is created and run as the ``postgres`` system user (Debian's
``postgresql`` package creates it) or, failing that, ``nobody``, through
``runuser``; the cluster then lives under ``/tmp``, where that user can reach it.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from devservers.cli import serve_or_wait
from devservers.ports import free_port, wait_for
from frontdoor.config import _tracker_url

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


def server_user() -> str | None:
    """Return the unprivileged user to run the server as, or None to run as ourselves.

    Raises:
        PostgresUnavailable: running as root with no ``postgres`` or ``nobody`` user.
    """
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


def _tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass(frozen=True)
class Cluster:
    """A PostgreSQL cluster in ``base`` (``base/data``; socket and log in ``base``)."""

    base: Path
    bindir: Path
    user: str | None

    @property
    def data(self) -> Path:
        """The cluster's data directory."""
        return self.base / "data"

    @property
    def log(self) -> Path:
        """The server's log file."""
        return self.base / "server.log"

    def prepare(self) -> None:
        """Make ``base`` (private, the server user's) and the cluster in it unless there is one.

        Raises:
            PostgresUnavailable: initdb failed.
        """
        self.base.mkdir(parents=True, exist_ok=True)
        os.chmod(self.base, 0o700)
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.base, entry.pw_uid, entry.pw_gid)
        if not (self.data / "PG_VERSION").exists():
            _run([str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--no-sync"], self.user)

    def start(self, port: int, listen: str = "", *, durable: bool = False) -> None:
        """Start the server on ``port`` (socket in ``base``; TCP on ``listen`` when given).

        Raises:
            PostgresUnavailable: it did not start (the message quotes its log).
        """
        options = f"-p {port} -k {self.base} -c listen_addresses='{listen}' -c max_connections=50"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        try:
            _run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
                  "-w", "-t", "60", "start"], self.user)
        except PostgresUnavailable:
            raise PostgresUnavailable(f"PostgreSQL did not start; its log says:\n{_tail(self.log)}") from None

    def running(self) -> bool:
        """Return True while the server of this cluster runs."""
        try:
            _run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "status"], self.user, timeout=30)
        except (PostgresUnavailable, subprocess.TimeoutExpired):
            return False
        return True

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``immediate`` for throwaway clusters); nothing if it is not running."""
        try:
            _run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"], self.user,
                 timeout=60)
        except (PostgresUnavailable, subprocess.TimeoutExpired):
            pass

    def url(self, port: int, database: str) -> str:
        """Return the SQLAlchemy URL of ``database`` through the cluster's socket."""
        return f"postgresql+psycopg://postgres@/{database}?host={quote(str(self.base), safe='')}&port={port}"


def create_database(admin_url: str, name: str, timeout: float = 30) -> None:
    """Create database ``name`` through ``admin_url`` unless it exists (retrying while the server starts).

    Raises:
        TimeoutError: the server did not take the command within ``timeout`` seconds.
    """
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def created() -> bool:
        try:
            with engine.connect() as connection:
                exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                            {"name": name}).first()
                if exists is None:
                    connection.execute(text(f'CREATE DATABASE "{name}"'))
        except Exception:
            return False
        return True

    try:
        wait_for(created, f"PostgreSQL at {admin_url}", timeout)
    finally:
        engine.dispose()


@contextmanager
def postgres_server(database: str = DATABASE) -> Iterator[str]:
    """Yield the URL of an empty PostgreSQL database; stop and delete it afterwards.

    Raises:
        PostgresUnavailable: the binaries are missing or the server did not start.
    """
    url = os.environ.get(ENV_URL)
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        yield url
        return
    bindir = find_bindir()
    user = server_user()
    # Short and reachable by the server's user: the socket path has a ~100 byte limit,
    # and a private TMPDIR under /root would be out of the postgres user's reach.
    parent = "/tmp" if os.path.isdir("/tmp") and os.access("/tmp", os.W_OK) else None
    cluster = Cluster(Path(tempfile.mkdtemp(prefix="frontdoor-pg-", dir=parent)), bindir, user)
    started = False
    try:
        cluster.prepare()
        for attempt in range(3):  # another process may take the free port first
            port = free_port()
            try:
                cluster.start(port)
            except PostgresUnavailable:
                if attempt == 2:
                    raise
                continue
            started = True
            break
        create_database(cluster.url(port, "postgres"), database)
        yield cluster.url(port, database)
    finally:
        if started:
            cluster.stop("immediate")
        shutil.rmtree(cluster.base, ignore_errors=True)


def runtime_base(directory: Path, user: str | None) -> Path:
    """Return where the kept cluster of ``directory`` lives.

    ``directory`` itself, unless the server runs as another user (run as root),
    who cannot reach a private ``var/``: then a directory under /tmp named after it.
    """
    if user is None:
        return directory
    digest = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:12]
    return Path("/tmp") / f"frontdoor-pg-{digest}"


def serve(directory: Path, port: int, database: str, stopping: threading.Event | None = None) -> int:
    """Run the kept cluster of ``directory`` on 127.0.0.1:``port`` until SIGTERM/SIGINT (or ``stopping``).

    Returns 0 after a requested stop, 1 when the server died by itself.

    Raises:
        PostgresUnavailable: the binaries are missing or the server did not start.
    """
    user = server_user()
    cluster = Cluster(runtime_base(directory, user), find_bindir(), user)
    if stopping is None:
        stopping = _stop_on_signals()
    cluster.prepare()
    cluster.start(port, "127.0.0.1", durable=True)
    try:
        create_database(cluster.url(port, "postgres"), database)
        print(f"PostgreSQL ready on 127.0.0.1:{port}, database {database} (files in {cluster.base})",
              flush=True)
        while not stopping.wait(2.0):
            if not cluster.running():
                print(f"PostgreSQL stopped by itself; its log says:\n{_tail(cluster.log)}", file=sys.stderr)
                return 1
        return 0
    finally:
        cluster.stop("fast")


def _stop_on_signals() -> threading.Event:
    """Return an event set by SIGTERM or SIGINT."""
    stopping = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stopping.set())
    return stopping


def wait(url: str, timeout: float) -> None:
    """Return once the database at ``url`` accepts a connection.

    Raises:
        TimeoutError: it did not within ``timeout`` seconds.
    """
    from sqlalchemy import create_engine, text

    engine = create_engine(url)

    def answers() -> bool:
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    try:
        wait_for(answers, "the tracker database", timeout)
    finally:
        engine.dispose()


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", type=Path, required=True, help="where the cluster is kept (made on first use)")
    parser.add_argument("--port", type=int, default=5433)
    parser.add_argument("--database", default="frontdoor_tracker", help="created when missing")


def main(argv: Sequence[str] | None = None) -> int:
    """``serve`` a kept cluster in the foreground, or ``wait`` for the tracker database; return the exit status."""
    return serve_or_wait(
        argv, prog="python -m devservers.postgres", description=__doc__.split("\n")[0], serve_options=_serve_options,
        serve=lambda args: serve(args.dir, args.port, args.database),
        wait_help="wait until the RASA_TRACKER_* database answers",
        wait=lambda seconds: wait(_tracker_url(os.environ, Path.cwd()), seconds), wait_seconds=120,
        failures=(PostgresUnavailable,))


if __name__ == "__main__":
    sys.exit(main())

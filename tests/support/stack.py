"""The whole system, for end-to-end and browser tests: real Rasa, actions, web app.

Starts the servers as separate processes on free loopback ports with a fresh
SQLite database in a temporary directory, waits until each answers, and stops
them at the end of the test session. Their output goes to log files in that
directory (the tests search them for leaked data).

With one Rasa instance (the default) Rasa's tracker store is a SQLite file, as
``make run`` has it. With ``rasa_instances=N`` there are N Rasa instances, each
with its own action server (processes ``rasa``/``actions``, ``rasa-2``/``actions-2``,
...), sharing a PostgreSQL tracker store and a Redis lock store
(``deploy/endpoints.multi.yml``), started here unless their URLs are given; the web
app's ``RASA_URL`` lists every instance.

Registered as a pytest plugin by tests/conftest.py; the ``stack`` fixture is
session-scoped so Rasa loads its model once.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from devservers.ports import free_port
from devservers.postgres import postgres_server
from devservers.processes import stop_group
from devservers.redis import redis_server
from frontdoor.config import Settings
from frontdoor.services import Core
from frontdoor.store.crypto import generate_key
from frontdoor.store.migrate import upgrade

__all__ = ["Stack", "free_port", "stack", "start_stack"]

ROOT = Path(__file__).resolve().parents[2]
APP_BIN = ROOT / ".venv" / "app" / "bin"
BOT_BIN = ROOT / ".venv" / "bot" / "bin"
MODEL = ROOT / "models" / "frontdoor.tar.gz"
TWILIO_TOKEN = "e2e-twilio-auth-token"
#: Rasa's endpoints for one instance (SQLite tracker) and for several (PostgreSQL + Redis).
ONE_ENDPOINTS = "bot/endpoints.yml"
MULTI_ENDPOINTS = "deploy/endpoints.multi.yml"


def instance_name(kind: str, number: int) -> str:
    """``("rasa", 1)`` → ``"rasa"``; ``("rasa", 2)`` → ``"rasa-2"`` (the Procfile's names too)."""
    return kind if number == 1 else f"{kind}-{number}"


@dataclass
class Stack:
    """The running system: its home, environment, ports and processes, by name."""

    home: Path
    env: dict[str, str]
    ports: dict[str, int]
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    rasa_instances: int = 1
    web_workers: int = 1
    #: The PostgreSQL and Redis servers started for the stack (closed by shutdown).
    servers: ExitStack = field(default_factory=ExitStack)

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['web']}"

    @property
    def rasa_url(self) -> str:
        """The first Rasa instance."""
        return f"http://127.0.0.1:{self.ports['rasa']}"

    @property
    def rasa_urls(self) -> list[str]:
        """Every Rasa instance, in order (``RASA_URL`` of the web app)."""
        return [f"http://127.0.0.1:{self.ports[instance_name('rasa', i)]}"
                for i in range(1, self.rasa_instances + 1)]

    @property
    def action_url(self) -> str:
        """The first action server."""
        return f"http://127.0.0.1:{self.ports['actions']}"

    def core(self) -> Core:
        """A core on the stack's database (for creating staff, reading results)."""
        return Core.from_settings(Settings.from_env(self.env))

    def log(self, name: str) -> Path:
        return self.home / "logs" / f"{name}.log"

    def commands(self) -> dict[str, list[str]]:
        """Return the command line of every process, by name."""
        # The shared stores' variables name their endpoints (one instance may use them too).
        endpoints = self.env.get("RASA_ENDPOINTS") or (ONE_ENDPOINTS if self.rasa_instances == 1 else MULTI_ENDPOINTS)
        commands: dict[str, list[str]] = {}
        for number in range(1, self.rasa_instances + 1):
            actions, rasa = instance_name("actions", number), instance_name("rasa", number)
            commands[actions] = [str(APP_BIN / "python"), "-m", "actions.serve", "--actions", "actions",
                                 "--port", str(self.ports[actions]), "--endpoints", "bot/endpoints.yml"]
            # Rasa loads the encrypted tracker store from bot/, as in the Procfile.
            commands[rasa] = ["env", "PYTHONPATH=bot", str(BOT_BIN / "rasa"), "run", "--model", str(MODEL),
                              "--endpoints", endpoints, "--credentials", "bot/credentials.yml",
                              "--interface", "127.0.0.1", "--port", str(self.ports[rasa]),
                              "--enable-api", "--auth-token", self.env["RASA_TOKEN"]]
        commands["web"] = [str(APP_BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.ports['web']}",
                           "--workers", str(self.web_workers), "--threads", "8", "--timeout", "60",
                           "web:create_app()"]
        return commands

    def process_env(self, name: str) -> dict[str, str]:
        """Return the environment of process ``name``: each Rasa instance names its own action server.

        Rasa instance *i* gets the *i*-th URL of the stack's ``ACTION_SERVER_URL`` list (as the web app
        pairs them), so a test or bench that changes the list before a restart is obeyed.
        """
        if not name.startswith("rasa"):
            return self.env
        number = int(name.partition("-")[2] or 1) - 1
        urls = [url for url in self.env.get("ACTION_SERVER_URL", "").split(",") if url]
        own = f"http://127.0.0.1:{self.ports[name.replace('rasa', 'actions', 1)]}/webhook"
        return {**self.env, "ACTION_SERVER_URL": urls[min(number, len(urls) - 1)] if urls else own}

    def start(self, name: str) -> None:
        self.log(name).parent.mkdir(parents=True, exist_ok=True)
        with self.log(name).open("ab") as out:
            self.processes[name] = subprocess.Popen(
                self.commands()[name], cwd=ROOT, env=self.process_env(name), stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True,
            )

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is not None:
            stop_group(process)

    def kill(self, name: str) -> None:
        """Kill process ``name`` at once (SIGKILL to its whole group), as a crash would."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def ready_url(self, name: str) -> str:
        """Return the URL that answers once process ``name`` is ready."""
        base = f"http://127.0.0.1:{self.ports[name]}"
        if name.startswith("actions"):
            return f"{base}/health"
        if name.startswith("rasa"):
            return f"{base}/status?token={self.env['RASA_TOKEN']}"
        return f"{base}/healthz"

    def wait_ready(self, name: str, timeout: float = 180.0) -> None:
        url = self.ready_url(name)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            process = self.processes.get(name)
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{name} exited early; see {self.log(name)}:\n"
                                   + self.log(name).read_text(errors="replace")[-3000:])
            try:
                response = httpx.get(url, timeout=2.0)
                if response.status_code < 500 and (not name.startswith("rasa")
                                                   or response.json().get("model_file")):
                    return
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{name} not ready after {timeout:.0f}s; see {self.log(name)}")

    def restart(self, name: str) -> None:
        self.stop(name)
        self.start(name)
        self.wait_ready(name)

    def shutdown(self) -> None:
        """Stop every process, then the PostgreSQL and Redis servers started for the stack."""
        for name in list(self.processes):
            self.stop(name)
        self.servers.close()


def shared_stores_env(postgres_url: str, redis_url: str) -> dict[str, str]:
    """Return the ``RASA_TRACKER_*`` and ``RASA_REDIS_*`` variables of deploy/endpoints.multi.yml for these servers.

    ``RASA_TRACKER_URL`` is set too: the core's retention purge reads it.
    """
    database, cache = urlsplit(postgres_url), urlsplit(redis_url)
    query = parse_qs(database.query)
    return {
        "RASA_ENDPOINTS": MULTI_ENDPOINTS,
        "RASA_TRACKER_HOST": query["host"][0] if "host" in query else database.hostname or "127.0.0.1",
        "RASA_TRACKER_PORT": query["port"][0] if "port" in query else str(database.port or 5432),
        "RASA_TRACKER_DB": database.path.lstrip("/"),
        "RASA_TRACKER_USER": database.username or "",
        "RASA_TRACKER_PASSWORD": database.password or "",
        "RASA_TRACKER_URL": postgres_url,
        "RASA_REDIS_HOST": cache.hostname or "127.0.0.1",
        "RASA_REDIS_PORT": str(cache.port or 6379),
        "RASA_REDIS_DB": "1",
        "RASA_REDIS_PASSWORD": cache.password or "",
    }


def start_stack(home: Path, extra_env: dict[str, str] | None = None, *, rasa_instances: int = 1,
                postgres_url: str | None = None, redis_url: str | None = None, web_workers: int = 1,
                shared_stores: bool | None = None) -> Stack:
    """Start Rasa, the action server and the web app on a fresh database in ``home``; return the stack.

    With ``rasa_instances`` above one (or ``shared_stores``, to run one instance as
    several would), the instances share a PostgreSQL tracker store and a Redis lock
    store: the servers at ``postgres_url`` (an empty database of its own) and
    ``redis_url``, or ones started here and stopped by :meth:`Stack.shutdown`.

    Raises:
        RuntimeError: there is no trained model, or a process did not become ready.
    """
    if not MODEL.exists():
        raise RuntimeError(f"no trained model at {MODEL}; run `make model`")
    if rasa_instances < 1:
        raise ValueError("rasa_instances must be at least 1")
    names = ["web"] + [instance_name(kind, n) for n in range(1, rasa_instances + 1) for kind in ("rasa", "actions")]
    ports = {name: free_port() for name in names}
    rasa_names = [instance_name("rasa", n) for n in range(1, rasa_instances + 1)]
    action_names = [instance_name("actions", n) for n in range(1, rasa_instances + 1)]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "RASA_", "FRONTDOOR_"))},
        "FRONTDOOR_ENV": "test",
        "FRONTDOOR_HOME": str(home),
        "DATABASE_URL": f"sqlite:///{home / 'frontdoor.db'}",
        "SECRET_KEY": secrets.token_hex(32),
        "FRONTDOOR_PSEUDONYM_KEY": secrets.token_hex(32),
        "FRONTDOOR_DATA_KEYS": generate_key(),
        "RASA_TOKEN": secrets.token_hex(16),
        "RASA_URL": ",".join(f"http://127.0.0.1:{ports[name]}" for name in rasa_names),
        "ACTION_SERVER_URL": ",".join(f"http://127.0.0.1:{ports[name]}/webhook" for name in action_names),
        "RASA_TRACKER_DB": str(home / "tracker.db"),
        "PYTHONUNBUFFERED": "1",
        # The held-out corpus is played from one address faster than any person types, and faster
        # than the flood bound allows; the rate limits and the bound have their own tests.
        "FRONTDOOR_VOLUME_PER_MINUTE": "0",
        "FRONTDOOR_RATE_LIMITS": "off",
        # Twilio signatures are checked against the public address, here the app itself.
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{ports['web']}",
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "RASA_TELEMETRY_ENABLED": "false",
    }
    stack = Stack(home=home, env=env, ports=ports, rasa_instances=rasa_instances, web_workers=web_workers)
    try:
        if rasa_instances > 1 if shared_stores is None else shared_stores:
            if postgres_url is None:
                postgres_url = stack.servers.enter_context(postgres_server("frontdoor_tracker"))
            if redis_url is None:
                redis_url = stack.servers.enter_context(redis_server())
            env.update(shared_stores_env(postgres_url, redis_url))
        env.update(extra_env or {})
        upgrade(stack.core().db)
        for name in (*action_names, *rasa_names, "web"):
            stack.start(name)
        for name in (*action_names, "web", *rasa_names):
            stack.wait_ready(name)
    except BaseException:
        stack.shutdown()
        raise
    return stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The running system, shared by every end-to-end and browser test."""
    started = time.monotonic()
    running = start_stack(tmp_path_factory.mktemp("stack"))
    print(f"\nstack up in {time.monotonic() - started:.1f}s at {running.web_url}")
    yield running
    running.shutdown()


def now() -> datetime:
    return datetime.now(timezone.utc)

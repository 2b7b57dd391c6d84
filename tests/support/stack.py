"""The whole system, for end-to-end and browser tests: real Rasa, actions, web app.

Starts the three servers as separate processes on free loopback ports with a
fresh SQLite database and tracker store in a temporary directory, waits until
each answers, and stops them at the end of the test session. Their output goes
to log files in that directory (the tests search them for leaked data).

Registered as a pytest plugin by tests/conftest.py; the ``stack`` fixture is
session-scoped so Rasa loads its model once.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest

from frontdoor.config import Settings
from frontdoor.services import Core
from frontdoor.store.crypto import generate_key
from frontdoor.store.migrate import upgrade

ROOT = Path(__file__).resolve().parents[2]
APP_BIN = ROOT / ".venv" / "app" / "bin"
BOT_BIN = ROOT / ".venv" / "bot" / "bin"
MODEL = ROOT / "models" / "frontdoor.tar.gz"
TWILIO_TOKEN = "e2e-twilio-auth-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Stack:
    home: Path
    env: dict[str, str]
    ports: dict[str, int]
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['web']}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['rasa']}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['actions']}"

    def core(self) -> Core:
        """A core on the stack's database (for creating staff, reading results)."""
        return Core.from_settings(Settings.from_env(self.env))

    def log(self, name: str) -> Path:
        return self.home / "logs" / f"{name}.log"

    def commands(self) -> dict[str, list[str]]:
        return {
            "actions": [str(APP_BIN / "python"), "-m", "actions.serve", "--actions", "actions",
                        "--port", str(self.ports["actions"]), "--endpoints", "bot/endpoints.yml"],
            # Rasa loads the encrypted tracker store from bot/ (bot/endpoints.yml), as in the Procfile.
            "rasa": ["env", "PYTHONPATH=bot", str(BOT_BIN / "rasa"), "run", "--model", str(MODEL),
                     "--endpoints", "bot/endpoints.yml", "--credentials", "bot/credentials.yml",
                     "--interface", "127.0.0.1", "--port", str(self.ports["rasa"]),
                     "--enable-api", "--auth-token", self.env["RASA_TOKEN"]],
            "web": [str(APP_BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.ports['web']}",
                    "--workers", "1", "--threads", "8", "--timeout", "60", "web:create_app()"],
        }

    def start(self, name: str) -> None:
        self.log(name).parent.mkdir(parents=True, exist_ok=True)
        out = self.log(name).open("ab")
        self.processes[name] = subprocess.Popen(
            self.commands()[name], cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def wait_ready(self, name: str, timeout: float = 180.0) -> None:
        url = {
            "actions": f"{self.action_url}/health",
            "rasa": f"{self.rasa_url}/status?token={self.env['RASA_TOKEN']}",
            "web": f"{self.web_url}/healthz",
        }[name]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            process = self.processes.get(name)
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{name} exited early; see {self.log(name)}:\n"
                                   + self.log(name).read_text(errors="replace")[-3000:])
            try:
                response = httpx.get(url, timeout=2.0)
                if response.status_code < 500 and (name != "rasa" or response.json().get("model_file")):
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
        for name in list(self.processes):
            self.stop(name)


def start_stack(home: Path, extra_env: dict[str, str] | None = None) -> Stack:
    """Start Rasa, the action server and the web app on a fresh database in ``home``."""
    if not MODEL.exists():
        raise RuntimeError(f"no trained model at {MODEL}; run `make model`")
    ports = {name: free_port() for name in ("web", "rasa", "actions")}
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "RASA_", "FRONTDOOR_"))},
        "FRONTDOOR_ENV": "test",
        "FRONTDOOR_HOME": str(home),
        "DATABASE_URL": f"sqlite:///{home / 'frontdoor.db'}",
        "SECRET_KEY": secrets.token_hex(32),
        "FRONTDOOR_PSEUDONYM_KEY": secrets.token_hex(32),
        "FRONTDOOR_DATA_KEYS": generate_key(),
        "RASA_TOKEN": secrets.token_hex(16),
        "RASA_URL": f"http://127.0.0.1:{ports['rasa']}",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{ports['actions']}/webhook",
        "RASA_TRACKER_DB": str(home / "tracker.db"),
        "PYTHONUNBUFFERED": "1",
        # The held-out corpus is played from one address faster than any person types, and faster
        # than the flood bound allows; the rate limits and the bound have their own tests.
        "FRONTDOOR_VOLUME_PER_MINUTE": "0",
        "FRONTDOOR_RATE_LIMITS": "off",
        # Twilio signatures are checked against the public address, here the app itself.
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{ports['web']}",
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        **(extra_env or {}),
    }
    stack = Stack(home=home, env=env, ports=ports)
    upgrade(stack.core().db)
    try:
        for name in ("actions", "rasa", "web"):
            stack.start(name)
        for name in ("actions", "web", "rasa"):
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

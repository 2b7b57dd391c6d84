"""`make run` as a new user meets it: the generated configuration, the database, then every Procfile process.

The test writes a fresh configuration with scripts/make_env (on free ports), prepares the database as
`make db` does, and starts the Procfile through scripts/procfile and honcho with the Makefile's own shell
line. honcho stops everything when one process exits, so a process that cannot start on the embedded
default (a worker refusing half a Twilio configuration, a mailbox without dovecot) fails this test. It
then checks the chat answers through the web app and every process is still running.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devservers.processes import stop_group
from tests.support.stack import MODEL, ROOT, free_port

pytestmark = pytest.mark.e2e

APP_BIN = ROOT / ".venv" / "app" / "bin"
#: The Makefile's `run` recipe, with its var/ paths given as arguments.
RUN = ('umask 077 && set -a && . "$1" && "$2/python" scripts/procfile Procfile "$3" "$4" && . "$4" && set +a '
       '&& exec "$2/honcho" start -f "$3"')


def configure(tmp_path: Path) -> Path:
    """Write the configuration make_env writes for a new user, moved to free ports; return its path."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "make_env", tmp_path / "scripts" / "make_env")
    env_file = tmp_path / "var" / "frontdoor.env"
    subprocess.run(["sh", str(tmp_path / "scripts" / "make_env"), str(env_file)], check=True,
                   capture_output=True, timeout=60)
    text = env_file.read_text()
    web, rasa, actions = free_port(), free_port(), free_port()
    moved = {"WEB_PORT": str(web), "RASA_PORT": str(rasa), "ACTION_PORT": str(actions),
             "PUBLIC_BASE_URL": f"http://127.0.0.1:{web}", "RASA_URL": f"http://127.0.0.1:{rasa}",
             "ACTION_SERVER_URL": f"http://127.0.0.1:{actions}/webhook",
             "FRONTDOOR_IMAP_PORT": str(free_port()), "SMTP_PORT": str(free_port())}
    for name, value in moved.items():
        text = re.sub(rf"^{name}=.*$", f"{name}={value}", text, flags=re.MULTILINE)
    env_file.write_text(text)
    return env_file


def settings(env_file: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in env_file.read_text().splitlines()
                if line and not line.startswith("#"))


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], dict[str, str], Path]]:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run `make model`")
    env_file = configure(tmp_path)
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("RASA_", "FRONTDOOR_", "DATABASE_URL",
                                                                        "TWILIO_", "SMTP_", "ACTION_", "WEB_"))}
    loaded = {**environ, **settings(env_file)}
    for command in (["db", "upgrade"], ["demo", "load"]):  # `make db`
        done = subprocess.run([str(APP_BIN / "frontdoor"), *command], cwd=ROOT, env=loaded, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
    log = tmp_path / "honcho.log"
    with log.open("wb") as out:
        process = subprocess.Popen(["sh", "-c", RUN, "run", str(env_file), str(APP_BIN), str(tmp_path / "Procfile"),
                                    str(tmp_path / "procfile.env")], cwd=ROOT, env=environ, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield process, settings(env_file), log
    finally:
        stop_group(process, grace=30)


def test_make_run_starts_every_process_and_the_chat_answers(
        running: tuple[subprocess.Popen[bytes], dict[str, str], Path]) -> None:
    process, config, log = running
    base = f"http://127.0.0.1:{config['WEB_PORT']}"
    deadline = time.monotonic() + 240
    health: dict[str, str] = {}
    while time.monotonic() < deadline and health.get("rasa") != "ok":
        assert process.poll() is None, "a process stopped make run:\n" + log.read_text(errors="replace")[-4000:]
        try:
            health = httpx.get(f"{base}/healthz", timeout=5).json()
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(1)
    assert health == {"database": "ok", "rasa": "ok"}, log.read_text(errors="replace")[-4000:]

    reply = httpx.post(f"{base}/api/chat", json={"session": None, "message": "hello"}, timeout=30)
    assert reply.status_code == 200 and reply.json()["messages"], reply.text

    time.sleep(float(config.get("FRONTDOOR_IMAP_POLL_SECONDS", "5")) + 2)  # the worker has polled the mailbox
    assert process.poll() is None, "a process stopped make run:\n" + log.read_text(errors="replace")[-4000:]
    started = set(re.findall(r"^\S+ (\S+?)\.\d+\s+\| ", log.read_text(errors="replace"), flags=re.MULTILINE))
    assert {"rasa", "actions", "web", "worker", "mail"} <= started

"""python -m devservers.mailbox, make run's local mailbox: dovecot and the outbox from the env file's settings.

The process is started as the Procfile starts it; an e-mail delivered to its
mailbox becomes a referral through the worker's real poll and the reply lands
in the outbox; SIGTERM stops dovecot and the outbox. Without dovecot it says
in one line that e-mail intake is off and keeps running (honcho stops every
process when one ends).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes, policy
from email.utils import make_msgid
from pathlib import Path

import pytest
from sqlalchemy import select

import devservers.dovecot
from devservers.dovecot import ImapAccount, greets, installed
from devservers.mailbox import OFF, serve
from frontdoor.bootstrap import worker_for
from frontdoor.store.db import Database
from frontdoor.store.migrate import upgrade
from frontdoor.store.models import Referral
from outbound import worker as entry
from tests.conftest import DATA_KEY
from tests.frontdoor.services.mail_support import SCHOOL, raw_mail
from tests.support.dovecot import append, unseen
from tests.support.stack import ROOT, free_port

MAILBOX = "frontdoor@partnership.example"


def local_env(home: Path) -> dict[str, str]:
    """Return settings like the ones scripts/make_env writes, on free ports, with ``home`` as FRONTDOOR_HOME."""
    return {"FRONTDOOR_HOME": str(home), "FRONTDOOR_IMAP_HOST": "127.0.0.1", "FRONTDOOR_IMAP_PORT": str(free_port()),
            "FRONTDOOR_IMAP_TLS": "false", "FRONTDOOR_IMAP_USER": MAILBOX,
            "FRONTDOOR_IMAP_PASSWORD": "mailbox-test-password", "FRONTDOOR_IMAP_POLL_SECONDS": "0.001",
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(free_port()), "SMTP_STARTTLS": "false",
            "SMTP_USER": "frontdoor", "SMTP_PASSWORD": "outbox-test-password", "SMTP_FROM": MAILBOX}


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def read_until(process: subprocess.Popen[str], prefixes: tuple[str, ...], timeout: float = 30) -> list[str]:
    """Return the process's lines up to the ones starting with each of ``prefixes``."""
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while not all(any(line.startswith(p) for line in lines) for p in prefixes):
        assert time.monotonic() < deadline and process.poll() is None, lines
        lines.append(process.stdout.readline().rstrip("\n"))
    return lines


@pytest.mark.skipif(not installed(), reason="dovecot-imapd is not installed")
def test_the_mailbox_turns_an_email_into_a_referral_and_its_reply_into_a_file(tmp_path: Path) -> None:
    env = local_env(tmp_path / "var")
    process = subprocess.Popen([sys.executable, "-m", "devservers.mailbox"], cwd=ROOT, text=True,
                               stdout=subprocess.PIPE, env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
                               umask=0o077)  # as make run starts it
    imap_port, smtp_port = int(env["FRONTDOOR_IMAP_PORT"]), int(env["SMTP_PORT"])
    try:
        lines = read_until(process, ("mailbox:", "outbox:"))
        assert f"{MAILBOX} on 127.0.0.1:{imap_port}" in lines[0]
        account = ImapAccount("127.0.0.1", imap_port, MAILBOX, env["FRONTDOOR_IMAP_PASSWORD"])
        append(account, raw_mail("One of our pupils is being made to carry drugs for older boys.", sender=SCHOOL,
                                 message_id=make_msgid(domain="bromley-schools.example.sch.uk")))

        db = Database(f"sqlite:///{tmp_path / 'frontdoor.db'}")
        upgrade(db)
        db.dispose()
        core = entry.build({**env, "DATABASE_URL": db.url, "FRONTDOOR_DATA_KEYS": DATA_KEY,
                            "FRONTDOOR_PSEUDONYM_KEY": "44" * 32})
        assert worker_for(core).run_once().periodic["mail.poll"] == 1 and unseen(account) == 0
        with core.db.session() as session:
            reference, inbox = session.execute(select(Referral.reference, Referral.inbox_id)).one()
        assert inbox == "bromley-community-safety"
        outbox = tmp_path / "var" / "mail" / "outbox"
        replies = [message_from_bytes(path.read_bytes(), policy=policy.default) for path in outbox.glob("*.eml")]
        assert [m["Subject"] for m in replies if m["To"] == SCHOOL] == [f"Front Door referral {reference}: received"]
        core.db.dispose()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert not greets(imap_port) and not listening(smtp_port)


def run_in_thread(env: dict[str, str]) -> tuple[threading.Thread, threading.Event, list[str]]:
    lines: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(env, stop, lines.append), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while len(lines) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    return thread, stop, lines


def test_without_dovecot_it_says_intake_is_off_and_keeps_running(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devservers.dovecot, "BINARY", str(tmp_path / "no-dovecot"))
    env = local_env(tmp_path)
    thread, stop, lines = run_in_thread(env)
    try:
        assert lines[0] == f"{OFF}: dovecot was not found: install dovecot-imapd (apt-get install dovecot-imapd, " \
                           "or scripts/system_deps)"
        assert lines[1].startswith("outbox:") and listening(int(env["SMTP_PORT"]))  # replies still have a home
        time.sleep(1.2)
        assert thread.is_alive() and len(lines) == 2
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive() and not listening(int(env["SMTP_PORT"]))


def test_settings_for_another_server_start_nothing(tmp_path: Path) -> None:
    env = {**local_env(tmp_path), "FRONTDOOR_IMAP_HOST": "imap.example.org", "FRONTDOOR_IMAP_PORT": "993",
           "FRONTDOOR_IMAP_TLS": "true",
           "SMTP_HOST": "smtp.example.org"}
    thread, stop, lines = run_in_thread(env)
    stop.set()
    thread.join(10)
    assert lines == ["the mailbox is imap.example.org:993: no local mailbox to start"]
    del env["FRONTDOOR_IMAP_HOST"]
    thread, stop, lines = run_in_thread(env)
    stop.set()
    thread.join(10)
    assert lines == [f"{OFF}: FRONTDOOR_IMAP_HOST is not set (install dovecot-imapd (apt-get install "
                     "dovecot-imapd, or scripts/system_deps), then make run again)"]

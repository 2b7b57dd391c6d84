"""A throwaway IMAP server for tests: Debian's dovecot, run in the foreground from a temporary directory.

:func:`dovecot_server` writes a configuration with a plain-text password file
(one user), starts ``dovecot -F -c <that file>`` on a free port of 127.0.0.1
without TLS, waits for its greeting, yields an :class:`ImapAccount` and stops
it and removes the directory afterwards; :func:`imap_account` does the same
for a fixture, skipping when dovecot is not installed. :func:`append` delivers
a message to the mailbox and :func:`unseen` counts what is not yet seen. Nothing of the system's own dovecot
configuration is used or changed. Run as root, its login and mail processes
run as Debian's ``dovenull`` and ``dovecot`` users (dovecot refuses root).
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from devservers.processes import stop
from tests.support.stack import free_port

BINARY = "/usr/sbin/dovecot"


class DovecotUnavailable(RuntimeError):
    """dovecot cannot be started here; the message says what to install."""


class DovecotMissing(DovecotUnavailable):
    """dovecot-imapd is not installed on this machine."""


@dataclass(frozen=True)
class ImapAccount:
    """The test server's address and its one mailbox's login."""

    host: str
    port: int
    user: str
    password: str


def _greets(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            return sock.recv(64).startswith(b"* OK")
    except OSError:
        return False


def _users() -> tuple[str, str, str, int, int]:
    """Return the login user, the internal user and group, and the mail uid and gid to run as."""
    if os.getuid() != 0:
        me, group = pwd.getpwuid(os.getuid()).pw_name, grp.getgrgid(os.getgid()).gr_name
        return me, me, group, os.getuid(), os.getgid()
    try:
        mail = pwd.getpwnam("dovecot")
        pwd.getpwnam("dovenull")
    except KeyError as exc:
        raise DovecotMissing("the dovecot and dovenull users are missing: install dovecot-imapd") from exc
    return "dovenull", "dovecot", grp.getgrgid(mail.pw_gid).gr_name, mail.pw_uid, mail.pw_gid


def _config(base: Path, port: int, user: str, internal: str, group: str, uid: int, gid: int) -> str:
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
first_valid_gid = 1
default_internal_user = {internal}
default_internal_group = {group}
default_login_user = {user}
mail_location = maildir:{base}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


@contextmanager
def dovecot_server(user: str = "intake@frontdoor.example", password: str = "imap-test-password"
                   ) -> Iterator[ImapAccount]:
    """Yield the login of an empty mailbox on a fresh dovecot; stop it and delete its files afterwards.

    Raises:
        DovecotMissing: dovecot-imapd is not installed.
        DovecotUnavailable: it did not start.
    """
    if not os.path.exists(BINARY):
        raise DovecotMissing("dovecot was not found: install dovecot-imapd (apt-get install dovecot-imapd, "
                             "or scripts/system_deps)")
    login, internal, group, uid, gid = _users()
    base = Path(tempfile.mkdtemp(prefix="frontdoor-dovecot-"))
    base.chmod(0o755)
    for name in ("mail", "home"):
        (base / name).mkdir()
        if os.getuid() == 0:
            os.chown(base / name, uid, gid)
    (base / "users").write_text(f"{user}:{{PLAIN}}{password}\n", encoding="utf-8")
    process: subprocess.Popen[bytes] | None = None
    try:
        for _attempt in range(3):  # another process may take the free port first
            port = free_port()
            (base / "dovecot.conf").write_text(_config(base, port, login, internal, group, uid, gid))
            process = subprocess.Popen([BINARY, "-F", "-c", str(base / "dovecot.conf")],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and process.poll() is None and not _greets(port):
                time.sleep(0.1)
            if process.poll() is None and _greets(port):
                break
            process.kill()
            process.wait(timeout=10)
            shutil.rmtree(base / "run", ignore_errors=True)
            process = None
        if process is None:
            log = base / "dovecot.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise DovecotUnavailable(f"dovecot did not start; its log says:\n{tail}")
        yield ImapAccount("127.0.0.1", port, user, password)
    finally:
        stop(process)
        shutil.rmtree(base, ignore_errors=True)


def imap_account() -> Iterator[ImapAccount]:
    """For a fixture: yield the login of a fresh dovecot's mailbox; skip the test when dovecot is not installed."""
    server = dovecot_server()
    try:
        account = server.__enter__()
    except DovecotMissing as exc:
        pytest.skip(f"dovecot is needed: {exc}")
    try:
        yield account
    finally:
        server.__exit__(None, None, None)


@contextmanager
def _client(account: ImapAccount) -> Iterator[imaplib.IMAP4]:
    client = imaplib.IMAP4(account.host, account.port)
    try:
        client.login(account.user, account.password)
        client.select("INBOX")
        yield client
    finally:
        client.logout()


def append(account: ImapAccount, raw: bytes) -> None:
    """Deliver ``raw`` to the account's inbox over IMAP, as a mail server would."""
    with _client(account) as client:
        client.append("INBOX", None, None, raw)


def unseen(account: ImapAccount) -> int:
    """Return how many messages in the account's inbox are not yet seen."""
    with _client(account) as client:
        return len(client.search(None, "UNSEEN")[1][0].split())

"""A local IMAP server: Debian's dovecot, run in the foreground from a directory of ours.

:func:`start` writes a configuration with a plain-text password file (one
user) into that directory and starts ``dovecot -F -c <that file>`` on a port of
127.0.0.1 without TLS, then waits for its greeting. The directory keeps the
mail (``mail/<user>/``, a maildir) between runs. Nothing of the system's own
dovecot configuration is used or changed. Run as root, its login and mail
processes run as Debian's ``dovenull`` and ``dovecot`` users (dovecot refuses
root), so the directory must be reachable by them.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from devservers.processes import stop

BINARY = "/usr/sbin/dovecot"
#: What to tell a person whose machine has no dovecot.
INSTALL = "install dovecot-imapd (apt-get install dovecot-imapd, or scripts/system_deps)"


class DovecotUnavailable(RuntimeError):
    """dovecot cannot be started here; the message says why."""


class DovecotMissing(DovecotUnavailable):
    """dovecot-imapd is not installed on this machine."""


@dataclass(frozen=True)
class ImapAccount:
    """The server's address and its one mailbox's login."""

    host: str
    port: int
    user: str
    password: str = field(repr=False)


def installed() -> bool:
    """Return whether dovecot is installed here."""
    return os.path.exists(BINARY)


def greets(port: int) -> bool:
    """Return whether an IMAP server answers with its greeting on ``port`` of 127.0.0.1."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            return sock.recv(64).startswith(b"* OK")
    except OSError:
        return False


def _users() -> tuple[str, str, str, int, int]:
    """Return the login user, the internal user and group, and the mail uid and gid to run as.

    Raises:
        DovecotMissing: run as root, and Debian's dovecot users are missing.
    """
    if os.getuid() != 0:
        me, group = pwd.getpwuid(os.getuid()).pw_name, grp.getgrgid(os.getgid()).gr_name
        return me, me, group, os.getuid(), os.getgid()
    try:
        mail = pwd.getpwnam("dovecot")
        pwd.getpwnam("dovenull")
    except KeyError as exc:
        raise DovecotMissing(f"the dovecot and dovenull users are missing: {INSTALL}") from exc
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


def start(base: Path, account: ImapAccount, *, wait_s: float = 15) -> subprocess.Popen[bytes]:
    """Start dovecot from ``base`` serving ``account`` on its port; return the running process.

    ``base`` is created when missing; mail already in it is kept. The caller
    stops the process (:func:`devservers.processes.stop`).

    Raises:
        DovecotMissing: dovecot-imapd is not installed.
        DovecotUnavailable: the port is taken, or dovecot did not start (the message has its log's end).
    """
    if not installed():
        raise DovecotMissing(f"dovecot was not found: {INSTALL}")
    if greets(account.port):
        raise DovecotUnavailable(f"an IMAP server already answers on 127.0.0.1:{account.port}")
    login, internal, group, uid, gid = _users()
    base.mkdir(parents=True, exist_ok=True)
    if os.getuid() == 0:
        base.chmod(0o755)
    for name in ("mail", "home"):
        (base / name).mkdir(exist_ok=True)
        if os.getuid() == 0:
            os.chown(base / name, uid, gid)
    shutil.rmtree(base / "run", ignore_errors=True)  # what a stopped run left behind
    users = base / "users"
    users.write_text(f"{account.user}:{{PLAIN}}{account.password}\n", encoding="utf-8")
    users.chmod(0o600)  # the password: for dovecot's auth process alone
    if os.getuid() == 0:
        os.chown(users, uid, gid)
    (base / "dovecot.conf").write_text(_config(base, account.port, login, internal, group, uid, gid))
    process = subprocess.Popen([BINARY, "-F", "-c", str(base / "dovecot.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and process.poll() is None and not greets(account.port):
        time.sleep(0.1)
    if process.poll() is None and greets(account.port):
        return process
    stop(process)
    log = base / "dovecot.log"
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    raise DovecotUnavailable(f"dovecot did not start on 127.0.0.1:{account.port}; its log says:\n{tail}")

"""The local mailbox of ``make run``: ``python -m devservers.mailbox``.

Reads the same settings as the worker (the env file ``scripts/make_env``
writes) and, in the foreground until SIGTERM or Ctrl-C:

- starts dovecot from ``$FRONTDOOR_HOME/mail/imap/`` serving the
  ``FRONTDOOR_IMAP_*`` account on its loopback port (the worker reads it for
  e-mail intake; ``/dev/mail`` writes to it);
- starts the outbox (:mod:`devservers.outbox`) on the ``SMTP_*`` loopback
  port: what the service sends (replies, alerts) is written to
  ``$FRONTDOOR_HOME/mail/outbox/`` as ``.eml`` files.

When a part cannot start (dovecot is not installed, the settings name a
server elsewhere) it prints one line saying so and carries on with the rest:
it never exits early, because honcho stops every process when one ends.
Run as root, dovecot's own users cannot reach ``var/`` (kept 0700), so the
mailbox lives in a temporary directory for that run.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from devservers import dovecot
from devservers.outbox import Outbox, SinkLogin
from devservers.processes import stop as stop_process
from frontdoor.adapters.imap import ImapSettings
from frontdoor.adapters.smtp import SmtpSettings
from frontdoor.errors import ConfigurationError

LOOPBACK = frozenset({"127.0.0.1", "localhost"})
#: Printed (with what is missing) when e-mail intake stays off.
OFF = "e-mail intake is off"


def mail_home(env: Mapping[str, str]) -> Path:
    """Return the directory of the local mailbox and outbox: ``$FRONTDOOR_HOME/mail`` (``var/mail``)."""
    return Path(env.get("FRONTDOOR_HOME") or Path.cwd() / "var") / "mail"


class Mailbox:
    """The dovecot process and the outbox of one run; :meth:`close` stops both."""

    def __init__(self, env: Mapping[str, str], echo: Callable[[str], object]) -> None:
        self._env = env
        self._echo = echo
        self.home = mail_home(env)
        self.process: subprocess.Popen[bytes] | None = None
        self.outbox: Outbox | None = None
        self._scratch: Path | None = None
        self._base = self.home / "imap"

    def open(self) -> Mailbox:
        """Start what the settings ask for; say in one line each what runs or why it does not. Return itself."""
        try:
            imap, smtp = ImapSettings.from_env(self._env), SmtpSettings.from_env(self._env)
        except ConfigurationError as exc:
            self._echo(f"{OFF}: {exc}")
            return self
        self._start_imap(imap)
        self._start_outbox(smtp)
        return self

    def _start_imap(self, imap: ImapSettings | None) -> None:
        if imap is None:
            self._echo(f"{OFF}: FRONTDOOR_IMAP_HOST is not set ({dovecot.INSTALL}, then make run again)")
            return
        if imap.host not in LOOPBACK or imap.tls:
            self._echo(f"the mailbox is {imap.host}:{imap.port}: no local mailbox to start")
            return
        if os.getuid() == 0:  # dovecot's own users cannot reach var/ (0700)
            self._scratch = self._base = Path(tempfile.mkdtemp(prefix="frontdoor-mailbox-"))
        base = self._base
        account = dovecot.ImapAccount("127.0.0.1", imap.port, imap.user, imap.password)
        try:
            self.process = dovecot.start(base, account)
        except dovecot.DovecotUnavailable as exc:
            self._echo(f"{OFF}: {exc}")
            return
        self._echo(f"mailbox: {imap.user} on 127.0.0.1:{imap.port} (IMAP, dovecot in {base})")

    def _start_outbox(self, smtp: SmtpSettings | None) -> None:
        if smtp is None or smtp.host not in LOOPBACK or smtp.starttls:
            return  # e-mail goes to a real server, or is skipped
        directory = self.home / "outbox"
        try:
            self.outbox = Outbox(directory, smtp.port, SinkLogin(smtp.user or "", smtp.password or "")).start()
        except OSError as exc:
            self._echo(f"the outbox did not start on 127.0.0.1:{smtp.port}: {exc}")
            return
        self._echo(f"outbox: e-mail sent through 127.0.0.1:{smtp.port} is written to {directory}/")

    def watch(self) -> None:
        """Say so once when dovecot has stopped by itself (the rest carries on)."""
        if self.process is not None and self.process.poll() is not None:
            self._echo(f"{OFF}: dovecot stopped (exit status {self.process.returncode}); "
                       f"see {self._base}/dovecot.log")
            self.process = None

    def close(self) -> None:
        """Stop dovecot and the outbox; remove a temporary mailbox."""
        if self.outbox is not None:
            self.outbox.stop()
        if self.process is not None:
            stop_process(self.process)
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)


def serve(env: Mapping[str, str], stop: threading.Event, echo: Callable[[str], object] = print) -> None:
    """Run the local mailbox until ``stop`` is set; then stop what was started."""
    mailbox = Mailbox(env, echo).open()
    try:
        while not stop.wait(1):
            mailbox.watch()
    finally:
        mailbox.close()


def main() -> int:
    """Run until SIGTERM or Ctrl-C; return 0."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    serve(os.environ, stop, lambda line: print(line, flush=True))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""A local SMTP sink: every message the service sends is written to a directory as an ``.eml`` file.

It speaks just enough SMTP for :mod:`smtplib` (EHLO, AUTH PLAIN or LOGIN,
MAIL, RCPT, DATA, RSET, NOOP, QUIT) on a port of 127.0.0.1, requires the one
login it was given, and delivers nothing anywhere: a person reads the files
(the ``/dev/mail`` page shows the replies).
"""

from __future__ import annotations

import base64
import os
import socketserver
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

#: Longest command line and message accepted.
MAX_LINE = 4096
MAX_MESSAGE = 25 * 1024 * 1024


@dataclass(frozen=True)
class SinkLogin:
    """The one login the sink accepts."""

    user: str
    password: str = field(repr=False)

    def accepts(self, user: str, password: str) -> bool:
        """Return whether ``user`` and ``password`` are this login."""
        return (user, password) == (self.user, self.password)


def _b64(text: str) -> str:
    return base64.b64decode(text.encode("ascii"), validate=True).decode("utf-8")


class _Session(socketserver.StreamRequestHandler):
    """One SMTP conversation."""

    server: Outbox

    def _say(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def _line(self) -> str | None:
        raw = self.rfile.readline(MAX_LINE)
        return None if not raw else raw.decode("utf-8", "replace").rstrip("\r\n")

    def handle(self) -> None:
        self._say("220 localhost Front Door local outbox")
        signed_in, recipients = False, 0
        while (line := self._line()) is not None:
            verb, _, rest = line.partition(" ")
            verb = verb.upper()
            if verb in ("EHLO", "HELO"):
                self._say("250-localhost" if verb == "EHLO" else "250 localhost")
                if verb == "EHLO":
                    self._say("250-8BITMIME")
                    self._say("250 AUTH PLAIN LOGIN")
            elif verb == "AUTH":
                signed_in = self._auth(rest)
                self._say("235 signed in" if signed_in else "535 wrong login")
            elif verb in ("NOOP", "RSET"):
                recipients = 0 if verb == "RSET" else recipients
                self._say("250 OK")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            elif not signed_in:
                self._say("530 sign in first")
            elif verb == "MAIL":
                recipients = 0
                self._say("250 OK")
            elif verb == "RCPT":
                recipients += 1
                self._say("250 OK")
            elif verb == "DATA" and recipients:
                self._say("354 end with a line holding only a dot")
                self._say("250 written" if self._data() else "552 too big")
            else:
                self._say("503 bad sequence" if verb == "DATA" else "502 not understood")

    def _auth(self, rest: str) -> bool:
        """Read AUTH PLAIN (with or without the initial response) or AUTH LOGIN; return whether the login is ours."""
        mechanism, _, initial = rest.partition(" ")
        try:
            if mechanism.upper() == "PLAIN":
                if not initial:
                    self._say("334 ")
                    initial = self._line() or ""
                _zone, user, password = _b64(initial).split("\x00")
            elif mechanism.upper() == "LOGIN":
                self._say("334 VXNlcm5hbWU6")
                user = _b64(self._line() or "")
                self._say("334 UGFzc3dvcmQ6")
                password = _b64(self._line() or "")
            else:
                return False
        except ValueError:
            return False
        return self.server.login.accepts(user, password)

    def _data(self) -> bool:
        """Read the message up to the lone dot and write it (lines ending in LF); return False when it was too big."""
        lines: list[bytes] = []
        size = 0
        while True:
            raw = self.rfile.readline(MAX_MESSAGE)
            if not raw or raw.rstrip(b"\r\n") == b".":
                break
            size += len(raw)
            line = raw[1:] if raw.startswith(b"..") else raw
            lines.append(line[:-2] + b"\n" if line.endswith(b"\r\n") else line)  # a file of this machine's lines
        if size > MAX_MESSAGE:
            return False
        self.server.write(b"".join(lines))
        return True


class Outbox(socketserver.ThreadingTCPServer):
    """The sink: serves on ``port`` of 127.0.0.1 and writes each message into ``directory``."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, directory: Path, port: int, login: SinkLogin) -> None:
        super().__init__(("127.0.0.1", port), _Session)
        self.directory = directory
        self.login = login
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """Return the port it listens on."""
        return int(self.server_address[1])

    def write(self, raw: bytes) -> Path:
        """Write one message as ``<time>.eml`` (written whole, then renamed into place); return its path."""
        with self._lock:
            name = f"{time.time_ns()}.eml"
            partial = self.directory / f".{name}.part"
            with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
                handle.write(raw)
            path = self.directory / name
            os.replace(partial, path)
        return path

    def start(self) -> Outbox:
        """Make the directory and serve in a background thread (until :meth:`stop`); return itself."""
        self.directory.mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(target=self.serve_forever, name="outbox", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the port."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join(10)
        self.server_close()

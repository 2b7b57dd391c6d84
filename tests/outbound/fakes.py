"""Local stand-ins for the providers alerts go out through.

- :func:`smtp_server`: a real SMTP server (aiosmtpd) on a free port of
  127.0.0.1 that requires a login and keeps every message it accepts.
- :func:`twilio_api`: a local HTTP endpoint answering like Twilio's Messages
  API; it keeps each request (path, Authorization header, form fields).
  Point the real twilio client at it with :func:`point_at`.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from twilio.rest import Client

#: The local server takes a login without TLS (tests only): aiosmtpd warns about it.
QUIET = "ignore:Requiring AUTH while not requiring TLS:UserWarning"
SMTP_USER = "alerts@frontdoor.example"
SMTP_PASSWORD = "smtp-test-password"
ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "twilio-test-auth-token"
FROM_NUMBER = "+447700900000"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Mailbox:
    """What the SMTP server received: (envelope recipients, parsed message) pairs."""

    host: str
    port: int
    messages: list[tuple[list[str], Message]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == SMTP_USER
              and auth_data.password.decode() == SMTP_PASSWORD)
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok)


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """Run an SMTP server that needs the test login; yield its :class:`Mailbox`."""
    mailbox = Mailbox("127.0.0.1", free_port())
    controller = Controller(mailbox, hostname=mailbox.host, port=mailbox.port,
                            authenticator=mailbox.authenticate, auth_required=True, auth_require_tls=False)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


@dataclass
class TwilioRequest:
    method: str
    path: str
    authorization: str | None
    form: dict[str, str]


@dataclass
class FakeTwilio:
    """The requests the fake Messages API received, and how it should answer next."""

    url: str
    requests: list[TwilioRequest] = field(default_factory=list)
    #: Status to answer with (201 accepts; 400/500 refuse like Twilio does).
    status: int = 201


@contextmanager
def twilio_api() -> Iterator[FakeTwilio]:
    """Serve a fake Twilio Messages API on a free port; yield what it received."""
    fake = FakeTwilio("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8")).items()}
            fake.requests.append(TwilioRequest("POST", self.path, self.headers.get("Authorization"), form))
            if fake.status == 201:
                body = {"sid": f"SM{len(fake.requests):032d}", "status": "queued", "to": form.get("To"),
                        "from": form.get("From"), "body": form.get("Body"), "account_sid": ACCOUNT_SID}
            else:
                body = {"code": 21211, "message": "The 'To' number is not a valid phone number.",
                        "status": fake.status, "more_info": "https://example.invalid/21211"}
            data = json.dumps(body).encode()
            self.send_response(fake.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def point_at(client: Client, fake: FakeTwilio) -> Client:
    """Make the real twilio ``client`` send its Messages API calls to ``fake``; return it."""
    client.api.base_url = fake.url
    return client

"""devservers.outbox: the local SMTP sink takes mail only after its login and writes each message whole."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from devservers.outbox import Outbox, SinkLogin
from frontdoor.adapters.smtp import SmtpEmail, SmtpSettings
from frontdoor.errors import Unavailable

LOGIN = SinkLogin("frontdoor", "outbox-test-password")


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    sink = Outbox(tmp_path / "outbox", 0, LOGIN).start()
    yield sink
    sink.stop()


def settings(sink: Outbox, password: str = LOGIN.password) -> SmtpSettings:
    return SmtpSettings("127.0.0.1", sink.port, LOGIN.user, password, starttls=False,
                        from_address="frontdoor@partnership.example")


def test_what_the_service_sends_is_written_as_an_eml_file(outbox: Outbox) -> None:
    body = "Your reference is FD-ABCD-EFGH.\n.A line that starts with a dot\nÜnïcode too"
    message_id = SmtpEmail(settings(outbox)).send_email("head@school.example", "Front Door: received", body)
    [path] = sorted(outbox.directory.glob("*.eml"))
    assert path.stat().st_mode & 0o777 == 0o600
    written = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert (written["To"], written["Subject"], written["Message-ID"]) == (
        "head@school.example", "Front Door: received", message_id)
    assert written.get_content().rstrip("\n") == body
    assert not list(outbox.directory.glob(".*"))  # nothing left half written


def test_it_takes_nothing_without_its_login(outbox: Outbox) -> None:
    with pytest.raises(Unavailable, match="SMTPAuthenticationError"):
        SmtpEmail(settings(outbox, "wrong")).send_email("a@example.org", "Hello", "Hi")
    with smtplib.SMTP("127.0.0.1", outbox.port, timeout=10) as client:
        client.ehlo()
        assert client.mail("someone@example.org")[0] == 530
        assert client.login(LOGIN.user, LOGIN.password)[0] == 235  # AUTH PLAIN
    with smtplib.SMTP("127.0.0.1", outbox.port, timeout=10) as client:
        client.ehlo()
        client.user, client.password = LOGIN.user, LOGIN.password
        assert client.auth("LOGIN", client.auth_login, initial_response_ok=False)[0] == 235
        assert client.docmd("DATA")[0] == 503  # no recipient yet
    assert not list(outbox.directory.glob("*.eml"))

"""The IMAP mailbox adapter: its settings from the environment, and a real dovecot started by the test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from frontdoor.adapters.imap import ImapFolder, ImapSettings
from frontdoor.config import Settings
from frontdoor.errors import ConfigurationError, Unavailable
from tests.support.dovecot import ImapAccount, append, imap_account

LOGIN = {"FRONTDOOR_IMAP_HOST": "imap.example.org", "FRONTDOOR_IMAP_USER": "referrals@partnership.example",
         "FRONTDOOR_IMAP_PASSWORD": "secret"}


def test_intake_is_off_without_a_host() -> None:
    assert ImapSettings.from_env({}) is None
    assert Settings.from_env({"FRONTDOOR_HOME": "/tmp"}).imap is None


def test_settings_default_to_tls_on_993_and_the_inbox() -> None:
    settings = ImapSettings.from_env(LOGIN)
    assert settings is not None
    assert (settings.port, settings.tls, settings.mailbox, settings.poll_seconds) == (993, True, "INBOX", 60)
    assert settings.address == "referrals@partnership.example" and "secret" not in repr(settings)
    assert Settings.from_env({**LOGIN, "FRONTDOOR_HOME": "/tmp"}).imap == settings


def test_settings_without_tls() -> None:
    settings = ImapSettings.from_env({**LOGIN, "FRONTDOOR_IMAP_TLS": "false", "FRONTDOOR_IMAP_MAILBOX": "Referrals",
                                      "FRONTDOOR_IMAP_POLL_SECONDS": "15"})
    assert settings is not None
    assert (settings.port, settings.tls, settings.mailbox, settings.poll_seconds) == (143, False, "Referrals", 15)


@pytest.mark.parametrize(("change", "message"), [
    ({"FRONTDOOR_IMAP_USER": ""}, "needs FRONTDOOR_IMAP_USER and FRONTDOOR_IMAP_PASSWORD"),
    ({"FRONTDOOR_IMAP_PASSWORD": ""}, "needs FRONTDOOR_IMAP_USER and FRONTDOOR_IMAP_PASSWORD"),
    ({"FRONTDOOR_IMAP_TLS": "maybe"}, "FRONTDOOR_IMAP_TLS must be true or false"),
    ({"FRONTDOOR_IMAP_PORT": "imap"}, "must be numbers"),
    ({"FRONTDOOR_IMAP_PORT": "70000"}, "must be a port number"),
    ({"FRONTDOOR_IMAP_POLL_SECONDS": "0"}, "must be positive"),
])
def test_malformed_settings_are_refused(change: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        ImapSettings.from_env({**LOGIN, **change})


@pytest.fixture(scope="module")
def account() -> Iterator[ImapAccount]:
    yield from imap_account()


def imap_settings(account: ImapAccount, password: str | None = None) -> ImapSettings:
    return ImapSettings(host=account.host, port=account.port, user=account.user,
                        password=password or account.password, tls=False)


def test_messages_are_fetched_unmarked_and_marked_seen_only_when_asked(account: ImapAccount) -> None:
    folder = ImapFolder(imap_settings(account))
    append(account, b"From: a@mail.example.com\r\nSubject: one\r\nMessage-ID: <one@x>\r\n\r\nfirst\r\n")
    append(account, b"From: a@mail.example.com\r\nSubject: two\r\nMessage-ID: <two@x>\r\n\r\nsecond\r\n")
    fetched = folder.fetch_unseen(10)
    assert [m.raw.split(b"\r\n")[1] for m in fetched] == [b"Subject: one", b"Subject: two"]
    assert len(folder.fetch_unseen(10)) == 2  # fetching marks nothing
    assert len(folder.fetch_unseen(1)) == 1
    folder.mark_seen([fetched[0].uid])
    assert [m.uid for m in folder.fetch_unseen(10)] == [fetched[1].uid]
    folder.mark_seen([fetched[1].uid])
    assert folder.fetch_unseen(10) == []


def test_a_wrong_password_or_no_server_is_unavailable(account: ImapAccount) -> None:
    with pytest.raises(Unavailable, match="could not be read"):
        ImapFolder(imap_settings(account, "wrong")).fetch_unseen(10)
    closed = ImapSettings(host="127.0.0.1", port=1, user="u", password="p", tls=False, timeout_s=2)
    with pytest.raises(Unavailable):
        ImapFolder(closed).fetch_unseen(10)

"""A throwaway IMAP server for tests: :mod:`devservers.dovecot` started from a temporary directory.

:func:`dovecot_server` starts dovecot (:func:`devservers.dovecot.start`) on a
free port of 127.0.0.1, yields an :class:`ImapAccount` and stops it and removes
the directory afterwards; :func:`imap_account` does the same for a fixture,
skipping when dovecot is not installed. :func:`append` delivers a message to
the mailbox and :func:`unseen` counts what is not yet seen.
"""

from __future__ import annotations

import imaplib
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from devservers.dovecot import DovecotMissing, DovecotUnavailable, ImapAccount, start
from devservers.processes import stop
from tests.support.stack import free_port

__all__ = ["DovecotMissing", "DovecotUnavailable", "ImapAccount", "append", "dovecot_server", "imap_account",
           "unseen"]


@contextmanager
def dovecot_server(user: str = "intake@frontdoor.example", password: str = "imap-test-password"
                   ) -> Iterator[ImapAccount]:
    """Yield the login of an empty mailbox on a fresh dovecot; stop it and delete its files afterwards.

    Raises:
        DovecotMissing: dovecot-imapd is not installed.
        DovecotUnavailable: it did not start.
    """
    base = Path(tempfile.mkdtemp(prefix="frontdoor-dovecot-"))
    base.chmod(0o755)
    process: subprocess.Popen[bytes] | None = None
    try:
        for attempt in range(3):  # another process may take the free port first
            account = ImapAccount("127.0.0.1", free_port(), user, password)
            try:
                process = start(base, account)
                break
            except DovecotMissing:
                raise
            except DovecotUnavailable:
                if attempt == 2:
                    raise
        yield account
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

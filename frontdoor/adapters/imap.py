"""The mailbox adapter: :class:`frontdoor.ports.MailFolder` over IMAP (the standard library's :mod:`imaplib`).

Settings come from ``FRONTDOOR_IMAP_*`` (see :meth:`ImapSettings.from_env`);
intake is off when ``FRONTDOOR_IMAP_HOST`` is unset. Messages are fetched with
``BODY.PEEK[]`` so fetching marks nothing: a message is flagged ``\\Seen`` only
by :meth:`ImapFolder.mark_seen`, after Front Door has committed it.
"""

from __future__ import annotations

import imaplib
import re
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from frontdoor.errors import ConfigurationError, Unavailable
from frontdoor.ports import FetchedMail

_YES, _NO = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


@dataclass(frozen=True)
class ImapSettings:
    """Where the partnership's shared mailbox is and how to log in."""

    host: str
    user: str
    password: str = field(repr=False)
    port: int = 993
    mailbox: str = "INBOX"
    #: IMAP over TLS (port 993); off only for a server on this machine.
    tls: bool = True
    #: Seconds between polls of the mailbox.
    poll_seconds: float = 60
    timeout_s: float = 30

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ImapSettings | None:
        """Return the mailbox settings in ``env``, or None when ``FRONTDOOR_IMAP_HOST`` is not set.

        Raises:
            ConfigurationError: the user or password is missing, or the port, TLS flag or interval is malformed.
        """
        host = (env.get("FRONTDOOR_IMAP_HOST") or "").strip()
        if not host:
            return None
        user, password = env.get("FRONTDOOR_IMAP_USER") or "", env.get("FRONTDOOR_IMAP_PASSWORD") or ""
        if not user or not password:
            raise ConfigurationError("FRONTDOOR_IMAP_HOST needs FRONTDOOR_IMAP_USER and FRONTDOOR_IMAP_PASSWORD")
        flag = (env.get("FRONTDOOR_IMAP_TLS") or "true").strip().lower()
        if flag not in _YES | _NO:
            raise ConfigurationError("FRONTDOOR_IMAP_TLS must be true or false")
        tls = flag in _YES
        try:
            port = int(env.get("FRONTDOOR_IMAP_PORT") or (993 if tls else 143))
            poll = float(env.get("FRONTDOOR_IMAP_POLL_SECONDS") or 60)
        except ValueError as exc:
            raise ConfigurationError("FRONTDOOR_IMAP_PORT and FRONTDOOR_IMAP_POLL_SECONDS must be numbers") from exc
        if not 0 < port < 65536:
            raise ConfigurationError("FRONTDOOR_IMAP_PORT must be a port number")
        if poll <= 0:
            raise ConfigurationError("FRONTDOOR_IMAP_POLL_SECONDS must be positive")
        return cls(host=host, user=user, password=password, port=port, tls=tls, poll_seconds=poll,
                   mailbox=(env.get("FRONTDOOR_IMAP_MAILBOX") or "INBOX").strip() or "INBOX")

    @property
    def address(self) -> str | None:
        """The mailbox's own address, when the login is one (mail from it is a loop)."""
        return self.user.lower() if "@" in self.user else None


class ImapFolder:
    """:class:`MailFolder` over IMAP: one connection per call, closed afterwards."""

    def __init__(self, settings: ImapSettings) -> None:
        self.settings = settings

    def _connect(self) -> imaplib.IMAP4:
        s = self.settings
        client: imaplib.IMAP4
        if s.tls:
            client = imaplib.IMAP4_SSL(s.host, s.port, ssl_context=ssl.create_default_context(), timeout=s.timeout_s)
        else:
            client = imaplib.IMAP4(s.host, s.port, timeout=s.timeout_s)
        client.login(s.user, s.password)
        status, _data = client.select(_quoted(s.mailbox))
        if status != "OK":
            client.logout()
            raise Unavailable(f"mailbox {s.mailbox!r} cannot be opened")
        return client

    def fetch_unseen(self, limit: int) -> list[FetchedMail]:
        """Return up to ``limit`` unseen messages, oldest first, without marking them.

        Raises:
            Unavailable: the server could not be reached, refused the login or the search.
        """
        try:
            client = self._connect()
            try:
                status, data = client.uid("SEARCH", "UNSEEN")
                if status != "OK":
                    raise Unavailable("the mailbox refused the search for new messages")
                uids = (data[0] or b"").split()[:limit]
                fetched = []
                for uid in uids:
                    status, parts = client.uid("FETCH", uid.decode(), "(BODY.PEEK[])")
                    raw = next((p[1] for p in parts if isinstance(p, tuple) and len(p) > 1), None)
                    if status == "OK" and isinstance(raw, bytes):
                        fetched.append(FetchedMail(uid.decode(), raw))
                return fetched
            finally:
                client.logout()
        except (OSError, imaplib.IMAP4.error) as exc:
            raise Unavailable(f"the mailbox could not be read: {type(exc).__name__}: {exc}") from exc

    def mark_seen(self, uids: Sequence[str]) -> None:
        """Flag ``uids`` seen.

        Raises:
            Unavailable: the server could not be reached or refused.
        """
        if not uids:
            return
        try:
            client = self._connect()
            try:
                status, _data = client.uid("STORE", ",".join(uids), "+FLAGS", "(\\Seen)")
                if status != "OK":
                    raise Unavailable("the mailbox refused to mark messages seen")
            finally:
                client.logout()
        except (OSError, imaplib.IMAP4.error) as exc:
            raise Unavailable(f"the mailbox could not be updated: {type(exc).__name__}: {exc}") from exc


def _quoted(name: str) -> str:
    """Return a mailbox name as an IMAP quoted string."""
    return '"' + re.sub(r'(["\\])', r"\\\1", name) + '"'

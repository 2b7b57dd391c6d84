"""The local mailbox as ``/dev/mail`` sees it: writing an e-mail into it, what became of it, and the outbox.

With ``FRONTDOOR_IMAP_*`` set (``make run`` sets them for the local dovecot),
a made-up e-mail is APPENDed to the mailbox over IMAP and the worker's poll
reads it like any other; :func:`progress` says how far it has got, from the
stored message (looked up by its Message-ID). What the service sends is read
back from the local outbox, ``$FRONTDOOR_HOME/mail/outbox/`` (written by
``python -m devservers.mailbox``).
"""

from __future__ import annotations

import imaplib
from dataclasses import asdict, dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any

from sqlalchemy import select

from frontdoor.adapters.imap import ImapFolder, ImapSettings, _quoted
from frontdoor.errors import ConfigurationError, Unavailable
from frontdoor.services import Core
from frontdoor.services.mail_rules import message_key
from frontdoor.store.mail import IGNORED, REFERRAL, THREAD_REPLY, MailMessage
from frontdoor.store.models import Referral

#: Where the outbox writes what the service sends, under FRONTDOOR_HOME (see devservers/mailbox.py).
OUTBOX = Path("mail", "outbox")
#: Most sent e-mails shown, and the newest files read to find them.
MAX_SENT, MAX_READ = 10, 500
#: Statuses after which nothing more happens to a message.
SETTLED = frozenset({REFERRAL, THREAD_REPLY, IGNORED})


def compose(sender: str, to: str, subject: str, body: str) -> tuple[bytes, str]:
    """Return an RFC 5322 message from ``sender`` to ``to`` as a mail client would write it, and its stored key."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message.set_content(body)
    raw = bytes(message)
    return raw, message_key(raw, str(message["Message-ID"]))


def deliver(imap: ImapSettings, raw: bytes) -> None:
    """APPEND ``raw`` to the mailbox of ``imap``, as a mail server delivers it.

    Raises:
        Unavailable: the mailbox could not be reached or refused the message.
    """
    try:
        client = ImapFolder(imap)._connect()
        try:
            status, _data = client.append(_quoted(imap.mailbox), None, None, raw)
        finally:
            client.logout()
    except (OSError, imaplib.IMAP4.error) as exc:
        raise Unavailable(f"the mailbox {imap.host}:{imap.port} could not be reached: {exc}. Is make run's "
                          "mail process running?") from exc
    if status != "OK":
        raise Unavailable(f"the mailbox refused the e-mail ({status})")


@dataclass(frozen=True)
class Sent:
    """One e-mail in the outbox."""

    to: str
    subject: str
    body: str


@dataclass(frozen=True)
class Progress:
    """How far an e-mail has got: ``status`` is "mailbox" (not read yet), "received", "reading" or settled."""

    status: str
    reference: str | None = None
    inbox: str | None = None
    reason: str | None = None
    #: Whether there is a local outbox, and whether it holds the reply with the reference.
    outbox: bool = False
    answered: bool = False

    @property
    def settled(self) -> bool:
        """Return whether nothing more is to come: settled, and a referral's reply sent (when there is an outbox)."""
        return self.status in SETTLED and (self.status != REFERRAL or self.answered or not self.outbox)

    def as_json(self) -> dict[str, Any]:
        """Return the progress for the JSON endpoint."""
        return {**asdict(self), "settled": self.settled}


def outbox(core: Core, to: str) -> list[Sent] | None:
    """Return the e-mails the service sent to ``to``, newest first; None when there is no local outbox."""
    directory = core.settings.home / OUTBOX
    if not directory.is_dir():
        return None
    found = []
    for path in sorted(directory.glob("*.eml"), reverse=True)[:MAX_READ]:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if parseaddr(str(message.get("To", "")))[1].lower() != to.lower():
            continue
        text = message.get_body(("plain",)) if isinstance(message, EmailMessage) else None
        found.append(Sent(to, str(message.get("Subject", "")), text.get_content() if text is not None else ""))
        if len(found) == MAX_SENT:
            break
    return found


def progress(core: Core, key: str, sender: str) -> Progress:
    """Return how far the e-mail stored under ``key`` (the Message-ID) from ``sender`` has got."""
    with core.db.session() as session:
        row = session.execute(select(MailMessage.status, MailMessage.reason, Referral.reference, Referral.inbox_id)
                              .outerjoin(Referral, Referral.id == MailMessage.referral_id)
                              .where(MailMessage.message_id == key)).first()
    sent = outbox(core, sender)
    if row is None:
        return Progress("mailbox", outbox=sent is not None)
    status, reason, reference, inbox_id = row
    inbox = None
    if inbox_id:
        try:
            inbox = core.table.inbox(inbox_id).name
        except ConfigurationError:
            inbox = inbox_id
    answered = bool(sent and reference and any(reference in mail.subject for mail in sent))
    return Progress(status, reference, inbox, reason, sent is not None, answered)

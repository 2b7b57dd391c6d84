"""Stored e-mail intake: every message fetched from the shared mailbox, and the files attached to it.

A message is stored (encrypted) before it is read, unique on its Message-ID.
It is linked to the referral it became or was added to, and goes when that
referral is purged; a message that was ignored (automatic, a bounce, a loop)
is kept, with why, for the days the mail policy says.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdoor.store.crypto import EncryptedText
from frontdoor.store.models import Base, UTCDateTime

#: A message's status: stored, not yet read; being read by a worker (since ``processed_at``) ...
RECEIVED, READING = "received", "reading"
#: ... it became a referral, was added to one, or was ignored (``reason`` says why).
REFERRAL, THREAD_REPLY, IGNORED = "referral", "reply", "ignored"


class MailMessage(Base):
    """One e-mail from the shared mailbox: the raw message, its sender's keyed tag, what became of it."""

    __tablename__ = "mail_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    #: A keyed tag of the sender's address (counts messages per sender without keeping the address in clear).
    sender_tag: Mapped[str] = mapped_column(String(64), index=True)
    raw: Mapped[str] = mapped_column(EncryptedText())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(255))
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    #: The Message-ID of our reply with the reference (a reply to it belongs to the same referral).
    reply_message_id: Mapped[str | None] = mapped_column(String(255), index=True)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_mail_messages_status", "status", "received_at"),)


class MailAttachment(Base):
    """A file attached to a message: kept encrypted (base64 text), or refused with why (no data)."""

    __tablename__ = "mail_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mail_id: Mapped[int] = mapped_column(ForeignKey("mail_messages.id", ondelete="CASCADE"), index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(EncryptedText())
    content_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[str | None] = mapped_column(EncryptedText())
    refused: Mapped[str | None] = mapped_column(String(255))

"""Stored workflow: the outcomes recorded on a referral and the retention review of closed ones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdoor.store.crypto import EncryptedText
from frontdoor.store.models import Base, UTCDateTime


class ReferralOutcome(Base):
    """One outcome recorded on a referral (several per referral)."""

    __tablename__ = "referral_outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    #: An outcome id of the workflow file.
    outcome: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by: Mapped[str] = mapped_column(String(255))


#: A review waiting for a person.
PENDING = "pending"
#: Kept with a reason until ``keep_until``.
KEPT = "kept"
#: Let be deleted: the next purge deletes it.
RELEASED = "released"


class RetentionReview(Base):
    """A closed referral whose retention period ended while it had further work: a person decides."""

    __tablename__ = "retention_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), unique=True)
    #: pending, kept or released.
    state: Mapped[str] = mapped_column(String(16), index=True)
    #: When it (last) came up for review.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    keep_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(EncryptedText())
    decided_by: Mapped[str | None] = mapped_column(String(255))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

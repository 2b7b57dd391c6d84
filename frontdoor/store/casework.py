"""Stored casework of a referral: its actions, and the feedback notices owed to a professional reporter."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdoor.store.crypto import EncryptedText
from frontdoor.store.models import Base, UTCDateTime


class CaseAction(Base):
    """An action agreed on a referral: what, whose (an inbox or a person), by when, and whether done."""

    __tablename__ = "case_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(EncryptedText())
    owner_inbox: Mapped[str | None] = mapped_column(String(64))
    owner_staff: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL", name="fk_case_actions_owner_staff"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(255))

    __table_args__ = (Index("ix_case_actions_open", "done_at", "due_at"),)


class FeedbackNotice(Base):
    """A message owed to the professional who reported (``event``: acknowledged, closed or question)."""

    __tablename__ = "feedback_notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_feedback_notices_pending", "queued_at"),)

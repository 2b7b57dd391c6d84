"""Stored form of related referrals: keyed match keys, and the decisions people made about pairs.

A match key is ``HMAC-SHA256(pseudonym key, purpose + normalised value)`` (see
:mod:`frontdoor.services.related`): two referrals about the same young person,
place or SMS sender share a key, and nothing about the person can be read back
from it. Rows go when their referral goes (``ON DELETE CASCADE``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from frontdoor.store.models import Base, UTCDateTime

#: The states of a person's decision about two referrals.
CONFIRMED = "confirmed"
DISMISSED = "dismissed"


class MatchKey(Base):
    """One keyed hash of a referral's identifying detail; ``kind`` says which detail."""

    __tablename__ = "related_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    #: ``name_age``, ``name_dob``, ``name_school``, ``place`` or ``sender``.
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("referral_id", "key", name="uq_related_keys_referral_key"),
        Index("ix_related_keys_key", "key", "referral_id"),
    )


class RelatedLink(Base):
    """A person's decision about two referrals: ``confirmed`` related, or ``dismissed`` (never proposed again).

    The pair is stored once, lower referral id first.
    """

    __tablename__ = "related_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(12))
    #: The match kinds that proposed it, comma-separated (empty when linked by hand).
    reasons: Mapped[str] = mapped_column(String(80), default="")
    decided_by: Mapped[str] = mapped_column(String(255))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("first_id", "second_id", name="uq_related_links_pair"),)

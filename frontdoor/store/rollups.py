"""The dashboard's daily roll-ups: counts per day, never a referral or a person.

One :class:`RollupDay` per UTC calendar day that has referrals, with the
fingerprint of that day's referrals when it was rolled up (a change to any of
them, or a purge, changes it and the day is rolled up again). Per day and per
set of inboxes that see the referrals (the owner and the info-only copies),
:class:`RollupCount` counts referrals by urgency, kind, area and indicator, and
:class:`RollupTime` counts the acknowledged ones by urgency and whole minutes
taken to acknowledge (a histogram the period's median and 90th percentile are
read from). Nothing here names or identifies a referral, so the roll-ups are
not personal data.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from frontdoor.store.models import Base, Referral, UTCDateTime


class RollupDay(Base):
    """A rolled-up day: the fingerprint of its referrals then, and until when its judging can still change."""

    __tablename__ = "dashboard_rollup_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(200))
    #: The latest due time of the day's unacknowledged referrals (None: all acknowledged or with no due time).
    open_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rolled_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RollupCount(Base):
    """Referrals of one day and inbox set with one value of a dimension (urgency, kind, area or indicator)."""

    __tablename__ = "dashboard_rollups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    month: Mapped[str] = mapped_column(String(7))
    #: The inboxes that see these referrals, sorted, as ``,a,b,`` (so one inbox matches ``%,a,%``).
    inboxes: Mapped[str] = mapped_column(Text)
    dimension: Mapped[str] = mapped_column(String(16))
    value: Mapped[str | None] = mapped_column(String(64))
    referrals: Mapped[int] = mapped_column(Integer)
    acknowledged: Mapped[int] = mapped_column(Integer)
    within_target: Mapped[int] = mapped_column(Integer)
    #: Unacknowledged referrals with a due time (judged once that time has passed).
    open_due: Mapped[int] = mapped_column(Integer)

    #: Covering the dashboard's grouped sum, so it reads the index alone.
    __table_args__ = (Index("ix_dashboard_rollups_day", "day", "inboxes", "dimension", "value", "month", "referrals",
                            "acknowledged", "within_target", "open_due"),)


class RollupTime(Base):
    """Acknowledged referrals of one day, inbox set and urgency that took ``minutes`` (rounded) to acknowledge."""

    __tablename__ = "dashboard_rollup_times"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    inboxes: Mapped[str] = mapped_column(Text)
    urgency: Mapped[str] = mapped_column(String(10))
    minutes: Mapped[int] = mapped_column(Integer)
    referrals: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_dashboard_rollup_times_day", "day", "inboxes", "urgency", "minutes", "referrals"),)


#: Today's figures and the days not rolled up are counted live, by creation time.
REFERRALS_CREATED = Index("ix_referrals_created_at", Referral.__table__.c.created_at)

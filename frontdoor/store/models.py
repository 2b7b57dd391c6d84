"""SQLAlchemy 2 models: the stored form of referrals, staff and the audit log.

Shells never see these objects; services turn them into the plain views in
:mod:`frontdoor.views`. Times are stored as UTC and always come back aware.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from frontdoor.store.crypto import EncryptedJSON, EncryptedText


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    pass


#: The condition of the partial indexes of open referrals; the queue's "open" is written the same way.
OPEN_CONDITION = "status != 'closed'"


class Referral(Base):
    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    #: Idempotency key from the channel (a conversation's submission id, an SMS
    #: MessageSid), so a retried submission never makes a second referral.
    source_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    #: Keyed digest of the anonymous reporter's follow-up code (never the code).
    followup_digest: Mapped[str | None] = mapped_column(String(64))
    #: Wrong follow-up codes tried for this reference, from any sender (never reset: five lock it).
    followup_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: When too many wrong codes locked this reference's follow-up (for good: the reporter makes a new report).
    followup_locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="new")
    urgency: Mapped[str] = mapped_column(String(10))
    urgency_rank: Mapped[int] = mapped_column(Integer)
    triage_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    indicators: Mapped[list[str]] = mapped_column(JSON, default=list)
    routing_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    inbox_id: Mapped[str] = mapped_column(String(64))
    #: Red and received while the owning inbox was closed: the out-of-hours
    #: contact that also has it (a copy), is alerted, and may acknowledge it.
    out_of_hours_inbox_id: Mapped[str | None] = mapped_column(String(64))
    area_id: Mapped[str | None] = mapped_column(String(64))
    area_text: Mapped[str | None] = mapped_column(EncryptedText())
    place: Mapped[str | None] = mapped_column(EncryptedText())
    when_text: Mapped[str | None] = mapped_column(EncryptedText())
    immediate_danger: Mapped[bool | None] = mapped_column(Boolean)
    consent_to_contact: Mapped[bool | None] = mapped_column(Boolean)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(EncryptedText())
    details: Mapped[dict[str, str]] = mapped_column(EncryptedJSON(), default=dict)
    outcome: Mapped[str | None] = mapped_column(String(64))
    #: The SPOC of the owning inbox who is working it (reassigned within the area).
    assigned_to: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL", name="fk_referrals_assigned_to_staff"))
    #: Red alerts: 0 none sent, 1 the inbox's contacts alerted, 2 escalated to the second contact.
    alert_level: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sla_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # --- casework: lead agency, review and the basis for sharing (frontdoor.services.casework) ---
    lead_agency: Mapped[str | None] = mapped_column(String(64))
    review_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: given, refused or not_asked (frontdoor.sharing.CONSENT); None until recorded.
    sharing_consent: Mapped[str | None] = mapped_column(String(16))
    sharing_basis: Mapped[str | None] = mapped_column(String(32))
    sharing_reason: Mapped[str | None] = mapped_column(EncryptedText())
    sharing_agreement: Mapped[str | None] = mapped_column(String(64))
    #: The professional reporter asked to be told when it is picked up and closed.
    feedback_wanted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    people: Mapped[list[Person]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", order_by="Person.id"
    )
    copies: Mapped[list[ReferralCopy]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", order_by="ReferralCopy.id"
    )
    events: Mapped[list[ReferralEvent]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", order_by="ReferralEvent.id"
    )

    __table_args__ = (
        Index("ix_referrals_queue", "inbox_id", "status", "urgency_rank", "sla_due_at"),
        Index("ix_referrals_status_closed", "status", "closed_at"),
        # The queue reads each inbox's open referrals, and all open ones (for copies), in its order.
        Index("ix_referrals_open_inbox", "inbox_id", "urgency_rank", "sla_due_at", "id",
              sqlite_where=text(OPEN_CONDITION), postgresql_where=text(OPEN_CONDITION)),
        # With what the copies part of the queue tests, so only the referrals it keeps are read.
        Index("ix_referrals_open", "urgency_rank", "sla_due_at", "id",
              "inbox_id", "out_of_hours_inbox_id", "status", "urgency",
              sqlite_where=text(OPEN_CONDITION), postgresql_where=text(OPEN_CONDITION)),
        # Only the referrals a contact covers out of hours: few, and the planner sees it.
        Index("ix_referrals_on_duty", "out_of_hours_inbox_id", "status", "urgency_rank", "sla_due_at",
              sqlite_where=text("out_of_hours_inbox_id IS NOT NULL"),
              postgresql_where=text("out_of_hours_inbox_id IS NOT NULL")),
        Index("ix_referrals_review", "inbox_id", "review_at"),
    )


class ReferralCopy(Base):
    """An info-only copy of a referral in another inbox."""

    __tablename__ = "referral_copies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"))
    inbox_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    referral: Mapped[Referral] = relationship(back_populates="copies")

    __table_args__ = (
        UniqueConstraint("referral_id", "inbox_id", name="uq_copy_referral_inbox"),
        Index("ix_referral_copies_inbox", "inbox_id", "referral_id"),
    )


class Person(Base):
    """A person on a referral; ``role`` keeps at-risk people and exploiters apart."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(32))
    name: Mapped[str | None] = mapped_column(EncryptedText())
    age: Mapped[int | None] = mapped_column(Integer)
    age_band: Mapped[str | None] = mapped_column(String(20))
    school: Mapped[str | None] = mapped_column(EncryptedText())
    home_area: Mapped[str | None] = mapped_column(EncryptedText())
    known_to_social_care: Mapped[bool | None] = mapped_column(Boolean)
    looked_after: Mapped[bool | None] = mapped_column(Boolean)
    parent_carer_aware: Mapped[bool | None] = mapped_column(Boolean)
    description: Mapped[str | None] = mapped_column(EncryptedText())
    # Reporter-only fields.
    reporter_role: Mapped[str | None] = mapped_column(String(32))
    organisation: Mapped[str | None] = mapped_column(EncryptedText())
    email: Mapped[str | None] = mapped_column(EncryptedText())
    phone: Mapped[str | None] = mapped_column(EncryptedText())

    referral: Mapped[Referral] = relationship(back_populates="people")


class ReferralEvent(Base):
    """The referral's timeline: status changes, notes, routing."""

    __tablename__ = "referral_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(40))
    body: Mapped[str | None] = mapped_column(EncryptedText())

    referral: Mapped[Referral] = relationship(back_populates="events")


class AuditEntry(Base):
    """Append-only record of who did what to which referral (never the content).

    Each entry carries the SHA-256 of the previous entry's hash and its own
    fields (``entry_hash``), so removing, reordering or editing an entry breaks
    the chain; the database also refuses UPDATE and DELETE on the table.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str | None] = mapped_column(String(16), index=True)
    detail: Mapped[str | None] = mapped_column(String(255))
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    entry_hash: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("entry_hash", name="uq_audit_log_entry_hash"),)


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str | None] = mapped_column(String(255))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: TOTP shared secret (base32); None until enrolment starts.
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText())
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The last 30-second time step whose code was accepted (a code works once).
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    inboxes: Mapped[list[StaffInbox]] = relationship(
        back_populates="staff", cascade="all, delete-orphan"
    )


class StaffInbox(Base):
    __tablename__ = "staff_inboxes"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True)
    inbox_id: Mapped[str] = mapped_column(String(64), primary_key=True)

    staff: Mapped[Staff] = relationship(back_populates="inboxes")


class ApiToken(Base):
    """A personal bearer token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StaffSession(Base):
    """A server-side sign-in session; the cookie holds a random token, we keep its hash."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: "password" (first factor only: may enrol or enter a code, nothing else) or "full".
    stage: Mapped[str] = mapped_column(String(16), default="full", server_default="full")
    #: Started from a browser that had signed in fully before (a known device): a lockout
    #: caused by others' wrong passwords does not stop it.
    known_device: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class StaffDevice(Base):
    """A browser that completed a full sign-in: its cookie holds a random token, we keep its hash."""

    __tablename__ = "staff_devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InboundMessage(Base):
    """An SMS as received, stored before anything else is done with it.

    ``sender`` is the keyed pseudonym of the phone number, never the number.
    ``reply`` is what we answered, so a retried webhook gets the same answer.
    """

    __tablename__ = "inbound_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_sid: Mapped[str] = mapped_column(String(64), unique=True)
    sender: Mapped[str] = mapped_column(String(64), index=True)
    body: Mapped[str] = mapped_column(EncryptedText())
    num_media: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), index=True)
    handled_by: Mapped[str | None] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    reply: Mapped[str | None] = mapped_column(EncryptedText())
    reference: Mapped[str | None] = mapped_column(String(16))
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: "sms" or "whatsapp": the text channel it came by.
    channel: Mapped[str] = mapped_column(String(10), default="sms", server_default="sms")


class SmsConversation(Base):
    """Per-sender state of the SMS channel, keyed by the sender's pseudonym.

    ``conversation_id`` is random and is all Rasa ever sees; a new one is used
    after a period of silence, so old conversations cannot be linked.
    """

    __tablename__ = "sms_conversations"

    sender: Mapped[str] = mapped_column(String(64), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(48), unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    code_failures: Mapped[int] = mapped_column(Integer, default=0)
    code_locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Job(Base):
    """A unit of background work for the embedded queue (Redis holds its own when configured)."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Same key, same job: enqueuing twice is harmless.
    dedupe_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    run_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_jobs_due", "status", "run_at"),)


class AlertDelivery(Base):
    """One alert sent (or tried) about a red referral: channel, recipient, result."""

    __tablename__ = "alert_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime())

"""E-mail intake from the partnership's shared mailbox: each message stored first, then read like a text message.

:meth:`MailService.receive` (and :meth:`MailPoller.poll`, which the worker runs
against the IMAP mailbox) does, for one raw RFC 5322 message:

1. **store** it, encrypted, unique on its Message-ID (a message fetched twice
   is stored once); only then is it marked seen in the mailbox;
2. **screen** it: an automatic reply, a bounce, bulk mail, our own address or
   more than :attr:`MailPolicy.loop_limit` messages from one sender in
   :attr:`MailPolicy.loop_window` never becomes a referral; it is kept as
   ignored, with why;
3. a **reply in a thread** we answered (In-Reply-To or References naming a
   message of the referral or our reply, or, from the same sender, the
   reference in the subject) is added to that referral's timeline;
4. anything else becomes a **referral** through the same submission as chat
   and SMS (triage reads indicators, places and danger from the words), routed
   by the places it names, else by the sender's organisation when its domain is
   a known professional one (``known_domains`` in the routing table);
5. attachments are kept encrypted within the limits of
   :mod:`frontdoor.services.mail_rules` (others are refused and noted), and the
   sender is **answered** with the reference by a queued ``mail.reply`` job.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from frontdoor import safety
from frontdoor.errors import InvalidInput, Unavailable
from frontdoor.extraction import Analyser
from frontdoor.fields import is_email
from frontdoor.model import Channel, Kind, ReferralDraft, ReporterDraft
from frontdoor.ports import JobQueue, MailFolder
from frontdoor.pseudonyms import Pseudonymiser
from frontdoor.routing import RoutingTable
from frontdoor.services import audit
from frontdoor.services.alert_messages import AlertMessage
from frontdoor.services.alerts import AlertService
from frontdoor.services.mail_rules import MAX_TEXT, ParsedMail, automatic, check_attachment, parse
from frontdoor.services.referrals import SubmissionService
from frontdoor.store.db import Database
from frontdoor.store.mail import IGNORED, READING, RECEIVED, REFERRAL, THREAD_REPLY, MailAttachment, MailMessage
from frontdoor.store.models import Referral, ReferralEvent

log = logging.getLogger(__name__)

#: Job kind of the reply with the reference (payload: the stored message's id).
REPLY_JOB = "mail.reply"
ACTOR = "reporter:email"


@dataclass(frozen=True)
class MailPolicy:
    """Limits of e-mail intake."""

    #: More messages than this from one sender within ``loop_window`` are a loop, not a person.
    loop_limit: int = 10
    loop_window: timedelta = timedelta(hours=1)
    #: Days an ignored message (automatic, a bounce, a loop) is kept before it is purged.
    ignored_days: float = 30
    #: Messages fetched from the mailbox in one poll.
    batch: int = 50
    #: A message a worker began reading this long ago without finishing (it stopped) is read again.
    stalled: timedelta = timedelta(minutes=10)


@dataclass(frozen=True)
class MailOutcome:
    """What became of one message: ``status`` referral, reply, ignored or duplicate."""

    status: str
    reference: str | None = None
    reason: str | None = None


def reply_message(reference: str, refused: int) -> AlertMessage:
    """Return the answer to a sender: the reference, how to add to it, the safety line (nothing they wrote)."""
    lines = [f"Thank you for writing to Front Door. Your e-mail has been recorded as referral {reference}, "
             "and the safeguarding team will read it.",
             f"To add anything, reply to this e-mail and keep {reference} in the subject."]
    if refused:
        lines.append(f"{refused} attachment(s) could not be kept: we accept PDF, images and Word documents of up "
                     "to 10 MB each.")
    lines.append(safety.line("safety_line"))
    return AlertMessage(f"Front Door referral {reference}: received", "\n\n".join(lines))


class MailService:
    """E-mail intake (see the module docstring)."""

    def __init__(self, db: Database, table: RoutingTable, analyser: Analyser, submissions: SubmissionService,
                 alerts: AlertService, queue: JobQueue, clock: Callable[[], datetime],
                 keys: Pseudonymiser | None = None, own_addresses: frozenset[str] = frozenset(),
                 policy: MailPolicy | None = None) -> None:
        self._db = db
        self._table = table
        self._analyser = analyser
        self._submissions = submissions
        self._alerts = alerts
        self._queue = queue
        self._clock = clock
        self._keys = keys
        self.own_addresses = frozenset(a.lower() for a in own_addresses)
        self.policy = policy or MailPolicy()

    # --- storing --------------------------------------------------------------------------
    def receive(self, raw: bytes) -> MailOutcome:
        """Store ``raw`` and handle it; return what became of it ("duplicate" when it was stored before).

        Raises:
            Unavailable: the database is down (nothing was stored).
        """
        stored = self.store(raw)
        return MailOutcome("duplicate") if stored is None else self.handle(stored)

    def store(self, raw: bytes) -> int | None:
        """Commit ``raw`` (encrypted) unread; return its id, or None when its Message-ID is stored already.

        Raises:
            Unavailable: the database is down.
        """
        mail = parse(raw)
        try:
            with self._db.session() as session:
                row = MailMessage(message_id=mail.message_id, sender_tag=self._tag(mail.sender),
                                  raw=base64.b64encode(raw).decode("ascii"), received_at=self._clock(),
                                  status=RECEIVED)
                session.add(row)
                session.flush()
                return row.id
        except IntegrityError:
            return None

    def _tag(self, sender: str) -> str:
        if self._keys is not None:
            return self._keys.tag("mail-sender", sender)
        return hashlib.sha256(f"mail-sender\x00{sender}".encode()).hexdigest()

    # --- reading --------------------------------------------------------------------------
    def handle_pending(self) -> int:
        """Handle every stored message not yet read (oldest first); return how many were handled.

        Raises:
            Unavailable: the database is down (what is left stays pending).
        """
        with self._db.session() as session:
            pending = list(session.scalars(select(MailMessage.id).where(self._unread())
                                           .order_by(MailMessage.id)))
        for mail_id in pending:
            try:
                self.handle(mail_id)
            except InvalidInput as exc:  # unusable as a referral: kept, with why, never retried for ever
                self._ignore(mail_id, f"could not be read: {exc}")
        return len(pending)

    def handle(self, mail_id: int) -> MailOutcome:
        """Read the stored message ``mail_id``: ignore it, add it to its referral, or make it a referral.

        Raises:
            Unavailable: the database is down (the message stays pending).
        """
        with self._db.session() as session:
            # Claimed atomically: a message is read by one worker at a time.
            claimed = session.execute(update(MailMessage).where(MailMessage.id == mail_id, self._unread())
                                      .values(status=READING, processed_at=self._clock())
                                      .execution_options(synchronize_session=False))
            row = session.get(MailMessage, mail_id) if getattr(claimed, "rowcount", 0) == 1 else None
            if row is None:
                return MailOutcome("duplicate")
            raw, tag, received = base64.b64decode(row.raw), row.sender_tag, row.received_at
        mail = parse(raw)
        reason = automatic(mail, self.own_addresses) or self._looping(tag, received)
        if reason:
            return self._ignore(mail_id, reason)
        referral_id = self._thread(mail, tag)
        if referral_id is not None:
            return self._add_to(mail_id, referral_id, mail)
        return self._refer(mail_id, mail)

    def _unread(self) -> Any:
        """Return the condition of a message to read: stored and unread, or its reading stalled."""
        stalled = self._clock() - self.policy.stalled
        return or_(MailMessage.status == RECEIVED,
                   and_(MailMessage.status == READING, MailMessage.processed_at < stalled))

    def _looping(self, tag: str, received: datetime) -> str | None:
        """Return why the sender ``tag`` is in a loop (too many messages lately), or None."""
        since = received - self.policy.loop_window
        with self._db.session() as session:
            count = int(session.scalar(select(func.count()).select_from(MailMessage).where(
                MailMessage.sender_tag == tag, MailMessage.received_at >= since,
                MailMessage.received_at <= received)) or 0)
        if count > self.policy.loop_limit:
            minutes = int(self.policy.loop_window.total_seconds() // 60)
            return f"loop (more than {self.policy.loop_limit} messages from one sender in {minutes} minutes)"
        return None

    def _ignore(self, mail_id: int, reason: str) -> MailOutcome:
        with self._db.session() as session:
            row = session.get(MailMessage, mail_id)
            if row is not None:
                row.status, row.reason, row.processed_at = IGNORED, reason[:255], self._clock()
            audit.record(session, at=self._clock(), actor=ACTOR, action="mail.ignored", detail=reason)
        return MailOutcome(IGNORED, reason=reason)

    def _thread(self, mail: ParsedMail, tag: str) -> int | None:
        """Return the referral ``mail`` answers about: by its thread, else (same sender) by the reference."""
        with self._db.session() as session:
            if mail.thread:
                found = session.scalar(select(MailMessage.referral_id).where(
                    MailMessage.referral_id.is_not(None),
                    or_(MailMessage.message_id.in_(mail.thread), MailMessage.reply_message_id.in_(mail.thread)))
                    .limit(1))
                if found is not None:
                    return int(found)
            if mail.reference:
                found = session.scalar(select(MailMessage.referral_id).join(
                    Referral, Referral.id == MailMessage.referral_id).where(
                    Referral.reference == mail.reference, MailMessage.sender_tag == tag).limit(1))
                if found is not None:
                    return int(found)
        return None

    def _add_to(self, mail_id: int, referral_id: int, mail: ParsedMail) -> MailOutcome:
        """Add the reply ``mail`` to the referral ``referral_id``'s timeline, with its attachments."""
        now = self._clock()
        with self._db.session() as session:
            referral = session.get(Referral, referral_id)
            row = session.get(MailMessage, mail_id)
            if referral is None or row is None:
                raise InvalidInput("the referral of this thread is gone")
            session.add(ReferralEvent(referral_id=referral_id, at=now, actor=ACTOR, action="reporter_email",
                                      body="The reporter wrote again by e-mail:\n\n" + (mail.text or "(no text)")))
            self._keep_attachments(session, row, referral_id, mail, now)
            referral.updated_at = now
            row.status, row.referral_id, row.processed_at = THREAD_REPLY, referral_id, now
            audit.record(session, at=now, actor=ACTOR, action="mail.thread_reply", reference=referral.reference)
            return MailOutcome(THREAD_REPLY, referral.reference)

    def _draft(self, mail: ParsedMail) -> ReferralDraft:
        """Return the referral ``mail`` makes: routed by the places it names, else by the sender's domain."""
        text = "\n\n".join(part for part in (mail.subject, mail.text) if part)[:MAX_TEXT]
        text = text or "(The e-mail had no text.)"
        known = self._table.known_domain(mail.domain)
        area = known.area if known and not self._analyser.places(text) else None
        reporter = ReporterDraft(role=known.role if known else None, organisation=known.organisation if known
                                 else None, name=mail.sender_name[:200] or None,
                                 email=mail.sender if is_email(mail.sender) else None)
        return ReferralDraft(kind=Kind.CONCERN, channel=Channel.EMAIL, description=text, area=area,
                             reporter=reporter)

    def _refer(self, mail_id: int, mail: ParsedMail) -> MailOutcome:
        submission = self._submissions.submit(self._draft(mail), source_key=f"email:{mail_id}")
        # Queued first: if what follows fails, the message is read again and the job is not queued twice.
        self._queue.enqueue(REPLY_JOB, {"mail": mail_id}, dedupe_key=f"mail-reply:{mail_id}")
        now = self._clock()
        with self._db.session() as session:
            row = session.get(MailMessage, mail_id)
            referral = session.scalar(select(Referral).where(Referral.reference == submission.reference))
            if row is None or referral is None:
                raise InvalidInput("the stored e-mail or its referral is gone")
            self._keep_attachments(session, row, referral.id, mail, now)
            row.status, row.referral_id, row.processed_at = REFERRAL, referral.id, now
        return MailOutcome(REFERRAL, submission.reference)

    def _keep_attachments(self, session: Session, row: MailMessage, referral_id: int, mail: ParsedMail,
                          now: datetime) -> None:
        """Store ``mail``'s attachments (encrypted) on the referral; note each one refused and why."""
        for attachment in mail.attachments:
            refused = check_attachment(attachment)
            session.add(MailAttachment(
                mail_id=row.id, referral_id=referral_id, filename=attachment.filename,
                content_type=attachment.content_type[:128], size=len(attachment.data), refused=refused,
                data=None if refused else base64.b64encode(attachment.data).decode("ascii")))
            if refused:
                session.add(ReferralEvent(referral_id=referral_id, at=now, actor="system", action="attachment_refused",
                                          body=f"An attachment was not kept ({attachment.filename}): {refused}"))

    # --- the reply ------------------------------------------------------------------------
    def deliver_reply(self, payload: Mapping[str, Any]) -> str:
        """Send the sender the reference (the handler of ``mail.reply``); return "sent", "skipped" or "gone".

        Raises:
            InvalidInput: the payload is malformed.
            Unavailable: the e-mail could not be sent, or the message is still being read (the queue retries).
        """
        mail_id = payload.get("mail")
        if not isinstance(mail_id, int) or isinstance(mail_id, bool):
            raise InvalidInput("malformed mail reply job: no message")
        now = self._clock()
        with self._db.session() as session:
            row = session.get(MailMessage, mail_id)
            if row is not None and row.status in (RECEIVED, READING):
                raise Unavailable("the e-mail is still being read")  # the queue tries again shortly
            referral = session.get(Referral, row.referral_id) if row and row.referral_id else None
            if row is None or referral is None or row.reply_message_id:
                return "gone"
            refused = int(session.scalar(select(func.count()).select_from(MailAttachment).where(
                MailAttachment.mail_id == mail_id, MailAttachment.refused.is_not(None))) or 0)
            message = reply_message(referral.reference, refused)
            sender = self._alerts.email
            if sender is None:
                audit.record(session, at=now, actor=ACTOR, action="mail.reply.skipped", reference=referral.reference)
                return "skipped"
            try:
                sent_id = sender.send_email(parse(base64.b64decode(row.raw)).sender, message.subject, message.body)
            except Unavailable:
                session.rollback()
                raise
            row.reply_message_id = (sent_id or "")[:255] or None
            session.add(ReferralEvent(referral_id=referral.id, at=now, actor="system", action="reporter_emailed",
                                      body=f"The reporter was e-mailed: {message.subject}"))
            audit.record(session, at=now, actor="system:mail", action="mail.reply.sent", reference=referral.reference)
        return "sent"

    # --- retention -------------------------------------------------------------------------
    def purge_ignored(self) -> int:
        """Delete ignored messages older than the policy's days; return how many went.

        (A message that became or joined a referral goes with that referral.)
        """
        cutoff = self._clock() - timedelta(days=self.policy.ignored_days)
        with self._db.session() as session:
            rows = list(session.scalars(select(MailMessage).where(MailMessage.status == IGNORED,
                                                                  MailMessage.received_at < cutoff)))
            for row in rows:
                session.delete(row)
        return len(rows)


class MailPoller:
    """Reads the shared mailbox: each new message stored, then marked seen, then handled."""

    def __init__(self, folder: MailFolder, service: MailService) -> None:
        self.folder = folder
        self.service = service

    def poll(self) -> int:
        """Fetch new messages, store each, mark the stored ones seen, handle every pending one; return how many.

        Raises:
            Unavailable: the mailbox or the database is down (nothing unstored is marked seen).
        """
        fetched = self.folder.fetch_unseen(self.service.policy.batch)
        stored: list[str] = []
        try:
            for item in fetched:
                self.service.store(item.raw)  # None: stored before (seen, then fetched again)
                stored.append(item.uid)
        finally:
            if stored:
                self.folder.mark_seen(stored)
        return self.service.handle_pending()

"""Alerts for red referrals: e-mail and SMS to the owning inbox, escalation if unanswered.

How a red referral gets its alert, whatever made it red:

Out of hours: a red referral received while its owning inbox was closed
carries the area's out-of-hours contact (``out_of_hours_inbox_id``); every
alert and escalation goes to that contact too, in words that say so.

1. On submit, :meth:`AlertService.on_submitted` enqueues an ``alert.send`` job
   (level 1). It never raises: a queue outage must not lose the referral.
2. Every minute the worker runs :meth:`AlertService.sweep`, which enqueues the
   level-1 alert of every red, unacknowledged referral still at
   ``alert_level`` 0 (raised to red later, transferred, or missed in step 1),
   and the level-2 escalation of those alerted more than
   ``ALERT_ESCALATE_MINUTES`` ago and still unacknowledged.
3. The worker runs the job: :meth:`AlertService.deliver`. Level 1 e-mails the
   inbox's address and texts its phone; level 2 texts the second contact and
   e-mails the inbox again. Each attempt is an ``alert_deliveries`` row and an
   audit entry. A delivery that failed makes the job fail, so the queue retries
   it; deliveries already sent are not repeated. A channel without an adapter
   (no SMTP or no SMS provider configured) is recorded as ``skipped``.

Jobs are deduplicated by referral, inbox, level and alert cycle (the referral's
due time, set afresh when an inbox receives it), so an alert goes out once per
inbox however many paths enqueue it, and again if the referral comes back. The
words are in :mod:`frontdoor.services.alert_messages`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import and_, or_, select

from frontdoor.errors import InvalidInput, Unavailable
from frontdoor.hours import WorkingCalendar
from frontdoor.model import Status, Submission, Urgency
from frontdoor.ports import EmailSender, JobQueue, SmsSender
from frontdoor.routing import Inbox, RoutingTable
from frontdoor.services import audit, cover
from frontdoor.services.alert_messages import (
    ALERTED,
    ESCALATED,
    NONE,
    AlertMessage,
    AlertPolicy,
    alert_message,
    followup_locked_message,
    unusual_volume_message,
)
from frontdoor.store.db import Database
from frontdoor.store.models import AlertDelivery, Referral, ReferralEvent

log = logging.getLogger(__name__)

#: Job kind of one alert delivery (payload: reference, inbox, level).
ALERT_JOB = "alert.send"
#: Job kind of the message telling the partnership inbox that anonymous reports are arriving in a flood.
UNUSUAL_VOLUME_JOB = "alert.unusual_volume"
#: Job kind of the message telling an inbox that a referral's follow-up was locked by wrong codes.
FOLLOWUP_LOCKED_JOB = "alert.followup_locked"
ACTOR = "system:alerts"
SENT, FAILED, SKIPPED = "sent", "failed", "skipped"


def cycle_of(due_at: datetime) -> int:
    """Return the alert cycle of a referral whose response is due at ``due_at``.

    The due time is set when the owning inbox receives the referral and again
    when its urgency changes, so a new cycle means "alert afresh" (a transfer
    back to an inbox alerted before is alerted again).
    """
    return int(due_at.timestamp())


def dedupe_key(reference: str, inbox_id: str, level: int, cycle: int) -> str:
    """Return the job dedupe key of one alert: one per referral, inbox, cycle and level."""
    return f"alert:{reference}:{cycle}:{level}:{inbox_id}"[:128]


class AlertService:
    """Enqueue and deliver alerts for red referrals.

    ``email`` and ``sms`` are the channel adapters; either may be None (that
    channel's deliveries are then recorded as skipped). The worker's entry
    point plugs in the SMS adapter.
    """

    def __init__(self, db: Database, table: RoutingTable, queue: JobQueue,
                 clock: Callable[[], datetime], policy: AlertPolicy | None = None, *,
                 email: EmailSender | None = None, sms: SmsSender | None = None,
                 calendar: WorkingCalendar | None = None) -> None:
        self._db = db
        #: Opening hours are read in it; without one no out-of-hours cover is added by the sweep.
        self._calendar = calendar
        self._table = table
        self.queue = queue
        self._clock = clock
        self.policy = policy or AlertPolicy()
        self.email = email
        self.sms = sms

    # --- enqueueing ---------------------------------------------------------------
    def enqueue(self, reference: str, inbox_id: str, level: int, cycle: int,
                run_at: datetime | None = None) -> bool:
        """Queue the level-``level`` alert of ``reference`` for ``inbox_id`` in alert ``cycle``.

        Returns:
            True if queued, False if that alert was already queued or sent.

        Raises:
            Unavailable: the queue is down.
        """
        return self.queue.enqueue(ALERT_JOB, {"reference": reference, "inbox": inbox_id, "level": level,
                                              "cycle": cycle},
                                  dedupe_key=dedupe_key(reference, inbox_id, level, cycle), run_at=run_at)

    def on_submitted(self, submission: Submission) -> None:
        """Queue the alert of a newly submitted red referral. Never raises.

        The periodic :meth:`sweep` catches any referral this misses.
        """
        if submission.urgency is not Urgency.RED:
            return
        try:
            self.enqueue(submission.reference, submission.inbox_id, ALERTED, cycle_of(submission.due_at))
        except Exception as exc:
            log.warning("alert for %s not queued (the sweep will retry): %s", submission.reference, exc)

    def on_followup_locked(self, reference: str) -> None:
        """Queue the message telling the owning inbox that ``reference``'s follow-up was locked. Never raises."""
        try:
            self.queue.enqueue(FOLLOWUP_LOCKED_JOB, {"reference": reference},
                               dedupe_key=f"followup-locked:{reference}"[:128])
        except Exception as exc:
            log.warning("follow-up lock message for %s not queued: %s", reference, exc)

    def on_unusual_volume(self, at: datetime, count: int) -> None:
        """Queue the "unusual volume" message to the partnership inbox (at most one per 10 minutes). Never raises."""
        window = at.astimezone(timezone.utc).strftime("%Y%m%d%H") + str(at.minute // 10)
        try:
            self.queue.enqueue(UNUSUAL_VOLUME_JOB, {"at": at.isoformat(), "count": count},
                               dedupe_key=f"volume:{window}")
        except Exception as exc:
            log.warning("unusual volume message not queued: %s", exc)

    def deliver_unusual_volume(self, payload: Mapping[str, Any]) -> str:
        """E-mail and text the partnership inbox that anonymous reports are arriving in a flood.

        Returns ``"sent"`` or ``"skipped"`` (no channel configured or no contact).

        Raises:
            InvalidInput: the payload is malformed.
            Unavailable: a delivery failed (the queue retries).
        """
        try:
            at = datetime.fromisoformat(str(payload["at"]))
            count = int(payload["count"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(f"malformed unusual volume job: {exc}") from exc
        inbox = self._table.inboxes.get(self._table.partnership_inbox)
        message = unusual_volume_message(count, at, self.policy)
        results = [self._send(channel, recipient, message) for channel, recipient in self._plan(inbox, 1)]
        now = self._clock()
        with self._db.session() as session:
            audit.record(session, at=now, actor=ACTOR, action="alert.unusual_volume",
                         detail=", ".join(status for status, _ in results))
        failed = [error for status, error in results if status == FAILED]
        if failed:
            raise Unavailable(f"unusual volume message not sent: {failed[0]}")
        return "sent" if any(status == SENT for status, _ in results) else "skipped"

    def deliver_followup_locked(self, payload: Mapping[str, Any]) -> str:
        """E-mail the owning inbox that a referral's follow-up was locked (the handler of its job).

        Returns ``"sent"``, ``"skipped"`` (no e-mail configured or no address) or ``"gone"``.

        Raises:
            InvalidInput: the payload is malformed.
            Unavailable: the e-mail could not be sent (the queue retries).
        """
        reference = payload.get("reference")
        if not isinstance(reference, str) or not reference:
            raise InvalidInput("malformed follow-up lock job: no reference")
        with self._db.session() as session:
            row = session.scalar(select(Referral).where(Referral.reference == reference))
            if row is None:
                return "gone"
            inbox = self._table.inboxes.get(row.inbox_id)
        return self.email_recorded(inbox.email if inbox else None, followup_locked_message(reference, self.policy),
                                   "alert.followup_locked", reference=reference)

    def email_recorded(self, recipient: str | None, message: AlertMessage, action: str, *,
                       reference: str | None = None, detail: str | None = None, actor: str = ACTOR) -> str:
        """E-mail ``message`` and audit it as ``action.<status>``; return ``"sent"`` or ``"skipped"``.

        Raises:
            Unavailable: the e-mail could not be sent (the queue retries the job).
        """
        status, error = self._send("email", recipient, message)
        with self._db.session() as session:
            audit.record(session, at=self._clock(), actor=actor, action=f"{action}.{status}", reference=reference,
                         detail=detail)
        if status == FAILED:
            raise Unavailable(f"{action} not sent: {error}")
        return "sent" if status == SENT else "skipped"

    def sweep(self) -> int:
        """Queue the alerts and escalations that are due; return how many were queued.

        Due: red, new and unacknowledged referrals at alert level 0, and those at
        level 1 alerted at least ``escalate_after`` ago.

        Raises:
            Unavailable: the database or the queue is down.
        """
        now = self._clock()
        cutoff = now - self.policy.escalate_after
        queued = self._cover_closed_owners(now)
        with self._db.session() as session:
            rows = session.execute(
                select(Referral.reference, Referral.inbox_id, Referral.alert_level, Referral.sla_due_at).where(
                    Referral.urgency == Urgency.RED.value,
                    Referral.status == Status.NEW.value,
                    Referral.acknowledged_at.is_(None),
                    or_(Referral.alert_level == NONE,
                        and_(Referral.alert_level == ALERTED, Referral.alerted_at <= cutoff)),
                ).order_by(Referral.id)
            ).all()
        for reference, inbox_id, level, due_at in rows:
            queued += bool(self.enqueue(reference, inbox_id, ALERTED if level == NONE else ESCALATED,
                                        cycle_of(due_at)))
        return queued

    def _cover_closed_owners(self, now: datetime) -> int:
        """Give the out-of-hours contact every red, unacknowledged referral whose owner has closed since it
        arrived (a referral at 16:55 on a Friday), and queue that contact's alert; return how many were queued.
        """
        if self._calendar is None:
            return 0
        closed = [i.id for i in self._table.inboxes.values() if not self._calendar.is_open(i.opening, now)]
        if not closed:
            return 0
        covered: list[tuple[str, str, int]] = []
        with self._db.session() as session:
            rows = session.scalars(select(Referral).where(
                Referral.urgency == Urgency.RED.value, Referral.status == Status.NEW.value,
                Referral.acknowledged_at.is_(None), Referral.out_of_hours_inbox_id.is_(None),
                Referral.alert_level >= NONE,  # not one held back in a flood
                Referral.inbox_id.in_(closed)).order_by(Referral.id)).all()
            for row in rows:
                duty = cover.cover(row, self._table, self._calendar, now, cover.STILL_OPEN)
                if duty is not None:
                    audit.record(session, at=now, actor=ACTOR, action="referral.out_of_hours",
                                 reference=row.reference, detail=duty)
                    covered.append((row.reference, duty, cycle_of(row.sla_due_at)))
        queued = 0
        for reference, duty, cycle in covered:
            queued += bool(self.enqueue(reference, duty, ALERTED, cycle))
        return queued

    # --- delivering -----------------------------------------------------------------
    def _plan(self, inbox: Inbox | None, level: int) -> list[tuple[str, str | None]]:
        """Return the (channel, recipient) pairs of a level-``level`` alert to ``inbox``."""
        if inbox is None:
            return [("email", None), ("sms", None)]
        if level >= ESCALATED:
            return [("sms", inbox.second_contact), ("email", inbox.email)]
        return [("email", inbox.email), ("sms", inbox.phone)]

    def _send(self, channel: str, recipient: str | None, message: AlertMessage) -> tuple[str, str | None]:
        """Try one delivery; return its status and the error or reason, if any."""
        if recipient is None:
            return SKIPPED, f"the inbox has no {'e-mail address' if channel == 'email' else 'phone number'}"
        try:
            if channel == "email":
                if self.email is None:
                    return SKIPPED, "e-mail is not configured (SMTP_HOST)"
                self.email.send_email(recipient, message.subject, message.body)
            else:
                if self.sms is None:
                    return SKIPPED, "SMS is not configured (python -m outbound.worker with TWILIO_*)"
                self.sms.send_sms(recipient, message.body)
        except Exception as exc:
            return FAILED, f"{type(exc).__name__}: {exc}"[:2000]
        return SENT, None

    def send_email(self, recipient: str | None, message: AlertMessage) -> tuple[str, str | None]:
        """Try one e-mail (digests and feedback use it too); return its status and the error or reason, if any."""
        return self._send("email", recipient, message)

    def deliver(self, payload: Mapping[str, Any]) -> str:
        """Send one alert (the handler of ``alert.send`` jobs); return what happened.

        Returns:
            ``"sent"`` (every channel sent or skipped), or why nothing was needed:
            ``"gone"`` (no such referral), ``"not needed"`` (acknowledged, closed
            or no longer red), ``"moved"`` (now owned by another inbox),
            ``"superseded"`` (its due time changed since: the sweep queues the
            alert of the new cycle).

        Raises:
            InvalidInput: the payload is malformed.
            Unavailable: a delivery failed (the others were recorded; the queue
                retries, and the retry sends only what has not been sent).
        """
        try:
            reference = str(payload["reference"])
            inbox_id = str(payload["inbox"])
            level = int(payload["level"])
            wanted = None if payload.get("cycle") is None else int(payload["cycle"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(f"malformed alert job: {exc}") from exc
        with self._db.session() as session:
            row = session.scalar(select(Referral).where(Referral.reference == reference))
            if row is None:
                return "gone"
            if (row.urgency != Urgency.RED.value or row.status != Status.NEW.value
                    or row.acknowledged_at is not None):
                return "not needed"
            duty_only = inbox_id != row.inbox_id and inbox_id == row.out_of_hours_inbox_id
            if row.inbox_id != inbox_id and not duty_only:
                return "moved"
            cycle = cycle_of(row.sla_due_at)
            if wanted is not None and wanted != cycle:
                return "superseded"
            referral_id = row.id
            duty_id = row.out_of_hours_inbox_id
            row_owner = row.inbox_id
            # What this cycle already delivered (a retry sends only the rest). The cycle's
            # first attempt sets alerted_at; a transfer clears it.
            finished = set() if row.alerted_at is None else {
                (d.channel, d.recipient) for d in session.scalars(
                    select(AlertDelivery).where(AlertDelivery.referral_id == referral_id,
                                                AlertDelivery.level == level,
                                                AlertDelivery.at >= row.alerted_at,
                                                AlertDelivery.status.in_((SENT, SKIPPED))))
            }
        owner_id = row_owner
        inbox = self._table.inboxes.get(owner_id)
        owner_name = inbox.name if inbox else owner_id
        # The owning inbox's contacts, and the out-of-hours contact covering it while it is closed (only the
        # latter when cover began after the owner's alert went: "duty_only").
        targets = [] if duty_only else [(inbox, alert_message(reference, owner_name, level, self.policy))]
        duty = self._table.inboxes.get(duty_id or "")
        if duty is not None and duty.id != owner_id:
            targets.append((duty, alert_message(reference, duty.name, level, self.policy, on_duty_for=owner_name)))
        results: list[tuple[str, str, str, str | None]] = []
        for target, message in targets:
            for channel, recipient in self._plan(target, level):
                if (channel, recipient or "-") in finished or any(
                        (c, r) == (channel, recipient or "-") for c, r, _s, _e in results):
                    continue
                status, error = self._send(channel, recipient, message)
                results.append((channel, recipient or "-", status, error))
        now = self._clock()
        first_alert = False
        with self._db.session() as session:
            for channel, recipient, status, error in results:
                session.add(AlertDelivery(referral_id=referral_id, level=level, channel=channel,
                                          recipient=recipient[:255], status=status, error=error, at=now))
                audit.record(session, at=now, actor=ACTOR, action=f"alert.{status}", reference=reference,
                             detail=f"level={level} channel={channel} inbox={inbox_id}")
            row = session.get(Referral, referral_id)
            if row is not None and (row.alert_level or 0) < level:
                first_alert = level == ALERTED
                row.alert_level = level
                if row.alerted_at is None or level == ALERTED:
                    row.alerted_at = now
                summary = ", ".join(f"{c} {s}" for c, _r, s, _e in results) or "nothing to send"
                session.add(ReferralEvent(
                    referral_id=referral_id, at=now, actor=ACTOR,
                    action="escalated" if level >= ESCALATED else "alerted",
                    body=(f"Escalation sent to the second contact{'s' if len(targets) > 1 else ''} ({summary})"
                          if level >= ESCALATED else
                          f"Red alert sent to the inbox contacts{' and the out-of-hours contact' if len(targets) > 1 else ''}"
                          f" ({summary})")))
        if first_alert:
            try:
                self.enqueue(reference, inbox_id, ESCALATED, cycle, run_at=now + self.policy.escalate_after)
            except Unavailable as exc:  # the sweep queues it instead
                log.warning("escalation of %s not queued: %s", reference, exc)
        failed = [f"{channel} to {recipient} ({error})"
                  for channel, recipient, status, error in results if status == FAILED]
        if failed:
            raise Unavailable(f"alert level {level} for {reference} not delivered: {', '.join(failed)}")
        return SENT

"""Casework by e-mail: each inbox's daily digest of overdue actions and reviews, and the messages to
professional reporters (picked up, closed, a question from the team).

Both go through the job queue. The digest names references, dates and owners
only; a feedback message names the reference, the team and its contact, and
never anything about the child (a question carries the team's own words, and
a fresh follow-up code the professional texts back with their answer, as
anonymous reporters do: :mod:`frontdoor.services.followup`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from frontdoor.errors import InvalidInput, Unavailable
from frontdoor.fields import spoken_phone
from frontdoor.ports import JobQueue
from frontdoor.pseudonyms import Pseudonymiser, new_followup_code
from frontdoor.routing import RoutingTable
from frontdoor.services import audit, feedback
from frontdoor.services.alert_messages import AlertMessage
from frontdoor.services.alerts import FAILED, SENT, AlertService
from frontdoor.services.casework import CaseworkService, OverdueItem
from frontdoor.store.casework import FeedbackNotice
from frontdoor.store.db import Database
from frontdoor.store.models import Referral, ReferralEvent

log = logging.getLogger(__name__)

#: Job kind of one message to a professional reporter (payload: notice id).
FEEDBACK_JOB = "feedback.send"
#: Job kind of one inbox's daily digest (payload: inbox id and day).
DIGEST_JOB = "casework.digest"
ACTOR = "system:casework"

_FEEDBACK = {
    feedback.ACKNOWLEDGED: ("Front Door referral {reference}: picked up",
                            "Thank you for your referral {reference}. {team} has picked it up and is working on it."),
    feedback.CLOSED: ("Front Door referral {reference}: closed",
                      "Your referral {reference} has been closed by {team}. Thank you for making it."),
    feedback.QUESTION: ("Front Door referral {reference}: a question from {team}",
                        "{team} has a question about your referral {reference}:\n\n{question}\n\n"
                        "To answer, text {reference} {code} followed by your answer to {where}."),
}
#: Where a professional texts their answer: the Front Door number when it is configured, else a way that is
#: always true (the team's contact is in every message).
_TEXT_TO = "the Front Door number, {number}"
_TEXT_TO_UNNAMED = "the Front Door number, or ask the team below for it"


def feedback_message(event: str, reference: str, team: str, contact: str, *, question: str = "",
                     code: str = "", sms_number: str | None = None) -> AlertMessage:
    """Return the e-mail telling a professional reporter about ``event`` (reference, team, contact only).

    ``sms_number`` is the Front Door number (``TWILIO_FROM_NUMBER``) a question is answered on; without it
    the e-mail does not name one.
    """
    subject, body = _FEEDBACK[event]
    where = _TEXT_TO.format(number=spoken_phone(sms_number)) if sms_number else _TEXT_TO_UNNAMED
    fields = {"reference": reference, "team": team, "question": question, "code": code, "where": where}
    return AlertMessage(subject.format(**fields),
                        body.format(**fields) + f"\n\nContact: {team}, {contact}.\n"
                        "Please do not reply to this e-mail with personal details.")


def digest_message(inbox_name: str, items: list[OverdueItem], link: Callable[[str], str]) -> AlertMessage:
    """Return the daily digest of ``inbox_name``'s overdue actions and reviews (references, dates, owners)."""
    lines = [f"- {item.reference}: {item.kind} due {item.due_at:%d %b %Y} ({item.owner_label}) {link(item.reference)}"
             for item in items]
    return AlertMessage(f"Front Door: {len(items)} overdue action(s) and review(s) for {inbox_name}",
                        f"Overdue for {inbox_name}:\n" + "\n".join(lines))


class CaseworkMail:
    """Queue and send the daily digests and the professional reporters' messages."""

    def __init__(self, db: Database, table: RoutingTable, queue: JobQueue, clock: Callable[[], datetime],
                 casework: CaseworkService, alerts: AlertService, keys: Pseudonymiser | None,
                 sms_number: str | None = None) -> None:
        self._db = db
        self._table = table
        self.queue = queue
        self._clock = clock
        self._casework = casework
        self._alerts = alerts
        self._keys = keys
        #: The Front Door number professionals text their answers to (None: not configured).
        self._sms_number = sms_number

    # --- feedback to professionals -------------------------------------------------------
    def sweep(self) -> int:
        """Queue a ``feedback.send`` job for every notice not yet queued; return how many were queued.

        Raises:
            Unavailable: the database or the queue is down.
        """
        with self._db.session() as session:
            pending = list(session.scalars(select(FeedbackNotice.id).where(FeedbackNotice.queued_at.is_(None))
                                           .order_by(FeedbackNotice.id)))
        queued = 0
        for notice_id in pending:
            self.queue.enqueue(FEEDBACK_JOB, {"notice": notice_id}, dedupe_key=f"feedback:{notice_id}")
            with self._db.session() as session:
                notice = session.get(FeedbackNotice, notice_id)
                if notice is not None:
                    notice.queued_at = self._clock()
            queued += 1
        return queued

    def deliver_feedback(self, payload: Mapping[str, Any]) -> str:
        """Send one message to a professional reporter (the handler of ``feedback.send``).

        Returns ``"sent"``, ``"skipped"`` (no e-mail configured) or ``"gone"`` (already sent, or deleted).

        Raises:
            InvalidInput: the payload is malformed.
            Unavailable: the e-mail could not be sent (the queue retries).
        """
        notice_id = payload.get("notice")
        if not isinstance(notice_id, int) or isinstance(notice_id, bool):
            raise InvalidInput("malformed feedback job: no notice")
        now = self._clock()
        with self._db.session() as session:
            notice = session.get(FeedbackNotice, notice_id)
            row = session.scalar(select(Referral).where(Referral.id == notice.referral_id)
                                 .options(selectinload(Referral.people), selectinload(Referral.events))
                                 ) if notice is not None and notice.sent_at is None else None
            if notice is None or row is None:
                return "gone"
            inbox = self._table.inboxes.get(row.inbox_id)
            team = inbox.name if inbox else row.inbox_id
            contact = ", ".join(c for c in (inbox.email, inbox.phone) if c) if inbox else ""
            question, code = "", ""
            if notice.event == feedback.QUESTION:
                asked = [e.body for e in row.events if e.action == "question" and e.at <= notice.created_at]
                question = (asked[-1] if asked else None) or ""
                if self._keys is None:
                    return "skipped"
                code = new_followup_code()  # the latest code wins, as when a chat reveals one
                row.followup_digest = self._keys.code_digest(row.reference, code)
            message = feedback_message(notice.event, row.reference, team, contact or "the Front Door team",
                                       question=question, code=code, sms_number=self._sms_number)
            status, error = self._alerts.send_email(feedback.reporter_email(row), message)
            if status == FAILED:
                session.rollback()
                raise Unavailable(f"feedback for {row.reference} not sent: {error}")
            notice.sent_at = now
            if status == SENT:
                row.events.append(ReferralEvent(at=now, actor=ACTOR, action="reporter_emailed",
                                                body=f"The reporter was e-mailed: {message.subject}"))
            audit.record(session, at=now, actor=ACTOR, action=f"feedback.{notice.event}.{status}",
                         reference=row.reference)
        return "sent" if status == SENT else "skipped"

    # --- the daily digest ----------------------------------------------------------------------
    def queue_digests(self) -> int:
        """Queue today's digest of every inbox with overdue actions or reviews; return how many were queued.

        Raises:
            Unavailable: the database or the queue is down.
        """
        day = self._clock().date().isoformat()
        queued = 0
        for inbox_id in sorted(self._casework.overdue_by_inbox()):
            queued += bool(self.queue.enqueue(DIGEST_JOB, {"inbox": inbox_id, "day": day},
                                              dedupe_key=f"digest:{inbox_id}:{day}"[:128]))
        return queued

    def deliver_digest(self, payload: Mapping[str, Any]) -> str:
        """E-mail one inbox its overdue actions and reviews (the handler of ``casework.digest``).

        Returns ``"sent"``, ``"skipped"`` (no e-mail configured or no address) or ``"nothing"``.

        Raises:
            InvalidInput: the payload is malformed.
            Unavailable: the e-mail could not be sent (the queue retries).
        """
        inbox_id = payload.get("inbox")
        if not isinstance(inbox_id, str) or not inbox_id:
            raise InvalidInput("malformed digest job: no inbox")
        items = self._casework.overdue_by_inbox().get(inbox_id, [])
        if not items:
            return "nothing"
        inbox = self._table.inboxes.get(inbox_id)
        message = digest_message(inbox.name if inbox else inbox_id, items, self._alerts.policy.link)
        return self._alerts.email_recorded(inbox.email if inbox else None, message, "casework.digest",
                                           detail=f"inbox={inbox_id} items={len(items)}", actor=ACTOR)

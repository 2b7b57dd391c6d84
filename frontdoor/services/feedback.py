"""Feedback to the professional who reported: the hook the workflow calls when a referral is picked up or closed.

A professional reporter who gave an e-mail address may ask to be told when
their referral is acknowledged and when it is closed
(``Referral.feedback_wanted``). :func:`note` records the notice owed in the
workflow's own transaction; the worker's sweep queues a ``feedback.send`` job
for it and the job sends the e-mail (:mod:`frontdoor.services.casework_mail`),
so a mail outage never holds up the SPOC.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from frontdoor.model import PersonRole
from frontdoor.store.casework import FeedbackNotice
from frontdoor.store.models import Referral

ACKNOWLEDGED, CLOSED, QUESTION = "acknowledged", "closed", "question"


def reporter_email(row: Referral) -> str | None:
    """Return the e-mail address the reporter of ``row`` gave, if any."""
    return next((p.email for p in row.people if p.role == PersonRole.REPORTER.value and p.email), None)


def note(session: Session, row: Referral, event: str) -> None:
    """Record that the reporter of ``row`` is owed a message about ``event``, if they asked for feedback."""
    if (row.feedback_wanted or event == QUESTION) and reporter_email(row):
        at = max(t for t in (row.updated_at, row.acknowledged_at, row.closed_at) if t is not None)
        session.add(FeedbackNotice(referral_id=row.id, event=event, created_at=at))

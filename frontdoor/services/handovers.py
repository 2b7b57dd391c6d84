"""Handover service: start a cross-borough relocation handover and print its summary.

Shells (the SPOC inbox form, the chat's handover form) pass the answers as a
:class:`~frontdoor.handover.HandoverAnswers`; :meth:`HandoverService.submit_handover` validates them
(:mod:`frontdoor.handover`), builds a referral draft of kind ``handover`` and
stores it through :meth:`SubmissionService.submit`, so triage, routing, alerts
and the audit trail work exactly as for any other referral. The destination
area's inbox owns it; the origin area's inbox gets an info-only copy. The
consent answer records the basis for sharing at once, as for a hospital
presentation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from frontdoor.errors import NotFound
from frontdoor.handover import HandoverAnswers, handover_problems, parse_handover, summary_from_detail
from frontdoor.handover_pdf import render_handover_pdf
from frontdoor.model import Channel, Submission
from frontdoor.routing import RoutingTable
from frontdoor.services import audit
from frontdoor.services.casework import CaseworkService
from frontdoor.services.referrals import ReferralQueries, SubmissionService
from frontdoor.sla import SlaPolicy
from frontdoor.store.db import Database
from frontdoor.views import Principal


@dataclass(frozen=True)
class HandoverSubmission:
    """A stored handover: what the referrer is told, and which inboxes can read it."""

    submission: Submission

    @property
    def reference(self) -> str:
        """The referral's reference."""
        return self.submission.reference

    @property
    def copies(self) -> tuple[str, ...]:
        """The inbox ids holding info-only copies (the area of origin's)."""
        return self.submission.copies

    @property
    def copy_names(self) -> tuple[str, ...]:
        """The names of the inboxes holding info-only copies."""
        return self.submission.copy_names

    def visible_to(self, principal: Principal) -> bool:
        """Return whether ``principal`` can open the stored handover (owner or copy)."""
        return principal.can_read(self.submission.inbox_id, self.copies)


@dataclass(frozen=True)
class HandoverPdf:
    """A rendered handover summary: its file name and bytes (never written to disk)."""

    filename: str
    content: bytes


class HandoverService:
    """Start handovers and render their printable summaries."""

    def __init__(self, db: Database, table: RoutingTable, submissions: SubmissionService,
                 queries: ReferralQueries, clock: Callable[[], datetime], sla: SlaPolicy,
                 casework: CaseworkService | None = None) -> None:
        self._db = db
        self._table = table
        self._submissions = submissions
        self._queries = queries
        self._clock = clock
        self._sla = sla
        #: Records the basis for sharing the consent answer gives (None: left to the SPOC).
        self._casework = casework

    def problems(self, answers: HandoverAnswers) -> dict[str, str]:
        """Return every problem with ``answers`` as field → message (empty when they can be submitted)."""
        return handover_problems(answers, self._table, self._today())

    def _today(self) -> date:
        return self._clock().astimezone(ZoneInfo(self._sla.tz)).date()

    def submit_handover(self, answers: HandoverAnswers, *, channel: Channel = Channel.STAFF,
                        actor: str | None = None, source_key: str | None = None) -> HandoverSubmission:
        """Validate ``answers``, store the handover referral and return where it went.

        ``answers`` are the handover's answers as a form or a chat collected them.
        ``actor`` (a staff e-mail) is recorded in the audit log as having
        started it; ``source_key`` makes a repeated submission return the first.

        Raises:
            InvalidInput: an answer is missing or unusable; ``field`` names it.
            Conflict: no reference could be allocated.
            Unavailable: the database is down.
        """
        handover = parse_handover(answers, self._table, self._today())
        draft = handover.to_draft(self._table, channel)
        submission = self._submissions.submit(draft, source_key=source_key)
        if self._casework is not None:
            self._casework.record_reported_basis(submission.reference, handover.reported_consent)
        if actor:
            with self._db.session() as session:
                audit.record(session, at=self._clock(), actor=actor, action="handover.start",
                             reference=submission.reference, detail=f"{handover.from_area}->{handover.to_area}")
        return HandoverSubmission(submission)

    def handover_pdf(self, principal: Principal, reference: str) -> HandoverPdf:
        """Return the printable summary of handover ``reference`` as PDF bytes (audited as ``handover.pdf``).

        Raises:
            NotFound: no such referral, not visible to ``principal``, or not a handover.
        """
        detail = self._queries.get(principal, reference)
        if detail.kind != "handover":
            with self._db.session() as session:
                audit.record(session, at=self._clock(), actor=principal.email, action="handover.pdf.denied",
                             reference=detail.reference, detail="not a handover")
            raise NotFound("That referral is not a handover.")
        content = render_handover_pdf(summary_from_detail(detail, self._table), ZoneInfo(self._sla.tz))
        with self._db.session() as session:
            audit.record(session, at=self._clock(), actor=principal.email, action="handover.pdf",
                         reference=detail.reference)
        return HandoverPdf(f"handover-{detail.reference}.pdf", content)

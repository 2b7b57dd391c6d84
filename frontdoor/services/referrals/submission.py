"""Submission: validate, triage, route and store a referral; tell the reporter what happens next."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from frontdoor.assessment import Assessment, assess
from frontdoor.errors import ConfigurationError, Conflict, InvalidInput
from frontdoor.extraction import Analyser
from frontdoor.learned import LearnedReader
from frontdoor.model import PersonRole, ReferralDraft, Route, Status, Submission, Urgency
from frontdoor.references import new_reference
from frontdoor.routing import RoutingTable
from frontdoor.services import audit, cover
from frontdoor.services.followup import FollowUpService
from frontdoor.services.referrals.access import ReferralAccess
from frontdoor.services.referrals.validation import validated
from frontdoor.sla import SlaPolicy
from frontdoor.store.db import Database
from frontdoor.store.models import Person, Referral, ReferralCopy, ReferralEvent

#: ``alert_level`` of a referral held back during a flood: no alert until someone moves it on
#: (a transfer or a change of urgency starts its alerts afresh).
ALERTS_HELD = -1
#: The routing reason of an anonymous report held back during a flood.
VOLUME_REASON = ("Unusual volume: more anonymous reports in a minute than the partnership expects, so this one "
                 "is held with the partnership triage team to check before it goes to an area team")


class SubmissionService(ReferralAccess):
    """Assess and store new referrals.

    ``volume_per_minute`` bounds anonymous reports: beyond it in any minute, new
    amber and green ones are still stored but go to the partnership triage
    inbox only, with no copies, and ``on_unusual_volume`` is called (the core
    tells the partnership inbox once), so a flood is a visible alert rather
    than thousands of entries in area teams' queues. A red one is never held.
    """

    #: Called in the storing transaction with each new referral and its conversation (writes the related-referral
    #: match keys); set by the composition root.
    on_stored: Callable[[Session, Referral, str | None], None] | None = None

    def __init__(
        self,
        db: Database,
        table: RoutingTable,
        analyser: Analyser,
        sla: SlaPolicy,
        clock: Callable[[], datetime],
        followup: FollowUpService | None = None,
        on_submitted: Callable[[Submission], None] | None = None,
        reader: LearnedReader | None = None,
        volume_per_minute: int = 0,
        on_unusual_volume: Callable[[datetime, int], None] | None = None,
    ) -> None:
        super().__init__(db, table, sla, clock)
        self._volume_per_minute = volume_per_minute
        self._on_unusual_volume = on_unusual_volume
        #: The second reading of triage (None: the rule table alone).
        self._reader = reader
        self._analyser = analyser
        self._followup = followup
        #: Called with each new submission (queues red alerts); must not raise.
        self._on_submitted = on_submitted

    # --- assessment (pure) ------------------------------------------------------
    def assess(self, draft: ReferralDraft, at: datetime | None = None) -> Assessment:
        """Triage and route ``draft`` as if received at ``at`` (now when None), without storing it.

        See :func:`frontdoor.assessment.assess`; the time decides whether a red
        referral also goes to the out-of-hours contact.
        """
        return self._assess(draft, at or self._clock())

    def _assess(self, draft: ReferralDraft, at: datetime) -> Assessment:
        """Return the triage and route of ``draft`` received at ``at`` (what :meth:`submit` stores)."""
        return assess(draft, self._table, self._analyser, received_at=at, calendar=self._sla.calendar,
                      reader=self._reader)


    # --- submission -----------------------------------------------------------
    def submit(self, draft: ReferralDraft, *, source_key: str | None = None,
               followup: bool = False, conversation: str | None = None) -> Submission:
        """Validate, triage, route and store ``draft``; return what to tell the reporter.

        ``source_key`` makes submission idempotent: a second call with the same
        key returns the first referral instead of storing another. ``followup``
        gives an anonymous reporter a reference-and-code follow-up channel; the
        submission then carries the placeholder to put in the reply to
        ``conversation`` (the Rasa conversation, or the SMS sender's), which
        only a message to that conversation can reveal.

        Raises:
            InvalidInput: the draft is unusable (the message says why), or follow-up
                is asked for without a conversation.
            ConfigurationError: follow-up asked for without a pseudonym key.
            Unavailable: the database is down.
        """
        if followup and self._followup is None:
            raise ConfigurationError("follow-up codes need FRONTDOOR_PSEUDONYM_KEY")
        if followup and not conversation:
            raise InvalidInput("a follow-up code is given only in a conversation", "conversation")
        draft = validated(draft)
        if source_key:
            existing = self._find_by_source(source_key, conversation)
            if existing is not None:
                return existing
        received = self._clock()
        assessment = self._assess(draft, received)
        # A red report is never held: it goes where it would have gone, with its alerts.
        held = 0 if assessment.triage.urgency is Urgency.RED else self._flooded(draft, received)
        if held:
            assessment = dataclasses.replace(assessment, route=Route(
                inbox=self._table.partnership_inbox, copies=(), area=assessment.route.area,
                reasons=(VOLUME_REASON,)))
        for _attempt in range(5):
            try:
                stored = self._store(draft, assessment, source_key, followup, received, conversation, bool(held))
                if held:
                    if self._on_unusual_volume is not None:
                        self._on_unusual_volume(received, held)
                elif self._on_submitted is not None:
                    self._on_submitted(stored)
                return stored
            except IntegrityError:
                if source_key:
                    existing = self._find_by_source(source_key, conversation)
                    if existing is not None:
                        return existing
                continue  # reference collision: try another
        raise Conflict("Could not allocate a reference; please try again.")

    def _flooded(self, draft: ReferralDraft, at: datetime) -> int:
        """Return how many anonymous reports came in the minute before ``at`` when that is over the bound, else 0."""
        if not self._volume_per_minute or draft.reporter is not None:
            return 0
        with self._db.session() as session:
            recent = int(session.scalar(
                select(func.count()).select_from(Referral)
                .where(Referral.anonymous.is_(True), Referral.created_at >= at - timedelta(minutes=1))) or 0)
        return recent + 1 if recent >= self._volume_per_minute else 0

    def _find_by_source(self, source_key: str, conversation: str | None = None) -> Submission | None:
        with self._db.session() as session:
            row = session.scalar(select(Referral).where(Referral.source_key == source_key))
            return self._submission(row, conversation) if row else None

    def _submission(self, row: Referral, conversation: str | None = None) -> Submission:
        inbox = self._table.inboxes.get(row.inbox_id)
        area = self._table.areas.get(row.area_id or "")
        duty = self._table.inboxes.get(row.out_of_hours_inbox_id or "")
        opens = (self._sla.calendar.next_open(inbox.opening, row.created_at)
                 if duty is not None and inbox is not None else None)
        copies = tuple(c.inbox_id for c in row.copies if c.inbox_id != row.out_of_hours_inbox_id)
        return Submission(
            copies=copies,
            copy_names=tuple(self._inbox_name(i) for i in copies),
            out_of_hours_name=duty.name if duty else None,
            owner_opens_at=opens,
            reference=row.reference,
            urgency=Urgency(row.urgency),
            reasons=tuple(row.triage_reasons),
            inbox_id=row.inbox_id,
            inbox_name=inbox.name if inbox else row.inbox_id,
            due_at=row.sla_due_at,
            area_name=area.name if area else None,
            followup_placeholder=(self._followup.placeholder(row.reference, conversation)
                                  if self._followup and row.followup_digest and conversation else None),
        )

    def _store(self, draft: ReferralDraft, assessment: Assessment, source_key: str | None,
               followup: bool = False, received: datetime | None = None,
               conversation: str | None = None, held: bool = False) -> Submission:
        now = received or self._clock()
        result, route = assessment.triage, assessment.route
        reference = new_reference()
        with self._db.session() as session:
            row = Referral(
                reference=reference,
                followup_digest=(self._followup.initial_digest(reference)
                                 if followup and self._followup else None),
                source_key=source_key,
                kind=draft.kind.value,
                channel=draft.channel.value,
                status=Status.NEW.value,
                urgency=result.urgency.value,
                urgency_rank=result.urgency.rank,
                triage_reasons=list(result.reasons),
                indicators=list(result.indicators),
                routing_reasons=list(route.reasons),
                inbox_id=route.inbox,
                out_of_hours_inbox_id=route.out_of_hours,
                area_id=route.area,
                area_text=draft.area,
                place=draft.place,
                when_text=draft.when,
                immediate_danger=draft.immediate_danger,
                consent_to_contact=draft.consent_to_contact,
                anonymous=draft.reporter is None,
                feedback_wanted=bool(draft.reporter and draft.reporter.feedback and draft.reporter.email),
                description=draft.description,
                details=dict(draft.details),
                created_at=now,
                updated_at=now,
                sla_due_at=self._due(result.urgency, now, route.inbox),
                alert_level=ALERTS_HELD if held else 0,
            )
            for person in draft.people:
                row.people.append(
                    Person(
                        role=person.role.value, name=person.name, age=person.age,
                        age_band=person.age_band, school=person.school, home_area=person.home_area,
                        known_to_social_care=person.known_to_social_care,
                        looked_after=person.looked_after,
                        parent_carer_aware=person.parent_carer_aware,
                        description=person.description,
                    )
                )
            if draft.reporter is not None:
                reporter = draft.reporter
                row.people.append(
                    Person(
                        role=PersonRole.REPORTER.value, name=reporter.name,
                        reporter_role=reporter.role.value if reporter.role else None,
                        organisation=reporter.organisation, email=reporter.email, phone=reporter.phone,
                    )
                )
            for inbox_id in route.copies:
                row.copies.append(ReferralCopy(inbox_id=inbox_id, created_at=now))
            row.events.append(
                ReferralEvent(at=now, actor="system", action="created",
                              body=f"{draft.kind.value} via {draft.channel.value}; "
                                   f"triaged {result.urgency.value}; routed to {route.inbox}")
            )
            if route.out_of_hours:
                row.events.append(ReferralEvent(at=now, actor="system", action="out_of_hours",
                                                body=cover.note(self._table, self._sla.calendar, route.inbox,
                                                                route.out_of_hours, now)))
            session.add(row)
            session.flush()
            if self.on_stored is not None:
                self.on_stored(session, row, conversation)
            audit.record(session, at=now, actor=f"reporter:{draft.channel.value}",
                         action="referral.create", reference=row.reference, detail=route.inbox)
            return self._submission(row, conversation)

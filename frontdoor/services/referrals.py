"""Referral services: assess, submit, and the SPOC workflow on stored referrals.

Every method that reads or changes a stored referral takes the
:class:`~frontdoor.views.Principal` doing it, checks that they may see it
(their inboxes own it or hold a copy), and writes an audit entry in the same
transaction. A referral the caller may not see is reported as
:class:`~frontdoor.errors.NotFound`, exactly as one that does not exist, so
references cannot be probed.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Callable

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from frontdoor import taxonomy
from frontdoor.errors import AccessDenied, ConfigurationError, Conflict, InvalidInput, NotFound
from frontdoor.extraction import Analyser, normalise
from frontdoor.model import (
    Kind,
    PersonDraft,
    PersonRole,
    ReferralDraft,
    Status,
    Submission,
    Urgency,
)
from frontdoor.references import new_reference, normalise_reference
from frontdoor.assessment import Assessment, assess
from frontdoor.routing import RoutingTable
from frontdoor.services import audit
from frontdoor.services.followup import FollowUpService
from frontdoor.sla import SlaPolicy
from frontdoor.store.db import Database
from frontdoor.store.models import Person, Referral, ReferralCopy, ReferralEvent
from frontdoor.views import (
    EventView,
    InboxView,
    PersonView,
    Principal,
    ReferralDetail,
    ReferralSummary,
)

#: Refusals that still commit the audit entry recorded before them.
_REFUSALS = (NotFound, AccessDenied)
MAX_DESCRIPTION = 10_000
MAX_FIELD = 500
MAX_NOTE = 5_000
OUTCOMES: dict[str, str] = {
    "referred_mash": "Referred to MASH / children's social care",
    "referred_svpp": "Referred to the Serious Violence Prevention Panel",
    "police_intelligence": "Submitted as police intelligence",
    "referred_yos": "Referred to youth services / YOT",
    "referred_adult_social_care": "Referred to adult social care",
    "signposted": "Signposted to support services",
    "already_known": "Already known; added to existing case",
    "no_further_action": "No further action",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _clean(text: str | None, field: str, limit: int = MAX_FIELD) -> str | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise InvalidInput(f"{field} must be text", field)
    cleaned = normalise(text).strip()
    if len(cleaned) > limit:
        raise InvalidInput(f"{field} is too long (at most {limit} characters)", field)
    return cleaned or None


def _validated(draft: ReferralDraft) -> ReferralDraft:
    """Return a copy of ``draft`` with text cleaned, or raise InvalidInput."""
    description = _clean(draft.description, "description", MAX_DESCRIPTION)
    if not description:
        raise InvalidInput("Please describe what happened or what worries you.", "description")
    if not isinstance(draft.kind, Kind):
        raise InvalidInput("Unknown kind of report", "kind")
    people: list[PersonDraft] = []
    for person in draft.people:
        if not isinstance(person.role, PersonRole):
            raise InvalidInput("Every person needs a role", "people")
        if person.age is not None and not (0 <= person.age <= 120):
            raise InvalidInput("Age must be between 0 and 120", "age")
        people.append(
            PersonDraft(
                role=person.role,
                name=_clean(person.name, "name"),
                age=person.age,
                age_band=_clean(person.age_band, "age band", 20),
                school=_clean(person.school, "school"),
                home_area=_clean(person.home_area, "home area"),
                known_to_social_care=person.known_to_social_care,
                looked_after=person.looked_after,
                parent_carer_aware=person.parent_carer_aware,
                description=_clean(person.description, "description", MAX_DESCRIPTION),
            )
        )
    reporter = draft.reporter
    if reporter is not None:
        email = _clean(reporter.email, "email")
        if email and not _EMAIL.match(email):
            raise InvalidInput("That e-mail address does not look right", "email")
        reporter = type(reporter)(
            role=reporter.role,
            organisation=_clean(reporter.organisation, "organisation"),
            name=_clean(reporter.name, "name"),
            email=email,
            phone=_clean(reporter.phone, "phone", 40),
        )
    return ReferralDraft(
        kind=draft.kind,
        channel=draft.channel,
        description=description,
        immediate_danger=draft.immediate_danger,
        indicators=list(taxonomy.validate_codes(draft.indicators)),
        area=_clean(draft.area, "area"),
        place=_clean(draft.place, "place"),
        when=_clean(draft.when, "when", 200),
        reporter=reporter,
        people=people,
        consent_to_contact=draft.consent_to_contact,
        details={str(k)[:64]: (_clean(str(v), k, MAX_DESCRIPTION) or "") for k, v in draft.details.items()},
    )


class ReferralService:
    """Assess, store and work referrals."""

    def __init__(
        self,
        db: Database,
        table: RoutingTable,
        analyser: Analyser,
        sla: SlaPolicy,
        clock: Callable[[], datetime],
        followup: FollowUpService | None = None,
    ) -> None:
        self._db = db
        self._table = table
        self._analyser = analyser
        self._sla = sla
        self._clock = clock
        self._followup = followup

    # --- assessment (pure) ------------------------------------------------------
    def assess(self, draft: ReferralDraft) -> Assessment:
        """Triage and route ``draft`` without storing it (see :func:`frontdoor.assessment.assess`)."""
        return assess(draft, self._table, self._analyser)

    # --- submission -----------------------------------------------------------
    def submit(self, draft: ReferralDraft, *, source_key: str | None = None,
               followup: bool = False) -> Submission:
        """Validate, triage, route and store ``draft``; return what to tell the reporter.

        ``source_key`` makes submission idempotent: a second call with the same
        key returns the first referral instead of storing another. ``followup``
        gives an anonymous reporter a reference-and-code follow-up channel; the
        submission then carries the placeholder to put in the reply.

        Raises:
            InvalidInput: the draft is unusable (the message says why).
            ConfigurationError: follow-up asked for without a pseudonym key.
            Unavailable: the database is down.
        """
        if followup and self._followup is None:
            raise ConfigurationError("follow-up codes need FRONTDOOR_PSEUDONYM_KEY")
        draft = _validated(draft)
        if source_key:
            existing = self._find_by_source(source_key)
            if existing is not None:
                return existing
        assessment = self.assess(draft)
        for _attempt in range(5):
            try:
                return self._store(draft, assessment, source_key, followup)
            except IntegrityError:
                if source_key:
                    existing = self._find_by_source(source_key)
                    if existing is not None:
                        return existing
                continue  # reference collision: try another
        raise Conflict("Could not allocate a reference; please try again.")

    def _find_by_source(self, source_key: str) -> Submission | None:
        with self._db.session() as session:
            row = session.scalar(select(Referral).where(Referral.source_key == source_key))
            return self._submission(row) if row else None

    def _submission(self, row: Referral) -> Submission:
        inbox = self._table.inboxes.get(row.inbox_id)
        area = self._table.areas.get(row.area_id or "")
        return Submission(
            reference=row.reference,
            urgency=Urgency(row.urgency),
            reasons=tuple(row.triage_reasons),
            inbox_id=row.inbox_id,
            inbox_name=inbox.name if inbox else row.inbox_id,
            due_at=row.sla_due_at,
            area_name=area.name if area else None,
            followup_placeholder=(self._followup.placeholder(row.reference)
                                  if self._followup and row.followup_digest else None),
        )

    def _store(self, draft: ReferralDraft, assessment: Assessment, source_key: str | None,
               followup: bool = False) -> Submission:
        now = self._clock()
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
                area_id=route.area,
                area_text=draft.area,
                place=draft.place,
                when_text=draft.when,
                immediate_danger=draft.immediate_danger,
                consent_to_contact=draft.consent_to_contact,
                anonymous=draft.reporter is None,
                description=draft.description,
                details=dict(draft.details),
                created_at=now,
                updated_at=now,
                sla_due_at=self._sla.due_at(result.urgency, now),
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
            session.add(row)
            session.flush()
            audit.record(session, at=now, actor=f"reporter:{draft.channel.value}",
                         action="referral.create", reference=row.reference, detail=route.inbox)
            return self._submission(row)

    # --- reading --------------------------------------------------------------
    def _visible(self, principal: Principal) -> Select[tuple[Referral]]:
        inboxes = sorted(principal.inboxes)
        copied = exists().where(
            ReferralCopy.referral_id == Referral.id, ReferralCopy.inbox_id.in_(inboxes)
        )
        return select(Referral).where(or_(Referral.inbox_id.in_(inboxes), copied))

    def queue(
        self,
        principal: Principal,
        *,
        inbox: str | None = None,
        urgency: str | None = None,
        status: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[ReferralSummary]:
        """Return the referrals ``principal`` may see: open first, by urgency then due time.

        ``status`` is ``new``, ``acknowledged``, ``closed``, ``open`` (not closed,
        the default) or ``all``.

        Raises:
            InvalidInput: a filter value is not recognised.
        """
        if urgency is not None and urgency not in {u.value for u in Urgency}:
            raise InvalidInput(f"Unknown urgency {urgency!r}", "urgency")
        status = status or "open"
        if status not in {"open", "all"} | {s.value for s in Status}:
            raise InvalidInput(f"Unknown status {status!r}", "status")
        if inbox is not None and inbox not in principal.inboxes:
            raise NotFound(f"No inbox {inbox!r} among yours")
        if isinstance(limit, bool) or not isinstance(limit, int) or isinstance(offset, bool) \
                or not isinstance(offset, int) or offset < 0:
            raise InvalidInput("limit and offset must be whole numbers, offset not negative", "limit")
        limit = max(1, min(limit, 500))
        now = self._clock()
        scope = Principal(principal.id, principal.email, principal.name, principal.is_admin,
                          frozenset({inbox}) if inbox else principal.inboxes)
        query = self._visible(scope)
        if urgency:
            query = query.where(Referral.urgency == urgency)
        if status == "open":
            query = query.where(Referral.status != Status.CLOSED.value)
        elif status != "all":
            query = query.where(Referral.status == status)
        query = query.order_by(
            (Referral.status == Status.CLOSED.value), Referral.urgency_rank,
            Referral.sla_due_at, Referral.id,
        ).limit(limit).offset(offset)
        with self._db.session() as session:
            rows = session.scalars(query.options(selectinload(Referral.copies),
                                                 selectinload(Referral.people))).all()
            audit.record(session, at=now, actor=principal.email, action="referral.list",
                         detail=f"inbox={inbox or '*'} urgency={urgency or '*'} status={status} n={len(rows)}")
            # Whether it is a copy depends on all the caller's inboxes, not the filter.
            return [self._summary(row, principal, now) for row in rows]

    def _summary(self, row: Referral, principal: Principal, now: datetime) -> ReferralSummary:
        area = self._table.areas.get(row.area_id or "")
        subject = next((p for p in row.people if PersonRole(p.role).at_risk), None)
        return ReferralSummary(
            reference=row.reference, kind=row.kind, channel=row.channel, status=row.status,
            urgency=row.urgency, indicators=tuple(row.indicators), inbox_id=row.inbox_id,
            area_id=row.area_id, area_name=area.name if area else None,
            created_at=row.created_at, due_at=row.sla_due_at,
            overdue=row.status == Status.NEW.value and row.sla_due_at < now,
            is_copy=row.inbox_id not in principal.inboxes,
            subject_age=subject.age if subject else None,
        )

    def _load(self, session: Session, principal: Principal, reference: str, action: str) -> Referral:
        try:
            canonical = normalise_reference(reference)
        except InvalidInput:
            raise NotFound("No such referral") from None
        row = session.scalar(
            select(Referral).where(Referral.reference == canonical).options(
                selectinload(Referral.copies), selectinload(Referral.people),
                selectinload(Referral.events))
        )
        if row is None or not principal.can_read(row.inbox_id, [c.inbox_id for c in row.copies]):
            audit.record(session, at=self._clock(), actor=principal.email,
                         action=f"{action}.denied", reference=canonical)
            raise NotFound("No such referral")
        return row

    def _inbox_view(self, inbox_id: str) -> InboxView:
        inbox = self._table.inboxes.get(inbox_id)
        if inbox is None:
            return InboxView(inbox_id, inbox_id, "unknown", None, None, None)
        return InboxView(inbox.id, inbox.name, inbox.agency, inbox.email, inbox.phone, inbox.hours)

    def _detail(self, row: Referral, principal: Principal) -> ReferralDetail:
        now = self._clock()
        area = self._table.areas.get(row.area_id or "")
        return ReferralDetail(
            reference=row.reference, kind=row.kind, channel=row.channel, status=row.status,
            urgency=row.urgency, reasons=tuple(row.triage_reasons), indicators=tuple(row.indicators),
            indicator_labels=tuple(taxonomy.label(c) for c in row.indicators),
            routing_reasons=tuple(row.routing_reasons), inbox=self._inbox_view(row.inbox_id),
            copies=tuple(self._inbox_view(c.inbox_id) for c in row.copies),
            is_copy=row.inbox_id not in principal.inboxes,
            area_id=row.area_id, area_name=area.name if area else None, area_text=row.area_text,
            place=row.place, when=row.when_text, immediate_danger=row.immediate_danger,
            consent_to_contact=row.consent_to_contact, anonymous=row.anonymous,
            followup_enabled=row.followup_digest is not None,
            description=row.description, details=dict(row.details or {}), outcome=row.outcome,
            created_at=row.created_at, due_at=row.sla_due_at, acknowledged_at=row.acknowledged_at,
            closed_at=row.closed_at,
            overdue=row.status == Status.NEW.value and row.sla_due_at < now,
            people=tuple(
                PersonView(
                    role=p.role, role_label=PersonRole(p.role).label, at_risk=PersonRole(p.role).at_risk,
                    name=p.name, age=p.age, age_band=p.age_band, school=p.school, home_area=p.home_area,
                    known_to_social_care=p.known_to_social_care, looked_after=p.looked_after,
                    parent_carer_aware=p.parent_carer_aware, description=p.description,
                    reporter_role=p.reporter_role, organisation=p.organisation, email=p.email, phone=p.phone,
                )
                for p in row.people
            ),
            events=tuple(EventView(e.at, e.actor, e.action, e.body) for e in row.events),
        )

    def get(self, principal: Principal, reference: str) -> ReferralDetail:
        """Return the referral ``reference`` if ``principal`` may see it (audited).

        Raises:
            NotFound: no such referral, or not visible to ``principal``.
        """
        with self._db.session(commit_on=_REFUSALS) as session:
            row = self._load(session, principal, reference, "referral.view")
            audit.record(session, at=self._clock(), actor=principal.email,
                         action="referral.view", reference=row.reference)
            return self._detail(row, principal)

    # --- workflow -------------------------------------------------------------
    def _owned(self, session: Session, principal: Principal, reference: str, action: str) -> Referral:
        row = self._load(session, principal, reference, action)
        if row.inbox_id not in principal.inboxes:
            audit.record(session, at=self._clock(), actor=principal.email,
                         action=f"{action}.denied", reference=row.reference)
            raise AccessDenied("This is an info-only copy; the owning inbox works this referral.")
        return row

    def acknowledge(self, principal: Principal, reference: str) -> ReferralDetail:
        """Mark a new referral acknowledged, stopping its response clock.

        Raises:
            NotFound: not visible. AccessDenied: only a copy. Conflict: not new.
        """
        now = self._clock()
        with self._db.session(commit_on=_REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.acknowledge")
            if row.status != Status.NEW.value:
                raise Conflict(f"Already {row.status}.")
            row.status = Status.ACKNOWLEDGED.value
            row.acknowledged_at = now
            row.updated_at = now
            row.events.append(ReferralEvent(at=now, actor=principal.email, action="acknowledged"))
            audit.record(session, at=now, actor=principal.email, action="referral.acknowledge",
                         reference=row.reference)
            session.flush()
            return self._detail(row, principal)

    def add_note(self, principal: Principal, reference: str, text: str) -> ReferralDetail:
        """Add a note to the referral's timeline.

        Raises:
            InvalidInput: empty or too long. NotFound: not visible. AccessDenied: only a copy.
        """
        body = _clean(text, "note", MAX_NOTE)
        if not body:
            raise InvalidInput("A note cannot be empty.", "note")
        now = self._clock()
        with self._db.session(commit_on=_REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.note")
            row.updated_at = now
            row.events.append(ReferralEvent(at=now, actor=principal.email, action="note", body=body))
            audit.record(session, at=now, actor=principal.email, action="referral.note",
                         reference=row.reference)
            session.flush()
            return self._detail(row, principal)

    def close(self, principal: Principal, reference: str, outcome: str, note: str | None = None) -> ReferralDetail:
        """Record an outcome and close the referral.

        Raises:
            InvalidInput: unknown outcome. NotFound / AccessDenied as above.
            Conflict: already closed.
        """
        if outcome not in OUTCOMES:
            raise InvalidInput("Choose an outcome from the list.", "outcome")
        body = _clean(note, "note", MAX_NOTE)
        now = self._clock()
        with self._db.session(commit_on=_REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.close")
            if row.status == Status.CLOSED.value:
                raise Conflict("Already closed.")
            if row.acknowledged_at is None:
                row.acknowledged_at = now
            row.status = Status.CLOSED.value
            row.outcome = outcome
            row.closed_at = now
            row.updated_at = now
            row.events.append(ReferralEvent(at=now, actor=principal.email, action="closed",
                                            body=OUTCOMES[outcome] + (f" — {body}" if body else "")))
            audit.record(session, at=now, actor=principal.email, action="referral.close",
                         reference=row.reference, detail=outcome)
            session.flush()
            return self._detail(row, principal)

    def ask_reporter(self, principal: Principal, reference: str, question: str) -> ReferralDetail:
        """Post a question for an anonymous reporter, who reads it with their code.

        Raises:
            InvalidInput: empty or too long. NotFound / AccessDenied as for notes.
            Conflict: the reporter has no follow-up channel (contact them directly).
        """
        body = _clean(question, "question", 500)
        if not body:
            raise InvalidInput("A question cannot be empty.", "question")
        now = self._clock()
        with self._db.session(commit_on=_REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.question")
            if row.followup_digest is None:
                raise Conflict("This reporter has no follow-up code; use the contact details given.")
            if row.status == Status.CLOSED.value:
                raise Conflict("The referral is closed.")
            row.updated_at = now
            row.events.append(ReferralEvent(at=now, actor=principal.email, action="question", body=body))
            audit.record(session, at=now, actor=principal.email, action="referral.question",
                         reference=row.reference)
            session.flush()
            return self._detail(row, principal)

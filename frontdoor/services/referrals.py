"""Referral services: assess, submit, and the SPOC workflow on stored referrals.

Every method that reads or changes a stored referral takes the
:class:`~frontdoor.views.Principal` doing it, checks that they may see it
(their inboxes own it or hold a copy), and writes an audit entry in the same
transaction; every change also goes on the referral's timeline. Working a
referral (acknowledge, change urgency, assign, transfer, copies, close) is for
its owning inbox; an info-only copy holder may read it and add notes
(:class:`~frontdoor.errors.AccessDenied` otherwise). A referral the caller may not see is reported as
:class:`~frontdoor.errors.NotFound`, exactly as one that does not exist, so
references cannot be probed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from frontdoor import taxonomy
from frontdoor.assessment import Assessment, assess
from frontdoor.errors import AccessDenied, ConfigurationError, Conflict, InvalidInput, NotFound
from frontdoor.extraction import Analyser, normalise
from frontdoor.hours import OpeningHours
from frontdoor.learned import LearnedReader
from frontdoor.model import (
    Kind,
    PersonDraft,
    PersonRole,
    ReferralDraft,
    Route,
    Status,
    Submission,
    Urgency,
    needs_judgement,
)
from frontdoor.references import new_reference, normalise_reference
from frontdoor.routing import RoutingTable
from frontdoor.services import audit, cover
from frontdoor.services.followup import FollowUpService
from frontdoor.sla import SlaPolicy
from frontdoor.store.db import Database
from frontdoor.store.models import Person, Referral, ReferralCopy, ReferralEvent, Staff, StaffInbox
from frontdoor.views import (
    AreaInboxes,
    EventView,
    InboxView,
    PersonView,
    Principal,
    ReferralDetail,
    ReferralSummary,
    StaffView,
)

#: Refusals that still commit the audit entry recorded before them.
_REFUSALS = (NotFound, AccessDenied)
MAX_DESCRIPTION = 10_000
MAX_FIELD = 500
MAX_NOTE = 5_000
#: The outcomes a referral can be closed with (shared with pages and the API).
OUTCOMES = taxonomy.OUTCOMES
MAX_REASON = 1_000
#: Queue filters: whose referrals (``scope``) and who is working them (``assigned``).
SCOPES = ("all", "owned", "copies")
ASSIGNED = ("me", "unassigned")
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


#: ``alert_level`` of a referral held back during a flood: no alert until someone moves it on
#: (a transfer or a change of urgency starts its alerts afresh).
ALERTS_HELD = -1
#: The routing reason of an anonymous report held back during a flood.
VOLUME_REASON = ("Unusual volume: more anonymous reports in a minute than the partnership expects, so this one "
                 "is held with the partnership triage team to check before it goes to an area team")


class ReferralService:
    """Assess, store and work referrals.

    ``volume_per_minute`` bounds anonymous reports: beyond it in any minute, new
    amber and green ones are still stored but go to the partnership triage
    inbox only, with no copies, and ``on_unusual_volume`` is called (the core
    tells the partnership inbox once), so a flood is a visible alert rather
    than thousands of entries in area teams' queues. A red one is never held.
    """

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
        self._db = db
        self._volume_per_minute = volume_per_minute
        self._on_unusual_volume = on_unusual_volume
        #: The second reading of triage (None: the rule table alone).
        self._reader = reader
        self._table = table
        self._analyser = analyser
        self._sla = sla
        self._clock = clock
        self._followup = followup
        #: Called with each new submission (queues red alerts); must not raise.
        self._on_submitted = on_submitted

    # --- assessment (pure) ------------------------------------------------------
    def assess(self, draft: ReferralDraft, at: datetime | None = None) -> Assessment:
        """Triage and route ``draft`` as if received at ``at`` (now when None), without storing it.

        See :func:`frontdoor.assessment.assess`; the time decides whether a red
        referral also goes to the out-of-hours contact.
        """
        return assess(draft, self._table, self._analyser, received_at=at or self._clock(),
                      calendar=self._sla.calendar, reader=self._reader)

    def _opening(self, inbox_id: str) -> OpeningHours | None:
        inbox = self._table.inboxes.get(inbox_id)
        return inbox.opening if inbox else None

    def _due(self, urgency: Urgency, received: datetime, inbox_id: str) -> datetime:
        """Return when ``inbox_id`` should respond to a referral of ``urgency`` it received at ``received``."""
        return self._sla.due_at(urgency, received, self._opening(inbox_id))

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
        draft = _validated(draft)
        if source_key:
            existing = self._find_by_source(source_key, conversation)
            if existing is not None:
                return existing
        received = self._clock()
        assessment = self.assess(draft, received)
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
        return Submission(
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
            audit.record(session, at=now, actor=f"reporter:{draft.channel.value}",
                         action="referral.create", reference=row.reference, detail=route.inbox)
            return self._submission(row, conversation)

    # --- reading --------------------------------------------------------------
    def _visible(self, principal: Principal) -> Select[Referral]:
        inboxes = sorted(principal.inboxes)
        # IN, not a correlated EXISTS: both arms of the OR can then use an index (no full scan).
        copied = Referral.id.in_(select(ReferralCopy.referral_id).where(ReferralCopy.inbox_id.in_(inboxes)))
        return select(Referral).where(or_(Referral.inbox_id.in_(inboxes), copied))

    def queue(
        self,
        principal: Principal,
        *,
        inbox: str | None = None,
        urgency: str | None = None,
        status: str | None = None,
        kind: str | None = None,
        assigned: str | None = None,
        scope: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[ReferralSummary]:
        """Return the referrals ``principal`` may see: open first, by urgency then due time.

        ``status`` is ``new``, ``acknowledged``, ``closed``, ``open`` (not closed,
        the default) or ``all``; ``kind`` one of the report kinds; ``assigned``
        ``me`` (assigned to the caller) or ``unassigned``; ``scope`` ``owned``
        (the caller's inboxes own it), ``copies`` (info-only copies) or ``all``.
        One SELECT, whatever the page size.

        Raises:
            InvalidInput: a filter value is not recognised.
            NotFound: ``inbox`` is not one of the caller's.
        """
        if urgency is not None and urgency not in {u.value for u in Urgency}:
            raise InvalidInput(f"Unknown urgency {urgency!r}", "urgency")
        status = status or "open"
        if status not in {"open", "all"} | {s.value for s in Status}:
            raise InvalidInput(f"Unknown status {status!r}", "status")
        if kind is not None and kind not in {k.value for k in Kind}:
            raise InvalidInput(f"Unknown kind {kind!r}", "kind")
        if assigned is not None and assigned not in ASSIGNED:
            raise InvalidInput(f"Unknown assignment filter {assigned!r}", "assigned")
        scope = scope or "all"
        if scope not in SCOPES:
            raise InvalidInput(f"Unknown scope {scope!r} (owned, copies or all)", "scope")
        if inbox is not None and inbox not in principal.inboxes:
            with self._db.session() as session:
                audit.record(session, at=self._clock(), actor=principal.email, action="queue.denied",
                             detail=inbox if inbox in self._table.inboxes else "unknown inbox")
            raise NotFound(f"No inbox {inbox!r} among yours")
        if isinstance(limit, bool) or not isinstance(limit, int) or isinstance(offset, bool) \
                or not isinstance(offset, int) or offset < 0:
            raise InvalidInput("limit and offset must be whole numbers, offset not negative", "limit")
        limit = max(1, min(limit, 500))
        now = self._clock()
        scope_inboxes = frozenset({inbox}) if inbox else principal.inboxes
        mine = sorted(principal.inboxes)
        visible = Principal(principal.id, principal.email, principal.name, principal.is_admin, scope_inboxes)
        # The age of the first person at risk, in the same SELECT (no query per row).
        subject_age = (
            select(Person.age)
            .where(Person.referral_id == Referral.id,
                   Person.role.in_([r.value for r in PersonRole if r.at_risk]))
            .order_by(Person.id).limit(1).correlate(Referral).scalar_subquery()
        )
        query = self._visible(visible).add_columns(subject_age)
        if urgency:
            query = query.where(Referral.urgency == urgency)
        if status == "open":
            query = query.where(Referral.status.in_([s.value for s in Status if s is not Status.CLOSED]))  # indexed
        elif status != "all":
            query = query.where(Referral.status == status)
        if kind:
            query = query.where(Referral.kind == kind)
        if assigned == "me":
            query = query.where(Referral.assigned_to == principal.id)
        elif assigned == "unassigned":
            query = query.where(Referral.assigned_to.is_(None))
        # Whether it is a copy depends on all the caller's inboxes, not the inbox filter.
        if scope == "owned":
            query = query.where(Referral.inbox_id.in_(mine))
        elif scope == "copies":
            query = query.where(Referral.inbox_id.not_in(mine))
        query = query.order_by(
            (Referral.status == Status.CLOSED.value), Referral.urgency_rank,
            Referral.sla_due_at, Referral.id,
        ).limit(limit).offset(offset)
        with self._db.session() as session:
            rows = session.execute(query).all()
            audit.record(session, at=now, actor=principal.email, action="referral.list",
                         detail=f"inbox={inbox or '*'} urgency={urgency or '*'} status={status} "
                                f"kind={kind or '*'} assigned={assigned or '*'} scope={scope} n={len(rows)}")
            return [self._summary(row, age, principal, now) for row, age in rows]

    def _summary(self, row: Referral, subject_age: int | None, principal: Principal,
                 now: datetime) -> ReferralSummary:
        area = self._table.areas.get(row.area_id or "")
        return ReferralSummary(
            reference=row.reference, kind=row.kind, channel=row.channel, status=row.status,
            urgency=row.urgency, indicators=tuple(row.indicators), inbox_id=row.inbox_id,
            area_id=row.area_id, area_name=area.name if area else None,
            created_at=row.created_at, due_at=row.sla_due_at,
            overdue=row.status == Status.NEW.value and row.sla_due_at < now,
            is_copy=row.inbox_id not in principal.inboxes,
            subject_age=subject_age,
            needs_judgement=needs_judgement(row.triage_reasons or ()),
            on_duty=row.inbox_id not in principal.inboxes and row.out_of_hours_inbox_id in principal.inboxes,
        )

    def _load(self, session: Session, principal: Principal, reference: str, action: str) -> Referral:
        try:
            canonical = normalise_reference(reference)
        except InvalidInput:
            # Logged without the text given, which is not an identifier.
            audit.record(session, at=self._clock(), actor=principal.email,
                         action=f"{action}.denied", detail="malformed reference")
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

    @staticmethod
    def _staff_view(staff: Staff) -> StaffView:
        return StaffView(id=staff.id, email=staff.email, name=staff.name)

    def _members(self, session: Session, inbox_id: str) -> list[Staff]:
        """Return the active staff of ``inbox_id``, by name then e-mail."""
        return list(session.scalars(
            select(Staff).join(StaffInbox, StaffInbox.staff_id == Staff.id)
            .where(StaffInbox.inbox_id == inbox_id, Staff.active.is_(True))
            .order_by(Staff.name, Staff.email)
        ).all())

    def _detail(self, row: Referral, principal: Principal, session: Session) -> ReferralDetail:
        now = self._clock()
        owner = row.inbox_id in principal.inboxes
        assigned = session.get(Staff, row.assigned_to) if row.assigned_to is not None else None
        assignees = tuple(self._staff_view(s) for s in self._members(session, row.inbox_id)) if owner else ()
        area = self._table.areas.get(row.area_id or "")
        return ReferralDetail(
            reference=row.reference, kind=row.kind, channel=row.channel, status=row.status,
            urgency=row.urgency, reasons=tuple(row.triage_reasons), indicators=tuple(row.indicators),
            indicator_labels=tuple(taxonomy.label(c) for c in row.indicators),
            routing_reasons=tuple(row.routing_reasons), inbox=self._inbox_view(row.inbox_id),
            copies=tuple(self._inbox_view(c.inbox_id) for c in row.copies),
            is_copy=not owner,
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
            outcome_label=taxonomy.outcome_label(row.outcome),
            assigned_to=self._staff_view(assigned) if assigned else None,
            assignees=assignees,
            out_of_hours=self._inbox_view(row.out_of_hours_inbox_id) if row.out_of_hours_inbox_id else None,
            on_duty=not owner and row.out_of_hours_inbox_id in principal.inboxes,
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
            return self._detail(row, principal, session)

    # --- workflow -------------------------------------------------------------
    def _owned(self, session: Session, principal: Principal, reference: str, action: str,
               on_duty: bool = False) -> Referral:
        """Load a referral the principal's inbox owns (or, with ``on_duty``, covers out of hours).

        Raises:
            NotFound: not visible. AccessDenied: only a copy (audited).
        """
        row = self._load(session, principal, reference, action)
        if (on_duty and row.out_of_hours_inbox_id in principal.inboxes and row.urgency == Urgency.RED.value
                and row.status == Status.NEW.value):
            return row
        if row.inbox_id not in principal.inboxes:
            audit.record(session, at=self._clock(), actor=principal.email,
                         action=f"{action}.denied", reference=row.reference)
            raise AccessDenied("This is an info-only copy; the owning inbox works this referral.")
        return row

    def acknowledge(self, principal: Principal, reference: str) -> ReferralDetail:
        """Mark a new referral acknowledged, stopping its response clock (and its alerts).

        The owning inbox may acknowledge it, and so may the out-of-hours contact
        that covers it while the owner is closed.

        Raises:
            NotFound: not visible. AccessDenied: only a copy. Conflict: not new.
        """
        now = self._clock()
        with self._db.session(commit_on=_REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.acknowledge", on_duty=True)
            if row.status != Status.NEW.value:
                raise Conflict(f"Already {row.status}.")
            row.status = Status.ACKNOWLEDGED.value
            row.acknowledged_at = now
            row.updated_at = now
            duty = row.inbox_id not in principal.inboxes
            row.events.append(ReferralEvent(
                at=now, actor=principal.email, action="acknowledged",
                body=(f"Acknowledged out of hours by {self._inbox_name(row.out_of_hours_inbox_id or '')} "
                      f"for {self._inbox_name(row.inbox_id)}") if duty else None))
            audit.record(session, at=now, actor=principal.email, action="referral.acknowledge",
                         reference=row.reference)
            session.flush()
            return self._detail(row, principal, session)

    def add_note(self, principal: Principal, reference: str, text: str) -> ReferralDetail:
        """Add a note to the referral's timeline (the owner or an info-only copy holder).

        Raises:
            InvalidInput: empty or too long. NotFound: not visible.
        """
        body = _clean(text, "note", MAX_NOTE)
        if not body:
            raise InvalidInput("A note cannot be empty.", "note")
        now = self._clock()
        with self._db.session(commit_on=_REFUSALS) as session:
            row = self._load(session, principal, reference, "referral.note")
            row.updated_at = now
            row.events.append(ReferralEvent(at=now, actor=principal.email, action="note", body=body))
            audit.record(session, at=now, actor=principal.email, action="referral.note",
                         reference=row.reference)
            session.flush()
            return self._detail(row, principal, session)

    def close(self, principal: Principal, reference: str, outcome: str, note: str | None = None) -> ReferralDetail:
        """Record an outcome from :data:`frontdoor.taxonomy.OUTCOMES` and close the referral.

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
            return self._detail(row, principal, session)

    # --- urgency, assignment, transfer and copies (the owning inbox only) --------
    def _reason(self, reason: str | None) -> str:
        body = _clean(reason, "reason", MAX_REASON)
        if not body:
            raise InvalidInput("Give a reason: it goes on the timeline and the audit trail.", "reason")
        return body

    def _known_inbox(self, inbox_id: str | None, field: str) -> str:
        if not isinstance(inbox_id, str) or inbox_id not in self._table.inboxes:
            raise InvalidInput("Choose an inbox from the list.", field)
        return inbox_id

    def _inbox_name(self, inbox_id: str) -> str:
        inbox = self._table.inboxes.get(inbox_id)
        return inbox.name if inbox else inbox_id

    def change_urgency(self, principal: Principal, reference: str, urgency: str,
                       reason: str | None) -> ReferralDetail:
        """Change the urgency with a reason; the response target is worked out again.

        The triage reasons are kept and the human reason is added to them. The
        new due time counts from when the owning inbox received the referral
        (its creation, or its latest transfer); a red target already past is
        due now, and the red alert goes out again. Raised to red while the
        owner is closed, it gets out-of-hours cover; lowered from red, any
        cover ends.

        Raises:
            InvalidInput: unknown urgency or no reason. NotFound: not visible.
            AccessDenied: only a copy. Conflict: closed, or already that urgency.
        """
        try:
            new = Urgency(urgency)
        except ValueError:
            raise InvalidInput("Choose red, amber or green.", "urgency") from None
        body = self._reason(reason)
        now = self._clock()
        with self._db.session(commit_on=_REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.urgency")
            if row.status == Status.CLOSED.value:
                raise Conflict("The referral is closed.")
            old = Urgency(row.urgency)
            if new is old:
                raise Conflict(f"It is already {old.value}.")
            received = max([row.created_at] + [e.at for e in row.events if e.action == "transferred"])
            row.urgency = new.value
            row.urgency_rank = new.rank
            row.sla_due_at = self._due(new, received, row.inbox_id)
            if new is Urgency.RED:
                # A red target already past is due now: a new due time is a new alert cycle, so a referral
                # raised to red again is alerted again (the sweep sends it).
                row.sla_due_at = max(row.sla_due_at, now)
                row.alert_level = 0
                row.alerted_at = None
                # covered if the owner is closed now
                if row.out_of_hours_inbox_id is None:
                    cover.cover(row, self._table, self._sla.calendar, now, cover.RAISED)
            else:
                row.out_of_hours_inbox_id = None  # cover is for red referrals only
            row.triage_reasons = [*row.triage_reasons,
                                  f"Changed from {old.value} to {new.value} by {principal.email}: {body}"]
            row.updated_at = now
            row.events.append(ReferralEvent(at=now, actor=principal.email, action="urgency_changed",
                                            body=f"{old.value.capitalize()} to {new.value.capitalize()}: {body}"))
            audit.record(session, at=now, actor=principal.email, action="referral.urgency",
                         reference=row.reference, detail=f"{old.value}->{new.value}")
            session.flush()
            return self._detail(row, principal, session)

    def reassign(self, principal: Principal, reference: str, staff_id: int | None) -> ReferralDetail:
        """Assign the referral to a member of its owning inbox (``None``: nobody).

        Raises:
            InvalidInput: that person is not an active member of the owning inbox.
            NotFound: not visible. AccessDenied: only a copy. Conflict: closed.
        """
        if staff_id is not None and (isinstance(staff_id, bool) or not isinstance(staff_id, int)):
            raise InvalidInput("Choose someone from the list.", "assignee")
        now = self._clock()
        with self._db.session(commit_on=_REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.assign")
            if row.status == Status.CLOSED.value:
                raise Conflict("The referral is closed.")
            if staff_id is None:
                if row.assigned_to is None:
                    raise Conflict("It is not assigned to anyone.")
                row.assigned_to = None
                body = "No longer assigned"
            else:
                member = next((m for m in self._members(session, row.inbox_id) if m.id == staff_id), None)
                if member is None:
                    audit.record(session, at=now, actor=principal.email, action="referral.assign.refused",
                                 reference=row.reference, detail=f"staff={staff_id}")
                    session.commit()
                    raise InvalidInput(f"Only members of {self._inbox_name(row.inbox_id)} can be assigned "
                                       "this referral; transfer it to hand it to another team.", "assignee")
                if row.assigned_to == member.id:
                    raise Conflict(f"It is already assigned to {self._staff_view(member).display_name}.")
                row.assigned_to = member.id
                body = f"Assigned to {self._staff_view(member).display_name}"
            row.updated_at = now
            row.events.append(ReferralEvent(at=now, actor=principal.email, action="assigned", body=body))
            audit.record(session, at=now, actor=principal.email, action="referral.assign",
                         reference=row.reference, detail=f"staff={staff_id if staff_id is not None else '-'}")
            session.flush()
            return self._detail(row, principal, session)

    def transfer(self, principal: Principal, reference: str, inbox_id: str, reason: str | None,
                 *, keep_copy: bool = True) -> ReferralDetail | None:
        """Hand the referral over to another inbox (for example another borough's).

        The new inbox owns it from now: it is new again, unassigned, and its
        response clock restarts from now at its urgency's target. The old
        owning inbox keeps an info-only copy unless ``keep_copy`` is false.
        Returns the referral as the caller now sees it, or ``None`` when they
        can no longer see it.

        Raises:
            InvalidInput: unknown inbox, the current owner, or no reason.
            NotFound: not visible. AccessDenied: only a copy. Conflict: closed.
        """
        target = self._known_inbox(inbox_id, "inbox")
        body = self._reason(reason)
        now = self._clock()
        with self._db.session(commit_on=_REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.transfer")
            if row.status == Status.CLOSED.value:
                raise Conflict("The referral is closed.")
            old = row.inbox_id
            if target == old:
                raise InvalidInput("It is already in that inbox; choose another.", "inbox")
            for copy in [c for c in row.copies if c.inbox_id == target]:
                row.copies.remove(copy)
            session.flush()  # the new owner's copy goes before the old owner's may be added
            if keep_copy and not any(c.inbox_id == old for c in row.copies):
                row.copies.append(ReferralCopy(inbox_id=old, created_at=now))
            row.inbox_id = target
            row.status = Status.NEW.value
            row.acknowledged_at = None
            row.assigned_to = None
            row.alert_level = 0
            row.alerted_at = None
            row.sla_due_at = self._due(Urgency(row.urgency), now, target)
            row.out_of_hours_inbox_id = None
            if row.urgency == Urgency.RED.value:
                cover.cover(row, self._table, self._sla.calendar, now, cover.TRANSFERRED)
            row.routing_reasons = [*row.routing_reasons,
                                   f"Transferred from {self._inbox_name(old)} to {self._inbox_name(target)}"]
            row.updated_at = now
            kept = "kept an info-only copy" if keep_copy else "kept no copy"
            row.events.append(ReferralEvent(
                at=now, actor=principal.email, action="transferred",
                body=f"From {self._inbox_name(old)} to {self._inbox_name(target)} ({self._inbox_name(old)} "
                     f"{kept}): {body}"))
            audit.record(session, at=now, actor=principal.email, action="referral.transfer",
                         reference=row.reference, detail=f"{old}->{target} copy={'yes' if keep_copy else 'no'}")
            session.flush()
            if not principal.can_read(row.inbox_id, [c.inbox_id for c in row.copies]):
                return None
            return self._detail(row, principal, session)

    def add_copy(self, principal: Principal, reference: str, inbox_id: str) -> ReferralDetail:
        """Send an info-only copy to another inbox.

        Raises:
            InvalidInput: unknown inbox or the owner. NotFound: not visible.
            AccessDenied: only a copy. Conflict: that inbox already has a copy.
        """
        target = self._known_inbox(inbox_id, "copy_inbox")
        now = self._clock()
        with self._db.session(commit_on=_REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.copy")
            if target == row.inbox_id:
                raise InvalidInput("That inbox owns the referral already.", "copy_inbox")
            if any(c.inbox_id == target for c in row.copies):
                raise Conflict(f"{self._inbox_name(target)} already has a copy.")
            row.copies.append(ReferralCopy(inbox_id=target, created_at=now))
            row.updated_at = now
            row.events.append(ReferralEvent(at=now, actor=principal.email, action="copied",
                                            body=f"Info-only copy to {self._inbox_name(target)}"))
            audit.record(session, at=now, actor=principal.email, action="referral.copy",
                         reference=row.reference, detail=target)
            session.flush()
            return self._detail(row, principal, session)

    def remove_copy(self, principal: Principal, reference: str, inbox_id: str) -> ReferralDetail:
        """Withdraw an inbox's info-only copy.

        Raises:
            InvalidInput: that inbox has no copy. NotFound: not visible.
            AccessDenied: only a copy.
        """
        now = self._clock()
        with self._db.session(commit_on=_REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.uncopy")
            copy = next((c for c in row.copies if c.inbox_id == inbox_id), None)
            if copy is None:
                raise InvalidInput("That inbox has no copy of this referral.", "copy_inbox")
            row.copies.remove(copy)
            row.updated_at = now
            body = f"Copy withdrawn from {self._inbox_name(inbox_id)}"
            if row.out_of_hours_inbox_id == inbox_id:
                row.out_of_hours_inbox_id = None  # no longer the contact on duty: no alerts, no acknowledging
                body += ", which is no longer the out-of-hours contact"
            row.events.append(ReferralEvent(at=now, actor=principal.email, action="copy_removed", body=body))
            audit.record(session, at=now, actor=principal.email, action="referral.uncopy",
                         reference=row.reference, detail=inbox_id)
            session.flush()
            return self._detail(row, principal, session)

    def inbox_directory(self) -> tuple[AreaInboxes, ...]:
        """Return every inbox grouped by the area it serves, for transfer and copy choices.

        Areas come in the routing table's order; an inbox serving several areas
        (a police command unit) is listed under each; the partnership inbox last.
        """
        groups = [
            AreaInboxes(area.id, area.name,
                        tuple(self._inbox_view(i) for i in dict.fromkeys(area.agencies.values())))
            for area in self._table.areas.values()
        ]
        served = {i for area in self._table.areas.values() for i in area.agencies.values()}
        rest = tuple(self._inbox_view(i) for i in self._table.inboxes if i not in served)
        if rest:
            groups.append(AreaInboxes(None, "Partnership", rest))
        return tuple(groups)

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
            return self._detail(row, principal, session)

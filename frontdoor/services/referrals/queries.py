"""Queries: the queue of referrals a member of staff may see, one referral, and the inbox directory."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, or_, select
from sqlalchemy.orm import Session

from frontdoor import taxonomy
from frontdoor.errors import InvalidInput, NotFound
from frontdoor.model import Kind, PersonRole, ReporterRole, Status, Urgency, needs_judgement
from frontdoor.services import audit
from frontdoor.services.referrals.access import REFUSALS, ReferralAccess
from frontdoor.store.models import Person, Referral, ReferralCopy, Staff, StaffInbox
from frontdoor.views import (
    AreaInboxes,
    EventView,
    Principal,
    QueuePage,
    QueueRow,
    ReferralDetail,
    ReferralSummary,
    StaffView,
)

#: Queue filters: whose referrals (``scope``) and who is working them (``assigned``).
SCOPES = ("all", "owned", "copies")
ASSIGNED = ("me", "unassigned")
#: The halves of the queue page: the caller's own work, and copies for information.
_PAGE_SCOPES = ("mine", "info")
#: How many indicators a queue row names before "+N more".
ROW_INDICATORS = 2


def _unknown_scope(scope: str) -> str:
    return f"Unknown scope {scope!r} (owned, copies or all)"


def _first(column: Any, where: ColumnElement[bool]) -> Any:
    """Return a scalar subquery: ``column`` of the referral's first person matching ``where``."""
    return (select(column).where(Person.referral_id == Referral.id, where)
            .order_by(Person.id).limit(1).correlate(Referral).scalar_subquery())


def summary_line(age: int | None, area_name: str | None, indicators: list[str] | tuple[str, ...]) -> str:
    """Return a queue row's one-line summary: age, main indicators, area ("Age 15 · Missing, +1 · Bexley").

    The area comes last: on a narrow row it is what is cut short.
    """
    shown = [taxonomy.label(code) for code in indicators[:ROW_INDICATORS]]
    if len(indicators) > ROW_INDICATORS:
        shown.append(f"+{len(indicators) - ROW_INDICATORS}")
    return " · ".join([
        f"Age {age}" if age is not None else "Age not known",
        ", ".join(shown) or "No indicators",
        area_name or "Area not known",
    ])


def _reporter_type(row: Referral, reporter_role: str | None) -> str:
    """Return who reported it, in words: their role, a young person themselves, or anonymous."""
    if row.kind == Kind.SELF_REFERRAL.value:
        return "Young person (self)"
    if reporter_role:
        return ReporterRole(reporter_role).label
    return "Anonymous" if row.anonymous else "Not given"


class ReferralQueries(ReferralAccess):
    """Read stored referrals; every read is audited."""

    def _visible(self, principal: Principal) -> Select[Referral]:
        inboxes = sorted(principal.inboxes)
        # IN, not a correlated EXISTS: both arms of the OR can then use an index (no full scan).
        copied = Referral.id.in_(select(ReferralCopy.referral_id).where(ReferralCopy.inbox_id.in_(inboxes)))
        return select(Referral).where(or_(Referral.inbox_id.in_(inboxes), copied))

    def _queue_select(
        self,
        principal: Principal,
        *,
        scope: str | None,
        limit: int,
        offset: int,
        rows: bool = False,
        inbox: str | None = None,
        urgency: str | None = None,
        status: str | None = None,
        kind: str | None = None,
        assigned: str | None = None,
    ) -> tuple[Select[Any], str, int]:
        """Return the queue's SELECT, what the audit entry says of its filters, and the page size.

        With ``rows`` it also selects what a queue row shows: the name of the
        first person at risk, the reporter's role and the assignee. ``scope``
        may also be ``mine`` or ``info`` (see :meth:`queue_page`).

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
        if scope not in (*SCOPES, *_PAGE_SCOPES):
            raise InvalidInput(_unknown_scope(scope), "scope")
        if inbox is not None and inbox not in principal.inboxes:
            with self._db.session() as session:
                audit.record(session, at=self._clock(), actor=principal.email, action="queue.denied",
                             detail=inbox if inbox in self._table.inboxes else "unknown inbox")
            raise NotFound(f"No inbox {inbox!r} among yours")
        if isinstance(limit, bool) or not isinstance(limit, int) or isinstance(offset, bool) \
                or not isinstance(offset, int) or offset < 0:
            raise InvalidInput("limit and offset must be whole numbers, offset not negative", "limit")
        limit = max(1, min(limit, 500))
        scope_inboxes = frozenset({inbox}) if inbox else principal.inboxes
        mine = sorted(principal.inboxes)
        visible = Principal(principal.id, principal.email, principal.name, principal.is_admin, scope_inboxes)
        at_risk = [r.value for r in PersonRole if r.at_risk]
        query = self._visible(visible)
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
        # The red referrals they cover out of hours, still new, are their work too ("mine").
        on_duty = and_(Referral.out_of_hours_inbox_id.in_(mine), Referral.status == Status.NEW.value,
                       Referral.urgency == Urgency.RED.value)
        if scope == "owned":
            query = query.where(Referral.inbox_id.in_(mine))
        elif scope == "copies":
            query = query.where(Referral.inbox_id.not_in(mine))
        elif scope == "mine":
            query = query.where(or_(Referral.inbox_id.in_(mine), on_duty))
        elif scope == "info":  # not on duty, written out: NOT of a NULL comparison would drop the row
            query = query.where(Referral.inbox_id.not_in(mine), or_(
                Referral.out_of_hours_inbox_id.is_(None), Referral.out_of_hours_inbox_id.not_in(mine),
                Referral.status != Status.NEW.value, Referral.urgency != Urgency.RED.value))
        order = ((Referral.status == Status.CLOSED.value), Referral.urgency_rank, Referral.sla_due_at, Referral.id)
        # The page is chosen on the indexed columns first (one more row than asked, for "more"), and
        # only its rows get the first person's details: a busy inbox's thousands of open referrals
        # are sorted without a subquery each.
        page = query.with_only_columns(Referral.id).order_by(*order).limit(limit + 1).offset(offset)
        query = select(Referral, _first(Person.age, Person.role.in_(at_risk))).where(Referral.id.in_(page))
        if rows:
            query = query.add_columns(
                _first(Person.name, Person.role.in_(at_risk)),
                _first(Person.reporter_role, Person.role == PersonRole.REPORTER.value),
                Staff.name, Staff.email,
            ).outerjoin(Staff, Staff.id == Referral.assigned_to)
        query = query.order_by(*order).limit(limit)
        detail = (f"inbox={inbox or '*'} urgency={urgency or '*'} status={status} "
                  f"kind={kind or '*'} assigned={assigned or '*'}")
        return query, detail, limit

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
        if scope not in (None, *SCOPES):
            raise InvalidInput(_unknown_scope(scope), "scope")
        query, detail, _limit = self._queue_select(
            principal, inbox=inbox, urgency=urgency, status=status, kind=kind, assigned=assigned, scope=scope,
            limit=limit, offset=offset)
        now = self._clock()
        with self._db.session() as session:
            rows = session.execute(query).all()
            audit.record(session, at=now, actor=principal.email, action="referral.list",
                         detail=f"{detail} scope={scope or 'all'} n={len(rows)}")
            return [self._summary(row, age, principal, now) for row, age in rows]

    def queue_page(self, principal: Principal, *, scope: str | None = None, limit: int = 100, offset: int = 0,
                   copies_limit: int = 20, **filters: str | None) -> QueuePage:
        """Return the queue as the inbox shows it: the caller's own work, then copies for information.

        ``filters`` (``inbox``, ``urgency``, ``status``, ``kind``, ``assigned``)
        and ``scope`` as for :meth:`queue`. ``limit`` and ``offset`` page the caller's
        own referrals (with ``scope=copies``, the copies); the first page also
        has up to ``copies_limit`` copies (none with ``scope=owned``). Red
        referrals the caller covers out of hours and that are still new count
        as their own. Two SELECTs at most, one audit entry.

        Raises:
            InvalidInput: a filter value is not recognised.
            NotFound: ``inbox`` is not one of the caller's.
        """
        scope = scope or "all"
        if scope not in SCOPES:
            raise InvalidInput(_unknown_scope(scope), "scope")
        wanted: dict[str, tuple[int, int]] = {}
        if scope in ("all", "owned"):
            wanted["mine"] = (limit, offset)
        if scope == "copies":
            wanted["info"] = (limit, offset)
        elif scope == "all" and offset == 0:
            wanted["info"] = (copies_limit, 0)
        # The page sizes asked for, one more row each to know whether there are more.
        selects = {part: self._queue_select(principal, **filters, scope=part, limit=size, offset=skip, rows=True)
                   for part, (size, skip) in wanted.items()}
        now = self._clock()
        found: dict[str, list[QueueRow]] = {"mine": [], "info": []}
        sizes = {"mine": 0, "info": 0}
        with self._db.session() as session:
            for part, (query, _detail, size) in selects.items():
                found[part] = [self._row(row, principal, now) for row in session.execute(query.limit(size + 1))]
                sizes[part] = size
            audit.record(session, at=now, actor=principal.email, action="referral.list",
                         detail=f"{next(iter(selects.values()))[1]} scope={scope} offset={offset} "
                                f"n={min(len(found['mine']), sizes['mine'])}+{min(len(found['info']), sizes['info'])}")
        mine, info = found["mine"], found["info"]
        return QueuePage(mine=tuple(mine[:sizes["mine"]]), copies=tuple(info[:sizes["info"]]),
                         more_mine=len(mine) > sizes["mine"], more_copies=len(info) > sizes["info"])

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

    def _row(self, columns: Row[Any], principal: Principal, now: datetime) -> QueueRow:
        """Return a queue row from the SELECT of :meth:`_queue_select` with ``rows``."""
        row, age, name, reporter_role, staff_name, staff_email = tuple(columns)
        summary = self._summary(row, age, principal, now)
        return QueueRow(
            **{f.name: getattr(summary, f.name) for f in fields(ReferralSummary)},
            subject_name=name,
            reporter_type=_reporter_type(row, reporter_role),
            assignee=StaffView(row.assigned_to, staff_email, staff_name).short_name if staff_email else None,
            summary_line=summary_line(age, summary.area_name, row.indicators),
        )


    def get(self, principal: Principal, reference: str) -> ReferralDetail:
        """Return the referral ``reference`` if ``principal`` may see it (audited).

        Raises:
            NotFound: no such referral, or not visible to ``principal``.
        """
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._load(session, principal, reference, "referral.view")
            audit.record(session, at=self._clock(), actor=principal.email,
                         action="referral.view", reference=row.reference)
            detail = self._detail(row, principal, session)
            return replace(detail, events=self._named(session, detail))

    def _named(self, session: Session, detail: ReferralDetail) -> tuple[EventView, ...]:
        """Return the referral's timeline with each staff actor's name and their inbox holding it.

        The inbox is the owning one if they belong to it, else one holding a copy.
        """
        emails = {e.actor for e in detail.events if "@" in e.actor}
        if not emails:
            return detail.events
        holders = [detail.inbox.id, *(c.id for c in detail.copies)]
        if detail.out_of_hours:
            holders.append(detail.out_of_hours.id)
        names: dict[str, str | None] = {}
        inboxes: dict[str, list[str]] = {}
        for email, name, inbox_id in session.execute(
                select(Staff.email, Staff.name, StaffInbox.inbox_id)
                .outerjoin(StaffInbox, StaffInbox.staff_id == Staff.id).where(Staff.email.in_(sorted(emails)))):
            names[email] = name
            if inbox_id is not None:
                inboxes.setdefault(email, []).append(inbox_id)
        def inbox_of(email: str) -> str | None:
            theirs = inboxes.get(email, [])
            held = next((i for i in holders if i in theirs), None)
            return self._inbox_name(held) if held else None
        return tuple(
            replace(e, actor_name=names.get(e.actor) or e.actor, actor_inbox=inbox_of(e.actor))
            if e.actor in names else e
            for e in detail.events
        )


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


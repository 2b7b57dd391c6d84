"""Queries: the queue of referrals a member of staff may see, one referral, and the inbox directory."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, literal, or_, select, text, union
from sqlalchemy.orm import Session

from frontdoor.errors import InvalidInput, NotFound
from frontdoor.model import Kind, PersonRole, Status, Urgency
from frontdoor.services import audit
from frontdoor.services.referrals.access import REFUSALS, ReferralAccess
from frontdoor.services.referrals.queue_rows import RowBuilder
from frontdoor.store.models import OPEN_CONDITION, Person, Referral, ReferralCopy, Staff, StaffInbox
from frontdoor.views import (
    AreaInboxes,
    EventView,
    Principal,
    QueuePage,
    QueueRow,
    ReferralDetail,
    ReferralSummary,
)

#: Queue filters: whose referrals (``scope``) and who is working them (``assigned``).
SCOPES = ("all", "owned", "copies")
ASSIGNED = ("me", "unassigned")
#: The halves of the queue page: the caller's own work, and copies for information.
_PAGE_SCOPES = ("mine", "info")


def _unknown_scope(scope: str) -> str:
    return f"Unknown scope {scope!r} (owned, copies or all)"


def _first(column: Any, where: ColumnElement[bool]) -> Any:
    """Return a scalar subquery: ``column`` of the referral's first person matching ``where``."""
    return (select(column).where(Person.referral_id == Referral.id, where)
            .order_by(Person.id).limit(1).correlate(Referral).scalar_subquery())


#: Not closed, written as the partial indexes ``ix_referrals_open_*`` are (a literal, so both SQLite's and
#: PostgreSQL's planners see the query implies the index's condition).
OPEN: ColumnElement[bool] = text(OPEN_CONDITION)  # type: ignore[assignment]
#: The queue's order: open first, then by urgency and due time.
_ORDER = ((Referral.status == Status.CLOSED.value), Referral.urgency_rank, Referral.sla_due_at, Referral.id)
#: The columns a queue row reads (none encrypted: loading the rest would decrypt every description).
_ROW_COLUMNS = (Referral.id, Referral.reference, Referral.kind, Referral.channel, Referral.status,
                Referral.urgency, Referral.urgency_rank, Referral.indicators, Referral.triage_reasons,
                Referral.inbox_id, Referral.out_of_hours_inbox_id, Referral.area_id, Referral.created_at,
                Referral.sla_due_at, Referral.anonymous, Referral.assigned_to)


def _copied_open(inbox: str) -> ColumnElement[bool]:
    """Return the condition: ``inbox`` holds a copy, checked per open referral read in queue order.

    Open referrals are bounded by the partnership's workload; an inbox's copies grow with its history.
    """
    return select(ReferralCopy.id).where(ReferralCopy.referral_id == Referral.id,
                                         ReferralCopy.inbox_id == inbox).exists()


def _copied_any(inbox: str) -> ColumnElement[bool]:
    """Return the condition: ``inbox`` holds a copy, read from the inbox's copies (for closed ones)."""
    return Referral.id.in_(select(ReferralCopy.referral_id).where(ReferralCopy.inbox_id == inbox))


def _arms(scope: str, inboxes: list[str], mine: list[str], *, open_only: bool) -> list[ColumnElement[bool]]:
    """Return the queue's condition for ``scope`` as a union of parts each an index can read in order.

    ``inboxes`` are the inboxes looked at (one with the inbox filter), ``mine`` all the caller's. A
    referral is visible when one of ``inboxes`` owns it or holds a copy. The red referrals a caller's
    inbox covers out of hours and that are still new are "mine": the contact on duty always holds a
    copy (``cover`` adds it, withdrawing it ends the cover), so that part needs no copy lookup.
    ``open_only``: the parts will be limited to open referrals (the copy check then suits the scan).
    """
    _copied = _copied_open if open_only else _copied_any
    owned = [Referral.inbox_id == i for i in inboxes]
    not_mine = Referral.inbox_id.not_in(mine)
    new_red = and_(Referral.status == Status.NEW.value, Referral.urgency == Urgency.RED.value)
    on_duty = and_(Referral.out_of_hours_inbox_id.in_(mine), new_red)
    filtered = inboxes != mine  # looking at one inbox: another of mine may own what is copied to it
    if scope == "all":
        return owned + [and_(_copied(i), Referral.inbox_id.not_in(inboxes)) for i in inboxes]
    if scope == "owned":
        return owned + ([and_(_copied(i), Referral.inbox_id.in_(mine)) for i in inboxes] if filtered else [])
    if scope == "copies":
        return [and_(_copied(i), not_mine) for i in inboxes]
    if scope == "mine":
        return (owned + [and_(Referral.out_of_hours_inbox_id == i, new_red) for i in inboxes]
                + ([and_(_copied(i), or_(Referral.inbox_id.in_(mine), on_duty)) for i in inboxes]
                   if filtered else []))
    # "info": copies that are not the caller's work. NOT of a NULL comparison would drop the row.
    not_on_duty = or_(Referral.out_of_hours_inbox_id.is_(None), Referral.out_of_hours_inbox_id.not_in(mine),
                      Referral.status != Status.NEW.value, Referral.urgency != Urgency.RED.value)
    return [and_(_copied(i), not_mine, not_on_duty) for i in inboxes]


def _page_ids(arms: list[tuple[ColumnElement[bool], int]], *, limit: int, offset: int) -> Select[Any]:
    """Return a SELECT of the ids of one queue page, in the queue's order.

    ``arms`` are conditions whose union is the queue, each with whether its referrals are closed
    (open ones come first). Each arm's first ``offset + limit`` referrals are read in index order and
    only those are merged and sorted, so the cost follows the page, not the inbox's size. Closed
    referrals come after every open one, so the closed arms read only the rows the open arms leave
    to fill: none when the open referrals fill the page (an inbox's closed copies are read from all
    its copies, which grow with its history).
    """
    keys = (Referral.urgency_rank, Referral.sla_due_at, Referral.id)
    if not arms:  # no inbox to look at: an empty page
        return select(Referral.id).where(false())
    wanted = offset + limit

    def part(condition: ColumnElement[bool], closed: int, size: Any) -> Any:
        return select(literal(closed).label("closed"), *keys).where(condition).order_by(*keys).limit(size).subquery()

    opened = [part(condition, 0, wanted) for condition, closed in arms if not closed]
    closed_size: Any = wanted
    if opened and len(opened) < len(arms):
        # How many open referrals the page has, at most ``wanted`` (a referral in two arms counted once).
        open_ids = union(*(select(p.c.id) for p in opened)) if len(opened) > 1 else select(opened[0].c.id)
        open_count = select(func.count()).select_from(open_ids.limit(wanted).subquery()).scalar_subquery()
        closed_size = case((open_count >= wanted, 0), else_=wanted - open_count)
    parts = opened + [part(condition, 1, closed_size) for condition, closed in arms if closed]
    chosen = union(*(select(p) for p in parts)).subquery() if len(parts) > 1 else parts[0]
    return (select(chosen.c.id)
            .order_by(chosen.c.closed, chosen.c.urgency_rank, chosen.c.sla_due_at, chosen.c.id)
            .limit(limit).offset(offset))


class ReferralQueries(ReferralAccess):
    """Read stored referrals; every read is audited."""

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
        at_risk = [r.value for r in PersonRole if r.at_risk]
        common: list[ColumnElement[bool]] = []
        if urgency:
            common.append(Referral.urgency == urgency)
        if kind:
            common.append(Referral.kind == kind)
        if assigned == "me":
            common.append(Referral.assigned_to == principal.id)
        elif assigned == "unassigned":
            common.append(Referral.assigned_to.is_(None))
        statuses: list[tuple[ColumnElement[bool], int]]  # each status condition, and whether it is closed
        if status == "open":
            statuses = [(OPEN, 0)]
        elif status == "all":
            statuses = [(OPEN, 0), (Referral.status == Status.CLOSED.value, 1)]
        else:
            statuses = [(Referral.status == status, int(status == Status.CLOSED.value))]
        arms = [(and_(arm, condition, *common), closed) for condition, closed in statuses
                for arm in _arms(scope, sorted(scope_inboxes), mine, open_only=condition is OPEN)]
        # The page is chosen on the indexed columns first (one more row than asked, for "more"), and
        # only its rows get the first person's details and what a row shows.
        page = _page_ids(arms, limit=limit + 1, offset=offset)
        # Plain rows of the columns shown, not ORM objects: nothing encrypted is loaded or decrypted
        # but the name, and no identity map is filled for a page that is only read.
        shown: list[Any] = [*_ROW_COLUMNS, _first(Person.age, Person.role.in_(at_risk)).label("subject_age")]
        query = select(*shown).where(Referral.id.in_(page))
        if rows:
            query = query.add_columns(
                _first(Person.name, Person.role.in_(at_risk)).label("subject_name"),
                _first(Person.reporter_role, Person.role == PersonRole.REPORTER.value).label("reporter_role"),
                Staff.name.label("staff_name"), Staff.email.label("staff_email"),
            ).outerjoin(Staff, Staff.id == Referral.assigned_to)
        query = query.order_by(*_ORDER).limit(limit)
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
        build = RowBuilder(self._table.areas, principal, now)
        with self._db.session() as session:
            rows = session.execute(query).all()
            audit.record(session, at=now, actor=principal.email, action="referral.list",
                         detail=f"{detail} scope={scope or 'all'} n={len(rows)}")
            return [build.summary(row) for row in rows]

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
        build = RowBuilder(self._table.areas, principal, now)
        found: dict[str, list[QueueRow]] = {"mine": [], "info": []}
        sizes = {"mine": 0, "info": 0}
        with self._db.session() as session:
            for part, (query, _detail, size) in selects.items():
                # Plain rows through the session's connection: no ORM processing of each row.
                rows = session.connection().execute(query.limit(size + 1))
                found[part] = [build.row(row) for row in rows]
                sizes[part] = size
            audit.record(session, at=now, actor=principal.email, action="referral.list",
                         detail=f"{next(iter(selects.values()))[1]} scope={scope} offset={offset} "
                                f"n={min(len(found['mine']), sizes['mine'])}+{min(len(found['info']), sizes['info'])}")
        mine, info = found["mine"], found["info"]
        return QueuePage(mine=tuple(mine[:sizes["mine"]]), copies=tuple(info[:sizes["info"]]),
                         more_mine=len(mine) > sizes["mine"], more_copies=len(info) > sizes["info"])

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


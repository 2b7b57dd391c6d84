"""Queries: the queue of referrals a member of staff may see, one referral, and the inbox directory."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, or_, select

from frontdoor.errors import InvalidInput, NotFound
from frontdoor.model import Kind, PersonRole, Status, Urgency, needs_judgement
from frontdoor.services import audit
from frontdoor.services.referrals.access import REFUSALS, ReferralAccess
from frontdoor.store.models import Person, Referral, ReferralCopy
from frontdoor.views import AreaInboxes, Principal, ReferralDetail, ReferralSummary

#: Queue filters: whose referrals (``scope``) and who is working them (``assigned``).
SCOPES = ("all", "owned", "copies")
ASSIGNED = ("me", "unassigned")


class ReferralQueries(ReferralAccess):
    """Read stored referrals; every read is audited."""

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


    def get(self, principal: Principal, reference: str) -> ReferralDetail:
        """Return the referral ``reference`` if ``principal`` may see it (audited).

        Raises:
            NotFound: no such referral, or not visible to ``principal``.
        """
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._load(session, principal, reference, "referral.view")
            audit.record(session, at=self._clock(), actor=principal.email,
                         action="referral.view", reference=row.reference)
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


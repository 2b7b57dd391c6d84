"""Administration: the audit log viewer, staff management and the routing overview.

Only administrators (``Principal.is_admin``) may use this service; anyone else
gets :class:`~frontdoor.errors.AccessDenied`, and the refusal is audited. Every
action is audited too: who did it, what, and which account or filter — never a
password, a token or the content of a referral. Administrators read referrals
only if they are also a SPOC of the inbox (through ``ReferralQueries``).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from frontdoor.errors import AccessDenied, Conflict, FrontDoorError, InvalidInput, NotFound
from frontdoor.routing import RoutingTable
from frontdoor.services import audit
from frontdoor.services.admin_views import (
    AreaRow,
    AuditEntryView,
    AuditPage,
    InboxRow,
    RoutingCheck,
    RoutingOverview,
    StaffAccount,
)
from frontdoor.services.staff import StaffService
from frontdoor.store.db import Database
from frontdoor.store.models import ApiToken, AuditEntry, Staff, StaffInbox, StaffSession
from frontdoor.views import Principal

#: Refusals are committed with their audit entry before the error is raised.
_REFUSALS = (AccessDenied, NotFound, Conflict, InvalidInput)
MAX_PAGE = 500


def routing_summary(table: RoutingTable) -> str:
    """Return the one-line summary ``frontdoor routing check`` prints for a valid table."""
    return (f"ok: {len(table.areas)} areas, {len(table.inboxes)} inboxes, {len(table.gazetteer())} place names, "
            f"{len(table.rules)} rules ({table.source})")


def initial_password() -> str:
    """Return a random one-time password (shown once; the member changes it)."""
    return "-".join(secrets.token_urlsafe(6) for _ in range(3))


class AdminService:
    def __init__(
        self,
        db: Database,
        table: RoutingTable,
        staff: StaffService,
        clock: Callable[[], datetime],
        *,
        routing_path: str | None = None,
        tz: str = "Europe/London",
    ) -> None:
        self._db = db
        self._table = table
        self._staff = staff
        self._clock = clock
        self._routing_path = routing_path
        self._tz = tz

    # --- guard ------------------------------------------------------------------
    def _require_admin(self, session: Session, principal: Principal, action: str, target: str | None = None) -> None:
        if not principal.is_admin:
            audit.record(session, at=self._clock(), actor=principal.email, action="admin.denied",
                         detail=f"{action}{' ' + target if target else ''}")
            raise AccessDenied("Only administrators may do that.")

    def require_admin(self, principal: Principal, action: str) -> None:
        """Refuse (and audit the refusal) unless ``principal`` is an administrator.

        Raises:
            AccessDenied: not an administrator.
        """
        with self._db.session(commit_on=_REFUSALS) as session:
            self._require_admin(session, principal, action[:120])

    def _record(self, session: Session, principal: Principal, action: str, detail: str | None = None) -> None:
        audit.record(session, at=self._clock(), actor=principal.email, action=action, detail=detail)

    # --- the audit log ----------------------------------------------------------
    def _day_start(self, day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=ZoneInfo(self._tz))

    def audit_log(
        self,
        principal: Principal,
        *,
        reference: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> AuditPage:
        """Return audit entries, newest first, filtered; ``since``/``until`` are local days, inclusive.

        ``action`` matches exactly or as a prefix ending in a dot ("referral." for every
        referral action).

        Raises:
            AccessDenied: not an administrator. InvalidInput: a bad page size or range.
        """
        if not 1 <= limit <= MAX_PAGE or offset < 0:
            raise InvalidInput(f"Page size must be from 1 to {MAX_PAGE}", "limit")
        if since and until and since > until:
            raise InvalidInput("The start date is after the end date.", "since")
        query = select(AuditEntry)
        if reference:
            query = query.where(AuditEntry.reference == reference.strip().upper())
        if actor:
            query = query.where(AuditEntry.actor == actor.strip().lower())
        if action:
            action = action.strip()
            query = query.where(AuditEntry.action.startswith(action) if action.endswith(".")
                                else AuditEntry.action == action)
        if since:
            query = query.where(AuditEntry.at >= self._day_start(since))
        if until:
            query = query.where(AuditEntry.at < self._day_start(until + timedelta(days=1)))
        query = query.order_by(AuditEntry.id.desc()).limit(limit + 1).offset(offset)
        with self._db.session(commit_on=_REFUSALS) as session:
            self._require_admin(session, principal, "audit.view")
            rows = session.scalars(query).all()
            filters = " ".join(f"{k}={v}" for k, v in (("reference", reference), ("actor", actor),
                                                       ("action", action), ("since", since),
                                                       ("until", until)) if v)
            self._record(session, principal, "admin.audit_view", f"{filters} offset={offset}".strip()[:255])
            entries = tuple(AuditEntryView(r.id, r.at, r.actor, r.action, r.reference, r.detail)
                            for r in rows[:limit])
            return AuditPage(entries, has_next=len(rows) > limit)

    def audit_actions(self, principal: Principal) -> list[str]:
        """Return the distinct actions in the log (for the filter menu).

        Raises:
            AccessDenied: not an administrator.
        """
        with self._db.session(commit_on=_REFUSALS) as session:
            self._require_admin(session, principal, "audit.actions")
            return list(session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))

    def verify_chain(self, principal: Principal) -> audit.ChainReport:
        """Verify the hash chain of the whole log (audited).

        Raises:
            AccessDenied: not an administrator.
        """
        with self._db.session(commit_on=_REFUSALS) as session:
            self._require_admin(session, principal, "audit.verify")
            report = audit.verify(session)
        with self._db.session() as session:
            self._record(session, principal, "admin.audit_verify",
                         f"checked={report.checked} ok={report.ok}"
                         + ("" if report.ok else f" broken={report.first_broken_id}"))
        return report

    # --- staff ------------------------------------------------------------------
    @staticmethod
    def _account(staff: Staff, tokens: int, now: datetime) -> StaffAccount:
        return StaffAccount(
            id=staff.id, email=staff.email, name=staff.name, is_admin=staff.is_admin, active=staff.active,
            inboxes=tuple(sorted(link.inbox_id for link in staff.inboxes)),
            locked=staff.locked_until is not None and staff.locked_until > now,
            two_factor=staff.totp_enrolled_at is not None, tokens=tokens, created_at=staff.created_at,
        )

    def _live_tokens(self, session: Session, staff_ids: Iterable[int]) -> dict[int, int]:
        ids = list(staff_ids)
        if not ids:
            return {}
        rows = session.execute(
            select(ApiToken.staff_id, func.count()).where(ApiToken.staff_id.in_(ids), ApiToken.revoked_at.is_(None))
            .group_by(ApiToken.staff_id)
        ).all()
        return dict(rows)

    def _load(self, session: Session, staff_id: int) -> Staff:
        staff = session.scalar(select(Staff).where(Staff.id == staff_id).options(selectinload(Staff.inboxes)))
        if staff is None:
            raise NotFound("No such staff account")
        return staff

    def list_staff(self, principal: Principal) -> list[StaffAccount]:
        """Return every staff account, by e-mail.

        Raises:
            AccessDenied: not an administrator.
        """
        now = self._clock()
        with self._db.session(commit_on=_REFUSALS) as session:
            self._require_admin(session, principal, "staff.list")
            rows = session.scalars(select(Staff).options(selectinload(Staff.inboxes)).order_by(Staff.email)).all()
            tokens = self._live_tokens(session, (r.id for r in rows))
            self._record(session, principal, "admin.staff_list", f"n={len(rows)}")
            return [self._account(r, tokens.get(r.id, 0), now) for r in rows]

    def get_staff(self, principal: Principal, staff_id: int) -> StaffAccount:
        """Return one staff account.

        Raises:
            AccessDenied: not an administrator. NotFound: no such account.
        """
        now = self._clock()
        with self._changing(principal, staff_id, "staff.view") as (session, staff):
            self._record(session, principal, "admin.staff_view", f"staff:{staff.id}")
            return self._account(staff, self._live_tokens(session, [staff.id]).get(staff.id, 0), now)

    def add_staff(
        self,
        principal: Principal,
        email: str,
        inboxes: Iterable[str],
        *,
        name: str | None = None,
        is_admin: bool = False,
    ) -> tuple[StaffAccount, str]:
        """Create an account; return it and its one-time initial password (shown once).

        Raises:
            AccessDenied: not an administrator. InvalidInput: bad e-mail or inbox.
            Conflict: the e-mail already has an account.
        """
        with self._db.session(commit_on=_REFUSALS) as session:
            self._require_admin(session, principal, "staff.add")
        password = initial_password()
        created = self._staff.add(email, inboxes, is_admin=is_admin, name=(name or "").strip() or None,
                                  password=password, actor=principal.email)
        with self._db.session() as session:
            self._record(session, principal, "admin.staff_add", f"staff:{created.id}")
        return self.get_staff(principal, created.id), password

    def set_active(self, principal: Principal, staff_id: int, active: bool) -> StaffAccount:
        """Deactivate (ending their sessions) or reactivate an account.

        Raises:
            AccessDenied: not an administrator. NotFound: no such account.
            Conflict: an administrator deactivating themselves.
        """
        action = "staff.reactivate" if active else "staff.deactivate"
        now = self._clock()
        with self._changing(principal, staff_id, action) as (session, staff):
            if not active and staff.id == principal.id:
                raise Conflict("You cannot deactivate your own account.")
            staff.active = active
            if not active:
                self._end_sessions(session, staff.id, now)
            else:
                staff.failed_logins = 0
                staff.locked_until = None
            self._record(session, principal, f"admin.{action.split('.')[1]}", f"staff:{staff.id}")
        return self.get_staff(principal, staff_id)

    @contextmanager
    def _changing(self, principal: Principal, staff_id: int, action: str) -> Iterator[tuple[Session, Staff]]:
        """Open the transaction in which administrator ``principal`` acts on account ``staff_id``.

        Raises:
            AccessDenied: not an administrator (audited as ``action``). NotFound: no such account.
        """
        with self._db.session(commit_on=_REFUSALS) as session:
            self._require_admin(session, principal, action, f"staff:{staff_id}")
            yield session, self._load(session, staff_id)

    @staticmethod
    def _end_sessions(session: Session, staff_id: int, now: datetime) -> int:
        rows = session.scalars(select(StaffSession).where(StaffSession.staff_id == staff_id,
                                                          StaffSession.ended_at.is_(None))).all()
        for row in rows:
            row.ended_at = now
        return len(rows)

    def set_inboxes(self, principal: Principal, staff_id: int, inboxes: Iterable[str]) -> StaffAccount:
        """Replace the inboxes an account may read.

        Raises:
            AccessDenied: not an administrator. NotFound: no such account.
            InvalidInput: an unknown inbox, or none for a SPOC who is not an administrator.
        """
        wanted = sorted(set(inboxes))
        with self._db.session(commit_on=_REFUSALS) as session:
            self._require_admin(session, principal, "staff.inboxes", f"staff:{staff_id}")
            for inbox_id in wanted:
                if inbox_id not in self._table.inboxes:
                    raise InvalidInput(f"Unknown inbox {inbox_id!r}", "inbox")
            staff = self._load(session, staff_id)
            if not wanted and not staff.is_admin:
                raise InvalidInput("A SPOC needs at least one inbox.", "inbox")
            current = {link.inbox_id: link for link in staff.inboxes}
            for inbox_id, link in current.items():
                if inbox_id not in wanted:
                    staff.inboxes.remove(link)
            for inbox_id in wanted:
                if inbox_id not in current:
                    staff.inboxes.append(StaffInbox(inbox_id=inbox_id))
            self._record(session, principal, "admin.staff_inboxes",
                         f"staff:{staff.id} inboxes={','.join(wanted) or '-'}")
        return self.get_staff(principal, staff_id)

    def reset_two_factor(self, principal: Principal, staff_id: int) -> StaffAccount:
        """Forget an account's two-factor secret, so they enrol again at next sign-in.

        Their open sessions end too.

        Raises:
            AccessDenied: not an administrator. NotFound: no such account.
        """
        now = self._clock()
        with self._changing(principal, staff_id, "staff.reset_2fa") as (session, staff):
            staff.totp_secret = None
            staff.totp_enrolled_at = None
            staff.totp_last_step = None
            self._end_sessions(session, staff.id, now)
            self._record(session, principal, "admin.staff_reset_2fa", f"staff:{staff.id}")
        return self.get_staff(principal, staff_id)

    def revoke_tokens(self, principal: Principal, staff_id: int) -> int:
        """Revoke every live API token of an account; return how many.

        Raises:
            AccessDenied: not an administrator. NotFound: no such account.
        """
        now = self._clock()
        with self._changing(principal, staff_id, "staff.revoke_tokens") as (session, staff):
            rows = session.scalars(select(ApiToken).where(ApiToken.staff_id == staff.id,
                                                          ApiToken.revoked_at.is_(None))).all()
            for row in rows:
                row.revoked_at = now
            self._record(session, principal, "admin.staff_revoke_tokens", f"staff:{staff.id} n={len(rows)}")
            return len(rows)

    # --- routing ------------------------------------------------------------------
    def check_routing(self) -> RoutingCheck:
        """Load the configured routing table afresh, as ``frontdoor routing check`` does."""
        try:
            table = RoutingTable.load(self._routing_path)
        except FrontDoorError as exc:
            return RoutingCheck(False, f"error: {exc}")
        return RoutingCheck(True, routing_summary(table))

    def routing(self, principal: Principal) -> RoutingOverview:
        """Return the inboxes, the areas with their places, and the routing check (read-only).

        Raises:
            AccessDenied: not an administrator.
        """
        with self._db.session(commit_on=_REFUSALS) as session:
            self._require_admin(session, principal, "routing.view")
            self._record(session, principal, "admin.routing_view")
        table = self._table
        return RoutingOverview(
            check=self.check_routing(),
            partnership_inbox=table.partnership_inbox,
            inboxes=tuple(InboxRow(i.id, i.name, i.agency, i.email, i.phone, i.second_contact, i.hours)
                          for i in sorted(table.inboxes.values(), key=lambda i: i.name)),
            areas=tuple(AreaRow(a.id, a.name, a.region, tuple(a.places), tuple(sorted(a.agencies.items())),
                                a.out_of_hours)
                        for a in sorted(table.areas.values(), key=lambda a: a.name)),
        )

    def inbox_choices(self) -> list[tuple[str, str]]:
        """Return ``(inbox id, name)`` of every inbox, by name (for forms)."""
        return sorted(((i.id, i.name) for i in self._table.inboxes.values()), key=lambda pair: pair[1])

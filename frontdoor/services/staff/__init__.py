"""Staff accounts: creation, passwords, two-factor codes, API tokens and sign-in sessions.

Passwords are hashed with argon2id (argon2-cffi's defaults). Tokens and session
identifiers are random, shown once, and stored only as SHA-256 digests, so a
copy of the database cannot be used to sign in.

Signing in takes two steps. A correct password starts a session at stage
``"password"``, which can only enrol an authenticator app (first sign-in) or
enter a six-digit TOTP code (RFC 6238, 30-second steps, one step of clock drift
either way). A correct code upgrades the session to ``"full"`` under a new
token. A code works once. Wrong passwords and wrong codes count together:
after :attr:`SessionPolicy.free_failures` the account must wait before the next
try (a stored "not before" time that doubles each time), and at
:attr:`SessionPolicy.max_failures` it is locked for :attr:`SessionPolicy.lockout`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import datetime

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from frontdoor.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound
from frontdoor.fields import is_email
from frontdoor.routing import RoutingTable
from frontdoor.services import audit
from frontdoor.services.staff.policy import (
    ANONYMOUS,
    DEVICE_LIFETIME,
    MIN_PASSWORD,
    REFUSALS,
    STAGE_FULL,
    STAGE_PASSWORD,
    TOTP_ISSUER,
    WRONG_CODE,
    Enrolment,
    SessionPolicy,
    SignInState,
    digest,
)
from frontdoor.services.staff.two_factor import TwoFactor
from frontdoor.store.db import Database
from frontdoor.store.models import ApiToken, Staff, StaffInbox
from frontdoor.views import Principal

__all__ = ["ANONYMOUS", "DEVICE_LIFETIME", "MIN_PASSWORD", "REFUSALS", "STAGE_FULL", "STAGE_PASSWORD",
           "TOTP_ISSUER", "WRONG_CODE", "Enrolment", "SessionPolicy", "SignInState", "StaffService"]


class StaffService(TwoFactor):
    """Staff accounts and API tokens, with sign-in (:class:`StaffSessions`) and two-factor (:class:`TwoFactor`)."""

    def __init__(
        self,
        db: Database,
        table: RoutingTable,
        clock: Callable[[], datetime],
        policy: SessionPolicy | None = None,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self._db = db
        self._table = table
        self._clock = clock
        self._policy = policy or SessionPolicy()
        self._hasher = hasher or PasswordHasher()
        self._dummy_hash: str | None = None


    def add(
        self,
        email: str,
        inboxes: Iterable[str],
        *,
        is_admin: bool = False,
        name: str | None = None,
        password: str | None = None,
        actor: str = "console",
    ) -> Principal:
        """Create a staff account with access to ``inboxes``.

        Raises:
            InvalidInput: bad e-mail, unknown inbox, or a weak password.
            Conflict: the e-mail is already registered.
        """
        email = (email or "").strip().lower()
        if not is_email(email):
            raise InvalidInput(f"{email!r} is not an e-mail address", "email")
        inbox_ids = sorted(set(inboxes))
        for inbox_id in inbox_ids:
            if inbox_id not in self._table.inboxes:
                raise InvalidInput(f"Unknown inbox {inbox_id!r}; see `frontdoor inboxes`", "inbox")
        if not inbox_ids and not is_admin:
            raise InvalidInput("A SPOC needs at least one inbox (or --admin)", "inbox")
        now = self._clock()
        with self._db.session() as session:
            if self._get(session, email) is not None:
                raise Conflict(f"{email} already has an account")
            staff = Staff(email=email, name=name, is_admin=is_admin, active=True, created_at=now,
                          failed_logins=0, password_hash=self._hash(password) if password else None)
            staff.inboxes = [StaffInbox(inbox_id=i) for i in inbox_ids]
            session.add(staff)
            session.flush()
            audit.record(session, at=now, actor=actor, action="staff.add",
                         detail=f"{email} inboxes={','.join(inbox_ids)} admin={is_admin}")
            return self._principal(staff)


    def set_password(self, email: str, password: str, actor: str = "console") -> None:
        """Set ``email``'s password.

        Raises:
            NotFound: no such account. InvalidInput: too short.
        """
        hashed = self._hash(password)
        with self._db.session() as session:
            staff = self._get(session, email)
            if staff is None:
                raise NotFound(f"No staff account {email}")
            staff.password_hash = hashed
            staff.failed_logins = 0
            staff.locked_until = None
            self._forget_devices(session, staff.id)
            audit.record(session, at=self._clock(), actor=actor, action="staff.password_set", detail=staff.email)

    def find(self, email: str) -> Principal:
        """Return the account ``email``.

        Raises:
            NotFound: no such account.
        """
        with self._db.session() as session:
            staff = self._get(session, email)
            if staff is None:
                raise NotFound(f"No staff account {email}")
            return self._principal(staff)

    # --- API tokens -----------------------------------------------------------
    def issue_token(self, email: str, actor: str = "console") -> str:
        """Return a new personal API token for ``email`` (shown once, stored hashed).

        Raises:
            NotFound: no such active account.
        """
        token = "fd_" + secrets.token_urlsafe(32)
        now = self._clock()
        with self._db.session() as session:
            staff = self._get(session, email)
            if staff is None or not staff.active:
                raise NotFound(f"No active staff account {email}")
            session.add(ApiToken(staff_id=staff.id, token_hash=digest(token), created_at=now))
            audit.record(session, at=now, actor=actor, action="staff.token_issued", detail=staff.email)
        return token

    def authenticate_token(self, token: str | None) -> Principal:
        """Return the staff member a bearer token belongs to.

        Raises:
            AuthenticationFailed: missing, unknown, revoked, or the account is inactive.
        """
        now = self._clock()
        # Refusals commit: each one is audited.
        with self._db.session(commit_on=(AuthenticationFailed,)) as session:
            if not token:
                audit.record(session, at=now, actor=ANONYMOUS, action="api.token_refused", detail="missing")
                raise AuthenticationFailed("A bearer token is required")
            row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(token)))
            if row is None or row.revoked_at is not None:
                audit.record(session, at=now, actor=ANONYMOUS, action="api.token_refused",
                             detail="unknown" if row is None else "revoked")
                raise AuthenticationFailed("Invalid token")
            staff = session.scalar(select(Staff).where(Staff.id == row.staff_id)
                                   .options(selectinload(Staff.inboxes)))
            if staff is None or not staff.active:
                audit.record(session, at=now, actor=staff.email if staff else ANONYMOUS,
                             action="api.token_refused", detail="inactive account")
                raise AuthenticationFailed("Invalid token")
            row.last_used_at = now
            return self._principal(staff)

    def record_refusal(self, action: str, path: str) -> None:
        """Audit a request refused before it reached a service: a missing CSRF token, a cross-site form.

        ``action`` is one of :data:`REFUSALS`; ``path`` is the requested path
        (kept short and printable: it comes from outside).

        Raises:
            InvalidInput: ``action`` is not one of :data:`REFUSALS`.
            Unavailable: the database could not be reached.
        """
        if action not in REFUSALS:
            raise InvalidInput(f"unknown refusal {action!r}", "action")
        with self._db.session() as session:
            audit.record(session, at=self._clock(), actor=ANONYMOUS, action=action, detail=audit.untrusted(path))


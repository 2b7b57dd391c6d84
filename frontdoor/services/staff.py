"""Staff accounts: creation, passwords, personal API tokens and sign-in sessions.

Passwords are hashed with argon2id (argon2-cffi's defaults). Tokens and session
identifiers are random, shown once, and stored only as SHA-256 digests, so a
copy of the database cannot be used to sign in.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from frontdoor.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound
from frontdoor.routing import RoutingTable
from frontdoor.services import audit
from frontdoor.store.db import Database
from frontdoor.store.models import ApiToken, Staff, StaffInbox, StaffSession
from frontdoor.views import Principal

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 12


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)
    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)


class StaffService:
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

    # --- accounts -------------------------------------------------------------
    @staticmethod
    def _principal(staff: Staff) -> Principal:
        return Principal(
            id=staff.id, email=staff.email, name=staff.name, is_admin=staff.is_admin,
            inboxes=frozenset(link.inbox_id for link in staff.inboxes),
        )

    def _get(self, session: Session, email: str) -> Staff | None:
        return session.scalar(
            select(Staff).where(Staff.email == email.strip().lower()).options(selectinload(Staff.inboxes))
        )

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
        if not _EMAIL.match(email):
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

    def _hash(self, password: str) -> str:
        if len(password) < MIN_PASSWORD:
            raise InvalidInput(f"Passwords need at least {MIN_PASSWORD} characters", "password")
        return self._hasher.hash(password)

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
            session.add(ApiToken(staff_id=staff.id, token_hash=_digest(token), created_at=now))
            audit.record(session, at=now, actor=actor, action="staff.token_issued", detail=staff.email)
        return token

    def authenticate_token(self, token: str | None) -> Principal:
        """Return the staff member a bearer token belongs to.

        Raises:
            AuthenticationFailed: missing, unknown, revoked, or the account is inactive.
        """
        if not token:
            raise AuthenticationFailed("A bearer token is required")
        now = self._clock()
        with self._db.session() as session:
            row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
            if row is None or row.revoked_at is not None:
                raise AuthenticationFailed("Invalid token")
            staff = session.scalar(select(Staff).where(Staff.id == row.staff_id)
                                   .options(selectinload(Staff.inboxes)))
            if staff is None or not staff.active:
                raise AuthenticationFailed("Invalid token")
            row.last_used_at = now
            return self._principal(staff)

    # --- passwords and sessions -----------------------------------------------
    def authenticate_password(self, email: str, password: str) -> Principal:
        """Check ``email`` and ``password``, with lockout after repeated failures.

        Raises:
            AuthenticationFailed: wrong credentials or locked out (same message
                either way, so accounts cannot be probed).
        """
        now = self._clock()
        failure = AuthenticationFailed("Email or password not recognised, or the account is locked.")
        # Failures commit: the failed-attempt count and the audit entry must stick.
        with self._db.session(commit_on=(AuthenticationFailed,)) as session:
            staff = self._get(session, email or "")
            if staff is None or not staff.active or not staff.password_hash:
                # Spend the same time as a real check, so unknown accounts can't be told apart.
                self._verify_dummy(password)
                audit.record(session, at=now, actor=(email or "")[:255], action="staff.login_failed")
                raise failure
            if staff.locked_until is not None and staff.locked_until > now:
                audit.record(session, at=now, actor=staff.email, action="staff.login_locked")
                raise failure
            try:
                self._hasher.verify(staff.password_hash, password or "")
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                staff.failed_logins += 1
                if staff.failed_logins >= self._policy.max_failures:
                    staff.locked_until = now + self._policy.lockout
                    staff.failed_logins = 0
                audit.record(session, at=now, actor=staff.email, action="staff.login_failed")
                raise failure from None
            staff.failed_logins = 0
            staff.locked_until = None
            if self._hasher.check_needs_rehash(staff.password_hash):
                staff.password_hash = self._hasher.hash(password)
            audit.record(session, at=now, actor=staff.email, action="staff.login")
            return self._principal(staff)

    def _verify_dummy(self, password: str | None) -> None:
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
        try:
            self._hasher.verify(self._dummy_hash, password or "")
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            pass

    def start_session(self, principal: Principal) -> str:
        """Return a new session token for ``principal`` (store it in a cookie)."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        with self._db.session() as session:
            session.add(StaffSession(staff_id=principal.id, token_hash=_digest(token),
                                     created_at=now, last_seen_at=now))
        return token

    def resolve_session(self, token: str | None) -> Principal:
        """Return who a session token belongs to, refreshing its idle clock.

        Raises:
            AuthenticationFailed: unknown, signed out, idle too long or too old.
        """
        if not token:
            raise AuthenticationFailed("Not signed in")
        now = self._clock()
        with self._db.session() as session:
            row = session.scalar(select(StaffSession).where(StaffSession.token_hash == _digest(token)))
            if row is None or row.ended_at is not None:
                raise AuthenticationFailed("Not signed in")
            if now - row.last_seen_at > self._policy.idle or now - row.created_at > self._policy.absolute:
                raise AuthenticationFailed("Your session has expired; please sign in again.")
            staff = session.scalar(select(Staff).where(Staff.id == row.staff_id)
                                   .options(selectinload(Staff.inboxes)))
            if staff is None or not staff.active:
                raise AuthenticationFailed("Not signed in")
            row.last_seen_at = now
            return self._principal(staff)

    def end_session(self, token: str | None, actor: str = "") -> None:
        """Sign out: the session token can never be used again."""
        if not token:
            return
        now = self._clock()
        with self._db.session() as session:
            row = session.scalar(select(StaffSession).where(StaffSession.token_hash == _digest(token)))
            if row is not None and row.ended_at is None:
                row.ended_at = now
                audit.record(session, at=now, actor=actor or f"staff:{row.staff_id}", action="staff.logout")

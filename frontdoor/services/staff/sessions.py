"""Passwords, sign-in sessions and known devices of staff accounts."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from frontdoor.errors import AuthenticationFailed, InvalidInput
from frontdoor.routing import RoutingTable
from frontdoor.services import audit
from frontdoor.services.staff.policy import (
    DEVICE_LIFETIME,
    MIN_PASSWORD,
    STAGE_FULL,
    STAGE_PASSWORD,
    SessionPolicy,
    SignInState,
    digest,
)
from frontdoor.store.db import Database
from frontdoor.store.models import Staff, StaffDevice, StaffSession
from frontdoor.views import Principal


class StaffSessions:
    """Password sign-in, sessions and known devices (the base of :class:`StaffService`)."""

    _db: Database
    _table: RoutingTable
    _clock: Callable[[], datetime]
    _policy: SessionPolicy
    _hasher: PasswordHasher
    _dummy_hash: str | None

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


    def _hash(self, password: str) -> str:
        if len(password) < MIN_PASSWORD:
            raise InvalidInput(f"Passwords need at least {MIN_PASSWORD} characters", "password")
        return self._hasher.hash(password)


    # --- passwords and sessions -----------------------------------------------
    def _record_failure(self, session: Session, staff: Staff, now: datetime) -> bool:
        """Count a wrong password or code: set the growing wait, or lock the account.

        The count is one atomic ``UPDATE … RETURNING`` on the account's row, so
        concurrent wrong attempts are each counted (the row stays locked until
        the caller's session commits) and exactly the attempt that reaches
        :attr:`SessionPolicy.max_failures` locks the account. A wait never
        shortens a wait or a lockout already set.

        Returns True when this failure locked the account.
        """
        policy = self._policy
        count = session.execute(
            update(Staff).where(Staff.id == staff.id)
            .values(failed_logins=func.coalesce(Staff.failed_logins, 0) + 1)
            .returning(Staff.failed_logins),
            execution_options={"synchronize_session": False}).scalar_one()
        locked = count >= policy.max_failures
        if locked:
            until: datetime | None = now + policy.lockout
            values: dict[str, object] = {"failed_logins": 0, "locked_until": until}
        elif count > policy.free_failures:
            until = now + policy.first_delay * 2 ** (count - policy.free_failures - 1)
            values = {"locked_until": until}
        else:
            until = None
            values = {}
        if values:
            session.execute(
                update(Staff).where(Staff.id == staff.id,
                                    or_(Staff.locked_until.is_(None), Staff.locked_until < until))
                .values(**values),
                execution_options={"synchronize_session": False})
        session.expire(staff, ["failed_logins", "locked_until"])
        return locked

    def _locked(self, session: Session, staff: Staff, now: datetime) -> bool:
        """True when the account is waiting or locked, read afresh from the database."""
        session.expire(staff, ["locked_until"])
        return staff.locked_until is not None and staff.locked_until > now

    def authenticate_password(self, email: str, password: str, device: str | None = None) -> Principal:
        """Check ``email`` and ``password`` (the first factor), with delay and lockout after failures.

        Returns the account; a full sign-in still needs a code (see
        :meth:`start_session` and :meth:`verify_code`). The failure count is
        cleared only by a full sign-in, so a known password cannot be used to
        reset the count between guesses of the code. ``device`` is the token of
        a browser this account has fully signed in from (:meth:`remember_device`):
        a lockout does not stop it, so nobody can keep a SPOC out by typing wrong
        passwords for their address; its wrong passwords still count.

        Raises:
            AuthenticationFailed: wrong credentials, waiting after failures, or
                locked out (same message each way, so accounts cannot be probed).
        """
        now = self._clock()
        failure = AuthenticationFailed("Email or password not recognised, or the account is locked.")
        # Failures commit: the failed-attempt count and the audit entry must stick.
        with self._db.session(commit_on=(AuthenticationFailed,)) as session:
            staff = self._get(session, email or "")
            if staff is None or not staff.active or not staff.password_hash:
                # Spend the same time as a real check, so unknown accounts can't be told apart.
                self._verify_dummy(password)
                audit.record(session, at=now, actor=audit.untrusted(email), action="staff.login_failed")
                raise failure
            known = self._known_device(session, staff, device, now)
            if not known and self._locked(session, staff, now):
                audit.record(session, at=now, actor=staff.email, action="staff.login_locked")
                raise failure
            try:
                self._hasher.verify(staff.password_hash, password or "")
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                self._record_failure(session, staff, now)
                audit.record(session, at=now, actor=staff.email, action="staff.login_failed")
                raise failure from None
            # Wrong attempts running alongside this one may have locked the account meanwhile.
            if not known and self._locked(session, staff, now):
                audit.record(session, at=now, actor=staff.email, action="staff.login_locked")
                raise failure
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

    def start_session(self, principal: Principal, device: str | None = None) -> str:
        """Return a new session token for ``principal`` after their password (store it in a cookie).

        The session is at stage ``"password"``: it can enrol or enter a code
        (:meth:`begin_enrolment`, :meth:`verify_code`) and nothing else. From a
        known ``device`` (:meth:`remember_device`) a lockout does not stop its code.
        """
        token = secrets.token_urlsafe(32)
        now = self._clock()
        with self._db.session() as session:
            staff = session.get(Staff, principal.id)
            known = staff is not None and self._known_device(session, staff, device, now)
            session.add(StaffSession(staff_id=principal.id, token_hash=digest(token), created_at=now,
                                     last_seen_at=now, stage=STAGE_PASSWORD, known_device=known))
        return token

    # --- known devices --------------------------------------------------------------
    def _known_device(self, session: Session, staff: Staff, device: str | None, now: datetime) -> bool:
        """True when ``device`` is a live known-device token of ``staff`` (its last use is refreshed)."""
        if not device:
            return False
        row = session.scalar(select(StaffDevice).where(StaffDevice.token_hash == digest(device),
                                                       StaffDevice.staff_id == staff.id))
        if row is None or now - row.created_at > DEVICE_LIFETIME:
            return False
        row.last_used_at = now
        return True

    def is_known_device(self, email: str, device: str | None) -> bool:
        """True when ``device`` is a live known-device token of the account ``email`` (nothing is changed)."""
        if not device:
            return False
        now = self._clock()
        with self._db.session() as session:
            row = session.scalar(select(StaffDevice).join(Staff, Staff.id == StaffDevice.staff_id)
                                 .where(StaffDevice.token_hash == digest(device),
                                        Staff.email == (email or "").strip().lower()))
            return row is not None and now - row.created_at <= DEVICE_LIFETIME

    def remember_device(self, token: str | None, current: str | None = None) -> str:
        """Return a known-device token for the browser of a fully signed-in session (store it in a cookie).

        ``current`` is the token the browser already holds: when it is still
        live for this account it is kept (one row per browser), else a new one
        is made.

        Raises:
            AuthenticationFailed: not a fully signed-in session.
        """
        now = self._clock()
        with self._db.session() as session:
            row, staff = self._live_session(session, token, now)
            if row.stage != STAGE_FULL:
                raise AuthenticationFailed("Not signed in")
            if current and self._known_device(session, staff, current, now):
                return current
            device = secrets.token_urlsafe(32)
            session.add(StaffDevice(staff_id=staff.id, token_hash=digest(device), created_at=now,
                                    last_used_at=now))
        return device

    def _forget_devices(self, session: Session, staff_id: int) -> None:
        session.execute(delete(StaffDevice).where(StaffDevice.staff_id == staff_id))

    def _live_session(self, session: Session, token: str | None, now: datetime) -> tuple[StaffSession, Staff]:
        """Return the session row for ``token`` and its account, refreshing the idle clock.

        Raises:
            AuthenticationFailed: unknown, signed out, idle too long, too old, or inactive account.
        """
        if not token:
            raise AuthenticationFailed("Not signed in")
        row = session.scalar(select(StaffSession).where(StaffSession.token_hash == digest(token)))
        if row is None or row.ended_at is not None:
            raise AuthenticationFailed("Not signed in")
        if now - row.last_seen_at > self._policy.idle or now - row.created_at > self._policy.absolute:
            raise AuthenticationFailed("Your session has expired; please sign in again.")
        staff = session.scalar(select(Staff).where(Staff.id == row.staff_id)
                               .options(selectinload(Staff.inboxes)))
        if staff is None or not staff.active:
            raise AuthenticationFailed("Not signed in")
        row.last_seen_at = now
        return row, staff

    def session_state(self, token: str | None) -> SignInState:
        """Return whose session ``token`` is, at which stage, refreshing its idle clock.

        Raises:
            AuthenticationFailed: unknown, signed out, idle too long or too old.
        """
        with self._db.session() as session:
            row, staff = self._live_session(session, token, self._clock())
            return SignInState(principal=self._principal(staff), stage=row.stage,
                               enrolled=staff.totp_enrolled_at is not None and bool(staff.totp_secret))

    def change_password(self, token: str | None, current: str, new: str) -> None:
        """Change the password of a fully signed-in session's account, and end its other sessions.

        The current password is checked like a sign-in (a wrong one counts
        towards the wait and lockout).

        Raises:
            AuthenticationFailed: not fully signed in, or the current password is wrong.
            InvalidInput: the new password is too short or the same as the current one.
        """
        if len(new or "") < MIN_PASSWORD:
            raise InvalidInput(f"Passwords need at least {MIN_PASSWORD} characters", "new_password")
        if new == current:
            raise InvalidInput("The new password must be different from the current one", "new_password")
        hashed = self._hasher.hash(new)
        now = self._clock()
        with self._db.session(commit_on=(AuthenticationFailed,)) as session:
            row, staff = self._live_session(session, token, now)
            if row.stage != STAGE_FULL:
                raise AuthenticationFailed("Not signed in")
            if self._locked(session, staff, now):
                audit.record(session, at=now, actor=staff.email, action="staff.login_locked")
                raise AuthenticationFailed("The account is waiting after wrong attempts; try again later.")
            try:
                self._hasher.verify(staff.password_hash or "", current or "")
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                self._record_failure(session, staff, now)
                audit.record(session, at=now, actor=staff.email, action="staff.password_change_failed")
                raise AuthenticationFailed("Your current password was not right.") from None
            staff.password_hash = hashed
            self._forget_devices(session, staff.id)
            session.execute(update(StaffSession).where(StaffSession.staff_id == staff.id,
                                                       StaffSession.id != row.id,
                                                       StaffSession.ended_at.is_(None)).values(ended_at=now),
                            execution_options={"synchronize_session": False})
            audit.record(session, at=now, actor=staff.email, action="staff.password_changed")

    def resolve_session(self, token: str | None) -> Principal:
        """Return who a fully signed-in session token belongs to, refreshing its idle clock.

        Raises:
            AuthenticationFailed: unknown, signed out, idle too long, too old,
                or the second factor was not given yet.
        """
        state = self.session_state(token)
        if not state.full:
            raise AuthenticationFailed("Not signed in")
        return state.principal


    def end_session(self, token: str | None, actor: str = "") -> None:
        """Sign out: the session token (first-step or full) can never be used again."""
        if not token:
            return
        now = self._clock()
        with self._db.session() as session:
            row = session.scalar(select(StaffSession).where(StaffSession.token_hash == digest(token)))
            if row is not None and row.ended_at is None:
                row.ended_at = now
                audit.record(session, at=now, actor=actor or f"staff:{row.staff_id}", action="staff.logout")

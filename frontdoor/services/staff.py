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

import hashlib
import hmac
import math
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, or_, select, true, update
from sqlalchemy.orm import Session, selectinload

from frontdoor.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound
from frontdoor.routing import RoutingTable
from frontdoor.services import audit
from frontdoor.store.db import Database, rowcount
from frontdoor.store.models import ApiToken, Staff, StaffDevice, StaffInbox, StaffSession
from frontdoor.views import Principal

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 12
#: Name authenticator apps show next to the account.
TOTP_ISSUER = "Front Door"
#: Session stages: first factor only, or fully signed in.
STAGE_PASSWORD = "password"
STAGE_FULL = "full"
#: Audit actor of a request from nobody known (no session, no valid token).
ANONYMOUS = "anonymous"
#: Requests refused by the web shell before any service ran, audited by :meth:`StaffService.record_refusal`.
REFUSALS = ("request.csrf_refused", "request.cross_site_refused")
#: How long a browser stays a known device after the full sign-in that made it one.
DEVICE_LIFETIME = timedelta(days=180)
WRONG_CODE = "That code was not right or was already used; wait for the next one."


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SessionPolicy:
    """Session lifetimes and how failed passwords and codes slow down and lock an account.

    Failures up to ``free_failures`` cost nothing; each one after that makes
    the account wait ``first_delay``, doubling every time; failure number
    ``max_failures`` locks it for ``lockout``. A full sign-in clears the count.
    """

    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)
    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)
    free_failures: int = 3
    first_delay: timedelta = timedelta(seconds=30)


@dataclass(frozen=True)
class SignInState:
    """Where a sign-in session stands: whose it is, its stage, and whether they have enrolled."""

    principal: Principal
    stage: str
    enrolled: bool

    @property
    def full(self) -> bool:
        """True when both factors were given."""
        return self.stage == STAGE_FULL


@dataclass(frozen=True)
class Enrolment:
    """A TOTP secret waiting to be confirmed: base32 text and the ``otpauth://`` address for a QR code."""

    secret: str
    uri: str


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
            session.add(ApiToken(staff_id=staff.id, token_hash=_digest(token), created_at=now))
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
            row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
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
            session.add(StaffSession(staff_id=principal.id, token_hash=_digest(token), created_at=now,
                                     last_seen_at=now, stage=STAGE_PASSWORD, known_device=known))
        return token

    # --- known devices --------------------------------------------------------------
    def _known_device(self, session: Session, staff: Staff, device: str | None, now: datetime) -> bool:
        """True when ``device`` is a live known-device token of ``staff`` (its last use is refreshed)."""
        if not device:
            return False
        row = session.scalar(select(StaffDevice).where(StaffDevice.token_hash == _digest(device),
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
                                 .where(StaffDevice.token_hash == _digest(device),
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
            session.add(StaffDevice(staff_id=staff.id, token_hash=_digest(device), created_at=now,
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

    def begin_enrolment(self, token: str | None) -> Enrolment:
        """Return the TOTP secret to put in an authenticator app (made on first call, kept until confirmed).

        Raises:
            AuthenticationFailed: not a live first-step session.
            Conflict: the account has already enrolled.
        """
        now = self._clock()
        with self._db.session() as session:
            row, staff = self._live_session(session, token, now)
            if row.stage != STAGE_PASSWORD:
                raise Conflict("You are already signed in.")
            if staff.totp_enrolled_at is not None and staff.totp_secret:
                raise Conflict("Two-factor sign-in is already set up for this account.")
            if not staff.totp_secret:
                staff.totp_secret = pyotp.random_base32()
                staff.totp_last_step = None
                audit.record(session, at=now, actor=staff.email, action="staff.2fa_enrol_started")
            secret = staff.totp_secret
            uri = pyotp.TOTP(secret).provisioning_uri(name=staff.email, issuer_name=TOTP_ISSUER)
            return Enrolment(secret=secret, uri=uri)

    def _matching_step(self, staff: Staff, code: str, now: datetime) -> int | None:
        """Return the time step ``code`` belongs to (now or one step either side), unless already used."""
        assert staff.totp_secret
        totp = pyotp.TOTP(staff.totp_secret)
        current = totp.timecode(now)
        for step in (current, current - 1, current + 1):
            if staff.totp_last_step is not None and step <= staff.totp_last_step:
                continue
            if hmac.compare_digest(totp.generate_otp(step), code):
                return step
        return None

    @staticmethod
    def _claim_step(session: Session, staff: Staff, step: int, now: datetime, known_device: bool = False) -> bool:
        """Mark ``step`` used and clear the failures, unless it (or a later step) was used already.

        One conditional ``UPDATE``: of several sign-ins with the same code at
        the same moment exactly one changes the row, and only that one is
        let in. Returns True for that one.
        """
        unlocked = true() if known_device else or_(Staff.locked_until.is_(None), Staff.locked_until <= now)
        claimed = rowcount(session.execute(
            update(Staff).where(Staff.id == staff.id,
                                or_(Staff.totp_last_step.is_(None), Staff.totp_last_step < step),
                                unlocked)
            .values(totp_last_step=step, failed_logins=0, locked_until=None),
            execution_options={"synchronize_session": False})) == 1
        session.expire(staff, ["totp_last_step", "failed_logins", "locked_until"])
        return claimed

    def verify_code(self, token: str | None, code: str) -> str:
        """Check the six-digit code of a first-step session; return the new token of the full session.

        On the account's first sign-in this also confirms the enrolment. The
        first-step token stops working (the token is rotated on upgrade) and
        the failure count is cleared. A wrong or reused code counts as a
        failure like a wrong password, and the lockout ends the first-step session.

        Raises:
            InvalidInput: ``code`` is not six digits (not counted as a failure).
            AuthenticationFailed: not a live first-step session, a wrong or
                reused code, waiting after failures, or locked out.
            Conflict: enrolment was not started (see :meth:`begin_enrolment`).
        """
        cleaned = re.sub(r"[\s-]", "", code or "")
        if not (cleaned.isascii() and cleaned.isdigit() and len(cleaned) == 6):
            raise InvalidInput("Enter the 6-digit code from your authenticator app.", "code")
        now = self._clock()
        new_token = secrets.token_urlsafe(32)
        with self._db.session(commit_on=(AuthenticationFailed,)) as session:
            row, staff = self._live_session(session, token, now)
            if row.stage != STAGE_PASSWORD:
                raise Conflict("You are already signed in.")
            if not staff.totp_secret:
                raise Conflict("Two-factor sign-in is not set up yet; start again from the set-up page.")
            if not row.known_device and self._locked(session, staff, now):
                audit.record(session, at=now, actor=staff.email, action="staff.login_locked")
                raise AuthenticationFailed(self._wait_message((staff.locked_until or now) - now))
            step = self._matching_step(staff, cleaned, now)
            if step is not None and not self._claim_step(session, staff, step, now, row.known_device):
                step = None  # used by a sign-in running alongside, or locked meanwhile
            if step is None:
                locked = self._record_failure(session, staff, now)
                audit.record(session, at=now, actor=staff.email, action="staff.2fa_failed")
                if locked:
                    row.ended_at = now
                    raise AuthenticationFailed(
                        "Too many wrong attempts: the account is locked for "
                        f"{self._minutes(self._policy.lockout)}. Sign in again after that.")
                if staff.locked_until is not None and staff.locked_until > now:
                    raise AuthenticationFailed("That code was not right or was already used. "
                                               + self._wait_message(staff.locked_until - now))
                raise AuthenticationFailed(WRONG_CODE)
            if staff.totp_enrolled_at is None:
                staff.totp_enrolled_at = now
                audit.record(session, at=now, actor=staff.email, action="staff.2fa_enrolled")
            row.ended_at = now
            session.add(StaffSession(staff_id=staff.id, token_hash=_digest(new_token), created_at=row.created_at,
                                     last_seen_at=now, stage=STAGE_FULL))
            audit.record(session, at=now, actor=staff.email, action="staff.2fa_ok")
        return new_token

    @staticmethod
    def _minutes(delta: timedelta) -> str:
        minutes = max(1, math.ceil(delta.total_seconds() / 60))
        return f"{minutes} minute{'s' if minutes != 1 else ''}"

    @classmethod
    def _wait_message(cls, delta: timedelta) -> str:
        seconds = max(1, math.ceil(delta.total_seconds()))
        wait = f"{seconds} seconds" if seconds < 120 else cls._minutes(delta)
        return f"Too many wrong attempts: wait {wait}, then try again."

    def reset_two_factor(self, email: str, actor: str = "console") -> None:
        """Clear ``email``'s authenticator secret so they enrol again at their next sign-in.

        Every session of the account ends, and its browsers are no longer known devices.

        Raises:
            NotFound: no such account.
        """
        now = self._clock()
        with self._db.session() as session:
            staff = self._get(session, email or "")
            if staff is None:
                raise NotFound(f"No staff account {email}")
            staff.totp_secret = None
            staff.totp_enrolled_at = None
            staff.totp_last_step = None
            for row in session.scalars(select(StaffSession).where(StaffSession.staff_id == staff.id,
                                                                  StaffSession.ended_at.is_(None))):
                row.ended_at = now
            self._forget_devices(session, staff.id)
            audit.record(session, at=now, actor=actor, action="staff.2fa_reset", detail=staff.email)

    def end_session(self, token: str | None, actor: str = "") -> None:
        """Sign out: the session token (first-step or full) can never be used again."""
        if not token:
            return
        now = self._clock()
        with self._db.session() as session:
            row = session.scalar(select(StaffSession).where(StaffSession.token_hash == _digest(token)))
            if row is not None and row.ended_at is None:
                row.ended_at = now
                audit.record(session, at=now, actor=actor or f"staff:{row.staff_id}", action="staff.logout")

"""Two-factor sign-in: enrolling an authenticator app, checking its codes, resetting it."""

from __future__ import annotations

import hmac
import math
import re
import secrets
from datetime import datetime, timedelta

import pyotp
from sqlalchemy import or_, select, true, update
from sqlalchemy.orm import Session

from frontdoor.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound
from frontdoor.services import audit
from frontdoor.services.staff.policy import (
    STAGE_FULL,
    STAGE_PASSWORD,
    TOTP_ISSUER,
    WRONG_CODE,
    Enrolment,
    digest,
)
from frontdoor.services.staff.sessions import StaffSessions
from frontdoor.store.db import rowcount
from frontdoor.store.models import Staff, StaffSession


class TwoFactor(StaffSessions):
    """TOTP enrolment and codes on top of password sign-in (the base of :class:`StaffService`)."""

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
            session.add(StaffSession(staff_id=staff.id, token_hash=digest(new_token), created_at=row.created_at,
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


"""What staff sign-in is measured against: session stages, limits, and the views of a sign-in."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from frontdoor.views import Principal

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


def digest(token: str) -> str:
    """Return the SHA-256 hex digest under which ``token`` is stored."""
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


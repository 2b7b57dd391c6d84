"""Known devices: a browser that has signed in fully is not kept out by someone else's wrong passwords."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from frontdoor.errors import AuthenticationFailed
from frontdoor.services import Core
from frontdoor.services.staff import DEVICE_LIFETIME, StaffService
from tests.frontdoor.services.staff.support import EMAIL, PASSWORD, cheap_hasher

OTHER = "other@bexley.example.gov.uk"


@pytest.fixture
def staff(core: Core, clock) -> StaffService:
    service = StaffService(core.db, core.table, clock,
                           hasher=cheap_hasher())
    service.add(EMAIL, ["bexley-mash"], password=PASSWORD)
    service.add(OTHER, ["bexley-mash"], password=PASSWORD)
    return service


def signed_in(staff: StaffService, clock, email: str) -> tuple[str, str]:
    """Enrol and fully sign in ``email``; return (TOTP secret, known-device token)."""
    token = staff.start_session(staff.authenticate_password(email, PASSWORD))
    secret = staff.begin_enrolment(token).secret
    full = staff.verify_code(token, pyotp.TOTP(secret).at(clock()))
    return secret, staff.remember_device(full)


def lock_out(staff: StaffService, email: str) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            staff.authenticate_password(email, "someone guessing!!")
    with pytest.raises(AuthenticationFailed):
        staff.authenticate_password(email, PASSWORD)  # locked for everyone else


def test_a_known_device_signs_in_through_a_lockout(staff: StaffService, clock) -> None:
    secret, device = signed_in(staff, clock, EMAIL)
    clock.advance(seconds=30)
    lock_out(staff, EMAIL)
    principal = staff.authenticate_password(EMAIL, PASSWORD, device=device)
    token = staff.start_session(principal, device=device)
    full = staff.verify_code(token, pyotp.TOTP(secret).at(clock()))
    assert staff.resolve_session(full).email == EMAIL


def test_a_device_is_known_only_for_its_own_account_and_only_while_it_lasts(staff: StaffService, clock) -> None:
    _, theirs = signed_in(staff, clock, OTHER)
    _secret, mine = signed_in(staff, clock, EMAIL)
    clock.advance(seconds=30)
    lock_out(staff, EMAIL)
    with pytest.raises(AuthenticationFailed):
        staff.authenticate_password(EMAIL, PASSWORD, device=theirs)
    with pytest.raises(AuthenticationFailed):
        staff.authenticate_password(EMAIL, PASSWORD, device="made-up-token")
    clock.advance(DEVICE_LIFETIME - timedelta(minutes=1))
    lock_out(staff, EMAIL)
    assert staff.authenticate_password(EMAIL, PASSWORD, device=mine).email == EMAIL
    clock.advance(minutes=2)
    lock_out(staff, EMAIL)
    with pytest.raises(AuthenticationFailed):
        staff.authenticate_password(EMAIL, PASSWORD, device=mine)  # expired


def test_a_reset_forgets_every_device(staff: StaffService, clock) -> None:
    _, device = signed_in(staff, clock, EMAIL)
    staff.reset_two_factor(EMAIL)
    clock.advance(seconds=30)
    lock_out(staff, EMAIL)
    with pytest.raises(AuthenticationFailed):
        staff.authenticate_password(EMAIL, PASSWORD, device=device)

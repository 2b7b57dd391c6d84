"""StaffService two-factor sign-in: the first-step session, enrolment, codes, waits, lockout, reset."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from frontdoor.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound
from frontdoor.services import Core
from frontdoor.services.staff import WRONG_CODE, SessionPolicy, StaffService
from frontdoor.store.models import AuditEntry, StaffSession
from tests.frontdoor.services.staff.support import EMAIL, PASSWORD, cheap_hasher, stored


@pytest.fixture
def staff(core: Core, clock) -> StaffService:
    """The staff service with a cheap argon2, and the account :data:`EMAIL` (password :data:`PASSWORD`)."""
    service = StaffService(core.db, core.table, clock,
                           hasher=cheap_hasher())
    service.add(EMAIL, ["bexley-mash"], password=PASSWORD)
    return service



def audit_actions(core: Core) -> list[str]:
    with core.db.session() as session:
        return [entry.action for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def first_step(staff: StaffService) -> str:
    return staff.start_session(staff.authenticate_password(EMAIL, PASSWORD))


def enrolled(staff: StaffService, clock) -> tuple[str, str]:
    """Enrol :data:`EMAIL` through the service; return (secret, full session token)."""
    token = first_step(staff)
    secret = staff.begin_enrolment(token).secret
    return secret, staff.verify_code(token, pyotp.TOTP(secret).at(clock()))


def wrong(secret: str, when) -> str:
    right = {pyotp.TOTP(secret).at(when + timedelta(seconds=s)) for s in (-30, 0, 30)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


# --- the first step -------------------------------------------------------------------------------
def test_the_password_gives_a_first_step_session_only(core: Core, staff: StaffService) -> None:
    token = first_step(staff)
    state = staff.session_state(token)
    assert state.stage == "password" and not state.full and not state.enrolled
    assert state.principal.email == EMAIL
    with pytest.raises(AuthenticationFailed):
        staff.resolve_session(token)


# --- enrolment ------------------------------------------------------------------------------------
def test_enrolment_makes_a_secret_and_a_code_confirms_it(core: Core, staff: StaffService, clock) -> None:
    token = first_step(staff)
    enrolment = staff.begin_enrolment(token)
    assert len(enrolment.secret) == 32 and enrolment.secret.isalnum()
    assert staff.begin_enrolment(token) == enrolment  # stable until confirmed
    uri = urlsplit(enrolment.uri)
    assert uri.scheme == "otpauth" and uri.netloc == "totp"
    query = parse_qs(uri.query)
    assert query["secret"] == [enrolment.secret] and query["issuer"] == ["Front Door"]
    assert EMAIL in uri.path.replace("%40", "@")
    assert stored(core).totp_secret == enrolment.secret and stored(core).totp_enrolled_at is None

    full = staff.verify_code(token, pyotp.TOTP(enrolment.secret).at(clock()))
    assert full != token
    assert staff.resolve_session(full).email == EMAIL
    with pytest.raises(AuthenticationFailed):
        staff.session_state(token)  # rotated: the first-step token is dead
    row = stored(core)
    assert row.totp_enrolled_at == clock()
    assert row.totp_last_step == pyotp.TOTP(enrolment.secret).timecode(clock())
    assert {"staff.2fa_enrol_started", "staff.2fa_enrolled", "staff.2fa_ok"} <= set(audit_actions(core))
    assert staff.session_state(full).enrolled

    # Enrolled accounts are not shown the secret again.
    with pytest.raises(Conflict):
        staff.begin_enrolment(first_step(staff))


def test_a_code_needs_an_enrolment_started(staff: StaffService) -> None:
    with pytest.raises(Conflict):
        staff.verify_code(first_step(staff), "123456")


def test_a_full_session_cannot_enter_codes(staff: StaffService, clock) -> None:
    _, full = enrolled(staff, clock)
    with pytest.raises(Conflict):
        staff.verify_code(full, "123456")
    with pytest.raises(Conflict):
        staff.begin_enrolment(full)


@pytest.mark.parametrize("token", [None, "", "made-up"])
def test_codes_need_a_live_session(staff: StaffService, token: str | None) -> None:
    with pytest.raises(AuthenticationFailed):
        staff.verify_code(token, "123456")
    with pytest.raises(AuthenticationFailed):
        staff.begin_enrolment(token)


# --- codes ----------------------------------------------------------------------------------------
def test_a_code_works_once(core: Core, staff: StaffService, clock) -> None:
    secret, _ = enrolled(staff, clock)
    used = pyotp.TOTP(secret).at(clock())
    token = first_step(staff)
    with pytest.raises(AuthenticationFailed, match="already used"):
        staff.verify_code(token, used)
    with pytest.raises(AuthenticationFailed):  # an older step is no better
        staff.verify_code(token, pyotp.TOTP(secret).at(clock() - timedelta(seconds=30)))
    clock.advance(seconds=30)
    assert staff.verify_code(token, pyotp.TOTP(secret).at(clock()))


def test_the_next_step_used_early_blocks_the_current_one(staff: StaffService, clock) -> None:
    secret, _ = enrolled(staff, clock)
    clock.advance(seconds=30)
    staff.verify_code(first_step(staff), pyotp.TOTP(secret).at(clock() + timedelta(seconds=30)))
    with pytest.raises(AuthenticationFailed):
        staff.verify_code(first_step(staff), pyotp.TOTP(secret).at(clock()))


@pytest.mark.parametrize(("seconds", "accepted"), [(-61, False), (-30, True), (0, True), (29, True), (60, False)])
def test_clock_drift_of_one_step(staff: StaffService, clock, seconds: int, accepted: bool) -> None:
    token = first_step(staff)
    secret = staff.begin_enrolment(token).secret
    code = pyotp.TOTP(secret).at(clock() + timedelta(seconds=seconds))
    if accepted:
        assert staff.verify_code(token, code)
    else:
        with pytest.raises(AuthenticationFailed, match="not right"):
            staff.verify_code(token, code)


@pytest.mark.parametrize("code", ["", "12345", "1234567", "12a456", "١٢٣٤٥٦", None])
def test_malformed_codes_are_invalid_input_and_not_counted(core: Core, staff: StaffService, code) -> None:
    token = first_step(staff)
    staff.begin_enrolment(token)
    with pytest.raises(InvalidInput) as caught:
        staff.verify_code(token, code)
    assert caught.value.field == "code"
    assert stored(core).failed_logins == 0


def test_spaces_and_dashes_in_a_code_are_ignored(staff: StaffService, clock) -> None:
    token = first_step(staff)
    code = pyotp.TOTP(staff.begin_enrolment(token).secret).at(clock())
    assert staff.verify_code(token, f"{code[:3]}-{code[3:]} ")


# --- waits and lockout ----------------------------------------------------------------------------
def test_the_wait_doubles_and_then_the_account_locks(core: Core, clock) -> None:
    service = StaffService(core.db, core.table, clock, policy=SessionPolicy(max_failures=7),
                           hasher=cheap_hasher())
    service.add(EMAIL, ["bexley-mash"], password=PASSWORD)
    token = first_step(service)
    secret = service.begin_enrolment(token).secret
    for _attempt in (1, 2, 3):
        with pytest.raises(AuthenticationFailed) as caught:
            service.verify_code(token, wrong(secret, clock()))
        assert str(caught.value) == WRONG_CODE
        assert stored(core).locked_until is None
    for wait, said in ((30, "30 seconds"), (60, "60 seconds"), (120, "2 minutes")):
        with pytest.raises(AuthenticationFailed, match=f"not right.*wait {said}, then try again"):
            service.verify_code(token, wrong(secret, clock()))
        assert stored(core).locked_until == clock() + timedelta(seconds=wait)
        with pytest.raises(AuthenticationFailed, match="Too many wrong attempts"):
            service.verify_code(token, pyotp.TOTP(secret).at(clock()))  # even the right code
        clock.advance(seconds=wait)
    with pytest.raises(AuthenticationFailed, match="locked for 15 minutes"):
        service.verify_code(token, wrong(secret, clock()))
    assert stored(core).locked_until == clock() + timedelta(minutes=15)
    with pytest.raises(AuthenticationFailed, match="Not signed in"):
        service.session_state(token)  # the lockout ended the first-step session
    assert audit_actions(core).count("staff.2fa_failed") == 7


def test_wrong_passwords_and_codes_share_one_count(core: Core, staff: StaffService, clock) -> None:
    secret, _ = enrolled(staff, clock)
    clock.advance(seconds=30)
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            staff.authenticate_password(EMAIL, "wrong password!!")
    token = first_step(staff)
    assert stored(core).failed_logins == 2
    with pytest.raises(AuthenticationFailed, match="not right"):
        staff.verify_code(token, wrong(secret, clock()))
    with pytest.raises(AuthenticationFailed, match="wait 30 seconds"):
        staff.verify_code(token, wrong(secret, clock()))
    clock.advance(seconds=30)
    with pytest.raises(AuthenticationFailed, match="locked"):
        staff.authenticate_password(EMAIL, "wrong password!!")
    assert stored(core).locked_until == clock() + timedelta(minutes=15)


# --- reset ----------------------------------------------------------------------------------------
def test_reset_clears_the_secret_and_ends_every_session(core: Core, staff: StaffService, clock) -> None:
    old_secret, full = enrolled(staff, clock)
    pending = first_step(staff)
    staff.reset_two_factor(EMAIL.upper(), actor="admin@bexley.example.gov.uk")
    row = stored(core)
    assert row.totp_secret is None and row.totp_enrolled_at is None and row.totp_last_step is None
    for token in (full, pending):
        with pytest.raises(AuthenticationFailed):
            staff.session_state(token)
    with core.db.session() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.actor, entry.action, entry.detail) == ("admin@bexley.example.gov.uk", "staff.2fa_reset", EMAIL)
        assert session.scalar(select(StaffSession).where(StaffSession.ended_at.is_(None))) is None

    token = first_step(staff)
    assert not staff.session_state(token).enrolled
    assert staff.begin_enrolment(token).secret != old_secret


def test_reset_of_an_unknown_account(staff: StaffService) -> None:
    with pytest.raises(NotFound):
        staff.reset_two_factor("nobody@example.org")


def test_the_console_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from frontdoor.cli import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setattr("frontdoor.services.staff.PasswordHasher",
                        lambda: cheap_hasher())
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    added = runner.invoke(main, ["staff", "add", "spoc@bexley.example.gov.uk", "--inbox", "bexley-mash"])
    assert added.exit_code == 0, added.output
    assert "two-factor" in added.stdout and "first sign-in" in added.stdout

    reset = runner.invoke(main, ["staff", "reset-2fa", "SPOC@bexley.example.gov.uk"])
    assert reset.exit_code == 0, reset.output
    assert "two-factor sign-in reset for spoc@bexley.example.gov.uk" in reset.stdout
    unknown = runner.invoke(main, ["staff", "reset-2fa", "nobody@example.org"])
    assert unknown.exit_code == 2
    assert "No staff account" in unknown.stderr

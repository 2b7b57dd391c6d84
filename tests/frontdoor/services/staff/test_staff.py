"""StaffService on a real database: accounts, passwords with lockout, API tokens, sessions.

Two-factor codes and enrolment: ``test_staff_two_factor.py``.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, text

from frontdoor.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound
from frontdoor.services import Core
from frontdoor.services.staff import SessionPolicy, StaffService
from frontdoor.store.models import ApiToken, AuditEntry, Staff, StaffSession
from frontdoor.views import Principal
from tests.frontdoor.services.staff.support import EMAIL, PASSWORD, cheap_hasher, stored

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol(core: Core, email: str = EMAIL, secret: str = SECRET) -> None:
    """Give ``email`` the authenticator ``secret`` as if they had enrolled, with no code used yet."""
    with core.db.session() as session:
        row = session.scalar(select(Staff).where(Staff.email == email))
        assert row is not None
        row.totp_secret, row.totp_enrolled_at, row.totp_last_step = secret, core.clock(), None


def full_session(service: StaffService, core: Core, principal: Principal) -> str:
    """Return the token of a fully signed-in session (password step, then the current code)."""
    enrol(core, principal.email)
    return service.verify_code(service.start_session(principal), pyotp.TOTP(SECRET).at(core.clock()))


@pytest.fixture
def staff(core: Core, clock) -> StaffService:
    """The staff service on the test database, with a cheap argon2 so lockout loops stay fast."""
    return StaffService(core.db, core.table, clock,
                        hasher=cheap_hasher())


def audit_actions(core: Core) -> list[tuple[str, str]]:
    with core.db.session() as session:
        return [(a.actor, a.action) for a in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]



# --- accounts -------------------------------------------------------------------------------------
def test_add(core: Core) -> None:
    principal = core.staff.add("  SPOC@Bexley.Example.gov.uk ", ["bexley-community-safety", "bexley-mash",
                                                                 "bexley-mash"], name="Sam")
    assert principal.email == EMAIL
    assert principal.inboxes == frozenset({"bexley-community-safety", "bexley-mash"})
    assert principal.is_admin is False and principal.name == "Sam"
    assert core.staff.find("spoc@BEXLEY.example.gov.uk") == principal
    assert stored(core).password_hash is None
    assert audit_actions(core) == [("console", "staff.add")]


def test_admin_needs_no_inbox(core: Core) -> None:
    admin = core.staff.add("admin@frontdoor.example", [], is_admin=True, actor="setup")
    assert admin.is_admin and admin.inboxes == frozenset()
    assert audit_actions(core) == [("setup", "staff.add")]


@pytest.mark.parametrize(("email", "inboxes", "field"), [
    ("not-an-email", ["bexley-mash"], "email"),
    ("two@at@signs", ["bexley-mash"], "email"),
    ("", ["bexley-mash"], "email"),
    ("spaces in@example.org", ["bexley-mash"], "email"),
    ("ok@example.org", ["narnia-inbox"], "inbox"),
    ("ok@example.org", [], "inbox"),
], ids=["no-at", "two-ats", "empty", "space", "unknown-inbox", "no-inbox"])
def test_add_refuses(core: Core, email: str, inboxes: list[str], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.staff.add(email, inboxes)
    assert caught.value.field == field
    with core.db.session() as session:
        assert session.scalars(select(Staff)).all() == []


def test_duplicate_account(core: Core) -> None:
    core.staff.add(EMAIL, ["bexley-mash"])
    with pytest.raises(Conflict, match="already has an account"):
        core.staff.add(EMAIL.upper(), ["bexley-community-safety"])
    assert core.staff.find(EMAIL).inboxes == frozenset({"bexley-mash"})


def test_find_unknown(core: Core) -> None:
    with pytest.raises(NotFound):
        core.staff.find("nobody@example.org")


def test_weak_password_refused(core: Core) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.staff.add(EMAIL, ["bexley-mash"], password="short")
    assert caught.value.field == "password"
    core.staff.add(EMAIL, ["bexley-mash"])
    with pytest.raises(InvalidInput):
        core.staff.set_password(EMAIL, "elevenchars")
    with pytest.raises(NotFound):
        core.staff.set_password("nobody@example.org", PASSWORD)


# --- passwords ---------------------------------------------------------------------------------------
def test_real_password_hashing(core: Core) -> None:
    """The Core's own hasher: argon2id, and the password itself is never stored."""
    core.staff.add(EMAIL, ["bexley-mash"], password=PASSWORD)
    row = stored(core)
    assert row.password_hash is not None and row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in row.password_hash
    assert core.staff.authenticate_password(EMAIL, PASSWORD).email == EMAIL


def test_password_sign_in(core: Core, staff: StaffService) -> None:
    staff.add(EMAIL, ["bexley-mash"], password=PASSWORD)
    principal = staff.authenticate_password(" Spoc@Bexley.example.gov.uk", PASSWORD)
    assert principal.email == EMAIL and principal.inboxes == frozenset({"bexley-mash"})
    assert ("spoc@bexley.example.gov.uk", "staff.login") in audit_actions(core)


@pytest.mark.parametrize(("email", "password"), [
    (EMAIL, "wrong password entirely"),
    ("nobody@example.org", PASSWORD),
    (EMAIL, ""),
    ("", ""),
], ids=["wrong-password", "unknown-account", "empty-password", "empty-everything"])
def test_failed_sign_in_says_the_same_thing(core: Core, staff: StaffService, email: str, password: str) -> None:
    staff.add(EMAIL, ["bexley-mash"], password=PASSWORD)
    with pytest.raises(AuthenticationFailed) as caught:
        staff.authenticate_password(email, password)
    assert str(caught.value) == "Email or password not recognised, or the account is locked."
    assert audit_actions(core)[-1][1] == "staff.login_failed"


class CountingHasher(PasswordHasher):
    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verified += 1
        return super().verify(hash, password)


@pytest.mark.parametrize("email", ["nobody@example.org", "nopassword@example.org", EMAIL])
def test_every_failed_sign_in_costs_a_hash_check(core: Core, clock, email: str) -> None:
    """Unknown accounts take as long as known ones, so sign-in cannot probe who has an account."""
    hasher = CountingHasher()
    service = StaffService(core.db, core.table, clock, hasher=hasher)
    service.add(EMAIL, ["bexley-mash"], password=PASSWORD)
    service.add("nopassword@example.org", ["bexley-mash"])
    with pytest.raises(AuthenticationFailed):
        service.authenticate_password(email, "wrong password entirely")
    assert hasher.verified == 1


def test_account_without_password_cannot_sign_in(staff: StaffService) -> None:
    staff.add(EMAIL, ["bexley-mash"])
    with pytest.raises(AuthenticationFailed):
        staff.authenticate_password(EMAIL, "")


def test_lockout_after_five_failures(core: Core, staff: StaffService, clock) -> None:
    staff.add(EMAIL, ["bexley-mash"], password=PASSWORD)

    for attempt in range(1, 4):
        with pytest.raises(AuthenticationFailed):
            staff.authenticate_password(EMAIL, f"wrong guess {attempt}")
        # The count is committed even though the call failed.
        assert stored(core).failed_logins == attempt
        assert stored(core).locked_until is None

    # The fourth makes the account wait (a stored 'not before' time, no sleeping).
    with pytest.raises(AuthenticationFailed):
        staff.authenticate_password(EMAIL, "wrong guess 4")
    assert stored(core).failed_logins == 4
    assert stored(core).locked_until == clock() + timedelta(seconds=30)
    clock.advance(seconds=29)
    with pytest.raises(AuthenticationFailed, match="not recognised, or the account is locked"):
        staff.authenticate_password(EMAIL, PASSWORD)  # too soon: refused, not counted
    assert stored(core).failed_logins == 4
    clock.advance(seconds=1)

    with pytest.raises(AuthenticationFailed):
        staff.authenticate_password(EMAIL, "wrong guess 5")
    row = stored(core)
    assert row.locked_until == clock() + timedelta(minutes=15)

    # Locked: even the right password is refused, with the same message.
    clock.advance(minutes=14)
    with pytest.raises(AuthenticationFailed, match="not recognised, or the account is locked"):
        staff.authenticate_password(EMAIL, PASSWORD)
    assert audit_actions(core)[-1] == (EMAIL, "staff.login_locked")

    clock.advance(minutes=2)
    assert staff.authenticate_password(EMAIL, PASSWORD).email == EMAIL
    row = stored(core)
    assert row.failed_logins == 0 and row.locked_until < clock()
    failures = [action for _, action in audit_actions(core) if action == "staff.login_failed"]
    assert len(failures) == 5


def test_success_resets_the_failure_count(core: Core, staff: StaffService) -> None:
    staff.add(EMAIL, ["bexley-mash"], password=PASSWORD)
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            staff.authenticate_password(EMAIL, "nope nope nope")
    principal = staff.authenticate_password(EMAIL, PASSWORD)
    assert stored(core).failed_logins == 3, "the password alone does not clear the count"
    full_session(staff, core, principal)
    assert stored(core).failed_logins == 0
    for _ in range(4):  # four more do not lock: the count started again
        with pytest.raises(AuthenticationFailed):
            staff.authenticate_password(EMAIL, "nope nope nope")
    assert stored(core).failed_logins == 4
    assert stored(core).locked_until == core.clock() + timedelta(seconds=30)  # a short wait, not the lockout


def test_setting_a_password_unlocks(core: Core, staff: StaffService) -> None:
    staff.add(EMAIL, ["bexley-mash"], password=PASSWORD)
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            staff.authenticate_password(EMAIL, "nope nope nope")
    staff.set_password(EMAIL, "a brand new password")
    assert staff.authenticate_password(EMAIL, "a brand new password").email == EMAIL


def test_weaker_old_hash_is_upgraded_on_sign_in(core: Core, staff: StaffService) -> None:
    staff.add(EMAIL, ["bexley-mash"], password=PASSWORD)
    old_hash = stored(core).password_hash
    # The Core's hasher has stronger parameters than the fixture's: a sign-in rehashes.
    core.staff.authenticate_password(EMAIL, PASSWORD)
    new_hash = stored(core).password_hash
    assert new_hash != old_hash
    assert not PasswordHasher().check_needs_rehash(new_hash)


# --- API tokens -------------------------------------------------------------------------------------------
def test_tokens_are_stored_only_as_hashes(core: Core, clock) -> None:
    principal = core.staff.add(EMAIL, ["bexley-mash"])
    token = core.staff.issue_token(EMAIL)
    assert token.startswith("fd_") and len(token) > 40

    with core.db.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM api_tokens")).all()
    assert len(rows) == 1
    assert all(token not in str(value) and token[3:] not in str(value) for value in rows[0])
    with core.db.session() as session:
        row = session.scalar(select(ApiToken))
        assert row is not None
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert row.last_used_at is None

    clock.advance(minutes=3)
    assert core.staff.authenticate_token(token) == principal
    with core.db.session() as session:
        assert session.scalar(select(ApiToken.last_used_at)) == clock()
    assert (("console", "staff.token_issued") in audit_actions(core))


@pytest.mark.parametrize("token", [None, "", "fd_not-a-real-token", "Bearer fd_x"])
def test_bad_tokens(core: Core, token: str | None) -> None:
    core.staff.add(EMAIL, ["bexley-mash"])
    core.staff.issue_token(EMAIL)
    with pytest.raises(AuthenticationFailed):
        core.staff.authenticate_token(token)


def test_revoked_token(core: Core) -> None:
    core.staff.add(EMAIL, ["bexley-mash"])
    token = core.staff.issue_token(EMAIL)
    with core.db.session() as session:
        row = session.scalar(select(ApiToken))
        assert row is not None
        row.revoked_at = core.clock()
    with pytest.raises(AuthenticationFailed):
        core.staff.authenticate_token(token)


def test_token_for_unknown_account(core: Core) -> None:
    with pytest.raises(NotFound):
        core.staff.issue_token("nobody@example.org")


def test_inactive_account(core: Core, staff: StaffService) -> None:
    staff.add(EMAIL, ["bexley-mash"], password=PASSWORD)
    token = core.staff.issue_token(EMAIL)
    session_token = full_session(core.staff, core, core.staff.find(EMAIL))
    with core.db.session() as session:
        row = session.scalar(select(Staff))
        assert row is not None
        row.active = False
    with pytest.raises(AuthenticationFailed):
        core.staff.authenticate_token(token)
    with pytest.raises(AuthenticationFailed):
        core.staff.resolve_session(session_token)
    with pytest.raises(AuthenticationFailed):
        staff.authenticate_password(EMAIL, PASSWORD)
    with pytest.raises(NotFound):
        core.staff.issue_token(EMAIL)


# --- sessions ---------------------------------------------------------------------------------------------
def test_session_token_is_stored_hashed(core: Core) -> None:
    principal = core.staff.add(EMAIL, ["bexley-mash"])
    token = full_session(core.staff, core, principal)
    with core.db.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM staff_sessions")).all()
    assert len(rows) == 2  # the password step's session (ended) and the full one
    assert all(token not in str(value) for row in rows for value in row)
    assert core.staff.resolve_session(token) == principal


def test_session_idle_timeout(core: Core, clock) -> None:
    principal = core.staff.add(EMAIL, ["bexley-mash"])
    token = full_session(core.staff, core, principal)
    for _ in range(3):  # each use refreshes the idle clock
        clock.advance(minutes=29)
        assert core.staff.resolve_session(token) == principal
    with core.db.session() as session:
        assert session.scalar(select(StaffSession.last_seen_at).where(StaffSession.stage == "full")) == clock()
    clock.advance(minutes=31)
    with pytest.raises(AuthenticationFailed, match="expired"):
        core.staff.resolve_session(token)


def test_session_absolute_timeout(core: Core, clock) -> None:
    principal = core.staff.add(EMAIL, ["bexley-mash"])
    started = clock()
    token = full_session(core.staff, core, principal)
    while clock() + timedelta(minutes=25) <= started + timedelta(hours=12):
        clock.advance(minutes=25)
        assert core.staff.resolve_session(token) == principal
    clock.set(started + timedelta(hours=12, minutes=1))
    with pytest.raises(AuthenticationFailed, match="expired"):
        core.staff.resolve_session(token)


def test_end_session(core: Core, clock) -> None:
    principal = core.staff.add(EMAIL, ["bexley-mash"])
    token = full_session(core.staff, core, principal)
    other = full_session(core.staff, core, principal)
    clock.advance(minutes=1)
    core.staff.end_session(token, actor=EMAIL)
    with pytest.raises(AuthenticationFailed, match="Not signed in"):
        core.staff.resolve_session(token)
    assert core.staff.resolve_session(other) == principal, "only that session ends"
    core.staff.end_session(token)  # again: harmless
    core.staff.end_session(None)
    core.staff.end_session("never-issued")
    assert audit_actions(core).count((EMAIL, "staff.logout")) == 1
    with core.db.session() as session:
        ended = session.scalars(select(StaffSession.ended_at).where(StaffSession.ended_at.is_not(None),
                                                                    StaffSession.stage == "full")).all()
    assert ended == [clock()]


@pytest.mark.parametrize("token", [None, "", "made-up"])
def test_unknown_session(core: Core, token: str | None) -> None:
    with pytest.raises(AuthenticationFailed):
        core.staff.resolve_session(token)


def test_session_policy_is_configurable(core: Core, clock) -> None:
    strict = StaffService(core.db, core.table, clock, policy=SessionPolicy(idle=timedelta(minutes=5)))
    principal = strict.add(EMAIL, ["bexley-mash"])
    token = full_session(strict, core, principal)
    clock.advance(minutes=6)
    with pytest.raises(AuthenticationFailed):
        strict.resolve_session(token)
    assert core.staff.resolve_session(token) == principal  # the default policy allows 30 minutes


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("a@b.example", "a@b.example"),
        ("  spaced@b.example  ", "spaced@b.example"),
        ("x\x1b]0;pwned\x07@b.example", "x\\x1b]0;pwned\\x07@b.example"),
        ("rtl\u202e@b.example", "rtl\\u202e@b.example"),
        ("y" * 300, "y" * 119 + "…"),
    ],
)
def test_a_typed_email_is_audited_printable_and_short(core: Core, staff: StaffService, typed: str,
                                                       kept: str) -> None:
    with pytest.raises(AuthenticationFailed):
        staff.authenticate_password(typed, "whatever it is")
    assert audit_actions(core)[-1] == (kept, "staff.login_failed")

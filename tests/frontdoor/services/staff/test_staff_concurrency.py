"""StaffService under concurrent sign-ins, on SQLite and PostgreSQL: no failure goes uncounted, a code works once.

Each test starts real threads that call the service at the same moment (a
barrier), each with its own database session, against the real database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

import pyotp
import pytest
from sqlalchemy import select

from frontdoor.errors import AuthenticationFailed
from frontdoor.services import Core
from frontdoor.services.staff import SessionPolicy, StaffService
from frontdoor.store.models import AuditEntry
from tests.frontdoor.services.staff.support import EMAIL, PASSWORD, cheap_hasher, stored

T = TypeVar("T")


def service(core: Core, clock, policy: SessionPolicy) -> StaffService:
    built = StaffService(core.db, core.table, clock, policy=policy,
                         hasher=cheap_hasher())
    built.add(EMAIL, ["bexley-mash"], password=PASSWORD)
    return built


def at_once(count: int, call: Callable[[int], T]) -> list[T | BaseException]:
    """Run ``call(i)`` in ``count`` threads released together; return each result or exception."""
    barrier = threading.Barrier(count)
    results: list[T | BaseException] = [RuntimeError("did not run")] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = call(i)
        except BaseException as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results



def audited(core: Core, action: str) -> int:
    with core.db.session() as session:
        return len(session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all())


def test_every_concurrent_wrong_password_is_counted(core: Core, clock) -> None:
    staff = service(core, clock, SessionPolicy(max_failures=5, free_failures=5))
    results = at_once(4, lambda _: staff.authenticate_password(EMAIL, "wrong password!!"))
    assert all(isinstance(result, AuthenticationFailed) for result in results)
    row = stored(core)
    assert row.failed_logins == 4
    assert row.locked_until is None
    assert audited(core, "staff.login_failed") == 4


def test_concurrent_wrong_passwords_lock_the_account_and_the_right_one_is_refused(core: Core, clock) -> None:
    policy = SessionPolicy(max_failures=5, free_failures=5)
    staff = service(core, clock, policy)
    results = at_once(8, lambda _: staff.authenticate_password(EMAIL, "wrong password!!"))
    assert all(isinstance(result, AuthenticationFailed) for result in results)
    assert stored(core).locked_until == clock() + policy.lockout
    # Attempts that arrived after the lock are refused as locked, not counted again.
    assert audited(core, "staff.login_failed") + audited(core, "staff.login_locked") == 8
    assert audited(core, "staff.login_failed") >= policy.max_failures
    with pytest.raises(AuthenticationFailed):
        staff.authenticate_password(EMAIL, PASSWORD)
    clock.advance(policy.lockout + timedelta(seconds=1))
    assert staff.authenticate_password(EMAIL, PASSWORD).email == EMAIL


def test_one_code_is_accepted_once_however_many_sign_ins_send_it(core: Core, clock) -> None:
    staff = service(core, clock, SessionPolicy())
    token = staff.start_session(staff.authenticate_password(EMAIL, PASSWORD))
    secret = staff.begin_enrolment(token).secret
    staff.verify_code(token, pyotp.TOTP(secret).at(clock()))  # enrolled
    clock.advance(seconds=30)
    tokens = [staff.start_session(staff.authenticate_password(EMAIL, PASSWORD)) for _ in range(12)]
    code = pyotp.TOTP(secret).at(clock())
    results = at_once(len(tokens), lambda i: staff.verify_code(tokens[i], code))
    accepted = [result for result in results if isinstance(result, str)]
    refused = [result for result in results if isinstance(result, AuthenticationFailed)]
    assert len(accepted) == 1
    assert len(refused) == len(tokens) - 1
    assert stored(core).totp_last_step == pyotp.TOTP(secret).timecode(clock())

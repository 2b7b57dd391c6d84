"""Demo staff accounts for the demo routing table."""

from __future__ import annotations

from argon2 import PasswordHasher

from frontdoor.demo import DEMO_ACCOUNTS, load_demo_accounts
from frontdoor.services import Core
from frontdoor.services.staff import StaffService


def test_demo_accounts_match_the_demo_table(routing_table) -> None:
    for account in DEMO_ACCOUNTS:
        assert set(account.inboxes) <= set(routing_table.inboxes), account.email
        assert account.inboxes or account.is_admin


def test_load_demo_accounts_twice(core: Core, clock) -> None:
    core.staff = StaffService(core.db, core.table, clock,
                              hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    first = load_demo_accounts(core, "demo-password-2026")
    assert [created for _, created in first] == [True] * len(DEMO_ACCOUNTS)
    second = load_demo_accounts(core, "demo-password-2026")
    assert [created for _, created in second] == [False] * len(DEMO_ACCOUNTS)

    spoc = core.staff.authenticate_password("bexley.spoc@frontdoor.example", "demo-password-2026")
    assert spoc.inboxes == frozenset({"bexley-community-safety"})
    admin = core.staff.find("admin@frontdoor.example")
    assert admin.is_admin and not admin.inboxes


def test_no_demo_account_is_made_on_a_live_service(core: Core) -> None:
    import dataclasses

    import pytest

    from frontdoor.errors import ConfigurationError

    core.settings = dataclasses.replace(core.settings, environment="production")
    with pytest.raises(ConfigurationError, match="FRONTDOOR_ENV=development or test"):
        load_demo_accounts(core, "demo-password-2026")

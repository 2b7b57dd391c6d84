"""Demo staff accounts for the demo routing table (fictitious people)."""

from __future__ import annotations

from dataclasses import dataclass

from frontdoor.bootstrap import Core
from frontdoor.errors import ConfigurationError, Conflict


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    inboxes: tuple[str, ...]
    is_admin: bool = False


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("bexley.spoc@frontdoor.example", "Bexley community safety SPOC", ("bexley-community-safety",)),
    DemoAccount("se.police@frontdoor.example", "Met South East gangs SPOC", ("met-se-gangs",)),
    DemoAccount("bexley.mash@frontdoor.example", "Bexley MASH duty worker", ("bexley-mash",)),
    DemoAccount("bexley.education@frontdoor.example", "Bexley education safeguarding", ("bexley-education",)),
    DemoAccount("bromley.spoc@frontdoor.example", "Bromley community safety SPOC", ("bromley-community-safety",)),
    DemoAccount("hackney.igu@frontdoor.example", "Hackney Integrated Gangs Unit", ("hackney-community-safety",)),
    DemoAccount("thanet.spoc@frontdoor.example", "Thanet community safety SPOC", ("thanet-community-safety",)),
    DemoAccount("kent.police@frontdoor.example", "Kent Police gangs SPOC", ("kent-police-gangs",)),
    DemoAccount("triage@frontdoor.example", "Partnership triage", ("partnership-triage",)),
    DemoAccount("admin@frontdoor.example", "Administrator", (), is_admin=True),
)


def load_demo_accounts(core: Core, password: str) -> list[tuple[DemoAccount, bool]]:
    """Create the demo accounts that do not exist yet, all with ``password``.

    Returns each account with True if it was created now, False if it existed.
    Accounts whose inboxes are not in the current routing table are skipped.

    Raises:
        ConfigurationError: this is a live service (FRONTDOOR_ENV is not
            ``development`` or ``test``): demo accounts are never made there.
        InvalidInput: the password is too short.
    """
    if core.settings.is_production:
        raise ConfigurationError("demo accounts are made only with FRONTDOOR_ENV=development or test")
    results: list[tuple[DemoAccount, bool]] = []
    for account in DEMO_ACCOUNTS:
        if any(inbox not in core.table.inboxes for inbox in account.inboxes):
            continue
        try:
            core.staff.add(account.email, account.inboxes, is_admin=account.is_admin,
                           name=account.name, password=password, actor="demo")
            results.append((account, True))
        except Conflict:
            results.append((account, False))
    return results

"""The queue's pages, read in index order part by part, are exactly what the rules say.

A few hundred referrals with random owners, copies, out-of-hours cover, statuses, urgencies and
due times are stored; every scope, status, inbox filter and page of :meth:`queue` and
:meth:`queue_page` is compared with the rules written plainly in Python (who may see what, "mine"
and "copies for information", open first, then urgency, due time and age). Runs on SQLite and
PostgreSQL (the ``core`` fixture).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

import pytest

from frontdoor.model import Status, Urgency
from frontdoor.services import Core
from frontdoor.store.models import Referral, ReferralCopy
from frontdoor.views import Principal

INBOXES = ("bexley-community-safety", "met-se-gangs", "bromley-community-safety", "hackney-community-safety")
MINE = frozenset(INBOXES[:2])  # a member of staff of two inboxes
STATUSES = [s.value for s in Status]


@dataclass(frozen=True)
class Stored:
    reference: str
    inbox: str
    copies: frozenset[str]
    out_of_hours: str | None
    status: str
    urgency: str
    rank: int
    due: object
    id: int


@pytest.fixture
def stored(core: Core, clock) -> list[Stored]:
    rng = random.Random(14)
    now = clock()
    made = []
    with core.db.session() as session:
        for n in range(240):
            urgency = rng.choice(list(Urgency))
            inbox = rng.choice(INBOXES)
            others = [i for i in INBOXES if i != inbox]
            copies = set(rng.sample(others, rng.choice((0, 0, 1, 2))))
            out_of_hours = None
            if urgency is Urgency.RED and rng.random() < 0.4:
                out_of_hours = rng.choice(others)
                copies.add(out_of_hours)  # the contact on duty always holds a copy
            row = Referral(
                reference=f"FD-Q{n:04d}", kind="concern", channel="web", urgency=urgency.value,
                urgency_rank=urgency.rank, status=rng.choice(STATUSES), triage_reasons=[], indicators=[],
                routing_reasons=[], inbox_id=inbox, out_of_hours_inbox_id=out_of_hours, anonymous=False,
                description="stored for the queue test", details={}, created_at=now, updated_at=now,
                # few distinct due times, so ties are broken by age (the id)
                sla_due_at=now + timedelta(hours=rng.randrange(6)),
                copies=[ReferralCopy(inbox_id=i, created_at=now) for i in sorted(copies)],
            )
            session.add(row)
            session.flush()
            made.append(Stored(row.reference, inbox, frozenset(copies), out_of_hours, row.status, row.urgency,
                               row.urgency_rank, row.sla_due_at, row.id))
    return made


def expected(rows: list[Stored], *, scope: str, status: str, inbox: str | None) -> list[str]:
    """Return the references the rules give, in the queue's order."""
    looked_at = {inbox} if inbox else MINE

    def visible(r: Stored) -> bool:
        return r.inbox in looked_at or bool(r.copies & looked_at)

    def on_duty(r: Stored) -> bool:
        return r.out_of_hours in MINE and r.status == "new" and r.urgency == "red"

    def in_scope(r: Stored) -> bool:
        return {"all": True, "owned": r.inbox in MINE, "copies": r.inbox not in MINE,
                "mine": r.inbox in MINE or on_duty(r), "info": r.inbox not in MINE and not on_duty(r)}[scope]

    def has_status(r: Stored) -> bool:
        return {"open": r.status != "closed", "all": True}.get(status, r.status == status)

    chosen = [r for r in rows if visible(r) and in_scope(r) and has_status(r)]
    chosen.sort(key=lambda r: (r.status == "closed", r.rank, r.due, r.id))
    return [r.reference for r in chosen]


@pytest.fixture
def member(core: Core) -> Principal:
    return core.staff.add("two.inboxes@frontdoor.example", sorted(MINE), name="Two Inboxes")


@pytest.mark.parametrize("status", ["open", "all", "new", "closed"])
@pytest.mark.parametrize("inbox", [None, "met-se-gangs"])
def test_every_scope_and_page_follows_the_rules(core: Core, stored: list[Stored], member: Principal,
                                                status: str, inbox: str | None) -> None:
    for scope in ("all", "owned", "copies"):
        want = expected(stored, scope=scope, status=status, inbox=inbox)
        got = [s.reference for s in core.queries.queue(member, scope=scope, status=status, inbox=inbox, limit=500)]
        assert got == want, scope
        pages = [core.queries.queue(member, scope=scope, status=status, inbox=inbox, limit=7, offset=offset)
                 for offset in range(0, len(want) + 7, 7)]
        assert [s.reference for page in pages for s in page] == want, f"{scope} in pages of 7"
    mine, info = (expected(stored, scope=s, status=status, inbox=inbox) for s in ("mine", "info"))
    page = core.queries.queue_page(member, status=status, inbox=inbox, limit=500, copies_limit=500)
    assert [r.reference for r in page.mine] == mine
    assert [r.reference for r in page.copies] == info
    first = core.queries.queue_page(member, status=status, inbox=inbox, limit=5, copies_limit=3)
    assert [r.reference for r in first.mine] == mine[:5] and first.more_mine == (len(mine) > 5)
    assert [r.reference for r in first.copies] == info[:3] and first.more_copies == (len(info) > 3)
    later = core.queries.queue_page(member, status=status, inbox=inbox, limit=5, offset=5)
    assert [r.reference for r in later.mine] == mine[5:10] and later.copies == ()


@pytest.mark.parametrize("filters", [{"urgency": "red"}, {"assigned": "unassigned"}, {"kind": "concern"}])
def test_filters_narrow_every_part(core: Core, stored: list[Stored], member: Principal,
                                   filters: dict[str, str]) -> None:
    everything = {s.reference: s for s in stored}
    got = [s.reference for s in core.queries.queue(member, status="all", limit=500, **filters)]
    want = [r for r in expected(stored, scope="all", status="all", inbox=None)
            if filters.get("urgency", everything[r].urgency) == everything[r].urgency]
    assert got == want

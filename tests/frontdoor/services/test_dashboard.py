"""DashboardService on a real database (a SQLite file and PostgreSQL, freshly migrated)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count
from typing import Any

import pytest
from sqlalchemy import JSON, column, event, insert, select, table

from frontdoor.errors import InvalidInput
from frontdoor.services import Core
from frontdoor.services.dashboard_figures import HIDDEN, SUPPRESSED, Dashboard, default_period, suppress
from frontdoor.store.models import AuditEntry, UTCDateTime
from frontdoor.views import Principal

_refs = count(1)


#: The columns the dashboard counts, as plain types: the helper stores no free text to encrypt.
REFERRALS = table(
    "referrals", column("reference"), column("kind"), column("channel"), column("status"),
    column("urgency"), column("urgency_rank"), column("triage_reasons", JSON), column("indicators", JSON),
    column("routing_reasons", JSON), column("inbox_id"), column("area_id"), column("anonymous"),
    column("description"), column("details", JSON), column("alert_level"),
    column("created_at", UTCDateTime()), column("updated_at", UTCDateTime()),
    column("sla_due_at", UTCDateTime()), column("acknowledged_at", UTCDateTime()),
)
COPIES = table("referral_copies", column("referral_id"), column("inbox_id"), column("created_at", UTCDateTime()))


def add(core: Core, *, inbox: str = "bexley-community-safety", area: str | None = "bexley",
        kind: str = "concern", urgency: str = "amber", indicators: tuple[str, ...] = (),
        created: datetime | None = None, acknowledged_after: timedelta | None = None,
        due_after: timedelta = timedelta(hours=24), copies: tuple[str, ...] = (), n: int = 1) -> None:
    """Store ``n`` referrals directly, with exactly the fields the dashboard counts."""
    created = created or core.clock() - timedelta(days=10)
    rank = {"red": 0, "amber": 1, "green": 2}[urgency]
    with core.db.session() as session:
        for _ in range(n):
            referral_id = session.execute(insert(REFERRALS).values(
                reference=f"FD-TEST-{next(_refs):04d}", kind=kind, channel="web",
                status="new" if acknowledged_after is None else "acknowledged",
                urgency=urgency, urgency_rank=rank, triage_reasons=[], indicators=list(indicators),
                routing_reasons=[], inbox_id=inbox, area_id=area, anonymous=False,
                description="secret description text", details={}, alert_level=0,
                created_at=created, updated_at=created, sla_due_at=created + due_after,
                acknowledged_at=created + acknowledged_after if acknowledged_after is not None else None,
            ).returning(column("id"))).scalar_one()
            for inbox_id in copies:
                session.execute(insert(COPIES).values(referral_id=referral_id, inbox_id=inbox_id,
                                                      created_at=created))


def spoc(*inboxes: str) -> Principal:
    return Principal(1, "lead@council.example", "Lead", False, frozenset(inboxes))


ADMIN = Principal(2, "admin@council.example", "Admin", True, frozenset())


def cells(dashboard: Dashboard, key: str) -> dict[str, str]:
    return {c.key: c.shown for c in dashboard.breakdown(key).cells}


# --- pure rules ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("counts", "expected"), [
    ([0, 5, 12], ["0", "5", "12"]),
    ([1, 4, 9], [SUPPRESSED, SUPPRESSED, "9"]),
    ([3, 7, 12], [SUPPRESSED, HIDDEN, "12"]),  # a lone "<5" is protected from subtraction
    ([1, 1, 9, 20], [SUPPRESSED, SUPPRESSED, HIDDEN, "20"]),  # so are two that add up to under 5
    ([2, 0, 6], [SUPPRESSED, "0", HIDDEN]),
    ([3, 0], [SUPPRESSED, "0"]),
])
def test_small_counts_are_suppressed(counts: list[int], expected: list[str]) -> None:
    shown = [c.shown for c in suppress(((str(i), str(i), n) for i, n in enumerate(counts)), additive=True)]
    assert shown == expected
    assert all(c.count is None for c in suppress([("a", "a", 2)], additive=True))


def test_non_additive_breakdowns_hide_only_the_small_counts() -> None:
    assert [c.shown for c in suppress([("a", "a", 3), ("b", "b", 7)], additive=False)] == [SUPPRESSED, "7"]


def test_the_default_period_is_the_last_twelve_calendar_months() -> None:
    assert default_period(date(2026, 3, 11)) == (date(2025, 4, 1), date(2026, 3, 11))
    assert default_period(date(2026, 12, 31)) == (date(2026, 1, 1), date(2026, 12, 31))


# --- on the database -------------------------------------------------------------------------------
def test_counts_by_area_kind_indicator_urgency_and_month(core: Core) -> None:
    now = core.clock()
    add(core, kind="tip", urgency="green", indicators=("older_associates",), n=6)
    add(core, kind="concern", urgency="amber", indicators=("drug_running", "older_associates"), n=5,
        created=now - timedelta(days=40))
    add(core, inbox="bromley-community-safety", area="bromley", urgency="red", indicators=("weapon",), n=7,
        created=now - timedelta(days=70))
    add(core, area=None, n=5)
    add(core, n=9, created=now - timedelta(days=400))  # before the default period

    board = core.dashboard.summary(ADMIN)

    assert (board.start, board.end) == (date(2025, 4, 1), date(2026, 3, 11))
    assert board.scope == "All inboxes"
    assert board.total.shown == "23"
    assert cells(board, "area") == {"bexley": "11", "bromley": "7", "unknown": "5"}
    assert cells(board, "kind") == {"concern": "17", "tip": "6", "self_referral": "0", "handover": "0",
                                    "health": "0"}
    assert cells(board, "urgency") == {"red": "7", "amber": "10", "green": "6"}
    assert cells(board, "indicator") == {"older_associates": "11", "weapon": "7", "drug_running": "5"}
    months = cells(board, "month")
    assert next(iter(months)) == "2025-04" and list(months)[-1] == "2026-03" and len(months) == 12
    assert (months["2026-03"], months["2026-02"], months["2026-01"], months["2025-12"]) == ("11", "0", "5", "7")
    labels = {c.key: c.label for c in board.breakdown("area").cells}
    assert labels == {"bexley": "London Borough of Bexley", "bromley": "London Borough of Bromley",
                      "unknown": "Area not known"}


def test_a_spoc_counts_only_referrals_owned_by_or_copied_to_their_inboxes(core: Core) -> None:
    add(core, n=5)  # Bexley's own
    add(core, inbox="met-se-gangs", urgency="red", copies=("bexley-community-safety",), n=6)  # copied to Bexley
    add(core, inbox="met-se-gangs", urgency="red", n=8)  # police only
    add(core, inbox="bromley-community-safety", area="bromley", n=9)  # Bromley's

    bexley = core.dashboard.summary(spoc("bexley-community-safety"))
    police = core.dashboard.summary(spoc("met-se-gangs"))
    everyone = core.dashboard.summary(ADMIN)

    assert bexley.total.shown == "11" and "Bexley" in bexley.scope and "Bromley" not in bexley.scope
    assert cells(bexley, "urgency") == {"red": "6", "amber": "5", "green": "0"}
    assert "bromley" not in cells(bexley, "area")
    assert police.total.shown == "14"
    assert everyone.total.shown == "28"


def test_small_numbers_never_appear(core: Core) -> None:
    add(core, n=3, area="bromley", inbox="bromley-community-safety", indicators=("cuckooing",))
    add(core, n=6, indicators=("older_associates",))
    add(core, n=8, area="hackney", inbox="hackney-community-safety", indicators=("older_associates",))

    board = core.dashboard.summary(ADMIN)

    assert cells(board, "area") == {"hackney": "8", "bexley": HIDDEN, "bromley": SUPPRESSED}
    assert cells(board, "indicator") == {"older_associates": "14", "cuckooing": SUPPRESSED}
    assert all(c.count is None for c in board.breakdown("area").cells if c.shown in {SUPPRESSED, HIDDEN})
    values = [row[-1] for row in board.csv_rows()[1:]]
    assert "3" not in values and "6" not in values
    only_three = core.dashboard.summary(spoc("bromley-community-safety"))
    assert only_three.total.shown == SUPPRESSED and only_three.total.count is None


def test_time_to_acknowledge_against_the_target(core: Core) -> None:
    now = core.clock()
    # Amber, due after 24 h: six acknowledged in time (1..6 h), two late (30 h, 40 h).
    for hours in (1, 2, 3, 4, 5, 6, 30, 40):
        add(core, urgency="amber", acknowledged_after=timedelta(hours=hours), created=now - timedelta(days=5))
    add(core, urgency="amber", created=now - timedelta(days=5), n=2)  # overdue, never acknowledged
    add(core, urgency="amber", created=now - timedelta(hours=1))  # not yet due: cannot be judged
    add(core, urgency="red", acknowledged_after=timedelta(minutes=30), due_after=timedelta(hours=1), n=3)

    rows = {r.key: r for r in core.dashboard.summary(ADMIN).acknowledgement}

    amber = rows["amber"]
    assert amber.target == "1 working day"
    assert (amber.judged.shown, amber.within_target.shown) == ("10", "6")
    assert amber.share_within == pytest.approx(60.0) and amber.share_shown == "60%"
    assert amber.median_hours == pytest.approx(4.5, abs=0.01)  # of 1,2,3,4,5,6,30,40
    assert amber.p90_hours == pytest.approx(33.0, abs=0.01)  # interpolated between 30 and 40
    red = rows["red"]  # three only: counts suppressed, no share, no percentiles
    assert (red.judged.shown, red.within_target.shown, red.share_within, red.median_hours) == (
        SUPPRESSED, SUPPRESSED, None, None)
    assert red.target == "1 hour"
    everything = rows["all"]
    assert (everything.judged.shown, everything.within_target.shown) == ("13", "9")
    assert everything.median_hours == pytest.approx(3.0, abs=0.01)  # the 6th of 0.5 x3, 1..6, 30, 40
    assert rows["green"].judged.shown == "0" and rows["green"].median_hours is None


def test_a_chosen_period_and_refused_periods(core: Core) -> None:
    now = core.clock()
    add(core, n=5, created=now - timedelta(days=400))
    add(core, n=6, created=now - timedelta(days=10))

    old = core.dashboard.summary(ADMIN, date(2024, 1, 1), date(2025, 3, 31))
    assert old.total.shown == "5" and len(old.breakdown("month").cells) == 15
    assert core.dashboard.summary(ADMIN, date(2026, 3, 1)).total.shown == "6"
    with pytest.raises(InvalidInput):
        core.dashboard.summary(ADMIN, date(2026, 3, 2), date(2026, 3, 1))
    with pytest.raises(InvalidInput):
        core.dashboard.summary(ADMIN, date(2015, 1, 1), date(2026, 3, 1))


def test_viewing_and_exporting_are_audited_without_content(core: Core) -> None:
    add(core, n=5)
    core.dashboard.summary(spoc("bexley-community-safety"))
    core.dashboard.summary(ADMIN, date(2026, 1, 1), date(2026, 3, 1), export=True)

    with core.db.session() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action.like("dashboard.%"))
                                  .order_by(AuditEntry.id)).all()
    assert [(e.actor, e.action, e.reference) for e in entries] == [
        ("lead@council.example", "dashboard.view", None),
        ("admin@council.example", "dashboard.export", None),
    ]
    assert entries[0].detail == "from=2025-04-01 to=2026-03-11 scope=bexley-community-safety"
    assert entries[1].detail == "from=2026-01-01 to=2026-03-01 scope=all"


def test_the_csv_rows_are_aggregates_only(core: Core) -> None:
    add(core, n=6, indicators=("weapon",))
    rows = core.dashboard.summary(ADMIN).csv_rows()
    assert rows[0] == ["period_from", "period_to", "section", "category", "label", "measure", "value"]
    assert {r[2] for r in rows[1:]} == {"total", "area", "kind", "indicator", "urgency", "month",
                                        "time_to_acknowledge"}
    text = repr(rows)
    assert "FD-TEST" not in text and "secret" not in text


def test_the_figures_come_from_a_few_grouped_queries(core: Core) -> None:
    add(core, n=30, indicators=("weapon", "threats"), acknowledged_after=timedelta(hours=2))
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(core.db.engine, "before_cursor_execute", seen)
    try:
        core.dashboard.summary(ADMIN)
    finally:
        event.remove(core.db.engine, "before_cursor_execute", seen)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "referrals" in s]
    assert len(reads) <= 10
    assert all("GROUP BY" in s or "row_number" in s.lower() for s in reads)

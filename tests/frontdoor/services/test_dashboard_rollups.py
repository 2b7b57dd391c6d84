"""The dashboard read from daily roll-ups gives the figures of the live computation (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select, update

from frontdoor.services import Core
from frontdoor.services.dashboard_figures import Dashboard
from frontdoor.services.dashboard_rollups import inbox_set, runs
from frontdoor.store.models import Referral, ReferralCopy
from frontdoor.store.rollups import RollupCount, RollupDay
from frontdoor.views import Principal
from tests.frontdoor.services.test_dashboard import ADMIN, add, spoc

OWNERS = {"bexley-community-safety": ("bexley",), "met-se-gangs": ("bexley", "bromley", None),
          "bromley-community-safety": ("bromley",), "hackney-community-safety": ("hackney",)}
COPIES = ((), (), ("bexley-mash",), ("bexley-community-safety",), ("bexley-community-safety", "bexley-mash"))
INDICATORS = ((), ("weapon",), ("drug_running", "older_associates"), ("cuckooing", "weapon", "threats"))
PRINCIPALS = {
    "admin": ADMIN,
    "one inbox": spoc("bexley-community-safety"),
    "overlapping inboxes": spoc("bexley-community-safety", "met-se-gangs", "bexley-mash"),
    "no inboxes": spoc(),
}


def seed(core: Core, n: int = 400, seed_value: int = 16) -> None:
    """Store ``n`` random referrals over the last five months, today and yesterday included."""
    rng = random.Random(seed_value)
    now = core.clock()
    for _ in range(n):
        owner = rng.choice(list(OWNERS))
        days_ago = rng.choice([0, 0, 1, 1, 2]) if rng.random() < 0.15 else rng.uniform(0, 150)
        acknowledged = None if rng.random() < 0.25 else timedelta(minutes=rng.uniform(1, 4000))
        add(core, inbox=owner, area=rng.choice(OWNERS[owner]),
            kind=rng.choice(("concern", "tip", "self_referral", "health")),
            urgency=rng.choices(("red", "amber", "green"), (0.2, 0.4, 0.4))[0],
            indicators=rng.choice(INDICATORS), copies=rng.choice(COPIES),
            created=now - timedelta(days=days_ago, seconds=rng.uniform(0, 86400)),
            acknowledged_after=acknowledged, due_after=timedelta(hours=rng.choice((1, 24, 24 * 5))))


def live(core: Core, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Dashboard]:
    """Return a summary function that reads no roll-up (the live computation of every day)."""
    def summary(*args: object) -> Dashboard:
        with monkeypatch.context() as patch:
            patch.setattr(core.dashboard.rollups, "covered", lambda *_: None)
            return core.dashboard.summary(*args)  # type: ignore[arg-type]
    return summary


def assert_same(rolled: Dashboard, counted: Dashboard) -> None:
    """Every figure equal; the median and 90th percentile within half a minute (roll-ups keep whole minutes)."""
    assert (rolled.start, rolled.end, rolled.scope, rolled.total) == (counted.start, counted.end, counted.scope,
                                                                      counted.total)
    assert rolled.breakdowns == counted.breakdowns
    assert len(rolled.acknowledgement) == len(counted.acknowledgement)
    for mine, theirs in zip(rolled.acknowledgement, counted.acknowledgement):
        assert (mine.key, mine.judged, mine.within_target, mine.share_within) == (
            theirs.key, theirs.judged, theirs.within_target, theirs.share_within)
        for a, b in ((mine.median_hours, theirs.median_hours), (mine.p90_hours, theirs.p90_hours)):
            assert (a is None) == (b is None)
            if a is not None:
                assert a == pytest.approx(b, abs=0.5 / 60 + 1e-9)


def periods(today: date) -> list[tuple[date | None, date | None]]:
    return [(None, None), (today - timedelta(days=60), today - timedelta(days=1)),
            (today - timedelta(days=100), today - timedelta(days=30)), (today, today),
            (today - timedelta(days=3), today)]


@pytest.mark.parametrize("who", list(PRINCIPALS))
def test_the_rolled_up_figures_equal_the_live_ones_before_and_after_changes(
        core: Core, monkeypatch: pytest.MonkeyPatch, who: str) -> None:
    seed(core)
    principal: Principal = PRINCIPALS[who]
    counted = live(core, monkeypatch)
    today = core.clock().date()

    def check() -> None:
        for start, end in periods(today):
            assert_same(core.dashboard.summary(principal, start, end), counted(principal, start, end))

    rolled_days = core.dashboard.rollups.refresh()
    assert rolled_days > 100
    with core.db.session() as session:
        coverage = core.dashboard.rollups.covered(session, today - timedelta(days=200), today, core.clock())
    assert coverage is not None and coverage.last == today - timedelta(days=1) and coverage.still_open
    check()
    assert core.dashboard.rollups.refresh() == 0  # nothing changed: nothing rolled up again

    # Acknowledge an old referral, regrade another, copy a third, purge a fourth.
    now = core.clock()
    with core.db.session() as session:
        old = list(session.scalars(select(Referral.id).where(Referral.created_at < now - timedelta(days=20))
                                   .order_by(Referral.id)))
        waiting = session.scalars(select(Referral.id).where(Referral.created_at < now - timedelta(days=20),
                                                            Referral.acknowledged_at.is_(None))).first()
        assert waiting is not None
        created = session.scalar(select(Referral.created_at).where(Referral.id == waiting))
        assert created is not None
        session.execute(update(Referral).where(Referral.id == waiting).values(
            acknowledged_at=created + timedelta(minutes=90), status="acknowledged", updated_at=now))
        session.execute(update(Referral).where(Referral.id == old[1]).values(urgency="red", updated_at=now))
        session.add(ReferralCopy(referral_id=old[2], inbox_id="met-se-gangs", created_at=now))
        session.execute(delete(Referral).where(Referral.id == old[3]))
    assert 1 <= core.dashboard.rollups.refresh() <= 4
    check()

    core.clock.advance(days=6)  # every referral's response target has passed; today is a new day
    core.dashboard.rollups.refresh()
    today = core.clock().date()
    check()


def test_a_day_with_a_referral_still_within_its_target_is_counted_live(core: Core) -> None:
    now = core.clock()
    add(core, created=now - timedelta(days=1), due_after=timedelta(days=5), n=6)
    add(core, created=now - timedelta(days=2), acknowledged_after=timedelta(hours=2), n=6)
    core.dashboard.rollups.refresh()
    with core.db.session() as session:
        coverage = core.dashboard.rollups.covered(session, now.date() - timedelta(days=10), now.date(), now)
    assert coverage is not None and coverage.still_open == (now.date() - timedelta(days=1),)
    assert [coverage.covers(now.date() - timedelta(days=d)) for d in (0, 1, 2, 3)] == [False, False, True, True]
    judged = {r.key: r.judged.shown for r in core.dashboard.summary(ADMIN).acknowledgement}
    assert judged["amber"] == "6"


def test_a_rebuild_rolls_up_every_past_day_and_a_purged_day_loses_its_roll_up(core: Core) -> None:
    now = core.clock()
    add(core, created=now - timedelta(days=3), n=5)
    add(core, created=now - timedelta(days=40), n=5, indicators=("weapon",))
    add(core, created=now, n=5)  # today: never rolled up
    assert core.dashboard.rollups.refresh() == 2
    assert core.dashboard.rollups.refresh(rebuild=True) == 2
    with core.db.session() as session:
        session.execute(delete(Referral).where(Referral.created_at < now - timedelta(days=30)))
    assert core.dashboard.rollups.refresh() == 0
    with core.db.session() as session:
        days = list(session.scalars(select(RollupDay.day)))
        rows = session.scalar(select(func.count()).select_from(RollupCount).where(RollupCount.dimension == "indicator"))
    assert days == [(now - timedelta(days=3)).date()]
    assert rows == 0
    assert core.dashboard.summary(ADMIN).total.shown == "10"


def test_the_roll_ups_hold_counts_only(core: Core) -> None:
    add(core, created=core.clock() - timedelta(days=3), n=5, copies=("met-se-gangs",))
    core.dashboard.rollups.refresh()
    with core.db.session() as session:
        rows = session.execute(select(RollupCount)).scalars().all()
    assert {r.inboxes for r in rows} == {",bexley-community-safety,met-se-gangs,"}
    assert "FD-TEST" not in repr([vars(r) for r in rows]) and "secret" not in repr([vars(r) for r in rows])


def test_inbox_sets_and_runs_of_days() -> None:
    assert inbox_set("b", ["a", "b"]) == ",a,b,"
    assert inbox_set(None, ["a"]) == ",a,"
    days = [date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 4)]
    assert runs(days) == [(date(2026, 1, 1), date(2026, 1, 2)), (date(2026, 1, 4), date(2026, 1, 4))]
    assert runs([]) == []




def test_the_worker_refreshes_the_roll_ups(core: Core) -> None:
    from frontdoor.bootstrap import worker_for

    add(core, created=core.clock() - timedelta(days=3), n=5)
    report = worker_for(core).run_once()
    assert report.periodic["dashboard.rollups"] == 1
    with core.db.session() as session:
        assert session.scalar(select(func.count()).select_from(RollupDay)) == 1

"""The dashboard's daily roll-ups: writing them, and reading a period's counts from them.

**Refreshing.** :meth:`DashboardRollups.refresh` (a periodic job of the
worker) computes a fingerprint of every past day's referrals in two grouped
scans (how many, the sum of their ids, the latest ``updated_at`` and
``acknowledged_at``, and how many copies they have) and rolls up again only the
days whose fingerprint differs from the stored one: new days, days where a
referral was acknowledged, regraded, re-routed or copied (each of these sets
``updated_at`` or adds a copy), and days where referrals were purged. A day left
with no referrals loses its roll-up. Comparing fingerprints needs no hook in
any code that changes a referral, and it cannot miss a change made outside the
services (a migration, a purge, a manual fix), which marking days dirty could;
the price is one scan of the referrals table per run, far cheaper than the
dashboard's own scan it replaces. Between a change and the next run the
dashboard shows the day as it was rolled up.

**Reading.** :meth:`DashboardRollups.covered` gives the part of a period the
dashboard can read from roll-ups: rolled-up days before today whose judging
against the response target can no longer change (no unacknowledged referral
of that day is still within its target). Every other day, and always today,
is counted live from the referrals.

**Exactness.** Counts are exact. Times to acknowledge are kept as whole
minutes (rounded), so a median or 90th percentile read from roll-ups is within
half a minute (0.0083 hours) of the exact figure; the dashboard shows hours to
one decimal.

**Retention.** The roll-ups hold counts only (no reference, no free text, no
person), so they are not personal data and the retention purge leaves them
alone; the next refresh re-rolls the days whose referrals were purged, so the
figures stay those of the referrals still stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, cast, delete, false, func, insert, or_, select
from sqlalchemy.orm import Session

from frontdoor.store.db import Database
from frontdoor.store.models import Referral, ReferralCopy
from frontdoor.store.rollups import RollupCount, RollupDay, RollupTime

#: The counted dimensions of a referral (the month comes from the day).
DIMENSIONS = ("urgency", "kind", "area", "indicator")


@dataclass
class Tally:
    """A period's counts, added up from roll-ups and live counts."""

    urgency: dict[str, int] = field(default_factory=dict)
    kind: dict[str, int] = field(default_factory=dict)
    area: dict[str | None, int] = field(default_factory=dict)
    month: dict[str, int] = field(default_factory=dict)
    indicator: dict[str, int] = field(default_factory=dict)
    #: urgency → (judged, within target, acknowledged)
    acknowledgement: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    #: urgency → hours to acknowledge → how many referrals
    hours: dict[str, Counter[float]] = field(default_factory=dict)

    @staticmethod
    def add(totals: dict[Any, int], key: Any, count: int) -> None:
        """Add ``count`` to ``totals[key]``."""
        totals[key] = totals.get(key, 0) + count

    def add_judging(self, urgency: str, judged: int, within: int, acknowledged: int) -> None:
        """Add to the acknowledgement counts of ``urgency``."""
        before = self.acknowledgement.get(urgency, (0, 0, 0))
        self.acknowledgement[urgency] = (before[0] + judged, before[1] + within, before[2] + acknowledged)

    def add_hours(self, urgency: str, hours: float, count: int) -> None:
        """Count ``count`` referrals of ``urgency`` acknowledged after ``hours``."""
        self.hours.setdefault(urgency, Counter())[hours] += count


def day_start(day: date) -> datetime:
    """Return midnight UTC at the start of ``day``."""
    return datetime.combine(day, time(0), timezone.utc)


def inbox_set(owner: str | None, copies: Iterable[str]) -> str:
    """Return the inboxes that see a referral as stored in the roll-ups: sorted, as ``,a,b,``."""
    return "," + ",".join(sorted({i for i in (owner, *copies) if i})) + ","


def _minutes(created: datetime, acknowledged: datetime) -> int:
    return round((acknowledged - created).total_seconds() / 60)


@dataclass(frozen=True)
class Coverage:
    """The days from ``first`` to ``last`` read from roll-ups, except the ``still_open`` ones."""

    first: date
    last: date
    still_open: tuple[date, ...]

    def covers(self, day: date) -> bool:
        """Return whether ``day`` is read from roll-ups."""
        return self.first <= day <= self.last and day not in self.still_open

    def condition(self, column: Any) -> ColumnElement[bool]:
        """Return the condition on a roll-up's ``day`` column for the days covered."""
        return and_(column.between(self.first, self.last), column.not_in(self.still_open))


class DashboardRollups:
    """Writes and reads the daily roll-ups of the dashboard."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self._db = db
        self._clock = clock

    # --- writing ---------------------------------------------------------------------------
    @staticmethod
    def _day(dialect: str, column: Any) -> Any:
        return cast(column, Date) if dialect == "postgresql" else func.date(column)

    def _fingerprints(self, session: Session, before: date) -> dict[date, str]:
        """Return the fingerprint of every day before ``before`` that has referrals."""
        dialect = session.get_bind().dialect.name
        day = self._day(dialect, Referral.created_at).label("day")
        limit = Referral.created_at < day_start(before)
        copies = {_as_date(d): int(n) for d, n in session.execute(
            select(day, func.count()).select_from(ReferralCopy).join(Referral, Referral.id == ReferralCopy.referral_id)
            .where(limit).group_by(day))}
        prints = {}
        for d, n, ids, updated, acknowledged in session.execute(
            select(day, func.count(), func.sum(Referral.id), func.max(Referral.updated_at),
                   func.max(Referral.acknowledged_at)).where(limit).group_by(day)
        ):
            key = _as_date(d)
            prints[key] = f"{n}:{ids}:{updated}:{acknowledged}:{copies.get(key, 0)}"
        return prints

    def refresh(self, *, rebuild: bool = False) -> int:
        """Roll up the past days whose referrals changed (every past day with ``rebuild``); return how many.

        Today is never rolled up: the dashboard counts it live.
        """
        now = self._clock()
        today = now.astimezone(timezone.utc).date()
        with self._db.session() as session:
            if rebuild:
                for model in (RollupCount, RollupTime, RollupDay):
                    session.execute(delete(model))
            prints = self._fingerprints(session, today)
            stored = {row.day: row.fingerprint for row in session.execute(select(RollupDay.day, RollupDay.fingerprint))}
            gone = [d for d in stored if d not in prints]
            changed = sorted(d for d, p in prints.items() if stored.get(d) != p)
            self._forget(session, gone + changed)
            if changed:
                self._roll(session, changed, prints, now)
        return len(changed)

    @staticmethod
    def _forget(session: Session, days: list[date]) -> None:
        for start in range(0, len(days), 500):
            chunk = days[start:start + 500]
            for model in (RollupCount, RollupTime):
                session.execute(delete(model).where(model.day.in_(chunk)))
            session.execute(delete(RollupDay).where(RollupDay.day.in_(chunk)))

    def _roll(self, session: Session, days: list[date], prints: dict[date, str], now: datetime) -> None:
        """Write the roll-ups of ``days`` (sorted) from their referrals, in one pass over them."""
        wanted = set(days)
        span = and_(Referral.created_at >= day_start(days[0]),
                    Referral.created_at < day_start(days[-1] + timedelta(days=1)))
        copies: dict[int, list[str]] = {}
        for referral_id, inbox in session.execute(
                select(ReferralCopy.referral_id, ReferralCopy.inbox_id).join(Referral).where(span)):
            copies.setdefault(referral_id, []).append(inbox)
        counts: dict[tuple[date, str, str, str | None], list[int]] = {}
        times: Counter[tuple[date, str, str, int]] = Counter()
        open_until: dict[date, datetime] = {}
        for rid, urgency, kind, area, inbox, indicators, created, due, acknowledged in session.execute(
            select(Referral.id, Referral.urgency, Referral.kind, Referral.area_id, Referral.inbox_id,
                   Referral.indicators, Referral.created_at, Referral.sla_due_at, Referral.acknowledged_at)
            .where(span).execution_options(yield_per=5000)
        ):
            day = created.astimezone(timezone.utc).date()
            if day not in wanted:
                continue
            inboxes = inbox_set(inbox, copies.get(rid, ()))
            figures = (1, acknowledged is not None,
                       acknowledged is not None and due is not None and acknowledged <= due,
                       acknowledged is None and due is not None)
            values = [("urgency", urgency), ("kind", kind), ("area", area)]
            values += [("indicator", code) for code in indicators or ()]
            for dimension, value in values:
                row = counts.setdefault((day, inboxes, dimension, value), [0, 0, 0, 0])
                for i, figure in enumerate(figures):
                    row[i] += int(figure)
            if acknowledged is not None:
                times[(day, inboxes, urgency, _minutes(created, acknowledged))] += 1
            elif due is not None and (day not in open_until or due > open_until[day]):
                open_until[day] = due
        self._write(session, counts, times)
        session.add_all(RollupDay(day=d, fingerprint=prints[d], open_until=open_until.get(d), rolled_at=now)
                        for d in days)

    @staticmethod
    def _write(session: Session, counts: dict[tuple[date, str, str, str | None], list[int]],
               times: Counter[tuple[date, str, str, int]]) -> None:
        rows = [{"day": d, "month": d.isoformat()[:7], "inboxes": i, "dimension": dim, "value": v,
                 "referrals": n, "acknowledged": a, "within_target": w, "open_due": o}
                for (d, i, dim, v), (n, a, w, o) in counts.items()]
        if rows:
            session.execute(insert(RollupCount), rows)
        minutes = [{"day": d, "inboxes": i, "urgency": u, "minutes": m, "referrals": n}
                   for (d, i, u, m), n in times.items()]
        if minutes:
            session.execute(insert(RollupTime), minutes)

    # --- reading ---------------------------------------------------------------------------
    @staticmethod
    def covered(session: Session, start: date, end: date, now: datetime) -> Coverage | None:
        """Return the part of the period from ``start`` to ``end`` read from roll-ups (None: none of it).

        Every day before the latest roll-up's day was rolled up then (a day with
        no roll-up had no referrals), so the roll-ups cover the period up to the
        day before that, or up to yesterday, except the days whose judging can
        still change.
        """
        latest = session.scalar(select(func.max(RollupDay.rolled_at)))
        if latest is None:
            return None
        last = min(end, now.astimezone(timezone.utc).date() - timedelta(days=1),
                   latest.astimezone(timezone.utc).date() - timedelta(days=1))
        if last < start:
            return None
        still_open = session.scalars(select(RollupDay.day).where(
            RollupDay.day >= start, RollupDay.day <= last, RollupDay.open_until >= now))
        return Coverage(start, last, tuple(sorted(_as_date(d) for d in still_open)))

    @staticmethod
    def _scope(column: Any, inboxes: frozenset[str] | None) -> ColumnElement[bool] | None:
        if inboxes is None:
            return None
        if not inboxes:
            return false()
        return or_(*(column.like(f"%,{_escape(i)},%", escape="/") for i in sorted(inboxes)))

    def add_to(self, session: Session, tally: Tally, coverage: Coverage | None,
               inboxes: frozenset[str] | None) -> None:
        """Add the roll-ups of the days ``coverage`` covers seen by ``inboxes`` (None: all) to ``tally``."""
        if coverage is None:
            return
        count_where = [coverage.condition(RollupCount.day)]
        time_where = [coverage.condition(RollupTime.day)]
        for where, column in ((count_where, RollupCount.inboxes), (time_where, RollupTime.inboxes)):
            scope = self._scope(column, inboxes)
            if scope is not None:
                where.append(scope)
        for dimension, value, month, n, acknowledged, within, open_due in session.execute(
            select(RollupCount.dimension, RollupCount.value, RollupCount.month, func.sum(RollupCount.referrals),
                   func.sum(RollupCount.acknowledged), func.sum(RollupCount.within_target),
                   func.sum(RollupCount.open_due))
            .where(*count_where).group_by(RollupCount.dimension, RollupCount.value, RollupCount.month)
        ):
            n = int(n)
            if dimension == "urgency":
                tally.add(tally.urgency, value, n)
                tally.add(tally.month, month, n)
                tally.add_judging(str(value), int(acknowledged) + int(open_due), int(within), int(acknowledged))
            elif dimension in DIMENSIONS:
                tally.add(getattr(tally, dimension), value, n)
        for urgency, minutes, n in session.execute(
            select(RollupTime.urgency, RollupTime.minutes, func.sum(RollupTime.referrals))
            .where(*time_where).group_by(RollupTime.urgency, RollupTime.minutes)
        ):  # thousands of rows: added up here without a call per row
            histogram = tally.hours.get(urgency)
            if histogram is None:
                histogram = tally.hours[urgency] = Counter()
            histogram[minutes / 60.0] += int(n)


def _escape(text: str) -> str:
    """Return ``text`` for a LIKE pattern with ``/`` as the escape character."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def runs(days: list[date]) -> list[tuple[date, date]]:
    """Return the sorted ``days`` as runs of consecutive days (first, last)."""
    out: list[tuple[date, date]] = []
    for day in days:
        if out and out[-1][1] + timedelta(days=1) == day:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out

"""The partnership dashboard: aggregate counts only, never a referral or a person.

:meth:`DashboardService.summary` counts the referrals a principal may see
(a SPOC: owned by or copied to their inboxes; an administrator: all) created
in a period, by area, kind, indicator, urgency and month, and measures time
to acknowledge against the response targets.

Whole past days are read from the daily roll-ups
(:mod:`frontdoor.services.dashboard_rollups`): a grouped sum over the
roll-up rows of the period that the principal's inboxes see, and a grouped sum
of their histograms of minutes to acknowledge. Today, and any day not rolled
up or whose judging against the target can still change, is counted live from
the referrals in three grouped statements: one ``GROUP BY`` over urgency,
kind, area and month (which also counts acknowledgements against the target),
one over the indicator lists unnested in SQL (``json_each`` on SQLite,
``json_array_elements_text`` on PostgreSQL), and one of the hours to
acknowledge by urgency. The two are added up, and the median and 90th
percentile are read from the merged histogram. No referral row is loaded.

Small numbers are suppressed here, in the core, so no shell can leak them: a
count from 1 to 4 is shown as ``"<5"``. In a breakdown that adds up to the
total, the suppressed counts together could be worked out by subtraction, so
while they add up to less than five the next smallest count is hidden as well
(``"hidden"``). Shares and percentiles are shown only when they rest on at
least five referrals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session

from frontdoor import taxonomy
from frontdoor.errors import InvalidInput
from frontdoor.model import Kind, Urgency
from frontdoor.routing import RoutingTable
from frontdoor.services import audit
from frontdoor.services.dashboard_figures import (
    KIND_LABELS,
    MAX_DAYS,
    SUPPRESS_BELOW,
    URGENCY_LABELS,
    AcknowledgementRow,
    Breakdown,
    Dashboard,
    _cell,
    _months,
    _quantile,
    _ranks,
    default_period,
    suppress,
)
from frontdoor.services.dashboard_rollups import Coverage, DashboardRollups, Tally, day_start, runs
from frontdoor.sla import SlaPolicy
from frontdoor.store.db import Database
from frontdoor.store.models import Referral, ReferralCopy
from frontdoor.views import Principal


class DashboardService:
    """Aggregate figures for partnership leads."""

    def __init__(self, db: Database, table: RoutingTable, sla: SlaPolicy,
                 clock: Callable[[], datetime]) -> None:
        self._db = db
        self._table = table
        self._sla = sla
        self._clock = clock
        self.rollups = DashboardRollups(db, clock)

    # --- scope and period ------------------------------------------------------
    @staticmethod
    def _scope(principal: Principal) -> ColumnElement[bool] | None:
        """The referrals ``principal`` may count: None means all (administrators)."""
        if principal.is_admin:
            return None
        inboxes = sorted(principal.inboxes)
        copied = Referral.id.in_(select(ReferralCopy.referral_id).where(ReferralCopy.inbox_id.in_(inboxes)))
        return or_(Referral.inbox_id.in_(inboxes), copied)

    def _scope_label(self, principal: Principal) -> str:
        if principal.is_admin:
            return "All inboxes"
        names = sorted(self._table.inboxes[i].name if i in self._table.inboxes else i
                       for i in principal.inboxes)
        return ", ".join(names) if names else "No inboxes"

    def period(self, start: date | None = None, end: date | None = None) -> tuple[date, date]:
        """Return the period asked for, defaulting to the last 12 calendar months.

        Raises:
            InvalidInput: the start is after the end, or the period is longer than five years.
        """
        today = self._clock().astimezone(timezone.utc).date()
        default_start, default_end = default_period(end or today)
        start, end = start or default_start, end or default_end
        if start > end:
            raise InvalidInput("The start of the period must not be after its end.", "from")
        if (end - start).days > MAX_DAYS:
            raise InvalidInput("Choose a period of at most five years.", "from")
        return start, end

    # --- the figures -----------------------------------------------------------
    def summary(self, principal: Principal, start: date | None = None, end: date | None = None,
                *, export: bool = False) -> Dashboard:
        """Return the dashboard for ``principal`` over the period (audited as a view or export).

        Dates are UTC calendar days; ``end`` is included. Defaults: the last 12 months.
        Whole past days come from the daily roll-ups where they are up to date,
        the rest (always today) from the referrals.

        Raises:
            InvalidInput: see :meth:`period`.
        """
        start, end = self.period(start, end)
        scope = self._scope(principal)
        now = self._clock()
        tally = Tally()
        with self._db.session() as session:
            dialect = session.get_bind().dialect.name
            covered = self.rollups.covered(session, start, end, now)
            live = self._live_days(start, end, covered)
            if live is not None:
                where = and_(live, scope) if scope is not None else live
                self._counts(session, dialect, where, now, tally)
                self._indicators(session, dialect, where, tally)
                self._hours(session, dialect, where, tally)
            self.rollups.add_to(session, tally, covered, None if scope is None else frozenset(principal.inboxes))
            audit.record(session, at=now, actor=principal.email,
                         action="dashboard.export" if export else "dashboard.view",
                         detail=f"from={start.isoformat()} to={end.isoformat()} "
                                f"scope={'all' if scope is None else ','.join(sorted(principal.inboxes))}")
        acknowledgement = self._acknowledgement(tally)

        by_urgency, by_kind, by_area, by_month = tally.urgency, tally.kind, tally.area, tally.month
        total = sum(by_urgency.values())
        urgency_cells = suppress(((u.value, URGENCY_LABELS[u.value], by_urgency.get(u.value, 0))
                                  for u in Urgency), additive=True)
        kinds = [k.value for k in Kind] + sorted(k for k in by_kind if k not in {k.value for k in Kind})
        kind_cells = suppress(((k, KIND_LABELS.get(k, k.replace("_", " ").capitalize()), by_kind.get(k, 0))
                               for k in kinds), additive=True)
        areas = sorted(((a, n) for a, n in by_area.items() if n), key=lambda item: (-item[1], self._area_name(item[0])))
        area_cells = suppress(((a or "unknown", self._area_name(a), n) for a, n in areas), additive=True)
        month_cells = suppress(((key, label, by_month.get(key, 0)) for key, label in _months(start, end)),
                               additive=True)
        indicators = sorted(((c, n) for c, n in tally.indicator.items() if n),
                            key=lambda item: (-item[1], taxonomy.label(item[0])))
        indicator_cells = suppress(((code, taxonomy.label(code), n) for code, n in indicators), additive=False)
        return Dashboard(
            start=start, end=end, scope=self._scope_label(principal), total=_cell("all", "All referrals", total),
            breakdowns=(
                Breakdown("area", "Referrals by area", area_cells),
                Breakdown("kind", "Referrals by kind", kind_cells),
                Breakdown("indicator", "Referrals by indicator (a referral can have several)", indicator_cells),
                Breakdown("urgency", "Referrals by urgency", urgency_cells),
                Breakdown("month", "Referrals by month", month_cells),
            ),
            acknowledgement=acknowledgement,
        )

    @staticmethod
    def _live_days(start: date, end: date, coverage: Coverage | None) -> ColumnElement[bool] | None:
        """Return the condition on creation time for the days of the period not covered (None: no such day)."""
        if coverage is None:
            missing = [(start, end)]
        else:
            missing = runs(list(coverage.still_open))
            if coverage.last < end:
                missing.append((coverage.last + timedelta(days=1), end))
        if not missing:
            return None
        return or_(*(and_(Referral.created_at >= day_start(first),
                          Referral.created_at < day_start(last + timedelta(days=1)))
                     for first, last in missing))

    def _area_name(self, area_id: str | None) -> str:
        if area_id is None:
            return "Area not known"
        area = self._table.areas.get(area_id)
        return area.name if area else area_id

    def _counts(self, session: Session, dialect: str, where: ColumnElement[bool], now: datetime,
                tally: Tally) -> None:
        """Add the counts by urgency, kind, area and month, and the acknowledgement counts, in one grouped scan.

        The database returns one row per combination present (a few thousand at
        most), which are added up here into the four breakdowns.
        """
        acknowledged = Referral.acknowledged_at.is_not(None)
        judged = or_(acknowledged, Referral.sla_due_at < now)
        within = and_(acknowledged, Referral.acknowledged_at <= Referral.sla_due_at)
        month = self._month(dialect).label("month")
        groups = (Referral.urgency, Referral.kind, Referral.area_id, month)
        for urgency, kind, area, in_month, n, j, w, a in session.execute(
            select(*groups, func.count(), func.count().filter(judged), func.count().filter(within),
                   func.count().filter(acknowledged)).where(where).group_by(*groups)
        ):
            tally.add(tally.urgency, urgency, int(n))
            tally.add(tally.kind, kind, int(n))
            tally.add(tally.area, area, int(n))
            tally.add(tally.month, in_month, int(n))
            tally.add_judging(urgency, int(j or 0), int(w or 0), int(a or 0))

    @staticmethod
    def _month(dialect: str) -> Any:
        if dialect == "postgresql":
            return func.to_char(Referral.created_at, "YYYY-MM")
        return func.strftime("%Y-%m", Referral.created_at)

    @staticmethod
    def _hours_to_acknowledge(dialect: str) -> Any:
        if dialect == "postgresql":
            return func.extract("epoch", Referral.acknowledged_at - Referral.created_at) / 3600.0
        return (func.julianday(Referral.acknowledged_at) - func.julianday(Referral.created_at)) * 24.0

    @staticmethod
    def _indicators(session: Session, dialect: str, where: ColumnElement[bool], tally: Tally) -> None:
        """Add the referrals per indicator code, unnesting the JSON lists in SQL where possible."""
        if dialect in {"sqlite", "postgresql"}:
            name = "json_each" if dialect == "sqlite" else "json_array_elements_text"
            codes = getattr(func, name)(Referral.indicators).table_valued("value").alias("codes")
            for code, count in session.execute(
                select(codes.c.value, func.count()).select_from(Referral).join(codes, true())
                .where(where).group_by(codes.c.value)
            ):
                tally.add(tally.indicator, str(code), int(count))
            return
        for codes_list in session.scalars(select(Referral.indicators).where(where)  # other databases: stream
                                          .execution_options(yield_per=2000)):
            for code in codes_list or ():
                tally.add(tally.indicator, code, 1)

    def _hours(self, session: Session, dialect: str, where: ColumnElement[bool], tally: Tally) -> None:
        """Add the hours to acknowledge, grouped by urgency and value."""
        hours = self._hours_to_acknowledge(dialect).label("hours")
        for urgency, value, n in session.execute(
            select(Referral.urgency, hours, func.count())
            .where(where, Referral.acknowledged_at.is_not(None)).group_by(Referral.urgency, hours)
        ):
            tally.add_hours(urgency, float(value), int(n))

    def _acknowledgement(self, tally: Tally) -> tuple[AcknowledgementRow, ...]:
        """Judge time to acknowledge from the tally's counts and its histograms of hours."""
        counts = tally.acknowledgement
        groups = [(u.value, URGENCY_LABELS[u.value], self._sla.target(u).describe()) for u in Urgency]
        totals = tuple(sum(c[i] for c in counts.values()) for i in range(3))
        overall: Counter[float] = Counter()
        for histogram in tally.hours.values():
            overall.update(histogram)
        quantiles = {}
        for key, histogram in [*tally.hours.items(), ("all", overall)]:
            n = sum(histogram.values())
            if n >= SUPPRESS_BELOW:
                values = _ranked(histogram, _ranks(n))
                quantiles[key] = (_quantile(values, n, 0.5), _quantile(values, n, 0.9))

        rows = []
        for key, label, target in [*groups, ("all", "All urgencies", "by urgency")]:
            j, w, _n = totals if key == "all" else counts.get(key, (0, 0, 0))
            judged_cell, within_cell = _cell("judged", "Judged", j), _cell("within", "Within target", w)
            share = (100.0 * w / j) if j >= SUPPRESS_BELOW and not within_cell.suppressed else None
            median, p90 = quantiles.get(key, (None, None))
            rows.append(AcknowledgementRow(key, label, target, judged_cell, within_cell, share, median, p90))
        return tuple(rows)


def _ranked(histogram: Counter[float], ranks: set[int]) -> dict[int, float]:
    """Return the value at each of the 1-based ``ranks`` of the sorted values the ``histogram`` counts."""
    values: dict[int, float] = {}
    wanted = sorted(ranks)
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        while wanted and wanted[0] <= seen:
            values[wanted.pop(0)] = value
        if not wanted:
            break
    return values

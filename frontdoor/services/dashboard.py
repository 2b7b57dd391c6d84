"""The partnership dashboard: aggregate counts only, never a referral or a person.

:meth:`DashboardService.summary` counts the referrals a principal may see
(a SPOC: owned by or copied to their inboxes; an administrator: all) created
in a period, by area, kind, indicator, urgency and month, and measures time
to acknowledge against the response targets. The database does the work in
three statements: one ``GROUP BY`` over urgency, kind, area and month (which
also counts acknowledgements against the target), one over the indicator
lists unnested in SQL (``json_each`` on SQLite, ``json_array_elements_text``
on PostgreSQL), and one windowed query returning only the ranked values the
median and 90th percentile need. No referral row is loaded.

Small numbers are suppressed here, in the core, so no shell can leak them: a
count from 1 to 4 is shown as ``"<5"``. In a breakdown that adds up to the
total, the suppressed counts together could be worked out by subtraction, so
while they add up to less than five the next smallest count is hidden as well
(``"hidden"``). Shares and percentiles are shown only when they rest on at
least five referrals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
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
from frontdoor.sla import SlaPolicy
from frontdoor.store.db import Database
from frontdoor.store.models import Referral, ReferralCopy
from frontdoor.views import Principal


@dataclass
class _Counts:
    urgency: dict[str, int]
    kind: dict[str, int]
    area: dict[str | None, int]
    month: dict[str, int]
    #: urgency → (judged, within target, acknowledged)
    acknowledgement: dict[str, tuple[int, int, int]]


class DashboardService:
    """Aggregate figures for partnership leads."""

    def __init__(self, db: Database, table: RoutingTable, sla: SlaPolicy,
                 clock: Callable[[], datetime]) -> None:
        self._db = db
        self._table = table
        self._sla = sla
        self._clock = clock

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

        Raises:
            InvalidInput: see :meth:`period`.
        """
        start, end = self.period(start, end)
        since = datetime.combine(start, time(0), timezone.utc)
        until = datetime.combine(end + timedelta(days=1), time(0), timezone.utc)
        conditions: list[ColumnElement[bool]] = [Referral.created_at >= since, Referral.created_at < until]
        scope = self._scope(principal)
        if scope is not None:
            conditions.append(scope)
        where = and_(*conditions)
        now = self._clock()
        with self._db.session() as session:
            dialect = session.get_bind().dialect.name
            counts = self._counts(session, dialect, where, now)
            by_indicator = self._indicators(session, dialect, where)
            acknowledgement = self._acknowledgement(session, dialect, where, counts.acknowledgement)
            audit.record(session, at=now, actor=principal.email,
                         action="dashboard.export" if export else "dashboard.view",
                         detail=f"from={start.isoformat()} to={end.isoformat()} "
                                f"scope={'all' if scope is None else ','.join(sorted(principal.inboxes))}")

        by_urgency, by_kind, by_area, by_month = counts.urgency, counts.kind, counts.area, counts.month
        total = sum(by_urgency.values())
        urgency_cells = suppress(((u.value, URGENCY_LABELS[u.value], by_urgency.get(u.value, 0))
                                  for u in Urgency), additive=True)
        kinds = [k.value for k in Kind] + sorted(k for k in by_kind if k not in {k.value for k in Kind})
        kind_cells = suppress(((k, KIND_LABELS.get(k, k.replace("_", " ").capitalize()), by_kind.get(k, 0))
                               for k in kinds), additive=True)
        areas = sorted(by_area.items(), key=lambda item: (-item[1], self._area_name(item[0])))
        area_cells = suppress(((a or "unknown", self._area_name(a), n) for a, n in areas), additive=True)
        month_cells = suppress(((key, label, by_month.get(key, 0)) for key, label in _months(start, end)),
                               additive=True)
        indicators = sorted(by_indicator.items(), key=lambda item: (-item[1], taxonomy.label(item[0])))
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

    def _area_name(self, area_id: str | None) -> str:
        if area_id is None:
            return "Area not known"
        area = self._table.areas.get(area_id)
        return area.name if area else area_id

    @staticmethod
    def _add(totals: dict[Any, int], key: Any, count: int) -> None:
        totals[key] = totals.get(key, 0) + count

    def _counts(self, session: Session, dialect: str, where: ColumnElement[bool], now: datetime) -> _Counts:
        """Count by urgency, kind, area and month, and the acknowledgement counts, in one grouped scan.

        The database returns one row per combination present (a few thousand at
        most), which are added up here into the four breakdowns.
        """
        acknowledged = Referral.acknowledged_at.is_not(None)
        judged = or_(acknowledged, Referral.sla_due_at < now)
        within = and_(acknowledged, Referral.acknowledged_at <= Referral.sla_due_at)
        month = self._month(dialect).label("month")
        groups = (Referral.urgency, Referral.kind, Referral.area_id, month)
        counts = _Counts({}, {}, {}, {}, {})
        for urgency, kind, area, in_month, n, j, w, a in session.execute(
            select(*groups, func.count(), func.count().filter(judged), func.count().filter(within),
                   func.count().filter(acknowledged)).where(where).group_by(*groups)
        ):
            self._add(counts.urgency, urgency, int(n))
            self._add(counts.kind, kind, int(n))
            self._add(counts.area, area, int(n))
            self._add(counts.month, in_month, int(n))
            before = counts.acknowledgement.get(urgency, (0, 0, 0))
            counts.acknowledgement[urgency] = (before[0] + int(j or 0), before[1] + int(w or 0),
                                               before[2] + int(a or 0))
        return counts

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
    def _indicators(session: Session, dialect: str, where: ColumnElement[bool]) -> dict[str, int]:
        """Count referrals per indicator code, unnesting the JSON lists in SQL where possible."""
        if dialect in {"sqlite", "postgresql"}:
            name = "json_each" if dialect == "sqlite" else "json_array_elements_text"
            codes = getattr(func, name)(Referral.indicators).table_valued("value").alias("codes")
            rows = session.execute(
                select(codes.c.value, func.count()).select_from(Referral).join(codes, true())
                .where(where).group_by(codes.c.value)
            ).all()
            return {str(code): int(count) for code, count in rows}
        counts: dict[str, int] = {}  # other databases: stream the one column, in batches
        for codes_list in session.scalars(select(Referral.indicators).where(where)
                                          .execution_options(yield_per=2000)):
            for code in set(codes_list or ()):
                counts[code] = counts.get(code, 0) + 1
        return counts

    def _acknowledgement(self, session: Session, dialect: str, where: ColumnElement[bool],
                         counts: dict[str, tuple[int, int, int]]) -> tuple[AcknowledgementRow, ...]:
        """Judge time to acknowledge from the grouped ``counts`` (judged, within, acknowledged by urgency).

        The median and 90th percentile come from one windowed query that returns
        only the few ranked values needed (``row_number`` per urgency and overall).
        """
        groups = [(u.value, URGENCY_LABELS[u.value], self._sla.target(u).describe()) for u in Urgency]
        totals = tuple(sum(c[i] for c in counts.values()) for i in range(3))
        wanted = {key: _ranks(n) for key, (_j, _w, n) in [*counts.items(), ("all", totals)]
                  if n >= SUPPRESS_BELOW}
        values: dict[str, dict[int, float]] = {key: {} for key in wanted}
        if wanted:
            hours = self._hours_to_acknowledge(dialect)
            ranked = select(
                Referral.urgency, hours.label("hours"),
                func.row_number().over(partition_by=Referral.urgency, order_by=(hours, Referral.id)).label("rank"),
                func.row_number().over(order_by=(hours, Referral.id)).label("overall"),
            ).where(where, Referral.acknowledged_at.is_not(None)).subquery()
            picks = [and_(ranked.c.urgency == key, ranked.c.rank.in_(sorted(ranks)))
                     for key, ranks in wanted.items() if key != "all"]
            if "all" in wanted:
                picks.append(ranked.c.overall.in_(sorted(wanted["all"])))
            for urgency, value, rank, overall in session.execute(
                select(ranked.c.urgency, ranked.c.hours, ranked.c.rank, ranked.c.overall).where(or_(*picks))
            ):
                if urgency in wanted and rank in wanted[urgency]:
                    values[urgency][int(rank)] = float(value)
                if "all" in wanted and overall in wanted["all"]:
                    values["all"][int(overall)] = float(value)
        quantiles = {key: (_quantile(values[key], n, 0.5), _quantile(values[key], n, 0.9))
                     for key, (_j, _w, n) in [*counts.items(), ("all", totals)] if key in wanted}

        rows = []
        for key, label, target in [*groups, ("all", "All urgencies", "by urgency")]:
            j, w, _n = totals if key == "all" else counts.get(key, (0, 0, 0))
            judged_cell, within_cell = _cell("judged", "Judged", j), _cell("within", "Within target", w)
            share = (100.0 * w / j) if j >= SUPPRESS_BELOW and not within_cell.suppressed else None
            median, p90 = quantiles.get(key, (None, None))
            rows.append(AcknowledgementRow(key, label, target, judged_cell, within_cell, share, median, p90))
        return tuple(rows)

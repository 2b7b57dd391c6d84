"""Dashboard views: the charts page and the CSV of aggregates.

The pages live under ``/inbox`` so the staff session cookie (limited to
``/inbox``) reaches them, and they run the inbox's own guard
(:func:`web.inbox.auth.require_full_session`), so signing in works exactly as
for the queue. Each view calls :meth:`~frontdoor.services.dashboard.DashboardService.summary`,
which counts only what the member may see, suppresses small numbers and
audits the view or the export. There is no export of referrals or people.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response, render_template, request

from frontdoor.errors import InvalidInput
from frontdoor.services.dashboard_figures import Dashboard
from web.dashboard.charts import bar_chart
from web.extension import core
from web.inbox import auth
from web.inbox.pages import date_arg, staff_context

bp = Blueprint("dashboard", __name__, url_prefix="/inbox")
bp.before_request(auth.require_full_session)

#: Cells starting with these could be read as formulas by a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@bp.context_processor
def _context() -> dict[str, Any]:
    """Return what the staff templates use: the principal, labels and the time zone."""
    return staff_context()


def _summary(export: bool) -> Dashboard:
    """Return the signed-in member's dashboard for the period in the query (audited).

    Raises:
        InvalidInput: a malformed date or a refused period.
    """
    return core().dashboard.summary(auth.principal(), date_arg("from", "The start"), date_arg("to", "The end"), export=export)


@bp.get("/dashboard")
def page() -> tuple[str, int]:
    """Return the dashboard page; a bad period gives the form again with the error (400)."""
    try:
        board = _summary(export=False)
    except InvalidInput as exc:
        return render_template("dashboard/page.html", board=None, error=str(exc),
                               period={"from": request.args.get("from", ""),
                                       "to": request.args.get("to", "")}), 400
    charts = [bar_chart(b, f"chart-{b.key}") for b in board.breakdowns]
    return render_template("dashboard/page.html", board=board, charts=charts, error=None,
                           period={"from": board.start.isoformat(), "to": board.end.isoformat()}), 200


def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


@bp.get("/dashboard.csv")
def export_csv() -> Response:
    """Return the aggregates as CSV (counts and times only, small numbers suppressed).

    Raises:
        InvalidInput: a malformed date or a refused period (400).
    """
    board = _summary(export=True)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in board.csv_rows():
        writer.writerow([_safe(cell) for cell in row])
    name = f"frontdoor-dashboard-{board.start.isoformat()}-to-{board.end.isoformat()}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})

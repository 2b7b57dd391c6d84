"""The retention review list: closed referrals that had further work and reached the end of their period.

An administrator keeps each one (with a reason and the date it comes up again) or lets
it be deleted by the next purge; both are audited by
:class:`~frontdoor.services.retention.RetentionService`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from frontdoor.errors import Conflict, InvalidInput
from web.extension import core
from web.inbox import auth


def reviews() -> tuple[str, int]:
    """Return the review list: waiting first, then (with ``?all=1``) those kept or let go."""
    shown_all = request.args.get("all") == "1"
    items = core().retention.reviews(auth.principal(), kept=shown_all)
    areas = {area.id: area.name for area in core().table.areas.values()}
    return render_template("admin/retention.html", items=items, shown_all=shown_all, area_names=areas,
                           now=core().clock()), 200


def _until(value: str) -> datetime:
    """Return the start of the day ``value`` (YYYY-MM-DD) in the partnership's time zone.

    Raises:
        InvalidInput: not a date.
    """
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput("The next review must be a date like 2027-03-11.", "until") from None
    return datetime.combine(day, time(), ZoneInfo(core().settings.sla.tz))


def _decide(reference: str, decide: Callable[[], object], refused: str, done: str) -> Response:
    """Run ``decide`` and go back to the list with ``done``, or ``refused`` and the reason it was refused."""
    try:
        decide()
    except (InvalidInput, Conflict) as exc:
        flash(f"{reference.upper()} {refused}: {exc}", "error")
    else:
        flash(f"{reference.upper()} {done}", "success")
    return redirect(url_for("admin.retention_reviews"), 303)


def keep(reference: str) -> Response:
    """Keep the referral with the reason and next review date given; back to the list with a message."""
    until = request.form.get("until", "")
    return _decide(reference, lambda: core().retention.keep(auth.principal(), reference,
                                                            request.form.get("reason"), _until(until)),
                   "not kept", f"kept; it comes up for review again on {until}.")


def release(reference: str) -> Response:
    """Let the referral be deleted by the next purge; back to the list with a message."""
    return _decide(reference, lambda: core().retention.release(auth.principal(), reference),
                   "not let go", "will be deleted by the next retention purge.")


def register(bp: Blueprint) -> None:
    """Add the review list and its actions to the admin blueprint ``bp``."""
    bp.add_url_rule("/retention", "retention_reviews", reviews, methods=["GET"])
    bp.add_url_rule("/retention/<reference>/keep", "retention_keep", keep, methods=["POST"])
    bp.add_url_rule("/retention/<reference>/release", "retention_release", release, methods=["POST"])

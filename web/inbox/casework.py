"""Casework on the referral page: lead agency, actions, review date, the basis for sharing, and a question
to the professional by e-mail; and the overdue list for the queue.

:func:`register` adds the form handlers to the inbox blueprint (behind its
sign-in guard) and two template functions: ``casework_for(reference)`` (the
referral page's partials ``_casework.html`` and ``_sharing.html``) and
``overdue_for_me()`` (the queue's ``_overdue.html``). Each handler reads the
form, calls ``core().casework`` and goes back to the referral with a message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, flash, request

from frontdoor.services.casework import CaseworkView, OverdueItem
from frontdoor.sharing import BASES, CONSENT
from web.extension import core
from web.inbox import auth
from web.inbox.views import _act, _back

#: Where the casework and the basis for sharing are on the referral page (actions come back to them).
ANCHOR = "casework"
SHARING = "sharing"


def casework_for(reference: str) -> CaseworkView:
    """Return the casework of ``reference`` as the signed-in member sees it (the referral page's partials)."""
    return core().casework.get(auth.principal(), reference)


def overdue_for_me() -> list[OverdueItem]:
    """Return the signed-in member's overdue actions and reviews (the queue's ``_overdue.html``)."""
    return core().casework.overdue(auth.principal())


def local_day(value: datetime | None) -> str:
    """Return the day of ``value`` in the partnership's time zone as YYYY-MM-DD ("" for None)."""
    return value.astimezone(ZoneInfo(core().settings.sla.tz)).date().isoformat() if value else ""


def template_context() -> dict[str, Any]:
    """Return the template functions and vocabularies the casework partials use."""
    return {"local_day": local_day, "casework_for": casework_for, "overdue_for_me": overdue_for_me, "sharing_consent": CONSENT,
            "sharing_bases": BASES, "sharing_agreements": core().casework.agreements,
            "agencies": core().table.agencies}


def lead_agency(reference: str) -> Response:
    """Set or clear the lead agency and go back to the referral."""
    agency = request.form.get("lead_agency") or None
    _act(reference, lambda who: core().casework.set_lead_agency(who, reference, agency),
         conflict="Lead agency not changed", invalid="Lead agency not changed", anchor=ANCHOR)
    flash("Lead agency recorded." if agency else "Lead agency cleared.", "success")
    return _back(reference, ANCHOR)


def review(reference: str) -> Response:
    """Set or clear the review date and go back to the referral."""
    day = request.form.get("review_at", "")
    _act(reference, lambda who: core().casework.set_review(who, reference, day),
         conflict="Review date not changed", invalid="Review date not changed", anchor=ANCHOR)
    flash("Review date recorded.", "success")
    return _back(reference, ANCHOR)


def add_action(reference: str) -> Response:
    """Add an action with its owner and due date and go back to the referral."""
    title = request.form.get("title", "")
    owner = request.form.get("owner") or None
    due = request.form.get("due_at", "")
    _act(reference, lambda who: core().casework.add_action(who, reference, title, owner, due),
         conflict="Action not added", invalid="Action not added", anchor=ANCHOR)
    flash("Action added.", "success")
    return _back(reference, ANCHOR)


def complete_action(reference: str) -> Response:
    """Mark the action posted as ``action`` done and go back to the referral."""
    choice = request.form.get("action", "")
    action_id = int(choice) if choice.isascii() and choice.isdigit() and len(choice) <= 12 else 0
    _act(reference, lambda who: core().casework.complete_action(who, reference, action_id),
         conflict="Not marked done", anchor=ANCHOR)
    flash("Action marked done.", "success")
    return _back(reference, ANCHOR)


def sharing(reference: str) -> Response:
    """Record the basis for sharing and go back to the referral."""
    form = request.form
    _act(reference, lambda who: core().casework.record_basis(
        who, reference, form.get("consent") or None, form.get("basis") or None, form.get("reason"),
        form.get("agreement") or None), invalid="Basis for sharing not recorded", anchor=SHARING)
    flash("Basis for sharing recorded.", "success")
    return _back(reference, SHARING)


def ask_professional(reference: str) -> Response:
    """E-mail the professional reporter a question and go back to the referral."""
    text = request.form.get("question", "")
    _act(reference, lambda who: core().casework.ask_professional(who, reference, text),
         conflict="Not sent", invalid="Not sent", anchor=ANCHOR)
    flash("Question e-mailed. Their answer will appear on the timeline.", "success")
    return _back(reference, ANCHOR)


def register(bp: Blueprint) -> None:
    """Add the casework form handlers and template functions to the inbox blueprint."""
    bp.context_processor(template_context)
    bp.add_url_rule("/r/<reference>/lead-agency", view_func=lead_agency, methods=["POST"])
    bp.add_url_rule("/r/<reference>/review", view_func=review, methods=["POST"])
    bp.add_url_rule("/r/<reference>/actions", view_func=add_action, methods=["POST"])
    bp.add_url_rule("/r/<reference>/actions/done", view_func=complete_action, methods=["POST"])
    bp.add_url_rule("/r/<reference>/sharing", view_func=sharing, methods=["POST"])
    bp.add_url_rule("/r/<reference>/question-email", view_func=ask_professional, methods=["POST"])

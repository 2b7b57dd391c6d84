"""The referral's status and outcomes on its page: set a status, record outcomes, reopen.

Each action posts, calls one workflow method and returns to the status and outcomes
section of the referral (``#workflow``) with a message; a refusal the member can put
right comes back the same way with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, flash, request

from frontdoor.errors import Conflict, InvalidInput
from frontdoor.services.referrals import OutcomesView
from frontdoor.views import Principal, ReferralDetail
from web.extension import core
from web.inbox import auth
from web.inbox.views import _back

ANCHOR = "workflow"


def _act(reference: str, action: Callable[[Principal], ReferralDetail], refused: str, done: str) -> Response:
    """Run ``action`` for the signed-in member and go back to the referral with ``done`` or why it was refused.

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    try:
        detail = action(auth.principal())
    except (InvalidInput, Conflict) as exc:
        flash(f"{refused}: {exc}", "error")
        return _back(reference, ANCHOR)
    flash(done.format(status=detail.status.replace("_", " "), outcome=detail.outcome_label), "success")
    return _back(detail.reference, ANCHOR)


def set_status(reference: str) -> Response:
    """Set the status (in progress, awaiting a partner) and go back to the referral."""
    status = request.form.get("status", "")
    return _act(reference, lambda who: core().workflow.set_status(who, reference, status),
                "Status not changed", "Status changed to {status}.")


def record_outcomes(reference: str) -> Response:
    """Record the outcomes ticked (several allowed) and go back; one that closes the referral closes it."""
    chosen = request.form.getlist("outcome")
    note = request.form.get("note") or None
    return _act(reference, lambda who: core().workflow.record_outcomes(who, reference, chosen, note),
                "Outcomes not recorded", "Outcomes recorded. The referral is {status}.")


def reopen(reference: str) -> Response:
    """Reopen the closed referral with the reason given and go back to it."""
    reason = request.form.get("reason", "")
    return _act(reference, lambda who: core().workflow.reopen(who, reference, reason),
                "Not reopened", "Referral reopened.")


def _workflow_of(reference: str) -> OutcomesView:
    """Return the status and outcomes of the referral as the signed-in member sees them."""
    return core().workflow.outcomes(auth.principal(), reference)


def register(bp: Blueprint) -> None:
    """Add the status and outcome actions to the inbox blueprint ``bp``, and ``workflow_of`` to its templates."""
    bp.add_url_rule("/r/<reference>/status", "set_status", set_status, methods=["POST"])
    bp.add_url_rule("/r/<reference>/outcomes", "record_outcomes", record_outcomes, methods=["POST"])
    bp.add_url_rule("/r/<reference>/reopen", "reopen", reopen, methods=["POST"])

    @bp.context_processor
    def _context() -> dict[str, Any]:
        return {"workflow_of": _workflow_of}

"""Related referrals on the referral page: the list to confirm or dismiss, and the linked chronology.

:func:`register` adds the two actions to the inbox blueprint (behind its
two-factor guard) and ``related_panel`` to its templates, which
``inbox/_related.html`` calls. Proposals, visibility and the audit trail are
the core's (``core().related``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, request

from frontdoor.services.related import RelatedPanel
from web.extension import core
from web.inbox import auth
from web.inbox.views import _back

#: Where the related referrals are on the referral page.
ANCHOR = "related"


def related_panel(reference: str) -> RelatedPanel:
    """Return the related referrals of ``reference`` the signed-in member may see (audited).

    Raises:
        NotFound: the referral is not visible to them.
    """
    return core().related.panel(auth.principal(), reference)


#: What each decision says when done (``{other}``: the other referral's reference).
DONE = {
    "confirm": "Linked with {other}: its key events are in the chronology.",
    "dismiss": "{other} is not shown as possibly related again.",
}


def _decide(reference: str, decision: str) -> Response:
    """Confirm the posted ``other`` referral as related, or dismiss it (never proposed again); go back.

    Raises:
        NotFound: either referral is not visible (404). AccessDenied: an info-only copy (403).
        InvalidInput: the referral itself (400).
    """
    other = request.form.get("other", "")
    service = core().related
    (service.confirm if decision == "confirm" else service.dismiss)(auth.principal(), reference, other)
    flash(DONE[decision].format(other=other.upper()), "success")
    return _back(reference, ANCHOR)


def confirm(reference: str) -> Response:
    """Link the posted ``other`` referral as related (see :func:`_decide`)."""
    return _decide(reference, "confirm")


def dismiss(reference: str) -> Response:
    """Dismiss the posted ``other`` referral: not related, never proposed again (see :func:`_decide`)."""
    return _decide(reference, "dismiss")


def _context() -> dict[str, Any]:
    return {"related_panel": related_panel}


def register(bp: Blueprint) -> None:
    """Add the related-referral actions and ``related_panel`` (for templates) to the inbox blueprint ``bp``."""
    bp.add_url_rule("/r/<reference>/related/confirm", "confirm_related", confirm, methods=["POST"])
    bp.add_url_rule("/r/<reference>/related/dismiss", "dismiss_related", dismiss, methods=["POST"])
    bp.context_processor(_context)

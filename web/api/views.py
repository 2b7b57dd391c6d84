"""Staff JSON API: ``GET /api/referrals`` and ``GET /api/referrals/<reference>``.

Every request needs ``Authorization: Bearer <token>`` (a personal token from
``frontdoor staff token``); failures are 401 with ``WWW-Authenticate: Bearer``.
A member sees only their own inboxes' referrals: any other reference is 404.
"""

from __future__ import annotations

from flask import Blueprint, Response, g, jsonify, request

from frontdoor.errors import InvalidInput
from frontdoor.views import Principal
from web.extension import core

bp = Blueprint("api", __name__, url_prefix="/api/referrals")

MAX_LIMIT = 500


def bearer_token(header: str | None) -> str | None:
    """Return the token of an ``Authorization: Bearer <token>`` header, else None."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


@bp.before_request
def _authenticate() -> None:
    """Resolve the bearer token.

    Raises:
        AuthenticationFailed: missing, unknown or revoked token (401).
    """
    g.principal = core().staff.authenticate_token(bearer_token(request.headers.get("Authorization")))


def _principal() -> Principal:
    """Return the staff member the bearer token belongs to."""
    principal: Principal = g.principal
    return principal


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    """Return query parameter ``name`` as a whole number, ``default`` when absent.

    Raises:
        InvalidInput: not a whole number from ``low`` to ``high``.
    """
    value = request.args.get(name)
    if value is None or value == "":
        return default
    if not (value.isascii() and value.isdigit()) or len(value) > 12 or not low <= int(value) <= high:
        raise InvalidInput(f"{name} must be a whole number from {low} to {high}.", name)
    return int(value)


@bp.get("")
def list_referrals() -> Response:
    """Return ``{"referrals": [summary, ...]}`` for the caller's inboxes.

    Query: ``inbox``, ``urgency`` (red/amber/green), ``status``
    (open, all, or one status: new, acknowledged, in_progress, awaiting_partner,
    closed, reopened; default open), ``kind``, ``assigned``
    (``me`` or ``unassigned``), ``scope`` (``owned``, ``copies`` or ``all``),
    ``limit`` (1-500, default 100), ``offset``.

    Raises:
        InvalidInput: a bad filter or number (400). NotFound: an inbox that is
            not the caller's (404).
    """
    summaries = core().queries.queue(
        _principal(),
        inbox=request.args.get("inbox") or None,
        urgency=request.args.get("urgency") or None,
        status=request.args.get("status") or None,
        kind=request.args.get("kind") or None,
        assigned=request.args.get("assigned") or None,
        scope=request.args.get("scope") or None,
        limit=_int_arg("limit", 100, 1, MAX_LIMIT),
        offset=_int_arg("offset", 0, 0, 10_000_000),
    )
    return jsonify({"referrals": [s.to_json() for s in summaries]})


@bp.get("/<reference>")
def get_referral(reference: str) -> Response:
    """Return one referral in full (``ReferralDetail.to_json()``).

    Besides the triage, routing and people it carries the workflow state:
    ``status`` (new, acknowledged, in_progress, awaiting_partner, closed or
    reopened) and ``status_label``, ``outcome`` (the id of the outcome that
    closed it, from the partnership's workflow file) and ``outcome_label``,
    ``outcomes`` (every outcome recorded, oldest first: ``id``, ``label``,
    ``at``, ``by``), ``offered`` (the outcomes of its area, for its owner:
    ``id``, ``label``, ``closes``), ``settable_statuses`` and ``can_reopen``
    (what its owner may do next), ``assigned_to`` (``{"id", "email", "name"}`` or
    null), ``inbox`` (the owner), ``copies`` (info-only copies), ``is_copy``
    (the caller holds only a copy), ``out_of_hours`` (the inbox covering a
    red referral while its owner is closed, or null) and ``on_duty`` (the
    caller is that inbox, and may acknowledge it) and ``events``, the timeline oldest first
    (``at``, ``actor``, ``action``, ``body``). The casework: ``lead_agency`` (an agency code
    of the routing table, or null) and ``lead_agency_label``, ``review_at`` and
    ``review_overdue``, ``actions`` (``id``, ``title``, ``owner`` ``inbox:<id>`` or
    ``staff:<id>``, ``owner_label``, ``due_at``, ``done_at``, ``overdue``), ``sharing``
    (``consent``, ``basis``, ``reason``, ``agreement`` and their labels) and
    ``feedback_wanted``. Owners and copy holders see the same referral; anyone else gets 404.

    Raises:
        NotFound: no such referral among the caller's inboxes (404).
    """
    principal = _principal()
    detail = core().queries.get(principal, reference)
    data = {**detail.to_json(), **core().casework.get(principal, detail.reference).to_json()}
    data.update(core().workflow.outcomes(principal, reference).to_json())
    return jsonify(data)

"""Admin pages: the audit log, staff accounts, inboxes and the routing table.

The area lives under ``/inbox/admin`` so the staff session cookie (limited to
``/inbox``) reaches it, and it runs the inbox's own guard first
(:func:`web.inbox.auth.require_full_session`: password and second factor), so
signing in works exactly as for the inbox. Then anyone
who is not an administrator gets the 403 page, and the refusal is audited.
Each view calls one method of :class:`~frontdoor.services.admin.AdminService`,
which audits what the administrator did. Every form posts with a CSRF token and
redirects back with a message; nothing needs JavaScript.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from frontdoor.errors import Conflict, InvalidInput
from web.extension import core
from web.inbox import auth
from web.inbox.pages import date_arg, staff_context

bp = Blueprint("admin", __name__, url_prefix="/inbox/admin")

AUDIT_PAGE_SIZE = 50


@bp.before_request
def _require_admin() -> Response | None:
    """Sign the member in as the inbox does, then refuse anyone who is not an administrator.

    Raises:
        AccessDenied: fully signed in, but not an administrator (403, audited).
    """
    response = auth.require_full_session()
    if response is not None:
        return response
    core().admin.require_admin(auth.principal(), f"page {request.endpoint}")
    return None


@bp.context_processor
def _context() -> dict[str, Any]:
    """Return what the staff templates use (principal, labels, time zone) and the inbox names."""
    return staff_context(inbox_names={inbox.id: inbox.name for inbox in core().table.inboxes.values()})


@bp.get("/")
def index() -> tuple[str, int]:
    """Return the admin start page with the chain status."""
    return render_template("admin/index.html", chain=core().admin.verify_chain(auth.principal())), 200


# --- the audit log ------------------------------------------------------------------
def _page_arg() -> int:
    """Return the page asked for (1 when none).

    Raises:
        InvalidInput: not a whole number from 1 to 100,000.
    """
    value = request.args.get("page") or "1"
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 100_000:
        raise InvalidInput("The page number must be a whole number from 1.", "page")
    return int(value)


@bp.get("/audit")
def audit_log() -> tuple[str, int]:
    """Return a page of the audit log, newest first, filtered, with the chain status.

    Raises:
        InvalidInput: a bad date or page number (400).
    """
    filters = {key: (request.args.get(key) or "").strip() for key in ("reference", "actor", "action")}
    since, until = date_arg("since", "since"), date_arg("until", "until")
    page = _page_arg()
    admin = core().admin
    result = admin.audit_log(
        auth.principal(), reference=filters["reference"] or None, actor=filters["actor"] or None,
        action=filters["action"] or None, since=since, until=until,
        limit=AUDIT_PAGE_SIZE, offset=(page - 1) * AUDIT_PAGE_SIZE,
    )
    query = {**filters, "since": since.isoformat() if since else "", "until": until.isoformat() if until else ""}
    return render_template(
        "admin/audit.html",
        entries=result.entries,
        has_next=result.has_next,
        page=page,
        filters=query,
        actions=admin.audit_actions(auth.principal()),
        chain=admin.verify_chain(auth.principal()),
        page_query={k: v for k, v in query.items() if v},
    ), 200


# --- staff ----------------------------------------------------------------------------
def _render_staff(status: int = 200, **form: Any) -> tuple[str, int]:
    return render_template(
        "admin/staff.html",
        accounts=core().admin.list_staff(auth.principal()),
        inbox_choices=core().admin.inbox_choices(),
        form=form,
    ), status


@bp.get("/staff")
def staff() -> tuple[str, int]:
    """Return the staff list and the form to add a member."""
    return _render_staff()


@bp.post("/staff")
def add_staff() -> tuple[str, int]:
    """Create an account and show its one-time initial password once.

    Returns the list again with the error when the form cannot be used (400,
    or 409 when the e-mail already has an account).
    """
    email = request.form.get("email", "").strip()
    name = request.form.get("name", "").strip()
    inboxes = request.form.getlist("inbox")
    is_admin = request.form.get("is_admin") == "1"
    try:
        account, password = core().admin.add_staff(auth.principal(), email, inboxes, name=name or None,
                                                   is_admin=is_admin)
    except (InvalidInput, Conflict) as exc:
        return _render_staff(409 if isinstance(exc, Conflict) else 400, error=str(exc), email=email, name=name,
                             inboxes=inboxes, is_admin=is_admin)
    # Rendered, not redirected: the password must never travel in a flash cookie.
    return render_template("admin/staff_added.html", account=account, password=password), 200


@bp.get("/staff/<int:staff_id>")
def staff_member(staff_id: int) -> tuple[str, int]:
    """Return one account with its forms.

    Raises:
        NotFound: no such account (404).
    """
    return render_template(
        "admin/staff_member.html",
        account=core().admin.get_staff(auth.principal(), staff_id),
        inbox_choices=core().admin.inbox_choices(),
    ), 200


def _back(staff_id: int) -> Response:
    return redirect(url_for("admin.staff_member", staff_id=staff_id), 303)


@bp.post("/staff/<int:staff_id>/active")
def set_active(staff_id: int) -> Response:
    """Deactivate (``active=0``) or reactivate (``active=1``) an account.

    Raises:
        InvalidInput: another value (400). NotFound (404).
    """
    value = request.form.get("active")
    if value not in {"0", "1"}:
        raise InvalidInput("Choose to deactivate or reactivate.", "active")
    try:
        account = core().admin.set_active(auth.principal(), staff_id, value == "1")
    except Conflict as exc:
        flash(str(exc), "error")
        return _back(staff_id)
    flash(f"{account.email} {'reactivated' if account.active else 'deactivated; their sessions have ended'}.",
          "success")
    return _back(staff_id)


@bp.post("/staff/<int:staff_id>/inboxes")
def set_inboxes(staff_id: int) -> Response:
    """Replace the account's inboxes with the ticked ones."""
    try:
        account = core().admin.set_inboxes(auth.principal(), staff_id, request.form.getlist("inbox"))
    except InvalidInput as exc:
        flash(f"Inboxes not changed: {exc}", "error")
        return _back(staff_id)
    flash(f"Inboxes of {account.email} updated.", "success")
    return _back(staff_id)


@bp.post("/staff/<int:staff_id>/reset-two-factor")
def reset_two_factor(staff_id: int) -> Response:
    """Forget the account's authenticator; they enrol again at their next sign-in."""
    account = core().admin.reset_two_factor(auth.principal(), staff_id)
    flash(f"Two-factor reset for {account.email}: they set up their authenticator again at next sign-in.",
          "success")
    return _back(staff_id)


@bp.post("/staff/<int:staff_id>/revoke-tokens")
def revoke_tokens(staff_id: int) -> Response:
    """Revoke every API token of the account."""
    count = core().admin.revoke_tokens(auth.principal(), staff_id)
    flash(f"{count} API token{'' if count == 1 else 's'} revoked.", "success")
    return _back(staff_id)


# --- inboxes and routing ----------------------------------------------------------------
@bp.get("/routing")
def routing() -> tuple[str, int]:
    """Return the inboxes, the areas with their places, and the routing check (read-only)."""
    return render_template("admin/routing.html", routing=core().admin.routing(auth.principal())), 200

"""SPOC inbox views. Each parses the form or query, calls one core service and renders.

Every page but sign-in needs a signed-in staff member (see :func:`_require_sign_in`).
Referrals the member may not see are 404s, exactly like ones that do not exist.
Workflow actions post, then redirect back to the referral with a message.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from frontdoor.errors import AuthenticationFailed, Conflict, InvalidInput
from frontdoor.services.referrals import OUTCOMES
from web.extension import core
from web.inbox import auth, display

bp = Blueprint("inbox", __name__, url_prefix="/inbox")

PAGE_SIZE = 100
_OPEN_ENDPOINTS = frozenset({"inbox.login"})


@bp.before_request
def _require_sign_in() -> Response | None:
    """Resolve the staff session, or send the browser to the sign-in page."""
    if request.endpoint in _OPEN_ENDPOINTS:
        return None
    token = auth.session_token()
    try:
        g.principal = core().staff.resolve_session(token)
    except AuthenticationFailed as exc:
        if token:
            flash(str(exc) if "expired" in str(exc) else "Please sign in again.", "error")
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        response = redirect(url_for("inbox.login", next=auth.safe_next(target)))
        if token:
            auth.clear_session_cookie(response)
        return response
    return None


@bp.context_processor
def _context() -> dict[str, Any]:
    """Return what every inbox template may use: the principal, labels, the time zone."""
    return {
        "principal": g.get("principal"),
        "display": display,
        "tz": core().settings.sla.tz,
    }


# --- signing in and out -----------------------------------------------------------
@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int]:
    """Show the sign-in form, or check it and start a session.

    Returns 401 with the form again when the credentials are not accepted.
    """
    next_page = auth.safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("inbox/login.html", next_page=next_page, email="", error=None), 200
    email = request.form.get("email", "").strip()
    try:
        principal = core().staff.authenticate_password(email, request.form.get("password", ""))
    except AuthenticationFailed as exc:
        return render_template("inbox/login.html", next_page=next_page, email=email, error=str(exc)), 401
    token = core().staff.start_session(principal)
    session.clear()  # a fresh CSRF secret for the signed-in session
    response = redirect(next_page or url_for("inbox.queue"), 303)
    auth.set_session_cookie(response, token)
    return response


@bp.post("/logout")
def logout() -> Response:
    """End the server-side session and forget the cookie."""
    core().staff.end_session(auth.session_token(), actor=auth.principal().email)
    session.clear()
    flash("You have signed out.", "success")
    response = redirect(url_for("inbox.login"), 303)
    auth.clear_session_cookie(response)
    return response


# --- the queue ----------------------------------------------------------------------
def _page_number(value: str | None) -> int:
    """Return the queue page asked for (1 when none).

    Raises:
        InvalidInput: not a whole number from 1 to 10,000.
    """
    if not value:
        return 1
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 10_000:
        raise InvalidInput("The page number must be a whole number from 1.", "page")
    return int(value)


@bp.get("/")
def queue() -> tuple[str, int]:
    """Return the queue of referrals in the signed-in member's inboxes, filtered.

    Raises:
        InvalidInput: an unknown filter value (400). NotFound: an inbox that is
            not theirs (404).
    """
    filters = {key: (request.args.get(key) or None) for key in ("inbox", "urgency", "status")}
    page = _page_number(request.args.get("page"))
    rows = core().referrals.queue(auth.principal(), **filters, limit=PAGE_SIZE + 1,
                                  offset=(page - 1) * PAGE_SIZE)
    inboxes = sorted(
        ((inbox_id, core().table.inboxes[inbox_id].name if inbox_id in core().table.inboxes else inbox_id)
         for inbox_id in auth.principal().inboxes),
        key=lambda pair: pair[1],
    )
    return render_template(
        "inbox/queue.html",
        referrals=rows[:PAGE_SIZE],
        has_next=len(rows) > PAGE_SIZE,
        page=page,
        filters={**filters, "status": filters["status"] or "open"},
        inboxes=inboxes,
        now=core().clock(),
    ), 200


# --- one referral ---------------------------------------------------------------------
def _render_referral(reference: str, status: int = 200, **form_state: Any) -> tuple[str, int]:
    """Return the referral page, with ``form_state`` (errors, typed text) for its forms.

    Raises:
        NotFound: not visible to the signed-in member.
    """
    detail = core().referrals.get(auth.principal(), reference)
    return render_template(
        "inbox/referral.html",
        referral=detail,
        outcomes=OUTCOMES,
        now=core().clock(),
        form=form_state,
    ), status


@bp.get("/r/<reference>")
def referral(reference: str) -> tuple[str, int]:
    """Return the referral page.

    Raises:
        NotFound: no such referral in the member's inboxes (404).
    """
    return _render_referral(reference)


def _back(reference: str) -> Response:
    """Return a See Other redirect to the referral page."""
    return redirect(url_for("inbox.referral", reference=reference), 303)


@bp.post("/r/<reference>/acknowledge")
def acknowledge(reference: str) -> Response:
    """Acknowledge the referral and go back to it.

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    try:
        detail = core().referrals.acknowledge(auth.principal(), reference)
    except Conflict as exc:
        flash(f"Not acknowledged: {exc}", "error")
        return _back(reference)
    flash("Referral acknowledged. The response clock has stopped.", "success")
    return _back(detail.reference)


@bp.post("/r/<reference>/note")
def add_note(reference: str) -> Response | tuple[str, int]:
    """Add a note and go back to the referral; on a bad note, show it again with the error (400).

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    text = request.form.get("note", "")
    try:
        detail = core().referrals.add_note(auth.principal(), reference, text)
    except InvalidInput as exc:
        return _render_referral(reference, 400, note_error=str(exc), note=text)
    flash("Note added.", "success")
    return _back(detail.reference)


@bp.post("/r/<reference>/close")
def close(reference: str) -> Response | tuple[str, int]:
    """Record the outcome, close the referral and go back to it.

    Returns the page again with the error (400) when no valid outcome was chosen.

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    outcome = request.form.get("outcome", "")
    note = request.form.get("note") or None
    try:
        detail = core().referrals.close(auth.principal(), reference, outcome, note)
    except InvalidInput as exc:
        return _render_referral(reference, 400, close_error=str(exc), close_note=note or "",
                                outcome=outcome)
    except Conflict as exc:
        flash(f"Not closed: {exc}", "error")
        return _back(reference)
    flash(f"Referral closed: {OUTCOMES[outcome]}.", "success")
    return _back(detail.reference)


@bp.post("/r/<reference>/question")
def ask_reporter(reference: str) -> Response | tuple[str, int]:
    """Post a question an anonymous reporter reads with their reference and code.

    Returns the page again with the error (400) for an empty question.

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    text = request.form.get("question", "")
    try:
        detail = core().referrals.ask_reporter(auth.principal(), reference, text)
    except InvalidInput as exc:
        return _render_referral(reference, 400, question_error=str(exc), question=text)
    except Conflict as exc:
        flash(f"Not sent: {exc}", "error")
        return _back(reference)
    flash("Question posted. The reporter sees it when they next text their reference and code.", "success")
    return _back(detail.reference)

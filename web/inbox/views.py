"""SPOC inbox views. Each parses the form or query, calls one core service and renders.

Every page but sign-in needs a fully signed-in staff member, password and code
(the pages and the guard are in :mod:`web.inbox.auth`).
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
    url_for,
)

from frontdoor.errors import Conflict, InvalidInput
from frontdoor.services.referrals import OUTCOMES
from web.extension import core
from web.inbox import auth, display

bp = Blueprint("inbox", __name__, url_prefix="/inbox")

PAGE_SIZE = 100
auth.register(bp)  # sign-in, two-factor, sign-out, and the guard in front of every other page


@bp.context_processor
def _context() -> dict[str, Any]:
    """Return what every inbox template may use: the principal, labels, the time zone."""
    return {
        "principal": g.get("principal"),
        "display": display,
        "tz": core().settings.sla.tz,
        "area_names": {area.id: area.name for area in core().table.areas.values()},
    }


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


QUEUE_FILTERS = ("inbox", "urgency", "status", "kind", "assigned", "scope")


@bp.get("/")
def queue() -> tuple[str, int]:
    """Return the queue of referrals in the signed-in member's inboxes, filtered and paged.

    Query: ``inbox``, ``urgency``, ``status``, ``kind``, ``assigned`` (``me`` or
    ``unassigned``), ``scope`` (``owned`` or ``copies``) and ``page``.

    Raises:
        InvalidInput: an unknown filter value (400). NotFound: an inbox that is
            not theirs (404).
    """
    filters = {key: (request.args.get(key) or None) for key in QUEUE_FILTERS}
    page = _page_number(request.args.get("page"))
    rows = core().queries.queue(auth.principal(), **filters, limit=PAGE_SIZE + 1,
                                  offset=(page - 1) * PAGE_SIZE)
    inboxes = sorted(
        ((inbox_id, core().table.inboxes[inbox_id].name if inbox_id in core().table.inboxes else inbox_id)
         for inbox_id in auth.principal().inboxes),
        key=lambda pair: pair[1],
    )
    shown = {**filters, "status": filters["status"] or "open"}
    return render_template(
        "inbox/queue.html",
        referrals=rows[:PAGE_SIZE],
        has_next=len(rows) > PAGE_SIZE,
        page=page,
        filters=shown,
        # Paging links keep the filters (url_for leaves out the empty ones).
        page_args={key: value for key, value in shown.items() if value},
        inboxes=inboxes,
        now=core().clock(),
    ), 200


# --- one referral ---------------------------------------------------------------------
def _render_referral(reference: str, status: int = 200, **form_state: Any) -> tuple[str, int]:
    """Return the referral page, with ``form_state`` (errors, typed text) for its forms.

    Raises:
        NotFound: not visible to the signed-in member.
    """
    detail = core().queries.get(auth.principal(), reference)
    return render_template(
        "inbox/referral.html",
        referral=detail,
        outcomes=OUTCOMES,
        directory=core().queries.inbox_directory() if not detail.is_copy else (),
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
        detail = core().workflow.acknowledge(auth.principal(), reference)
    except Conflict as exc:
        flash(f"Not acknowledged: {exc}", "error")
        return _back(reference)
    flash("Referral acknowledged. The response clock has stopped.", "success")
    return _back(detail.reference)


@bp.post("/r/<reference>/note")
def add_note(reference: str) -> Response | tuple[str, int]:
    """Add a note and go back to the referral; on a bad note, show it again with the error (400).

    Copy holders may add notes too.

    Raises:
        NotFound (404).
    """
    text = request.form.get("note", "")
    try:
        detail = core().workflow.add_note(auth.principal(), reference, text)
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
        detail = core().workflow.close(auth.principal(), reference, outcome, note)
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
        detail = core().workflow.ask_reporter(auth.principal(), reference, text)
    except InvalidInput as exc:
        return _render_referral(reference, 400, question_error=str(exc), question=text)
    except Conflict as exc:
        flash(f"Not sent: {exc}", "error")
        return _back(reference)
    flash("Question posted. The reporter sees it when they next text their reference and code.", "success")
    return _back(detail.reference)


@bp.post("/r/<reference>/urgency")
def change_urgency(reference: str) -> Response | tuple[str, int]:
    """Change the urgency with a reason and go back to the referral.

    Returns the page again with the error (400) without a reason or a valid urgency.

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    urgency = request.form.get("urgency", "")
    reason = request.form.get("reason", "")
    try:
        detail = core().workflow.change_urgency(auth.principal(), reference, urgency, reason)
    except InvalidInput as exc:
        return _render_referral(reference, 400, urgency_error=str(exc), urgency_field=exc.field,
                                urgency=urgency, urgency_reason=reason)
    except Conflict as exc:
        flash(f"Urgency not changed: {exc}", "error")
        return _back(reference)
    flash(f"Urgency changed to {display.label(display.URGENCY_LABELS, detail.urgency)}; "
          "the response target has been worked out again.", "success")
    return _back(detail.reference)


def _staff_id(value: str | None) -> int | None:
    """Return the staff id chosen in the assignment form (None: nobody).

    Raises:
        InvalidInput: not a whole number.
    """
    if value in (None, "", "none"):
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise InvalidInput("Choose someone from the list.", "assignee")
    return int(value)


@bp.post("/r/<reference>/assign")
def reassign(reference: str) -> Response | tuple[str, int]:
    """Assign the referral to a member of the owning inbox and go back to it.

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    choice = request.form.get("assignee")
    try:
        detail = core().workflow.reassign(auth.principal(), reference, _staff_id(choice))
    except InvalidInput as exc:
        return _render_referral(reference, 400, assign_error=str(exc), assignee=choice or "")
    except Conflict as exc:
        flash(f"Not reassigned: {exc}", "error")
        return _back(reference)
    who = detail.assigned_to.display_name if detail.assigned_to else "nobody"
    flash(f"Assigned to {who}.", "success")
    return _back(detail.reference)


@bp.post("/r/<reference>/transfer")
def transfer(reference: str) -> Response | tuple[str, int]:
    """Transfer the referral to another inbox; back to it, or to the queue if no longer visible.

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    inbox_id = request.form.get("inbox", "")
    reason = request.form.get("reason", "")
    keep_copy = request.form.get("keep_copy") == "yes"
    try:
        detail = core().workflow.transfer(auth.principal(), reference, inbox_id, reason, keep_copy=keep_copy)
    except InvalidInput as exc:
        return _render_referral(reference, 400, transfer_error=str(exc), transfer_field=exc.field,
                                transfer_inbox=inbox_id, transfer_reason=reason, keep_copy=keep_copy)
    except Conflict as exc:
        flash(f"Not transferred: {exc}", "error")
        return _back(reference)
    name = core().table.inboxes[inbox_id].name
    if detail is None:
        flash(f"Referral {reference.upper()} transferred to {name}.", "success")
        return redirect(url_for("inbox.queue"), 303)
    flash(f"Transferred to {name}." + (" Your inbox keeps an info-only copy." if detail.is_copy else ""),
          "success")
    return _back(detail.reference)


@bp.post("/r/<reference>/copies")
def add_copy(reference: str) -> Response | tuple[str, int]:
    """Send an info-only copy to another inbox and go back to the referral.

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    inbox_id = request.form.get("inbox", "")
    try:
        detail = core().workflow.add_copy(auth.principal(), reference, inbox_id)
    except InvalidInput as exc:
        return _render_referral(reference, 400, copy_error=str(exc), copy_inbox=inbox_id)
    except Conflict as exc:
        flash(f"No copy sent: {exc}", "error")
        return _back(reference)
    flash(f"Info-only copy sent to {core().table.inboxes[inbox_id].name}.", "success")
    return _back(detail.reference)


@bp.post("/r/<reference>/copies/remove")
def remove_copy(reference: str) -> Response:
    """Withdraw an inbox's info-only copy and go back to the referral.

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    inbox_id = request.form.get("inbox", "")
    try:
        detail = core().workflow.remove_copy(auth.principal(), reference, inbox_id)
    except InvalidInput as exc:
        flash(f"Copy not withdrawn: {exc}", "error")
        return _back(reference)
    flash("Info-only copy withdrawn.", "success")
    return _back(detail.reference)

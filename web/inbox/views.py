"""SPOC inbox views. Each parses the form or query, calls one core service and renders.

Every page but sign-in needs a fully signed-in staff member, password and code
(the pages and the guard are in :mod:`web.inbox.auth`).
Referrals the member may not see are 404s, exactly like ones that do not exist.
Workflow actions post, then redirect back to the referral with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from frontdoor.errors import Conflict, InvalidInput
from frontdoor.views import Principal, ReferralDetail
from web.extension import core
from web.inbox import auth, display
from web.inbox.pages import staff_context
from web.inbox.queue_table import queue_lines

bp = Blueprint("inbox", __name__, url_prefix="/inbox")

PAGE_SIZE = 100
#: Copies for information shown under the member's own referrals (all of them with scope=copies).
COPIES_SHOWN = 20
T = TypeVar("T")
#: The referral page's sections an action returns to; each shows the messages of the actions taken in it.
SECTIONS = ("actions", "copy-notes", "workflow", "casework", "sharing", "related", "routing")
#: Session key: the section the next referral page shows the messages in (set with the redirect back to it).
FLASH_AT = "flash_at"
auth.register(bp)  # sign-in, two-factor, sign-out, and the guard in front of every other page


@bp.context_processor
def _context() -> dict[str, Any]:
    """Return what every inbox template may use: the principal, labels, the time zone."""
    return staff_context(area_names={area.id: area.name for area in core().table.areas.values()})


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
QUEUE_DEFAULTS = {"status": "open", "scope": "all"}


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
    queue_page = core().queries.queue_page(auth.principal(), **filters, limit=PAGE_SIZE,
                                           offset=(page - 1) * PAGE_SIZE, copies_limit=COPIES_SHOWN)
    inboxes = sorted(
        ((inbox_id, core().table.inboxes[inbox_id].name if inbox_id in core().table.inboxes else inbox_id)
         for inbox_id in auth.principal().inboxes),
        key=lambda pair: pair[1],
    )
    shown = {**filters, "status": filters["status"] or "open"}
    # Paging links keep the filters (url_for leaves out the empty ones).
    page_args = {key: value for key, value in shown.items() if value}
    now, tz = core().clock(), core().settings.sla.tz
    return render_template(
        "inbox/queue.html",
        queue=queue_page,
        mine_lines=queue_lines(queue_page.mine, now, tz),
        copy_lines=queue_lines(queue_page.copies, now, tz),
        has_next=queue_page.more_copies if filters["scope"] == "copies" else queue_page.more_mine,
        page=page,
        filters=shown,
        # Filters other than the defaults, counted on the folded filters of a phone.
        filters_on=sum(1 for key, value in filters.items() if value and value != QUEUE_DEFAULTS.get(key)),
        page_args=page_args,
        copies_args={**page_args, "scope": "copies"},
        inboxes=inboxes,
    ), 200


# --- one referral ---------------------------------------------------------------------
def _render_referral(reference: str, status: int = 200, **form_state: Any) -> tuple[str, int]:
    """Return the referral page, with ``form_state`` (errors, typed text) for its forms.

    Raises:
        NotFound: not visible to the signed-in member.
    """
    detail = core().queries.get(auth.principal(), reference)
    flash_at = session.pop(FLASH_AT, None)
    return render_template(
        "inbox/referral.html",
        referral=detail,
        # Messages show in the section the member acted in (its own actions, or a copy holder's notes).
        flash_at=flash_at if flash_at in SECTIONS and flash_at not in ("actions", "copy-notes") else _actions(detail),
        outcomes={o.id: o.label for o in core().workflow.workflow_config.vocabulary(detail.area_id)},
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


def _back(reference: str, anchor: str = "actions") -> Response:
    """Return a See Other redirect to the referral page, at the section ``anchor`` acted on.

    The page shows the messages flashed with it in that section, where the member comes back to.
    """
    session[FLASH_AT] = anchor
    return redirect(url_for("inbox.referral", reference=reference, _anchor=anchor), 303)


def _actions(detail: ReferralDetail) -> str:
    """Return the id of the section with the member's actions: theirs to work, or a copy holder's notes."""
    return "copy-notes" if detail.is_copy else "actions"


class _Answered(Exception):
    """A workflow action was refused in a way the member can put right; ``response`` tells them."""

    def __init__(self, response: Response | tuple[str, int]) -> None:
        super().__init__("answered")
        self.response = response


@bp.errorhandler(_Answered)
def _answered(exc: _Answered) -> Response | tuple[str, int]:
    """Return the page or redirect that tells the member why their action was refused."""
    return exc.response


def _act(reference: str, action: Callable[[Principal], T], *, conflict: str | None = None,
         invalid: Callable[[InvalidInput], dict[str, Any]] | str | None = None, anchor: str = "actions") -> T:
    """Return what ``action`` returns for the signed-in member.

    With ``invalid``, InvalidInput shows the page again (400) with the form
    state ``invalid`` returns, or, when it is text, goes back to the referral
    with a message starting with it. With ``conflict``, Conflict goes back to
    the referral with a message starting with it. Going back is to the section ``anchor``.

    Raises:
        _Answered: a refusal shown as above. NotFound, AccessDenied and other
            refusals as ``action`` raised them.
    """
    try:
        return action(auth.principal())
    except InvalidInput as exc:
        if invalid is None:
            raise
        if isinstance(invalid, str):
            flash(f"{invalid}: {exc}", "error")
            raise _Answered(_back(reference, anchor)) from exc
        raise _Answered(_render_referral(reference, 400, **invalid(exc))) from exc
    except Conflict as exc:
        if conflict is None:
            raise
        flash(f"{conflict}: {exc}", "error")
        raise _Answered(_back(reference, anchor)) from exc


@bp.post("/r/<reference>/acknowledge")
def acknowledge(reference: str) -> Response:
    """Acknowledge the referral and go back to it.

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    detail = _act(reference, lambda who: core().workflow.acknowledge(who, reference), conflict="Not acknowledged")
    taken = detail.assigned_to is not None and detail.assigned_to.id == auth.principal().id
    flash("Referral acknowledged. The response clock has stopped."
          + (" It is assigned to you; assign it to someone else to hand it on." if taken else ""), "success")
    return _back(detail.reference, _actions(detail))


@bp.post("/r/<reference>/note")
def add_note(reference: str) -> Response | tuple[str, int]:
    """Add a note and go back to the referral; on a bad note, show it again with the error (400).

    Copy holders may add notes too.

    Raises:
        NotFound (404).
    """
    text = request.form.get("note", "")
    detail = _act(reference, lambda who: core().workflow.add_note(who, reference, text),
                  invalid=lambda exc: {"note_error": str(exc), "note": text})
    flash("Note added.", "success")
    return _back(detail.reference, _actions(detail))


@bp.post("/r/<reference>/close")
def close(reference: str) -> Response | tuple[str, int]:
    """Record the outcome, close the referral and go back to it.

    Returns the page again with the error (400) when no valid outcome was chosen.

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    outcome = request.form.get("outcome", "")
    note = request.form.get("note") or None
    detail = _act(reference, lambda who: core().workflow.close(who, reference, outcome, note), conflict="Not closed",
                  invalid=lambda exc: {"close_error": str(exc), "close_note": note or "", "outcome": outcome})
    flash(f"Referral closed: {detail.outcome_label}.", "success")
    return _back(detail.reference)


@bp.post("/r/<reference>/question")
def ask_reporter(reference: str) -> Response | tuple[str, int]:
    """Post a question an anonymous reporter reads with their reference and code.

    Returns the page again with the error (400) for an empty question.

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    text = request.form.get("question", "")
    detail = _act(reference, lambda who: core().workflow.ask_reporter(who, reference, text), conflict="Not sent",
                  invalid=lambda exc: {"question_error": str(exc), "question": text})
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
    detail = _act(reference, lambda who: core().workflow.change_urgency(who, reference, urgency, reason),
                  conflict="Urgency not changed",
                  invalid=lambda exc: {"urgency_error": str(exc), "urgency_field": exc.field, "urgency": urgency,
                                       "urgency_reason": reason})
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
    detail = _act(reference, lambda who: core().workflow.reassign(who, reference, _staff_id(choice)),
                  conflict="Not reassigned", invalid=lambda exc: {"assign_error": str(exc), "assignee": choice or ""})
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
    detail = _act(reference,
                  lambda who: core().workflow.transfer(who, reference, inbox_id, reason, keep_copy=keep_copy),
                  conflict="Not transferred",
                  invalid=lambda exc: {"transfer_error": str(exc), "transfer_field": exc.field,
                                       "transfer_inbox": inbox_id, "transfer_reason": reason, "keep_copy": keep_copy})
    name = core().table.inboxes[inbox_id].name
    if detail is None:
        flash(f"Referral {reference.upper()} transferred to {name}.", "success")
        return redirect(url_for("inbox.queue"), 303)
    flash(f"Transferred to {name}." + (" Your inbox keeps an info-only copy." if detail.is_copy else ""),
          "success")
    return _back(detail.reference, _actions(detail))


@bp.post("/r/<reference>/copies")
def add_copy(reference: str) -> Response | tuple[str, int]:
    """Send an info-only copy to another inbox and go back to the referral.

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    inbox_id = request.form.get("inbox", "")
    detail = _act(reference, lambda who: core().workflow.add_copy(who, reference, inbox_id), conflict="No copy sent",
                  invalid=lambda exc: {"copy_error": str(exc), "copy_inbox": inbox_id})
    flash(f"Info-only copy sent to {core().table.inboxes[inbox_id].name}.", "success")
    return _back(detail.reference)


@bp.post("/r/<reference>/copies/remove")
def remove_copy(reference: str) -> Response:
    """Withdraw an inbox's info-only copy and go back to the referral.

    Raises:
        NotFound (404), AccessDenied on an info-only copy (403).
    """
    inbox_id = request.form.get("inbox", "")
    detail = _act(reference, lambda who: core().workflow.remove_copy(who, reference, inbox_id),
                  invalid="Copy not withdrawn")
    flash("Info-only copy withdrawn.", "success")
    return _back(detail.reference, "routing")

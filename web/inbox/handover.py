"""Relocation handovers in the SPOC inbox: the "Start a handover" form and the printable summary.

:func:`register` adds the pages to the inbox blueprint (behind its two-factor
guard, like every inbox page). The views only read the form and call
``core().handovers``; validation, routing, need-to-know and the audit trail
are the core's.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from flask import Blueprint, Response, flash, make_response, redirect, render_template, request, url_for

from frontdoor.errors import InvalidInput
from frontdoor.handover import AGENCIES, FIELDS, MAX_AGENCIES, PERSON_ROLES, REFERRER_ROLES, HandoverAnswers
from web.extension import core
from web.inbox import auth

#: Blank agency rows on a new form, and the most the form will show.
AGENCY_ROWS = 3
MAX_AGENCY_ROWS = MAX_AGENCIES
_FORM_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
#: Where each answer's control is on the page (error summary links).
_ANCHORS = {"agencies": "agency-1-agency"}


def _agency_rows(form: Any) -> list[dict[str, str]]:
    """Return the agency rows posted in ``form`` (``agency-N-agency``, ``-name``, ``-phone``, ``-email``)."""
    rows = []
    for number in range(1, MAX_AGENCY_ROWS + 1):
        row = {key: form.get(f"agency-{number}-{key}", "") for key in ("agency", "name", "phone", "email")}
        if number > AGENCY_ROWS and f"agency-{number}-agency" not in form:
            break
        rows.append(row)
    return rows


def _answers(form: Any) -> dict[str, Any]:
    """Return the handover answers in the posted ``form``, in the core's shape."""
    answers: dict[str, Any] = {key: form.get(key, "") for key in FIELDS if key != "agencies"}
    answers["agencies"] = _agency_rows(form)
    return answers


def _anchor(field: str) -> str:
    if field.startswith("agencies."):
        return f"agency-{field.split('.', 1)[1]}-agency"
    return _ANCHORS.get(field, field.replace("_", "-"))


def _render(answers: dict[str, Any], errors: dict[str, str], form_id: str, status: int,
            extra_rows: int = 0) -> tuple[str, int]:
    rows = list(answers.get("agencies") or [])
    while len(rows) < AGENCY_ROWS:
        rows.append({"agency": "", "name": "", "phone": "", "email": ""})
    for _ in range(extra_rows):
        if len(rows) < MAX_AGENCY_ROWS:
            rows.append({"agency": "", "name": "", "phone": "", "email": ""})
    table = core().table
    return render_template(
        "inbox/handover_new.html",
        answers=answers,
        agency_rows=rows,
        errors=errors,
        error_links=[(_anchor(field), message) for field, message in errors.items()],
        form_id=form_id,
        areas=sorted(((a.id, a.name) for a in table.areas.values()), key=lambda pair: pair[1]),
        person_roles=PERSON_ROLES,
        agencies=AGENCIES,
        referrer_roles=[(role.value, role.label) for role in REFERRER_ROLES],
        can_add_rows=len(rows) < MAX_AGENCY_ROWS,
    ), status


def new_handover() -> tuple[str, int]:
    """Return the empty "Start a handover" form."""
    return _render({}, {}, secrets.token_urlsafe(24), 200)


def create_handover() -> Response | tuple[str, int]:
    """Start the handover and go to it; the form again with every problem (400) when answers are missing.

    A member who can see the new referral (their inbox is the origin's, with
    the copy, or the destination's) goes to its page; anyone else is told where
    it went, without seeing it.
    """
    answers = _answers(request.form)
    form_id = request.form.get("form_id", "")
    if not _FORM_ID.match(form_id):
        form_id = secrets.token_urlsafe(24)
    if request.form.get("action") == "more_agencies":
        return _render(answers, {}, form_id, 200, extra_rows=2)
    principal = auth.principal()
    try:
        result = core().handovers.submit_handover(HandoverAnswers(**answers), actor=principal.email,
                                                  source_key=f"handover:{principal.id}:{form_id}")
    except InvalidInput as exc:
        errors = core().handovers.problems(HandoverAnswers(**answers)) or {exc.field or "person_name": str(exc)}
        return _render(answers, errors, form_id, 400)
    submission = result.submission
    copies = " and ".join(result.copy_names)
    where = f"{submission.inbox_name} owns it" + (f"; {copies} has an info-only copy" if copies else "")
    if result.visible_to(principal):
        flash(f"Handover {submission.reference} started: {where}.", "success")
        return redirect(url_for("inbox.referral", reference=submission.reference), 303)
    flash(f"Handover {submission.reference} started: {where}. It is not in your inboxes, so you cannot open it; "
          "give the reference to the receiving team if they ask.", "success")
    return redirect(url_for("inbox.queue"), 303)


def handover_pdf(reference: str) -> Response:
    """Return the handover's printable summary as a PDF download (never cached, never stored).

    Raises:
        NotFound: no such handover visible to the member (404).
    """
    pdf = core().handovers.handover_pdf(auth.principal(), reference)
    response = make_response(pdf.content)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{pdf.filename}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def register(bp: Blueprint) -> None:
    """Add the handover pages to the inbox blueprint ``bp``."""
    bp.add_url_rule("/handover/new", "new_handover", new_handover, methods=["GET"])
    bp.add_url_rule("/handover/new", "create_handover", create_handover, methods=["POST"])
    bp.add_url_rule("/r/<reference>/handover.pdf", "handover_pdf", handover_pdf, methods=["GET"])

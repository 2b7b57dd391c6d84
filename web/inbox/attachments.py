"""Files attached to e-mails about a referral: listed on its page, downloaded by its SPOCs.

:func:`register` adds the download to the inbox blueprint (behind its
two-factor guard) and ``mail_attachments`` to its templates, which
``inbox/_attachments.html`` calls. Visibility and the audit trail are the
core's (``core().mail_attachments``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from frontdoor.services.mail_attachments import AttachmentView
from web.extension import core
from web.inbox import auth


def mail_attachments(reference: str) -> list[AttachmentView]:
    """Return the files attached to e-mails about ``reference`` (kept and refused).

    Raises:
        NotFound: the referral is not visible to the signed-in member.
    """
    return core().mail_attachments.for_referral(auth.principal(), reference)


def download(reference: str, attachment_id: str) -> Response:
    """Send one kept file as a download, never shown inline (audited by the core).

    The referral's visibility is checked (and a refusal audited) before the file's id is looked at.

    Raises:
        NotFound: no such file, or the referral is not visible (404).
    """
    wanted = int(attachment_id) if attachment_id.isdigit() else 0
    found = core().mail_attachments.download(auth.principal(), reference, wanted)
    response = Response(found.data, mimetype=found.content_type)
    response.headers.set("Content-Disposition", "attachment", filename=found.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def _context() -> dict[str, Any]:
    return {"mail_attachments": mail_attachments}


def register(bp: Blueprint) -> None:
    """Add the attachment download and ``mail_attachments`` (for templates) to the inbox blueprint ``bp``."""
    bp.add_url_rule("/r/<reference>/attachments/<attachment_id>", "attachment", download)
    bp.context_processor(_context)

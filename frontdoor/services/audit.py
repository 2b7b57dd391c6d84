"""The audit log: who did what to which referral, when — never the content."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from frontdoor.store.models import AuditEntry


def record(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    reference: str | None = None,
    detail: str | None = None,
) -> None:
    """Append an audit entry in ``session`` (committed with the caller's work).

    ``detail`` is for identifiers only (an inbox id, a count), never free text
    from a referral.
    """
    session.add(
        AuditEntry(at=at, actor=actor, action=action, reference=reference,
                   detail=(detail or None) and detail[:255])
    )

"""What the referral service tests share: report texts of each urgency and the audit log reader."""

from __future__ import annotations

from sqlalchemy import select

from frontdoor.services import Core
from frontdoor.store.models import AuditEntry

RED_TEXT = "He carries a blade and they threatened him"
AMBER_TEXT = "He keeps going missing"
GREEN_TEXT = "He has new trainers"


def audit_entries(core: Core, action: str | None = None, reference: str | None = None) -> list[AuditEntry]:
    """Return the audit entries, oldest first, of ``action`` and ``reference`` when given."""
    with core.db.session() as session:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action:
            query = query.where(AuditEntry.action == action)
        if reference:
            query = query.where(AuditEntry.reference == reference)
        return list(session.scalars(query).all())

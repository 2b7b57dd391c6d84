"""What the staff pages (inbox, dashboard, administration) share: template context and query dates."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import g, request

from frontdoor.errors import InvalidInput
from web.extension import core
from web.inbox import display


def staff_context(**extra: Any) -> dict[str, Any]:
    """Return what every staff template may use (the principal, labels, the time zone) and ``extra``."""
    return {"principal": g.get("principal"), "display": display, "tz": core().settings.sla.tz, **extra}


def date_arg(name: str, what: str) -> date | None:
    """Return query parameter ``name`` as a date (YYYY-MM-DD), None when empty.

    Raises:
        InvalidInput: not a date (the message calls it ``what``).
    """
    value = (request.args.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{what} must be a date like 2026-03-11.", name) from None

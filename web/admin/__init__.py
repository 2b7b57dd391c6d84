"""The admin area: audit log viewer, staff management, inboxes and routing (administrators only)."""

from web.admin.views import bp

__all__ = ["bp"]

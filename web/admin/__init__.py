"""The admin area: audit log viewer, staff management, inboxes and routing, the retention review list
(administrators only)."""

from web.admin import retention
from web.admin.views import bp

retention.register(bp)  # the retention review list

__all__ = ["bp"]

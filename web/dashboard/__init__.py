"""The partnership dashboard: aggregate charts and a CSV of aggregates (signed-in staff)."""

from web.dashboard.views import bp

__all__ = ["bp"]

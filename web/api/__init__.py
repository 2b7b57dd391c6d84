"""The staff JSON API (bearer-token authenticated)."""

from web.api.views import bp

__all__ = ["bp"]

"""Development-only pages (``/dev/...``): 404 unless ``FRONTDOOR_ENV=development``."""

from web.dev.views import bp

__all__ = ["bp"]

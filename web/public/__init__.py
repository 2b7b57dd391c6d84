"""Public pages about the service itself: the privacy notice and the accessibility statement."""

from web.public.views import bp

__all__ = ["bp"]

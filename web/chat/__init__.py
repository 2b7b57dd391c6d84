"""The web chat: the page (``GET /``, no-JavaScript ``POST /chat``) and ``POST /api/chat``."""

from web.chat.views import bp

__all__ = ["bp"]

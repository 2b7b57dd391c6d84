"""Staff sign-in state: the ``fd_staff`` cookie and the signed-in principal.

The cookie holds a random session token from
:meth:`~frontdoor.services.staff.StaffService.start_session` (the database keeps
only its hash). It is HttpOnly, SameSite=Strict, limited to ``/inbox``, Secure
when the public address is https, and has no max-age: it ends with the browser,
and the server-side session ends at sign-out or after idle time.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, g, request

from frontdoor.views import Principal
from web.extension import settings

COOKIE = "fd_staff"
COOKIE_PATH = "/inbox"


def session_token() -> str | None:
    """Return the staff session token the browser sent, if any."""
    return request.cookies.get(COOKIE) or None


def set_session_cookie(response: Response, token: str) -> None:
    """Make ``response`` store the staff session ``token``."""
    response.set_cookie(COOKIE, token, path=COOKIE_PATH, httponly=True, samesite="Strict",
                        secure=settings().secure)


def clear_session_cookie(response: Response) -> None:
    """Make ``response`` delete the staff session cookie."""
    response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="Strict",
                           secure=settings().secure)


def principal() -> Principal:
    """Return the signed-in staff member of this request (set by the inbox guard)."""
    signed_in: Principal = g.principal
    return signed_in


def safe_next(target: str | None) -> str | None:
    """Return ``target`` if it is an inbox page on this site, else None."""
    if not target or not target.startswith("/inbox/") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None
    return target

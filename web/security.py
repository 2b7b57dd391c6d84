"""Security headers on every response, and a cross-site check on every form post.

Headers: a strict Content-Security-Policy (no inline scripts or styles, no
third-party origins), ``nosniff``, no referrer, no framing, a minimal
Permissions-Policy, HSTS when the public address is https, and
``Cache-Control: no-store`` on everything but static files.

Form posts: Flask-WTF's CSRF tokens protect the staff forms. In addition every
unsafe request outside the machine-to-machine endpoints must not come from
another site, judged by the browser's ``Sec-Fetch-Site`` and ``Origin``
headers (both unforgeable from a web page). That is also the guard of the
cookie-less chat form, which cannot use a session-bound token.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, request

from frontdoor.errors import AccessDenied
from web.errors import audit_refusal
from web.settings import WebSettings

CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
HSTS = "max-age=31536000; includeSubDomains"
#: Paths called by other servers or API clients rather than by our pages.
MACHINE_PATHS = ("/api/referrals", "/sms/")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def is_cross_site(sec_fetch_site: str | None, origin: str | None, allowed_hosts: set[str]) -> bool:
    """Return True when a request plainly came from another site.

    Browsers send ``Sec-Fetch-Site`` (``same-origin`` for our own pages) and an
    ``Origin``, which is ``null`` under our ``no-referrer`` policy. Requests
    without either header come from non-browser clients or very old browsers
    and are left to the other checks.
    """
    if sec_fetch_site and sec_fetch_site not in ("same-origin", "none"):
        return True
    if origin and origin != "null":
        return urlsplit(origin).netloc not in allowed_hosts
    return False


def install(app: Flask, settings: WebSettings) -> None:
    """Add the header and cross-site hooks to ``app``."""

    @app.before_request
    def _refuse_cross_site_posts() -> None:
        if request.method not in UNSAFE_METHODS or request.path.startswith(MACHINE_PATHS):
            return
        allowed = {request.host}
        if settings.public_host:
            allowed.add(settings.public_host)
        if is_cross_site(request.headers.get("Sec-Fetch-Site"), request.headers.get("Origin"), allowed):
            audit_refusal("request.cross_site_refused")
            raise AccessDenied("This form was sent from another site, so it was not accepted.")

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Frame-Options"] = "DENY"
        headers["Permissions-Policy"] = PERMISSIONS_POLICY
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        if settings.secure:
            headers["Strict-Transport-Security"] = HSTS
        if not request.path.startswith("/static/"):
            headers["Cache-Control"] = "no-store"
            headers.pop("Expires", None)
        return response

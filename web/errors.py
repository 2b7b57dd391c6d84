"""The one place where failures become responses.

Core errors map to status codes by kind (:data:`STATUS`); HTTP errors raised by
Flask/Werkzeug (404, 405, 413, CSRF) keep theirs. Requests under ``/api/`` get
``{"error": "..."}`` JSON; everything else gets a friendly HTML page in the
site layout. Nobody sees a stack trace, and the public pages always carry the
emergency numbers.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from frontdoor.errors import (
    AccessDenied,
    AuthenticationFailed,
    Conflict,
    FrontDoorError,
    InvalidInput,
    NotFound,
    Unavailable,
)
from web.extension import core

log = logging.getLogger(__name__)

#: Core error class → HTTP status. Anything else deliberate is a 500.
STATUS: dict[type[FrontDoorError], int] = {
    InvalidInput: 400,
    AuthenticationFailed: 401,
    AccessDenied: 403,
    NotFound: 404,
    Conflict: 409,
    Unavailable: 503,
}

TITLES: dict[int, str] = {
    400: "There is a problem with that request",
    401: "Please sign in",
    403: "Not allowed",
    404: "Page not found",
    405: "Not available here",
    409: "That has already changed",
    413: "Too much to send at once",
    429: "Too many requests",
    500: "Something went wrong",
    503: "Service unavailable",
}

MESSAGES: dict[int, str] = {
    400: "Something in that request could not be used. Please go back and try again.",
    401: "Please sign in to continue.",
    403: "You are not allowed to do that.",
    404: "We could not find that page.",
    405: "That action is not available here.",
    409: "That does not fit the current state; reload the page and try again.",
    413: "That was too much to send at once. Please send less.",
    429: "Too many requests; please wait a moment and try again.",
    500: "Something went wrong on our side. Please try again.",
    503: "This service is unavailable right now. Please try again in a few minutes.",
}

CSRF_MESSAGE = ("This form has expired or was not sent from this site. "
                "Go back, reload the page and try again.")


def status_for(exc: FrontDoorError) -> int:
    """Return the HTTP status for a core error (500 for kinds without one)."""
    for kind, status in STATUS.items():
        if isinstance(exc, kind):
            return status
    return 500


def wants_json() -> bool:
    """Return True when the request is for a JSON API (``/api/...``)."""
    return request.path.startswith("/api/")


def audit_refusal(action: str) -> None:
    """Write a refused request to the audit log; a failure to do so is logged, never shown."""
    try:
        core().staff.record_refusal(action, request.path)
    except FrontDoorError as exc:
        log.error("could not audit a refused request (%s): %s", action, type(exc).__name__)


def error_response(status: int, message: str | None = None) -> Response:
    """Return the error ``status`` as JSON or as an HTML page, with ``message`` shown."""
    text = message or MESSAGES.get(status, MESSAGES[500])
    if wants_json():
        response = jsonify({"error": text})
        response.status_code = status
    else:
        body = render_template("error.html", status=status,
                               title=TITLES.get(status, TITLES[500]), message=text)
        response = Response(body, status=status, mimetype="text/html")
    if status == 401 and request.path.startswith("/api/referrals"):
        response.headers["WWW-Authenticate"] = 'Bearer realm="Front Door"'
    if status == 503:
        response.headers["Retry-After"] = "30"
    return response


def register_error_handlers(app: Flask) -> None:
    """Install the handlers on ``app``."""

    @app.errorhandler(FrontDoorError)
    def _core_error(exc: FrontDoorError) -> Response:
        status = status_for(exc)
        if status == 500:
            log.error("unexpected %s", type(exc).__name__)
            return error_response(500)
        return error_response(status, str(exc) or None)

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError) -> Response:
        audit_refusal("request.csrf_refused")
        return error_response(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        if 300 <= status < 400:  # routing redirects (e.g. a missing trailing slash)
            return exc.get_response()
        response = error_response(status)
        if status == 405 and exc.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url_rule or "(no route)")
        return error_response(500)

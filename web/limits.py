"""Rate limits on the public chat and on sign-in (Flask-Limiter): in memory, or in Redis when REDIS_URL is set.

A flood must not fill the SPOCs' queues, starve the inbox that shares the web
workers, or let anyone keep a SPOC out. So:

- the public chat is limited per client and per conversation (starting a
  conversation, each message, by JSON or by form);
- sign-in is limited per client, and per account on failed attempts only,
  never for a browser that has signed in to that account before (a known
  device), so an attacker can slow a SPOC's sign-in but not keep them out;
- the SMS webhook, the staff API and health checks are not limited here
  (Twilio's signature and bearer tokens guard them).

A client is known by a keyed hash of its address that changes every day: the
address itself is never stored or logged, in memory or in Redis, and nothing
links one day's key to the next. Over the limit, people get 429 with a page,
or JSON for the chat API, that still gives the 999 and Childline numbers.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timezone
from typing import Any

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter, RateLimitExceeded

from frontdoor.errors import FrontDoorError
from web.chat.conversation import safety_line
from web.errors import error_response
from web.extension import core

#: Limits per client (the day's address hash) and per conversation or account. Changes need a restart.
CHAT_PER_CLIENT = "60 per minute;600 per hour"
CHAT_PER_CONVERSATION = "20 per minute"
NEW_CONVERSATION_PER_CLIENT = "30 per minute;300 per hour"
SIGN_IN_PER_CLIENT = "10 per minute;60 per hour"
SIGN_IN_PER_ACCOUNT = "20 per hour"

#: What the chat says when someone sends too fast (the JSON API and the page), before every emergency number.
SLOW_DOWN = "You're sending messages faster than we can read them. Please wait a minute and try again."
#: What the sign-in page says.
TOO_MANY_SIGN_INS = "Too many sign-in attempts from here. Please wait a few minutes and try again."

#: Endpoint → (limit, key) pairs; the key is "client", "conversation" or "account".
LIMITS: dict[str, tuple[tuple[str, str], ...]] = {
    "chat.page": ((NEW_CONVERSATION_PER_CLIENT, "client"),),
    "chat.send_json": ((CHAT_PER_CLIENT, "client"), (CHAT_PER_CONVERSATION, "conversation")),
    "chat.send_form": ((CHAT_PER_CLIENT, "client"), (CHAT_PER_CONVERSATION, "conversation")),
    "inbox.login": ((SIGN_IN_PER_CLIENT, "client"), (SIGN_IN_PER_ACCOUNT, "account")),
    "inbox.two_factor": ((SIGN_IN_PER_CLIENT, "client"),),
    "inbox.enrol": ((SIGN_IN_PER_CLIENT, "client"),),
}


def _keyed(kind: str, value: str) -> str:
    """Return ``kind`` and a keyed hash of ``value`` that changes every day (UTC)."""
    day = datetime.now(timezone.utc).date().isoformat()
    secret = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(secret + b"|rate-limit|" + day.encode(), value.encode("utf-8", "replace"), hashlib.sha256)
    return f"{kind}:{digest.hexdigest()[:32]}"


def client_key() -> str:
    """The client as a keyed, daily-changing hash of its address (never the address)."""
    return _keyed("client", request.remote_addr or "-")


def conversation_key() -> str:
    """The chat conversation a message belongs to (the page's session id), else the client."""
    session = None
    if request.is_json:
        try:
            data = request.get_json(silent=True)
        except (RecursionError, ValueError):  # the view refuses such a body itself
            data = None
        if isinstance(data, dict) and isinstance(data.get("session"), str):
            session = data["session"]
    else:
        session = request.form.get("session")
    return _keyed("conversation", session[:64]) if session else client_key()


def account_key() -> str:
    """The staff account a sign-in names (its e-mail as typed, folded), else the client."""
    email = (request.form.get("email") or "").strip().lower()
    return _keyed("account", email[:255]) if email else client_key()


KEYS = {"client": client_key, "conversation": conversation_key, "account": account_key}


def _failed(response: Response) -> bool:
    return response.status_code == 401


def _known_device() -> bool:
    """True when the sign-in comes from a browser that has fully signed in to the account it names."""
    device = request.cookies.get("fd_device")
    email = (request.form.get("email") or "").strip()
    if not device or not email:
        return False
    try:
        return core().staff.is_known_device(email, device)
    except FrontDoorError:
        return False


def too_fast() -> str:
    """Return what the chat says when someone sends too fast, with every emergency number."""
    return f"{SLOW_DOWN} {safety_line()}"


def __getattr__(name: str) -> str:
    """Return ``TOO_FAST`` (:func:`too_fast`), read from the safety wording when first asked for.

    Raises:
        AttributeError: any other name.
    """
    if name == "TOO_FAST":
        return too_fast()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _refused(exc: RateLimitExceeded) -> Response:
    message = TOO_MANY_SIGN_INS if request.path.startswith("/inbox") else too_fast()
    response = error_response(429, message)
    retry = exc.headers.get("Retry-After") if hasattr(exc, "headers") else None
    response.headers["Retry-After"] = retry or "60"
    return response


def install(app: Flask, redis_url: str | None) -> Limiter:
    """Limit ``app``'s public chat and sign-in endpoints (see :data:`LIMITS`); return the limiter.

    Call after the blueprints are registered. ``RATELIMIT_ENABLED=False`` in the
    app config turns the limits off (tests that are not about them).
    """
    limiter = Limiter(key_func=client_key, app=app, storage_uri=redis_url or "memory://",
                      strategy="moving-window", headers_enabled=True,
                      enabled=bool(app.config.get("RATELIMIT_ENABLED", True)))
    for endpoint, rules in LIMITS.items():
        view = app.view_functions.get(endpoint)
        if view is None:
            continue
        for limit, key in rules:
            # Sign-in pages are limited on what they are sent, not on being shown.
            methods = ["POST"] if endpoint.startswith("inbox.") else None
            extra: dict[str, Any] = {}
            if key == "account":
                # Only failures count against an account, and never from a browser that has signed in to it
                # before: whoever floods a SPOC's address cannot keep the SPOC out.
                extra = {"deduct_when": _failed, "exempt_when": _known_device}
            view = limiter.limit(limit, key_func=KEYS[key], scope=f"{endpoint}:{key}", methods=methods,
                                 **extra)(view)
        app.view_functions[endpoint] = view
    app.register_error_handler(RateLimitExceeded, _refused)
    # Flask-Limiter keeps only weak references to its limiter: without this one it would be
    # collected and every limited view would fail.
    app.extensions["frontdoor.limiter"] = limiter
    return limiter

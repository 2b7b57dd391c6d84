"""Form tokens for the cookie-less chat form.

The chat sets no cookies, so the no-JavaScript form cannot carry a
session-bound CSRF token. Instead each page carries a signed token naming its
conversation: a form post is accepted only for a conversation this server
started, within a day. (Cross-site posts are refused separately, see
:mod:`web.security`.)
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "frontdoor.chat-form"
MAX_AGE_SECONDS = 24 * 3600


def issue(secret_key: str, session_id: str) -> str:
    """Return the form token for conversation ``session_id``."""
    return URLSafeTimedSerializer(secret_key, salt=SALT).dumps(session_id)


def verify(secret_key: str, token: str | None, session_id: str, max_age: int = MAX_AGE_SECONDS) -> bool:
    """Return True when ``token`` was issued by us for ``session_id`` less than ``max_age`` ago."""
    if not token or not isinstance(token, str) or len(token) > 512:
        return False
    try:
        value = URLSafeTimedSerializer(secret_key, salt=SALT).loads(token, max_age=max_age)
    except BadSignature:  # includes SignatureExpired
        return False
    return value == session_id

"""``GET /healthz``: is the database reachable, does Rasa answer?"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from frontdoor.errors import FrontDoorError
from web.extension import core, rasa

bp = Blueprint("health", __name__)

RASA_CHECK_SECONDS = 2.0


def database_ok() -> bool:
    """Return True when the database answers a trivial query."""
    try:
        with core().db.session() as session:
            session.execute(text("SELECT 1"))
    except (FrontDoorError, SQLAlchemyError, OSError):
        return False
    return True


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Return ``{"database": "ok"|"unavailable", "rasa": "ok"|"unavailable"}``.

    Status 200 when the database is reachable (the app can still take reports
    and serve the inbox with Rasa down), else 503.
    """
    db_ok = database_ok()
    rasa_ok = rasa().ping(RASA_CHECK_SECONDS)
    body = {"database": "ok" if db_ok else "unavailable", "rasa": "ok" if rasa_ok else "unavailable"}
    return jsonify(body), 200 if db_ok else 503

"""``GET /privacy`` (the privacy notice) and ``GET /accessibility`` (the accessibility statement).

The wording is the templates' (``web/templates/public/``); the privacy notice's
facts (controller, recipients, retention periods) come from
:func:`frontdoor.privacy.notice`, built once per app from the configuration in force.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from frontdoor.privacy import PrivacyNotice, notice
from frontdoor.sharing import load_agreements
from web.extension import core

bp = Blueprint("public", __name__)

#: Where the built notice is kept in ``app.extensions``.
_NOTICE = "frontdoor.privacy_notice"


def privacy_notice() -> PrivacyNotice:
    """Return the privacy notice's facts for this app (gathered on first use).

    Raises:
        ConfigurationError: the routing table's sharing agreements or the workflow file are invalid.
    """
    found = current_app.extensions.get(_NOTICE)
    if found is None:
        wired = core()
        agreements = load_agreements(wired.settings.routing_table, wired.table.agencies)
        found = notice(wired.settings.controller, wired.table, agreements, wired.retention.policy)
        current_app.extensions[_NOTICE] = found
    return found


@bp.get("/privacy")
def privacy() -> str:
    """Return the privacy notice."""
    return render_template("public/privacy.html", notice=privacy_notice())


@bp.get("/accessibility")
def accessibility() -> str:
    """Return the accessibility statement (its contact is the controller's)."""
    return render_template("public/accessibility.html", controller=core().settings.controller)

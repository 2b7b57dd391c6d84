"""Front Door's web shell: the web chat, the SPOC inbox and the staff JSON API.

Build the app with :func:`create_app`; nothing happens at import time::

    gunicorn 'web:create_app()'
    flask --app web run

Configuration comes from the environment when the app is built (see
:mod:`web.settings` for the web settings and :mod:`frontdoor.config` for the
core's); ``config`` overrides both and may carry any Flask setting.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from frontdoor.bootstrap import Core
from frontdoor.config import Settings
from web import logs, security
from web.chat.conversation import PRIVACY_NOTE, SAFETY_LINE
from web.errors import register_error_handlers
from web.extension import FrontDoorWeb
from web.phones import tel_links
from web.rasa_client import RasaClient
from web.settings import WebSettings

__all__ = ["create_app"]

#: Largest request body accepted (a chat message is at most 2,000 characters).
MAX_CONTENT_LENGTH = 256 * 1024


def create_app(
    config: Mapping[str, Any] | None = None,
    *,
    core: Core | None = None,
    rasa: RasaClient | None = None,
) -> Flask:
    """Return the configured Flask app.

    Args:
        config: Flask and web settings that win over the environment
            (``SECRET_KEY``, ``RASA_URL``, ``RASA_TIMEOUT``, ``QUICK_EXIT_URL``,
            ``PUBLIC_BASE_URL``, ``TESTING``, ...).
        core: the core services; built from ``Settings.from_env()`` when None.
        rasa: the Rasa adapter; built from ``RASA_URL`` (one or several
            instances)/``RASA_TOKEN``/``RASA_TIMEOUT``/``ACTION_SERVER_URL`` when None.

    Raises:
        ConfigurationError: a setting is missing or malformed (e.g. no
            SECRET_KEY outside development).
    """
    overrides = dict(config or {})
    web_settings = WebSettings.load(os.environ, overrides)

    app = Flask(__name__)
    if web_settings.proxy_hops:
        # Behind reverse proxies: take the client's address (for the rate limits) and scheme from them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=web_settings.proxy_hops,  # type: ignore[method-assign]
                                x_proto=web_settings.proxy_hops, x_host=web_settings.proxy_hops)
    app.config.update(
        SECRET_KEY=web_settings.secret_key,
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH,
        # The Flask session cookie carries only the staff CSRF secret and flash
        # messages: it never reaches the chat, which sets no cookies at all.
        SESSION_COOKIE_NAME="fd_session",
        SESSION_COOKIE_PATH="/inbox",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=web_settings.secure,
        # Referrer-Policy: no-referrer means browsers send no Referer, so
        # Flask-WTF's https Referer check would refuse every form; the token,
        # SameSite=Strict and the Sec-Fetch-Site/Origin check protect instead.
        WTF_CSRF_SSL_STRICT=False,
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.config.update(overrides)
    app.config["SECRET_KEY"] = web_settings.secret_key
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    if core is None:
        core = Core.from_settings(Settings.from_env())
    if rasa is None:
        rasa = RasaClient(web_settings.rasa_urls, token=web_settings.rasa_token,
                          timeout=web_settings.rasa_timeout,
                          actions_url=web_settings.action_server_urls or None)
    FrontDoorWeb(core=core, rasa=rasa, settings=web_settings).init_app(app)

    logs.install()
    security.install(app, web_settings)
    register_error_handlers(app)

    from web import api, chat, health, inbox, sms

    app.register_blueprint(chat.bp)
    app.register_blueprint(sms.bp)
    app.register_blueprint(inbox.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    from web import dashboard

    app.register_blueprint(dashboard.bp)
    from web import admin

    app.register_blueprint(admin.bp)
    from web import dev

    app.register_blueprint(dev.bp)  # development only: 404 unless FRONTDOOR_ENV=development
    from web import public

    app.register_blueprint(public.bp)

    from web import limits

    if not web_settings.rate_limits:
        app.config["RATELIMIT_ENABLED"] = False
    limits.install(app, core.settings.redis_url)

    csrf = CSRFProtect(app)
    # JSON endpoints carry no ambient credentials (the chat API has no
    # cookies; the staff API uses bearer tokens). The chat form has its own
    # cookie-less token (web.chat.tokens). The SMS webhook checks Twilio's
    # signature instead.
    csrf.exempt(chat.bp)
    csrf.exempt(api.bp)
    csrf.exempt(sms.bp)
    csrf.exempt(dev.bp)  # development only; the session cookie is /inbox's, cross-site posts are refused

    app.add_template_filter(tel_links, "tel_links")

    @app.context_processor
    def _site() -> dict[str, Any]:
        return {
            "quick_exit_url": web_settings.quick_exit_url,
            "privacy_note": PRIVACY_NOTE,
            "safety_line": SAFETY_LINE,
            "staff_area": request.path.startswith("/inbox"),
        }

    return app

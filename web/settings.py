"""The web shell's own settings, read from the environment when the app is built.

=====================  ==========================================================
``SECRET_KEY``          signs the staff CSRF/flash cookie and chat form tokens;
                        required unless ``FRONTDOOR_ENV=development``
``FRONTDOOR_ENV``       ``production`` (default) or ``development``
``RASA_URL``            Rasa server, default ``http://127.0.0.1:5005``; several
                        instances comma-separated (each conversation stays on one,
                        by hashing its id: ``web.rasa_routing``)
``RASA_TOKEN``          Rasa HTTP API token, for reading conversation trackers
``RASA_TIMEOUT``        seconds per call to Rasa, default 10
``ACTION_SERVER_URL``   the action server's webhook (as Rasa's endpoints use it);
                        SMS checks its ``/health`` and captures tips directly
                        when it is down; one for every Rasa instance, or one per
                        instance comma-separated in ``RASA_URL``'s order
``QUICK_EXIT_URL``      where Quick exit goes, default https://www.bbc.co.uk/weather
``PUBLIC_BASE_URL``     the public address; ``https://`` → secure cookies and HSTS;
                        Twilio signatures are checked against it
``TWILIO_AUTH_TOKEN``   checks ``X-Twilio-Signature`` on ``/sms/twilio`` (and sends
                        SMS alerts); without it the SMS webhook refuses everything
``TWILIO_ACCOUNT_SID``  the Twilio account (outbound SMS)
``TWILIO_FROM_NUMBER``  the Front Door number messages come from
``FRONTDOOR_RATE_LIMITS`` ``on`` (default) or ``off``: the public chat's and sign-in's rate
                        limits (``web.limits``); off only for load tests and the end-to-end stack
``FRONTDOOR_PROXY_HOPS`` reverse proxies in front of the app (default 0): their
                        ``X-Forwarded-For``/``-Proto``/``-Host`` are trusted, so rate
                        limits see each client, not the proxy
=====================  ==========================================================

The core's own settings (database, routing table, SLA) come from
:meth:`frontdoor.config.Settings.from_env`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from frontdoor.errors import ConfigurationError

log = logging.getLogger(__name__)

KEYS = ("SECRET_KEY", "FRONTDOOR_ENV", "RASA_URL", "RASA_TOKEN", "RASA_TIMEOUT", "ACTION_SERVER_URL",
        "QUICK_EXIT_URL", "PUBLIC_BASE_URL", "TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID",
        "TWILIO_FROM_NUMBER", "FRONTDOOR_PROXY_HOPS", "FRONTDOOR_RATE_LIMITS")
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
DEFAULT_QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"


def _http_url(value: str, name: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(f"{name} must be an http(s) URL, not {value!r}")
    return value


def _http_urls(value: str, name: str, *, distinct: bool) -> str:
    """Return comma-separated http(s) URLs, each checked, without trailing slashes or spaces.

    Raises:
        ConfigurationError: one is not an http(s) URL, or (``distinct``) one is listed twice.
    """
    urls = [_http_url(item.strip(), name).rstrip("/") for item in value.split(",")]
    if distinct and len(set(urls)) != len(urls):
        raise ConfigurationError(f"{name} lists the same URL twice")
    return ",".join(urls)


@dataclass(frozen=True)
class WebSettings:
    """Validated settings of the web shell."""

    secret_key: str
    environment: str
    #: Every Rasa instance, comma-separated (see :attr:`rasa_urls`).
    rasa_url: str
    rasa_token: str | None
    rasa_timeout: float
    quick_exit_url: str
    public_base_url: str | None
    twilio_auth_token: str | None = None
    twilio_account_sid: str | None = None
    twilio_from_number: str | None = None
    action_server_url: str | None = None
    #: Reverse proxies in front of the app whose forwarding headers are trusted.
    proxy_hops: int = 0
    #: The rate limits of web.limits are applied (FRONTDOOR_RATE_LIMITS, on unless "off").
    rate_limits: bool = True

    @property
    def rasa_urls(self) -> tuple[str, ...]:
        """Every Rasa instance of ``RASA_URL``."""
        return tuple(self.rasa_url.split(","))

    @property
    def action_server_urls(self) -> tuple[str, ...]:
        """Every action server of ``ACTION_SERVER_URL`` (none when unset)."""
        return tuple(self.action_server_url.split(",")) if self.action_server_url else ()

    @property
    def secure(self) -> bool:
        """True when the public address is https: cookies get ``Secure``, responses HSTS."""
        return bool(self.public_base_url and self.public_base_url.lower().startswith("https://"))

    @property
    def public_host(self) -> str | None:
        """The host (and port) of ``PUBLIC_BASE_URL``, if set."""
        return urlsplit(self.public_base_url).netloc if self.public_base_url else None

    @classmethod
    def load(cls, environ: Mapping[str, str], overrides: Mapping[str, Any] | None = None) -> WebSettings:
        """Return settings from ``environ``, with ``overrides`` (the app config) winning.

        Raises:
            ConfigurationError: SECRET_KEY is missing outside development, or a
                value is malformed (``RASA_URL`` and ``ACTION_SERVER_URL`` may list
                several, each checked).
        """
        values: dict[str, Any] = {key: environ.get(key) for key in KEYS}
        for key in KEYS:
            if overrides and key in overrides:
                values[key] = overrides[key]
        environment = str(values["FRONTDOOR_ENV"] or "production").strip().lower()
        secret = values["SECRET_KEY"]
        if not secret:
            if environment != "development":
                raise ConfigurationError(
                    "SECRET_KEY is not set. Set it to a long random value "
                    "(or FRONTDOOR_ENV=development for a throwaway one)."
                )
            secret = secrets.token_hex(32)
            log.warning("SECRET_KEY is not set; using a random one for this development run "
                        "(staff sign-ins and open chat pages will not survive a restart)")
        try:
            timeout = float(values["RASA_TIMEOUT"] or 10)
        except (TypeError, ValueError) as exc:
            raise ConfigurationError("RASA_TIMEOUT must be a number of seconds") from exc
        if not 0 < timeout <= 300:
            raise ConfigurationError("RASA_TIMEOUT must be between 0 and 300 seconds")
        public = values["PUBLIC_BASE_URL"] or None
        actions = values["ACTION_SERVER_URL"] or None
        try:
            hops = int(values["FRONTDOOR_PROXY_HOPS"] or 0)
        except (TypeError, ValueError) as exc:
            raise ConfigurationError("FRONTDOOR_PROXY_HOPS must be a whole number") from exc
        if not 0 <= hops <= 5:
            raise ConfigurationError("FRONTDOOR_PROXY_HOPS must be from 0 to 5")
        rasa_url = _http_urls(str(values["RASA_URL"] or DEFAULT_RASA_URL), "RASA_URL", distinct=True)
        # Instances on one machine may share its action server.
        action_url = _http_urls(str(actions), "ACTION_SERVER_URL", distinct=False) if actions else None
        if action_url and action_url.count(",") not in (0, rasa_url.count(",")):
            raise ConfigurationError("ACTION_SERVER_URL must name one action server for every Rasa instance, "
                                     "or one for each instance in RASA_URL")
        limits = str(values["FRONTDOOR_RATE_LIMITS"] or "on").strip().lower()
        if limits not in ("on", "off"):
            raise ConfigurationError("FRONTDOOR_RATE_LIMITS must be on or off")
        return cls(
            secret_key=str(secret),
            environment=environment,
            rasa_url=rasa_url,
            rasa_token=str(values["RASA_TOKEN"]) if values["RASA_TOKEN"] else None,
            rasa_timeout=timeout,
            quick_exit_url=_http_url(str(values["QUICK_EXIT_URL"] or DEFAULT_QUICK_EXIT_URL),
                                     "QUICK_EXIT_URL"),
            public_base_url=_http_url(str(public), "PUBLIC_BASE_URL").rstrip("/") if public else None,
            twilio_auth_token=str(values["TWILIO_AUTH_TOKEN"]) if values["TWILIO_AUTH_TOKEN"] else None,
            twilio_account_sid=str(values["TWILIO_ACCOUNT_SID"]) if values["TWILIO_ACCOUNT_SID"] else None,
            twilio_from_number=str(values["TWILIO_FROM_NUMBER"]) if values["TWILIO_FROM_NUMBER"] else None,
            action_server_url=action_url,
            proxy_hops=hops,
            rate_limits=limits == "on",
        )

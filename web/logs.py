"""Keep client addresses out of the access logs, and the Rasa token out of any log.

Anonymous means anonymous (DESIGN §8): neither the development server
(``werkzeug``) nor gunicorn's access log may record who sent a request. The
filter rewrites their access-log records in place, whatever log format the
deployment chose. httpx logs each call to Rasa at INFO with its URL, and the
tracker URL carries Rasa's API token as ``?token=``, which is blanked. The app
itself never logs message text or addresses.
"""

from __future__ import annotations

import logging
import re
from collections.abc import MutableMapping

#: Request headers that carry a client address through proxies.
_ADDRESS_HEADERS = ("{x-forwarded-for}i", "{x-real-ip}i", "{forwarded}i", "{true-client-ip}i",
                    "{cf-connecting-ip}i", "{client-ip}i")
_WERKZEUG_PREFIX = re.compile(r"^\S+ - - \[")
_TOKEN = re.compile(r"([?&]token=)[^&\s\"']*")


def _without_token(arg: object) -> object:
    """Return ``arg`` as it is, or as text with any ``token=`` value blanked."""
    text = str(arg)
    return _TOKEN.sub(r"\1[redacted]", text) if "token=" in text else arg


class RedactSensitive(logging.Filter):
    """Blank client addresses in werkzeug and gunicorn access-log records, and
    the ``token`` query parameter in httpx's (and werkzeug's) records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.name in ("httpx", "werkzeug"):
            record.args = tuple(_without_token(arg) for arg in record.args)
        if record.name == "gunicorn.access" and isinstance(record.args, MutableMapping):
            atoms = record.args
            atoms["h"] = "-"
            for key in _ADDRESS_HEADERS:
                if key in atoms:
                    atoms[key] = "-"
        if record.name == "werkzeug" and isinstance(record.msg, str):
            record.msg = _WERKZEUG_PREFIX.sub("- - - [", record.msg, count=1)
        return True


def install() -> None:
    """Attach the filter to the werkzeug, gunicorn access and httpx loggers (once)."""
    for name in ("werkzeug", "gunicorn.access", "httpx"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSensitive) for f in logger.filters):
            logger.addFilter(RedactSensitive())

"""The web app alone, served over HTTP on a free loopback port, configured for development.

``serving(home)`` is a context manager giving a :class:`LiveWeb`: a werkzeug
server thread on a migrated SQLite file with ``FRONTDOOR_ENV=development``, a
local Twilio token and ``PUBLIC_BASE_URL`` set to its own address, so signed
requests to ``/sms/twilio`` are accepted. Rasa is not running: the SMS channel
then takes each message as a tip directly, as it does when Rasa is down.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from frontdoor.config import Settings
from frontdoor.services import Core
from frontdoor.sla import SlaPolicy, bank_holidays
from frontdoor.store.crypto import generate_key
from frontdoor.store.db import Database
from frontdoor.store.migrate import upgrade
from tests.support.stack import free_port
from web import create_app
from web.rasa_client import RasaClient

TWILIO_TOKEN = "local-twilio-token-0123456789abcdef"


@dataclass(frozen=True)
class LiveWeb:
    """The running app: its address, the settings a client needs, and its core."""

    url: str
    core: Core

    @property
    def env(self) -> dict[str, str]:
        """What ``make run`` puts in the environment for this app (its local configuration)."""
        return {"FRONTDOOR_ENV": "development", "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "PUBLIC_BASE_URL": self.url}


@contextmanager
def serving(home: Path, **config: Any) -> Iterator[LiveWeb]:
    """Serve the web app for development on a fresh database in ``home``; ``config`` overrides its settings."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = Settings(database_url=f"sqlite:///{home / 'frontdoor.db'}", sla=SlaPolicy(holidays=bank_holidays()),
                        home=home, data_keys=(generate_key(),), pseudonym_key=secrets.token_bytes(32),
                        environment="development")
    database = Database(settings.database_url, keyring=settings.keyring())
    upgrade(database)
    core = Core.from_settings(settings, clock=lambda: datetime.now(timezone.utc), db=database)
    rasa = RasaClient(f"http://127.0.0.1:{free_port()}", token="unused", timeout=0.5)  # nothing listens there
    app = create_app({"SECRET_KEY": secrets.token_hex(32), "FRONTDOOR_RATE_LIMITS": "off", **LiveWeb(url, core).env,
                      **config}, core=core, rasa=rasa)
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-web", daemon=True)
    thread.start()
    try:
        yield LiveWeb(url, core)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        rasa.close()
        database.dispose()

"""Settings, read from the environment (never from files in the repository).

Every setting has a name, a default that works on one machine, and a line in
the README. :func:`Settings.from_env` is called by each entry point (web app,
action server, console command) when it starts, never at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from frontdoor.errors import ConfigurationError
from frontdoor.pseudonyms import key_from_text
from frontdoor.sla import SlaPolicy, Target, bank_holidays


def _default_home() -> Path:
    return Path(os.environ.get("FRONTDOOR_HOME") or Path.cwd() / "var")


@dataclass(frozen=True)
class Settings:
    """All configuration of the core. Shells add their own on top."""

    database_url: str
    routing_table: str | None = None
    lexicon: str | None = None
    sla: SlaPolicy = field(default_factory=SlaPolicy)
    home: Path = field(default_factory=_default_home)
    sqlite_busy_timeout_ms: int = 15000
    #: Key for sender pseudonyms and follow-up codes (None: SMS and follow-up off).
    pseudonym_key: bytes | None = None
    #: Minutes of silence after which an SMS conversation starts afresh.
    sms_conversation_minutes: int = 30
    #: Seconds the SMS webhook waits for Rasa before capturing the message directly.
    sms_engine_budget_s: float = 1.2

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """Build settings from ``environ`` (``os.environ`` when None).

        Raises:
            ConfigurationError: a value is malformed.
        """
        env = os.environ if environ is None else environ
        home = Path(env.get("FRONTDOOR_HOME") or Path.cwd() / "var")
        database_url = env.get("DATABASE_URL") or f"sqlite:///{home / 'frontdoor.db'}"
        if database_url.startswith("postgres://"):
            database_url = "postgresql+psycopg://" + database_url[len("postgres://"):]
        elif database_url.startswith("postgresql://"):
            database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
        try:
            busy = int(env.get("FRONTDOOR_SQLITE_BUSY_MS", "15000"))
        except ValueError as exc:
            raise ConfigurationError("FRONTDOOR_SQLITE_BUSY_MS must be a number") from exc
        tz = env.get("FRONTDOOR_TIMEZONE", "Europe/London")
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigurationError(f"FRONTDOOR_TIMEZONE {tz!r} is not a known time zone") from exc
        sla = SlaPolicy(
            red=Target.parse(env.get("FRONTDOOR_SLA_RED", "1h")),
            amber=Target.parse(env.get("FRONTDOOR_SLA_AMBER", "1wd")),
            green=Target.parse(env.get("FRONTDOOR_SLA_GREEN", "5wd")),
            tz=tz,
            holidays=bank_holidays(),
        )
        key_text = env.get("FRONTDOOR_PSEUDONYM_KEY")
        pseudonym_key = key_from_text(key_text) if key_text else None
        try:
            sms_minutes = int(env.get("FRONTDOOR_SMS_CONVERSATION_MINUTES", "30"))
            budget = float(env.get("FRONTDOOR_SMS_ENGINE_BUDGET_S", "1.2"))
        except ValueError as exc:
            raise ConfigurationError("FRONTDOOR_SMS_CONVERSATION_MINUTES and "
                                     "FRONTDOOR_SMS_ENGINE_BUDGET_S must be numbers") from exc
        if sms_minutes <= 0 or not 0.1 <= budget <= 10:
            raise ConfigurationError("SMS conversation minutes must be positive and the engine "
                                     "budget between 0.1 and 10 seconds")
        return cls(
            pseudonym_key=pseudonym_key,
            sms_conversation_minutes=sms_minutes,
            sms_engine_budget_s=budget,
            database_url=database_url,
            routing_table=env.get("ROUTING_TABLE") or None,
            lexicon=env.get("FRONTDOOR_LEXICON") or None,
            sla=sla,
            home=home,
            sqlite_busy_timeout_ms=busy,
        )

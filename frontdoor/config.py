"""Settings, read from the environment (never from files in the repository).

Every setting has a name, a default that works on one machine, and a line in
the README. :func:`Settings.from_env` is called by each entry point (web app,
action server, console command) when it starts, never at import time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from frontdoor.adapters.imap import ImapSettings
from frontdoor.adapters.smtp import SmtpSettings
from frontdoor.controller import Controller
from frontdoor.errors import ConfigurationError
from frontdoor.hours import aware_time
from frontdoor.pseudonyms import key_from_text
from frontdoor.sla import SlaPolicy, Target, bank_holidays
from frontdoor.store.crypto import Keyring

N = TypeVar("N", int, float)


#: FRONTDOOR_ENV values that are not a live service.
NOT_PRODUCTION = ("development", "test")
#: The second reading of triage (:mod:`frontdoor.learned`), built by ``make setup``.
DEFAULT_TRIAGE_MODEL = Path(__file__).resolve().parents[1] / "models" / "triage-reader.json.gz"


def _default_home() -> Path:
    return Path(os.environ.get("FRONTDOOR_HOME") or Path.cwd() / "var")


@dataclass(frozen=True)
class Settings:
    """All configuration of the core. Shells add their own on top."""

    database_url: str
    routing_table: str | None = None
    #: The partnership's workflow file: outcomes per area and retention (FRONTDOOR_WORKFLOW; None: the demo one).
    workflow: str | None = None
    lexicon: str | None = None
    #: The second reading of triage (FRONTDOOR_TRIAGE_MODEL); None: the rule table alone.
    triage_model: Path | None = None
    sla: SlaPolicy = field(default_factory=SlaPolicy)
    home: Path = field(default_factory=_default_home)
    sqlite_busy_timeout_ms: int = 15000
    #: Key for sender pseudonyms and follow-up codes (None: SMS and follow-up off).
    pseudonym_key: bytes | None = None
    #: Minutes of silence after which an SMS conversation starts afresh.
    sms_conversation_minutes: int = 30
    #: Seconds the SMS webhook waits for Rasa before capturing the message directly.
    sms_engine_budget_s: float = 1.2
    #: Fernet keys for the sensitive columns, newest first (FRONTDOOR_DATA_KEYS); never in repr().
    data_keys: tuple[str, ...] = field(default=(), repr=False)
    #: Days a closed referral (and everything about it) is kept after closing.
    retention_days: float = 365
    #: SQLAlchemy URL of Rasa's tracker store (None: trackers are not purged).
    rasa_tracker_url: str | None = None
    #: Days a Rasa conversation tracker is kept after its last event.
    tracker_retention_days: float = 1
    #: Redis for the job queue (None: jobs are kept in the database).
    redis_url: str | None = None
    #: Attempts a queued job gets before it is marked failed.
    job_max_attempts: int = 5
    #: The public address links in alerts point at.
    public_base_url: str = "http://127.0.0.1:8000"
    #: Where alert e-mail goes out (None: e-mail alerts are skipped).
    smtp: SmtpSettings | None = None
    #: The Front Door SMS number (TWILIO_FROM_NUMBER) that messages name for people to text; None: not set.
    sms_number: str | None = None
    #: The partnership's shared mailbox read for e-mail intake (FRONTDOOR_IMAP_*; None: intake off).
    imap: ImapSettings | None = None
    #: Anonymous reports a minute beyond which new ones are held with the partnership triage team and an
    #: "unusual volume" alert goes out (FRONTDOOR_VOLUME_PER_MINUTE; 0: no bound).
    volume_per_minute: int = 0
    #: Minutes a red referral may stay unacknowledged before the alert escalates.
    alert_escalate_minutes: int = 30
    #: FRONTDOOR_ENV: ``production`` (the default), ``development`` or ``test``. Demo accounts and a
    #: shifted clock are refused in production.
    environment: str = "production"
    #: Outside production only: the clock starts at this time and runs on
    #: (FRONTDOOR_CLOCK_START), to show or test what happens on a Saturday night.
    clock_start: datetime | None = None
    #: Who the controller and its data protection officer are, for the privacy notice
    #: (FRONTDOOR_CONTROLLER_NAME, _ADDRESS, _EMAIL, _PHONE, FRONTDOOR_DPO_NAME, _EMAIL; demonstration values).
    controller: Controller = field(default_factory=Controller)

    @property
    def is_production(self) -> bool:
        """True unless FRONTDOOR_ENV says ``development`` or ``test``."""
        return self.environment not in NOT_PRODUCTION

    def clock(self) -> Callable[[], datetime]:
        """Return the clock the core runs on: real UTC time, or time running on from ``clock_start``."""
        if self.clock_start is None:
            return _utc_now
        start, began = self.clock_start.astimezone(timezone.utc), time.monotonic()

        def shifted() -> datetime:
            return start + timedelta(seconds=time.monotonic() - began)

        return shifted

    def keyring(self) -> Keyring | None:
        """Return the keyring for ``data_keys`` (None when no key is configured).

        Raises:
            ConfigurationError: a key is malformed.
        """
        return Keyring(self.data_keys) if self.data_keys else None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
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
        sms_minutes = _number(env, "FRONTDOOR_SMS_CONVERSATION_MINUTES", "30", int)
        budget = _number(env, "FRONTDOOR_SMS_ENGINE_BUDGET_S", "1.2", float, low=0.1, high=10)
        escalate = _number(env, "ALERT_ESCALATE_MINUTES", "30", int)
        volume = _number(env, "FRONTDOOR_VOLUME_PER_MINUTE", "30", int, low=0)
        attempts = _number(env, "FRONTDOOR_JOB_MAX_ATTEMPTS", "5", int)
        public = (env.get("PUBLIC_BASE_URL") or "").strip().rstrip("/")
        if not public:
            public = f"http://127.0.0.1:{env.get('WEB_PORT') or '8000'}"
        data_keys = tuple(k.strip() for k in env.get("FRONTDOOR_DATA_KEYS", "").split(",") if k.strip())
        if data_keys:
            Keyring(data_keys)  # refuse a malformed key at start-up
        retention_days = _number(env, "FRONTDOOR_RETENTION_DAYS", "365", float)
        clock_start = _clock_start(env)
        tracker_days = _number(env, "RASA_TRACKER_RETENTION_DAYS", "1", float)
        environment = (env.get("FRONTDOOR_ENV") or "production").strip().lower()
        if environment not in ("production", *NOT_PRODUCTION):
            raise ConfigurationError("FRONTDOOR_ENV must be production, development or test")
        return cls(
            environment=environment,
            clock_start=clock_start,
            controller=Controller.from_env(env),
            data_keys=data_keys,
            retention_days=retention_days,
            rasa_tracker_url=_tracker_url(env, home),
            tracker_retention_days=tracker_days,
            redis_url=env.get("REDIS_URL") or None,
            job_max_attempts=attempts,
            public_base_url=public,
            smtp=SmtpSettings.from_env(env),
            sms_number=(env.get("TWILIO_FROM_NUMBER") or "").strip() or None,
            imap=ImapSettings.from_env(env),
            alert_escalate_minutes=escalate,
            volume_per_minute=volume,
            pseudonym_key=pseudonym_key,
            sms_conversation_minutes=sms_minutes,
            sms_engine_budget_s=budget,
            database_url=database_url,
            routing_table=env.get("ROUTING_TABLE") or None,
            workflow=env.get("FRONTDOOR_WORKFLOW") or None,
            lexicon=env.get("FRONTDOOR_LEXICON") or None,
            triage_model=_triage_model(env),
            sla=sla,
            home=home,
            sqlite_busy_timeout_ms=busy,
        )


def _triage_model(env: Mapping[str, str]) -> Path | None:
    """Return the second reading's file: FRONTDOOR_TRIAGE_MODEL, else the built one; None for ``off``."""
    text = (env.get("FRONTDOOR_TRIAGE_MODEL") or "").strip()
    if text.lower() == "off":
        return None
    return Path(text) if text else DEFAULT_TRIAGE_MODEL


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _clock_start(env: Mapping[str, str]) -> datetime | None:
    """Return ``FRONTDOOR_CLOCK_START`` as an aware time, or None when unset.

    Raises:
        ConfigurationError: it is not an ISO 8601 time with a zone, or
            ``FRONTDOOR_ENV`` is not ``development`` or ``test``: a live service
            runs on real time.
    """
    text = (env.get("FRONTDOOR_CLOCK_START") or "").strip()
    if not text:
        return None
    if (env.get("FRONTDOOR_ENV") or "production").strip().lower() not in NOT_PRODUCTION:
        raise ConfigurationError("FRONTDOOR_CLOCK_START is refused in production: it is allowed only with "
                                 "FRONTDOOR_ENV=development or test")
    return aware_time(text, "FRONTDOOR_CLOCK_START", ConfigurationError)


def _number(env: Mapping[str, str], name: str, default: str, kind: Callable[[str], N],
            low: float | None = None, high: float | None = None) -> N:
    """Return ``env[name]`` (or ``default``) as an ``int`` or ``float`` that is positive.

    ``low`` and ``high``, when given, bound it instead of "positive".

    Raises:
        ConfigurationError: not a number of that kind, or out of range.
    """
    text = env.get(name, default)
    try:
        value = kind(text)
    except ValueError as exc:
        what = "a whole number" if kind is int else "a number"
        raise ConfigurationError(f"{name} must be {what}, not {text!r}") from exc
    if low is None and high is None:
        if value <= 0:
            raise ConfigurationError(f"{name} must be positive, not {text!r}")
    elif (low is not None and value < low) or (high is not None and value > high):
        raise ConfigurationError(f"{name} must be between {low} and {high}, not {text!r}")
    return value


def _tracker_url(env: Mapping[str, str], home: Path) -> str:
    """Return the SQLAlchemy URL of Rasa's SQL tracker store.

    ``RASA_TRACKER_URL`` wins; otherwise ``RASA_TRACKER_DB`` is a URL, or the
    database name on ``RASA_TRACKER_HOST`` (PostgreSQL, as in
    ``deploy/endpoints.multi.yml``), or the path of a SQLite file
    (default ``$FRONTDOOR_HOME/tracker.db``, as in ``bot/endpoints.yml``).
    """
    if env.get("RASA_TRACKER_URL"):
        return env["RASA_TRACKER_URL"]
    db = env.get("RASA_TRACKER_DB") or str(home / "tracker.db")
    if "://" in db:
        return db
    host = env.get("RASA_TRACKER_HOST")
    if host:
        user = quote(env.get("RASA_TRACKER_USER", ""), safe="")
        password = quote(env.get("RASA_TRACKER_PASSWORD", ""), safe="")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        port = f":{env['RASA_TRACKER_PORT']}" if env.get("RASA_TRACKER_PORT") else ""
        return f"postgresql+psycopg://{auth}{host}{port}/{db}"
    return f"sqlite:///{Path(db).absolute()}"

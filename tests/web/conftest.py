"""Fixtures for the web shell: a real app on a real SQLite database, a fake Rasa server.

- ``core``: the core on a migrated SQLite file in ``tmp_path`` with the fake
  clock (overrides the shared fixture: the web tests run on SQLite only) and a
  cheap password hash so signing in is fast.
- ``rasa_server`` / ``rasa``: a tiny real HTTP server standing in for Rasa
  (see ``fake_rasa.py``); ``rasa`` is its state, reset for each test.
- ``app`` / ``client``: ``create_app`` with that core and a RasaClient on the fake.
- ``staff`` / ``referrals``: demo-like accounts and four referrals (see below).
- ``sign_in``: put a fully signed-in (password and TOTP code) staff cookie on a test client.
- ``totp_code``: the current code of an account enrolled by ``staff`` (``TOTP_SECRET``).
- ``csrf_token``: read the CSRF token out of a page.
- ``html``: parse a page into a small tree (``html(response).by_id("transcript")``).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import socket
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyotp
import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import select

from frontdoor.config import Settings
from frontdoor.model import (
    Channel,
    Kind,
    PersonDraft,
    PersonRole,
    ReferralDraft,
    ReporterDraft,
    ReporterRole,
)
from frontdoor.services import Core
from frontdoor.sla import SlaPolicy, bank_holidays
from frontdoor.store.db import Database
from frontdoor.store.migrate import upgrade
from frontdoor.store.models import Staff
from web import create_app
from web.rasa_client import RasaClient
from web.settings import KEYS

try:  # `python -m pytest` from the repository root
    from tests.web.fake_rasa import FakeRasa, FakeRasaServer
    from tests.web.html_tree import Element, parse
except ImportError:  # plain `pytest`: this directory is on sys.path
    from fake_rasa import FakeRasa, FakeRasaServer  # type: ignore[no-redef]
    from html_tree import Element, parse  # type: ignore[no-redef]

SECRET = "test-secret-key-0123456789abcdef0123456789abcdef"
RASA_TOKEN = "rasa-api-token"
PASSWORD = "correct horse battery staple"
QUICK_EXIT = "https://www.bbc.co.uk/weather"
PSEUDONYM_KEY = bytes.fromhex("11" * 32)
DATA_KEY = "ERERERERERERERERERERERERERERERERERERERERERE="
#: The authenticator secret (base32) every :data:`STAFF` account is enrolled with.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

#: Staff accounts: name → (email, inboxes).
STAFF = {
    "bexley": ("bexley.spoc@frontdoor.example", ("bexley-community-safety",)),
    "police": ("se.police@frontdoor.example", ("met-se-gangs",)),
    "bromley": ("bromley.spoc@frontdoor.example", ("bromley-community-safety",)),
}


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database file brought to the latest schema by the migrations (once)."""
    path = tmp_path_factory.mktemp("schema") / "frontdoor.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    with db.engine.connect() as connection:  # fold the WAL into the file before copying it
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture(scope="session")
def wired_core(migrated_sqlite: Path) -> Core:
    """The core built once by ``Core.from_settings`` (routing table and analyser loaded once)."""
    settings = Settings(database_url=f"sqlite:///{migrated_sqlite}",
                        sla=SlaPolicy(holidays=bank_holidays()), home=migrated_sqlite.parent,
                        data_keys=(DATA_KEY,))
    return Core.from_settings(settings, clock=lambda: datetime(2026, 1, 1, tzinfo=timezone.utc))


@pytest.fixture
def core(tmp_path: Path, clock: Any, migrated_sqlite: Path, wired_core: Core) -> Iterator[Core]:
    """The real core services on a fresh copy of the migrated database, with the fake clock.

    Built by ``Core.from_settings``, reusing the routing table and analyser of
    ``wired_core`` (loading the YAML table takes a noticeable fraction of a second).
    A cheap argon2 setting keeps sign-ins fast.
    """
    path = tmp_path / "frontdoor.db"
    shutil.copyfile(migrated_sqlite, path)
    settings = dataclasses.replace(wired_core.settings, database_url=f"sqlite:///{path}", home=tmp_path)
    db = Database(settings.database_url, keyring=settings.keyring())
    built = Core.from_settings(
        dataclasses.replace(settings, pseudonym_key=PSEUDONYM_KEY, sms_engine_budget_s=0.5), clock=clock, db=db,
        table=wired_core.table, analyser=wired_core.analyser,
        hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield built
    db.dispose()


@pytest.fixture(scope="session")
def rasa_server() -> Iterator[FakeRasaServer]:
    server = FakeRasaServer(token=RASA_TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def rasa(rasa_server: FakeRasaServer) -> Iterator[FakeRasa]:
    """The fake Rasa's state, fresh for this test (``rasa.mode = "error"`` etc.)."""
    rasa_server.app.reset()
    yield rasa_server.app
    rasa_server.app.release.set()


@pytest.fixture(scope="session")
def _shared_rasa_client(rasa_server: FakeRasaServer) -> Iterator[RasaClient]:
    client = RasaClient(rasa_server.url, token=RASA_TOKEN, timeout=2.0)
    yield client
    client.close()


@pytest.fixture
def rasa_client(rasa: FakeRasa, _shared_rasa_client: RasaClient) -> RasaClient:
    """A RasaClient on the fake server (it holds no conversation state, so one serves every test)."""
    return _shared_rasa_client


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on (connections are refused at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No web settings leak in from the developer's environment."""
    for key in KEYS:
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Extra config for ``app``; tests may add to it before asking for ``app``."""
    return {}


@pytest.fixture(scope="session")
def template_cache() -> BytecodeCache:
    """Compiled templates shared by every test's app (compiling them is most of an app's cost)."""

    class MemoryCache(BytecodeCache):
        def __init__(self) -> None:
            self.store: dict[str, bytes] = {}

        def load_bytecode(self, bucket: Bucket) -> None:
            if bucket.key in self.store:
                bucket.bytecode_from_string(self.store[bucket.key])

        def dump_bytecode(self, bucket: Bucket) -> None:
            self.store[bucket.key] = bucket.bytecode_to_string()

    return MemoryCache()


@pytest.fixture
def make_app(clean_env: None, core: Core, template_cache: BytecodeCache) -> Callable[..., Flask]:
    """Build an app on the test core: ``make_app(rasa_client, **config)``."""

    def build(rasa_client: RasaClient, **config: Any) -> Flask:
        settings = {"SECRET_KEY": SECRET, "TESTING": True, "QUICK_EXIT_URL": QUICK_EXIT, **config}
        app = create_app(settings, core=core, rasa=rasa_client)
        app.jinja_env.bytecode_cache = template_cache
        return app

    return build


@pytest.fixture
def app(make_app: Callable[..., Flask], rasa_client: RasaClient, app_config: dict[str, Any]) -> Flask:
    return make_app(rasa_client, **app_config)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def staff(core: Core) -> dict[str, str]:
    """Create the :data:`STAFF` accounts (password :data:`PASSWORD`); return name → email."""
    for email, inboxes in STAFF.values():
        core.staff.add(email, inboxes, name=email.split("@")[0], password=PASSWORD)
        enrol_totp(core, email)
    return {name: email for name, (email, _) in STAFF.items()}


def enrol_totp(core: Core, email: str, secret: str = TOTP_SECRET) -> None:
    """Enrol ``email`` with the authenticator ``secret`` as if they had set it up, with no code used yet."""
    with core.db.session() as session:
        row = session.scalar(select(Staff).where(Staff.email == email))
        assert row is not None, email
        row.totp_secret = secret
        row.totp_enrolled_at = core.clock()
        row.totp_last_step = None


@pytest.fixture
def totp_code(core: Core) -> Callable[..., str]:
    """``totp_code()``: the authenticator code of :data:`TOTP_SECRET` at the test clock's time."""

    def do(secret: str = TOTP_SECRET) -> str:
        return pyotp.TOTP(secret).at(core.clock())

    return do


@pytest.fixture
def referrals(core: Core) -> dict[str, str]:
    """Submit four referrals; return name → reference.

    ``red``: Erith, weapon and threats → owned by met-se-gangs, info-only
    copies to bexley-community-safety, bexley-mash and bexley-education; has a
    young person at risk, an alleged exploiter, a witness and a teacher reporter.
    ``amber``: Sidcup, running drugs → owned by bexley-community-safety.
    ``green``: Bexleyheath, early signs → owned by bexley-community-safety.
    ``bromley``: Penge, early signs → owned by bromley-community-safety.
    """
    drafts = {
        "red": ReferralDraft(
            kind=Kind.CONCERN, channel=Channel.WEB, area="Erith",
            description="Sam was stabbed last night and the older boys are threatening "
                        "to come back with a knife.",
            people=[
                PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name="Sam Pupil", age=15,
                            school="Erith Academy", known_to_social_care=True),
                PersonDraft(role=PersonRole.ALLEGED_EXPLOITER, name="Big T", age=24,
                            description="Drives a black car"),
                PersonDraft(role=PersonRole.WITNESS, name="Corner Shop Owner"),
            ],
            reporter=ReporterDraft(role=ReporterRole.TEACHER, organisation="Erith Academy",
                                   name="Ms Teacher", email="teacher@school.example"),
        ),
        "amber": ReferralDraft(
            kind=Kind.CONCERN, channel=Channel.WEB, area="Sidcup",
            description="She keeps going missing and is running drugs for older boys.",
            people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=14)],
        ),
        "green": ReferralDraft(
            kind=Kind.TIP, channel=Channel.SMS, area="Bexleyheath",
            description="Some older lads hang around the park and the kids have new phones.",
        ),
        "bromley": ReferralDraft(
            kind=Kind.TIP, channel=Channel.WEB, area="Penge",
            description="Older lads hanging about by the station with new trainers.",
        ),
    }
    return {name: core.submissions.submit(draft).reference for name, draft in drafts.items()}


@pytest.fixture
def sign_in(core: Core, staff: dict[str, str]) -> Callable[[FlaskClient, str], str]:
    """``sign_in(client, "bexley")``: sign that account in with password and code; set its cookie.

    Returns the session token. Each call may use the current code again (it
    forgets the account's last used code first), so tests can sign in twice.
    """

    def do(client: FlaskClient, who: str) -> str:
        enrol_totp(core, staff[who])
        first_step = core.staff.start_session(core.staff.find(staff[who]))
        token = core.staff.verify_code(first_step, pyotp.TOTP(TOTP_SECRET).at(core.clock()))
        client.set_cookie("fd_staff", token, path="/inbox")
        return token

    return do


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def csrf_token() -> Callable[[str], str]:
    """``csrf_token(html)``: the CSRF token in a page."""
    return _csrf_token


@pytest.fixture
def html() -> Callable[[Any], Element]:
    """``html(response_or_text)``: the parsed page (see ``html_tree.py``)."""

    def do(page: Any) -> Element:
        text = page if isinstance(page, str) else page.get_data(as_text=True)
        return parse(text)

    return do

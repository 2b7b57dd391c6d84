"""Sign-in limits through the real app served over HTTP, with wrong passwords sent in parallel."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from frontdoor.services import Core
from frontdoor.services.staff import SessionPolicy
from frontdoor.store.models import Staff

try:
    from tests.web.conftest import PASSWORD, _csrf_token
except ImportError:  # plain `pytest`
    from conftest import PASSWORD, _csrf_token  # type: ignore[no-redef]


@pytest.fixture
def served(app: Flask) -> Iterator[str]:
    """The app on a threaded HTTP server on a free local port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="web-app", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def ready_to_post(url: str) -> tuple[httpx.Client, str]:
    """A client holding the login page's cookie, and its CSRF token."""
    client = httpx.Client(base_url=url, timeout=30)
    return client, _csrf_token(client.get("/inbox/login").text)


def test_parallel_wrong_passwords_lock_the_account(served: str, core: Core, staff: dict[str, str]) -> None:
    email = staff["bexley"]
    policy = SessionPolicy()  # the policy the app runs with
    clients = [ready_to_post(served) for _ in range(8)]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def attempt(client: httpx.Client, token: str) -> None:
        barrier.wait()
        response = client.post("/inbox/login", data={"csrf_token": token, "email": email,
                                                     "password": "not the password at all"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(statuses) == len(clients) and 303 not in statuses
    with core.db.session() as session:
        row = session.scalar(select(Staff).where(Staff.email == email))
        assert row is not None and row.locked_until == core.clock() + policy.lockout
    client, token = ready_to_post(served)
    response = client.post("/inbox/login", data={"csrf_token": token, "email": email, "password": PASSWORD})
    assert response.status_code != 303, "the right password straight after the lockout must be refused"
    assert "not recognised, or the account is locked" in response.text
    for each, _ in clients + [(client, token)]:
        each.close()

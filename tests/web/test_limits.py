"""Rate limits on the public chat and on sign-in: 429 with the emergency numbers, keys that hold no address."""

from __future__ import annotations

import pytest
from flask import Flask

from web import limits

ADDRESS = "203.0.113.77"


def from_address(address: str = ADDRESS) -> dict[str, str]:
    return {"REMOTE_ADDR": address}


def test_one_conversation_cannot_flood_the_chat(client) -> None:
    session = "c" * 24
    for _ in range(20):
        ok = client.post("/api/chat", json={"session": session, "message": "hello"}, environ_base=from_address())
        assert ok.status_code == 200
    refused = client.post("/api/chat", json={"session": session, "message": "hello"}, environ_base=from_address())
    assert refused.status_code == 429
    assert "999" in refused.get_json()["error"] and "Childline on 0800 11 11" in refused.get_json()["error"]
    assert int(refused.headers["Retry-After"]) > 0
    # Another conversation from elsewhere goes on.
    other = client.post("/api/chat", json={"session": "d" * 24, "message": "hello"},
                        environ_base=from_address("198.51.100.9"))
    assert other.status_code == 200


def test_one_client_cannot_start_conversations_without_end(client, html) -> None:
    for _ in range(30):
        assert client.get("/", environ_base=from_address()).status_code == 200
    refused = client.get("/", environ_base=from_address())
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "faster than we can read them" in page and "call 999 now" in page and "0800 11 11" in page
    assert client.get("/", environ_base=from_address("198.51.100.9")).status_code == 200


def test_sign_in_is_slowed_per_client_and_per_account(client, staff, csrf_token) -> None:
    token = csrf_token(client.get("/inbox/login").get_data(as_text=True))
    wrong = {"csrf_token": token, "email": "nobody@frontdoor.example", "password": "not the password"}
    for _ in range(10):
        assert client.post("/inbox/login", data=wrong, environ_base=from_address()).status_code == 401
    refused = client.post("/inbox/login", data=wrong, environ_base=from_address())
    assert refused.status_code == 429 and limits.TOO_MANY_SIGN_INS in refused.get_data(as_text=True)
    assert client.get("/inbox/login", environ_base=from_address()).status_code == 200  # the page still shows
    # One account tried from many places is slowed too, and other accounts are not.
    for n in range(10):
        assert client.post("/inbox/login", data=wrong, environ_base=from_address(f"192.0.2.{n}")).status_code == 401
    assert client.post("/inbox/login", data=wrong, environ_base=from_address("192.0.2.200")).status_code == 429
    other = {**wrong, "email": staff["bromley"]}
    assert client.post("/inbox/login", data=other, environ_base=from_address("192.0.2.201")).status_code == 401


def test_no_address_is_kept_in_the_limits(app: Flask, client) -> None:
    client.get("/", environ_base=from_address())
    with app.test_request_context("/", environ_base=from_address()):
        key = limits.client_key()
    assert ADDRESS not in key and key.startswith("client:")
    [limiter] = list(app.extensions["limiter"])
    memory = limiter.storage  # moving windows are kept as events per key
    stored = " ".join(str(k) for k in [*memory.storage.keys(), *memory.events.keys()])
    assert key.split(":", 1)[1] in stored
    assert ADDRESS not in stored


@pytest.mark.parametrize("endpoint", sorted(limits.LIMITS))
def test_every_limited_endpoint_exists(app: Flask, endpoint: str) -> None:
    assert endpoint in app.view_functions


def test_with_redis_the_limits_are_shared_by_every_web_worker(make_app, rasa_client, core, redis_url: str) -> None:
    import dataclasses

    import redis

    redis.Redis.from_url(redis_url).flushdb()
    core.settings = dataclasses.replace(core.settings, redis_url=redis_url)
    workers = [make_app(rasa_client).test_client() for _ in range(2)]  # two workers, one Redis
    session = "r" * 24
    for n in range(20):
        sent = workers[n % 2].post("/api/chat", json={"session": session, "message": "hi"}, environ_base=from_address())
        assert sent.status_code == 200
    for worker in workers:
        assert worker.post("/api/chat", json={"session": session, "message": "hi"},
                           environ_base=from_address()).status_code == 429
    keys = b" ".join(redis.Redis.from_url(redis_url).keys("*"))
    assert keys and ADDRESS.encode() not in keys and session.encode() not in keys


def test_the_limits_outlive_a_garbage_collection(client) -> None:
    import gc

    gc.collect()  # Flask-Limiter holds its limiter weakly: the app must hold it
    assert client.post("/api/chat", json={"session": "g" * 24, "message": "hello"}).status_code == 200


def test_a_known_device_is_never_slowed_by_the_account_limit(app: Flask, client, core, staff, sign_in,
                                                              csrf_token) -> None:
    device = core.staff.remember_device(sign_in(client, "bexley"))
    attacker = app.test_client()
    token = csrf_token(attacker.get("/inbox/login").get_data(as_text=True))
    guess = {"csrf_token": token, "email": staff["bexley"], "password": "someone guessing!!"}
    for n in range(20):
        assert attacker.post("/inbox/login", data=guess, environ_base=from_address(f"192.0.2.{n}")).status_code == 401
    assert attacker.post("/inbox/login", data=guess, environ_base=from_address("192.0.2.99")).status_code == 429
    spoc = app.test_client()
    spoc.set_cookie("fd_device", device, path="/inbox")
    token = csrf_token(spoc.get("/inbox/login").get_data(as_text=True))
    from tests.web.conftest import PASSWORD

    signed = spoc.post("/inbox/login", data={"csrf_token": token, "email": staff["bexley"], "password": PASSWORD},
                       environ_base=from_address("198.51.100.20"))
    assert signed.status_code == 303  # past the account limit and the lockout both

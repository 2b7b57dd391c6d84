"""Every staff form needs its CSRF token; every staff page needs both factors; the security headers.

The routes are read from the app's URL map, so a page or action added later
is covered without touching these tests.
"""

from __future__ import annotations

import pytest
from flask import Flask

from web.inbox.auth import OPEN_ENDPOINTS

PASSWORD = "correct horse battery staple"
#: Values for URL variables, by name (anything else gets "x" or 1).
SAMPLE_VALUES = {"staff_id": 1, "reference": "FD-AAAA-AAAA"}


def staff_rules(app: Flask, method: str) -> list[tuple[str, str]]:
    """Return (endpoint, path) of every staff route (under /inbox) answering ``method``."""
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if method not in (rule.methods or ()) or not rule.rule.startswith("/inbox"):
                continue
            values = {}
            for name in rule.arguments:
                converter = type(rule._converters[name]).__name__
                values[name] = SAMPLE_VALUES.get(name, 1 if "Integer" in converter else "x")
            path = app.url_map.bind("localhost").build(rule.endpoint, values, method=method)
            found.append((rule.endpoint, path))
    return sorted(set(found))


def test_the_staff_blueprints_have_post_routes(app):
    endpoints = {endpoint for endpoint, _ in staff_rules(app, "POST")}
    assert {"inbox.login", "inbox.logout", "inbox.two_factor", "inbox.enrol", "inbox.acknowledge"} <= endpoints


def test_every_staff_post_without_a_csrf_token_is_refused(client, app, sign_in, html):
    anonymous = app.test_client()
    sign_in(client, "bexley")
    client.get("/inbox/")  # the signed-in session has a CSRF secret
    for endpoint, path in staff_rules(app, "POST"):
        for who, browser in (("anonymous", anonymous), ("signed in", client)):
            response = browser.post(path, data={"code": "123456", "email": "x@example.org", "password": "x"})
            assert response.status_code == 400, (endpoint, who)
            assert "fd_staff=" not in " ".join(response.headers.getlist("Set-Cookie")), endpoint
            response = browser.post(path, data={"csrf_token": "forged"})
            assert response.status_code == 400, (endpoint, who, "forged")
    assert client.get("/inbox/").status_code == 200  # logout without a token did nothing


def test_every_staff_page_needs_the_second_factor(client, app, staff, csrf_token):
    page = client.get("/inbox/login")
    client.post("/inbox/login", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                      "email": staff["bexley"], "password": PASSWORD})
    for endpoint, path in staff_rules(app, "GET"):
        if endpoint in OPEN_ENDPOINTS:
            continue
        response = client.get(path)
        assert response.status_code == 302, endpoint
        assert response.headers["Location"].startswith("/inbox/two-factor"), endpoint


def test_every_staff_page_needs_a_session(app):
    client = app.test_client()
    for endpoint, path in staff_rules(app, "GET"):
        if endpoint in OPEN_ENDPOINTS:
            continue
        response = client.get(path)
        assert response.status_code == 302, endpoint
        assert response.headers["Location"].startswith("/inbox/login"), endpoint


def _assert_security_headers(response, https: bool) -> None:
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    if https:
        assert headers["Strict-Transport-Security"].startswith("max-age=")
    else:
        assert "Strict-Transport-Security" not in headers


@pytest.mark.parametrize("https", [False, True])
def test_security_headers_on_the_referral_and_sign_in_pages(make_app, rasa_client, rasa, core, staff, referrals,
                                                            csrf_token, totp_code, https):
    config = {"PUBLIC_BASE_URL": "https://frontdoor.example.org"} if https else {}
    client = make_app(rasa_client, **config).test_client()
    core.staff.add("new.spoc@frontdoor.example", ["bexley-community-safety"], password=PASSWORD)

    # The public referral page (the chat) and the sign-in page.
    for path in ("/", "/inbox/login"):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_security_headers(response, https)

    # A failed sign-in, the set-up page of a new account, then the code page.
    login = client.get("/inbox/login")
    data = {"csrf_token": csrf_token(login.get_data(as_text=True)), "password": PASSWORD}
    failed = client.post("/inbox/login", data={**data, "email": "nobody@frontdoor.example"})
    assert failed.status_code == 401
    _assert_security_headers(failed, https)
    response = client.post("/inbox/login", data={**data, "email": "new.spoc@frontdoor.example"})
    _assert_security_headers(response, https)
    enrol = client.get("/inbox/enrol")
    assert enrol.status_code == 200
    _assert_security_headers(enrol, https)
    client.post("/inbox/logout", data={"csrf_token": csrf_token(enrol.get_data(as_text=True))})

    login = client.get("/inbox/login")
    client.post("/inbox/login", data={"csrf_token": csrf_token(login.get_data(as_text=True)),
                                      "email": staff["bexley"], "password": PASSWORD})
    code_page = client.get("/inbox/two-factor")
    assert code_page.status_code == 200
    _assert_security_headers(code_page, https)
    response = client.post("/inbox/two-factor", data={"csrf_token": csrf_token(code_page.get_data(as_text=True)),
                                                      "code": totp_code()})
    assert response.status_code == 303
    _assert_security_headers(response, https)

    # The staff referral page.
    response = client.get(f"/inbox/r/{referrals['amber']}")
    assert response.status_code == 200
    _assert_security_headers(response, https)

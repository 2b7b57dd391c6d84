"""Signing in and out of the SPOC inbox, the session cookie, and CSRF.

Two-factor codes in detail: ``test_auth_two_factor.py``.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

import pytest

PASSWORD = "correct horse battery staple"


def cookie_attributes(response, name):
    """Return (value, attributes) of cookie ``name`` set by ``response``."""
    for header in response.headers.getlist("Set-Cookie"):
        cookie = SimpleCookie()
        cookie.load(header)
        if name in cookie:
            morsel = cookie[name]
            lowered = header.lower()
            flags = {
                "httponly": "httponly" in lowered,
                "secure": "; secure" in lowered,
                "samesite": morsel["samesite"],
                "path": morsel["path"],
                "max-age": morsel["max-age"],
                "expires": morsel["expires"],
            }
            return morsel.value, flags
    raise AssertionError(f"no {name} cookie set")


def login(client, csrf_token, email, password, **extra):
    """Post the password step; return the response (a redirect to the code page on success)."""
    page = client.get("/inbox/login")
    data = {"csrf_token": csrf_token(page.get_data(as_text=True)), "email": email, "password": password, **extra}
    return client.post("/inbox/login", data=data)


def enter_code(client, csrf_token, code, location="/inbox/two-factor"):
    """Open the code page at ``location`` and post ``code``; return the response."""
    page = client.get(location)
    assert page.status_code == 200, page.headers.get("Location")
    data = {"csrf_token": csrf_token(page.get_data(as_text=True)), "code": code}
    data.update({key: values[0] for key, values in parse_qs(urlsplit(location).query).items()})
    return client.post("/inbox/two-factor", data=data)


def login_fully(client, csrf_token, email, password, code, **extra):
    """Sign in with password and code; return the response to the code."""
    response = login(client, csrf_token, email, password, **extra)
    assert response.status_code == 303
    return enter_code(client, csrf_token, code, response.headers["Location"])


def test_the_login_page_has_labelled_fields(client, html):
    response = client.get("/inbox/login")
    assert response.status_code == 200
    page = html(response)
    assert page.find("h1").text == "Sign in"
    form = page.find("form", cls="login-form")
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/inbox/login"
    assert form.find("label", for_="email").text == "Email address"
    assert form.find("input", id="email").attrs["type"] == "email"
    assert form.find("input", id="email").attrs["autocomplete"] == "username"
    assert form.find("label", for_="password").text == "Password"
    assert form.find("input", id="password").attrs["type"] == "password"
    assert form.find("button", type="submit").text == "Sign in"
    assert form.find("input", name="csrf_token")
    assert page.find_all("a", id="quick-exit") == []  # staff pages have no quick exit


def test_signing_in_sets_a_strict_session_cookie(client, staff, csrf_token, totp_code):
    response = login(client, csrf_token, staff["bexley"], PASSWORD)

    assert response.status_code == 303
    assert response.headers["Location"] == "/inbox/two-factor"
    first_step, _ = cookie_attributes(response, "fd_staff")
    # The password alone opens nothing but the code page.
    assert client.get("/inbox/").headers["Location"].startswith("/inbox/two-factor")

    response = enter_code(client, csrf_token, totp_code())
    assert response.status_code == 303
    assert response.headers["Location"] == "/inbox/"
    token, flags = cookie_attributes(response, "fd_staff")
    assert token != first_step  # a new token for the full session
    assert len(token) >= 40
    assert flags["httponly"] is True
    assert flags["samesite"] == "Strict"
    assert flags["path"] == "/inbox"
    assert flags["max-age"] == "" and flags["expires"] == ""  # ends with the browser
    assert flags["secure"] is False  # plain http in tests; see the https test

    queue = client.get("/inbox/")
    assert queue.status_code == 200
    assert "bexley.spoc" in queue.get_data(as_text=True)


def test_the_cookie_is_secure_when_the_public_address_is_https(make_app, rasa_client, staff, csrf_token):
    client = make_app(rasa_client, PUBLIC_BASE_URL="https://frontdoor.example.org").test_client()
    response = login(client, csrf_token, staff["bexley"], PASSWORD)
    _, flags = cookie_attributes(response, "fd_staff")
    assert flags["secure"] is True
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_email_case_and_spaces_do_not_matter(client, staff, csrf_token):
    response = login(client, csrf_token, "  " + staff["bexley"].upper() + " ", PASSWORD)
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("email", "password"),
    [("bexley.spoc@frontdoor.example", "wrong password!!"), ("nobody@frontdoor.example", PASSWORD),
     ("", ""), ("not an email", "x")],
)
def test_wrong_credentials_show_the_form_again(client, staff, csrf_token, html, email, password):
    response = login(client, csrf_token, email, password)
    assert response.status_code == 401
    page = html(response)
    assert "not recognised" in page.by_id("login-error").text
    assert page.by_id("login-error").attrs["role"] == "alert"
    assert page.by_id("email").attrs["value"] == email.strip()
    assert "fd_staff=" not in " ".join(response.headers.getlist("Set-Cookie"))
    assert client.get("/inbox/").status_code == 302


def test_repeated_failures_lock_the_account(client, staff, csrf_token):
    for _ in range(5):
        assert login(client, csrf_token, staff["bexley"], "wrong password!!").status_code == 401
    assert login(client, csrf_token, staff["bexley"], PASSWORD).status_code == 401


@pytest.mark.parametrize("path", ["/inbox/", "/inbox/r/FD-AAAA-AAAA", "/inbox/?urgency=red"])
def test_inbox_pages_need_a_signed_in_session(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inbox/login")


def test_after_signing_in_the_browser_returns_to_the_page_it_asked_for(client, staff, referrals, csrf_token,
                                                                       totp_code):
    target = f"/inbox/r/{referrals['amber']}"
    redirect = client.get(target)
    assert "next=" in redirect.headers["Location"]
    response = login_fully(client, csrf_token, staff["bexley"], PASSWORD, totp_code(), next=target)
    assert response.headers["Location"] == target


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/inbox/", "/inbox\\..\\x", "/api/chat"])
def test_next_never_leaves_the_inbox(client, staff, csrf_token, totp_code, target):
    response = login(client, csrf_token, staff["bexley"], PASSWORD, next=target)
    assert response.headers["Location"] == "/inbox/two-factor"
    response = client.post("/inbox/two-factor", data={
        "csrf_token": csrf_token(client.get("/inbox/two-factor").get_data(as_text=True)),
        "code": totp_code(), "next": target})
    assert response.headers["Location"] == "/inbox/"


def test_a_forged_or_unknown_cookie_is_refused(client):
    client.set_cookie("fd_staff", "made-up-token", path="/inbox")
    response = client.get("/inbox/")
    assert response.status_code == 302
    assert "fd_staff=;" in " ".join(response.headers.getlist("Set-Cookie"))  # cleared


def test_signing_out_ends_the_session_for_good(client, staff, csrf_token, html, totp_code):
    response = login_fully(client, csrf_token, staff["bexley"], PASSWORD, totp_code())
    token, _ = cookie_attributes(response, "fd_staff")
    queue = client.get("/inbox/")
    page = html(queue)
    assert "Signed in as" in page.by_id("signed-in").text
    sign_out = page.find("form", cls="sign-out")
    assert sign_out.attrs["action"] == "/inbox/logout"
    assert sign_out.find("button").text == "Sign out"

    response = client.post("/inbox/logout", data={"csrf_token": csrf_token(queue.get_data(as_text=True))})
    assert response.status_code == 303
    assert response.headers["Location"] == "/inbox/login"
    assert "fd_staff=;" in " ".join(response.headers.getlist("Set-Cookie"))
    assert "You have signed out" in client.get("/inbox/login").get_data(as_text=True)

    # The old cookie, replayed, is refused.
    client.set_cookie("fd_staff", token, path="/inbox")
    assert client.get("/inbox/").status_code == 302


def test_logout_is_post_only(client, sign_in):
    sign_in(client, "bexley")
    assert client.get("/inbox/logout").status_code == 405


def test_a_session_idle_too_long_expires(client, sign_in, clock, html):
    sign_in(client, "bexley")
    assert client.get("/inbox/").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/inbox/")
    assert response.status_code == 302
    assert "expired" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_form_post_without_the_csrf_token_is_rejected(client, staff, html):
    response = client.post("/inbox/login", data={"email": staff["bexley"], "password": PASSWORD})
    assert response.status_code == 400
    assert "expired" in html(response).by_id("error-page").text
    assert "fd_staff=" not in " ".join(response.headers.getlist("Set-Cookie"))


def test_a_forged_csrf_token_is_rejected(client, staff):
    client.get("/inbox/login")
    response = client.post("/inbox/login", data={"csrf_token": "forged", "email": staff["bexley"],
                                                 "password": PASSWORD})
    assert response.status_code == 400


def test_signed_in_forms_need_the_token_too(client, sign_in, referrals, core, staff):
    sign_in(client, "bexley")
    client.get("/inbox/")
    assert client.post("/inbox/logout").status_code == 400
    response = client.post(f"/inbox/r/{referrals['amber']}/acknowledge")
    assert response.status_code == 400
    assert core.queries.get(core.staff.find(staff["bexley"]), referrals["amber"]).status == "new"


def test_the_csrf_cookie_stays_in_the_inbox(client):
    response = client.get("/inbox/login")
    _, flags = cookie_attributes(response, "fd_session")
    assert flags["path"] == "/inbox"
    assert flags["httponly"] is True
    assert flags["samesite"] == "Strict"


def test_a_browser_that_signed_in_before_is_not_kept_out_by_a_lockout(app, client, core, staff, csrf_token,
                                                                      totp_code, clock):
    assert login_fully(client, csrf_token, staff["bexley"], PASSWORD, totp_code()).status_code == 303
    assert client.get_cookie("fd_device", path="/inbox") is not None
    client.post("/inbox/logout", data={"csrf_token": csrf_token(client.get("/inbox/").get_data(as_text=True))})
    clock.advance(seconds=30)
    attacker = app.test_client()
    for _ in range(5):
        assert login(attacker, csrf_token, staff["bexley"], "someone guessing!!").status_code == 401
    assert login(attacker, csrf_token, staff["bexley"], PASSWORD).status_code == 401  # locked for them
    assert login_fully(client, csrf_token, staff["bexley"], PASSWORD, totp_code()).status_code == 303
    assert client.get("/inbox/").status_code == 200

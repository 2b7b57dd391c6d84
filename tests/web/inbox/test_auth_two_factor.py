"""Two-factor sign-in through the web pages: enrolment, codes, replay, drift, lockout, session ends.

The password alone gives a first-step session that can only set up an
authenticator app or enter a code; everything else needs both factors.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from sqlalchemy import select

from frontdoor.store.models import Staff, StaffSession

PASSWORD = "correct horse battery staple"
NEW_SPOC = "new.spoc@frontdoor.example"
WRONG_CODE = "That code was not right or was already used; wait for the next one."


def _form(client, csrf_token, location):
    """Return the CSRF token and the query values of the page at ``location``."""
    page = client.get(location)
    assert page.status_code == 200, (location, page.status_code, page.headers.get("Location"))
    values = {key: found[0] for key, found in parse_qs(urlsplit(location).query).items()}
    return {"csrf_token": csrf_token(page.get_data(as_text=True)), **values}


def password_step(client, csrf_token, email, password=PASSWORD, **extra):
    """Post the sign-in form; return the response."""
    data = _form(client, csrf_token, "/inbox/login")
    return client.post("/inbox/login", data={**data, "email": email, "password": password, **extra})


def post_code(client, csrf_token, code, path="/inbox/two-factor"):
    """Post ``code`` on the code (or set-up) page; return the response."""
    return client.post(path, data={**_form(client, csrf_token, path), "code": code})


def fd_cookie(client):
    cookie = client.get_cookie("fd_staff", path="/inbox")
    return cookie.value if cookie else None


def staff_row(core, email):
    with core.db.session() as session:
        row = session.scalar(select(Staff).where(Staff.email == email))
        assert row is not None
        return row


def code_at(secret, when):
    return pyotp.TOTP(secret).at(when)


@pytest.fixture
def secret():
    from tests.web.conftest import TOTP_SECRET

    return TOTP_SECRET


# --- first sign-in: enrolment ---------------------------------------------------------------------
def test_a_new_spoc_enrols_at_first_sign_in(client, core, clock, csrf_token, html):
    core.staff.add(NEW_SPOC, ["bexley-community-safety"], name="New SPOC", password=PASSWORD)

    response = password_step(client, csrf_token, NEW_SPOC)
    assert response.status_code == 303 and response.headers["Location"] == "/inbox/two-factor"
    response = client.get("/inbox/two-factor")
    assert response.status_code == 302 and response.headers["Location"] == "/inbox/enrol"

    page = client.get("/inbox/enrol")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    tree = html(page)
    assert tree.find("h1").text == "Set up two-factor sign-in"
    assert "authenticator app" in text and "Microsoft Authenticator" in text
    assert tree.by_id("qr-code").find("svg") is not None  # inline markup, allowed by the CSP
    assert "data:" not in text and "style=" not in text and "<script" not in text
    secret = tree.by_id("totp-secret").text.replace(" ", "")
    assert len(secret) == 32
    assert staff_row(core, NEW_SPOC).totp_enrolled_at is None
    # Reloading shows the same secret (a scanned QR code stays valid until confirmed).
    assert html(client.get("/inbox/enrol")).by_id("totp-secret").text.replace(" ", "") == secret
    # Nothing else is open yet.
    assert client.get("/inbox/").headers["Location"].startswith("/inbox/two-factor")

    wrong = post_code(client, csrf_token, "000000" if code_at(secret, clock()) != "000000" else "111111",
                      "/inbox/enrol")
    assert wrong.status_code == 401
    assert WRONG_CODE in html(wrong).by_id("code-error").text
    assert html(wrong).by_id("totp-secret").text.replace(" ", "") == secret

    response = post_code(client, csrf_token, code_at(secret, clock()), "/inbox/enrol")
    assert response.status_code == 303 and response.headers["Location"] == "/inbox/"
    assert client.get("/inbox/").status_code == 200
    row = staff_row(core, NEW_SPOC)
    assert row.totp_enrolled_at == clock() and row.totp_secret == secret
    assert row.failed_logins == 0

    # Next sign-in asks for a code and no longer shows the secret.
    client.post("/inbox/logout", data=_form(client, csrf_token, "/inbox/"))
    clock.advance(seconds=30)
    password_step(client, csrf_token, NEW_SPOC)
    enrol = client.get("/inbox/enrol")
    assert enrol.status_code == 302 and enrol.headers["Location"] == "/inbox/two-factor"
    assert post_code(client, csrf_token, code_at(secret, clock())).headers["Location"] == "/inbox/"


def test_the_code_page_explains_itself(client, staff, csrf_token, html):
    password_step(client, csrf_token, staff["bexley"])
    page = html(client.get("/inbox/two-factor"))
    assert page.find("h1").text == "Enter your code"
    field = page.by_id("code")
    assert field.attrs["autocomplete"] == "one-time-code" and field.attrs["inputmode"] == "numeric"
    assert page.find("label", for_="code").text == "6-digit code"
    assert "authenticator app" in page.find("p", cls="intro").text
    assert page.by_id("cancel-sign-in").text == "Cancel and sign out"


# --- the first step opens nothing else ------------------------------------------------------------
def test_the_password_alone_opens_no_other_page_or_action(client, core, staff, referrals, csrf_token):
    password_step(client, csrf_token, staff["bexley"])
    token = csrf_token(client.get("/inbox/two-factor").get_data(as_text=True))
    for path in ("/inbox/", f"/inbox/r/{referrals['amber']}"):  # every page: test_auth_security.py
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/inbox/two-factor"), path
    response = client.post(f"/inbox/r/{referrals['amber']}/acknowledge", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inbox/two-factor")
    assert core.queries.get(core.staff.find(staff["bexley"]), referrals["amber"]).status == "new"


def test_the_token_is_rotated_when_the_code_is_accepted(client, staff, csrf_token, totp_code):
    password_step(client, csrf_token, staff["bexley"])
    first_step = fd_cookie(client)
    post_code(client, csrf_token, totp_code())
    assert fd_cookie(client) not in (None, first_step)
    assert client.get("/inbox/").status_code == 200
    # The first-step token (e.g. planted by someone else) is dead now.
    client.set_cookie("fd_staff", first_step, path="/inbox")
    assert client.get("/inbox/").headers["Location"].startswith("/inbox/login")
    assert client.get("/inbox/two-factor").headers["Location"].startswith("/inbox/login")


def test_a_full_session_skips_the_code_pages(client, sign_in):
    sign_in(client, "bexley")
    for path in ("/inbox/two-factor", "/inbox/enrol"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["Location"] == "/inbox/"


def test_cancelling_at_the_code_step_ends_that_session(client, core, staff, csrf_token, totp_code):
    password_step(client, csrf_token, staff["bexley"])
    first_step = fd_cookie(client)
    response = client.post("/inbox/logout", data=_form(client, csrf_token, "/inbox/two-factor"))
    assert response.status_code == 303 and response.headers["Location"] == "/inbox/login"
    client.set_cookie("fd_staff", first_step, path="/inbox")
    assert client.get("/inbox/two-factor").headers["Location"].startswith("/inbox/login")


# --- codes: once only, a little clock drift -------------------------------------------------------
def test_a_code_works_only_once(make_app, rasa_client, staff, clock, csrf_token, html, secret):
    app = make_app(rasa_client)
    first, second = app.test_client(), app.test_client()
    code = code_at(secret, clock())
    password_step(first, csrf_token, staff["bexley"])
    assert post_code(first, csrf_token, code).headers["Location"] == "/inbox/"

    # Someone who saw the code and knows the password cannot use it again.
    password_step(second, csrf_token, staff["bexley"])
    replay = post_code(second, csrf_token, code)
    assert replay.status_code == 401
    assert html(replay).by_id("code-error").text.endswith(WRONG_CODE)
    assert html(replay).by_id("code-error").attrs["role"] == "alert"
    # Nor the code from the step before it.
    assert post_code(second, csrf_token, code_at(secret, clock() - timedelta(seconds=30))).status_code == 401

    clock.advance(seconds=30)
    assert post_code(second, csrf_token, code_at(secret, clock())).headers["Location"] == "/inbox/"


@pytest.mark.parametrize(("offset", "accepted"), [(-60, False), (-30, True), (0, True), (30, True), (60, False)])
def test_one_step_of_clock_drift_either_way(client, staff, clock, csrf_token, secret, offset, accepted):
    password_step(client, csrf_token, staff["bexley"])
    response = post_code(client, csrf_token, code_at(secret, clock() + timedelta(seconds=offset)))
    assert (response.status_code == 303) is accepted


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "１２３４５６"])
def test_a_code_that_is_not_six_digits_is_a_400_and_not_a_failure(client, core, staff, csrf_token, html, code):
    password_step(client, csrf_token, staff["bexley"])
    response = post_code(client, csrf_token, code)
    assert response.status_code == 400
    assert "6-digit code" in html(response).by_id("code-error").text
    assert staff_row(core, staff["bexley"]).failed_logins == 0


def test_spaces_in_a_code_do_not_matter(client, staff, csrf_token, totp_code):
    password_step(client, csrf_token, staff["bexley"])
    code = totp_code()
    assert post_code(client, csrf_token, f" {code[:3]} {code[3:]} ").headers["Location"] == "/inbox/"


# --- failures slow down, then lock ----------------------------------------------------------------
def _wrong(code):
    return "000000" if code != "000000" else "111111"


def test_wrong_codes_wait_then_lock_like_wrong_passwords(client, core, staff, clock, csrf_token, html, totp_code):
    email = staff["bexley"]
    password_step(client, csrf_token, email)
    for attempt in (1, 2, 3):
        response = post_code(client, csrf_token, _wrong(totp_code()))
        assert response.status_code == 401
        assert html(response).by_id("code-error").find("p").text == WRONG_CODE
        assert staff_row(core, email).failed_logins == attempt

    # The fourth sets a 'not before' time rather than holding the request.
    response = post_code(client, csrf_token, _wrong(totp_code()))
    assert response.status_code == 401
    assert "wait 30 seconds" in html(response).by_id("code-error").text
    assert staff_row(core, email).locked_until == clock() + timedelta(seconds=30)
    # While waiting even the right code is refused, and that does not count.
    response = post_code(client, csrf_token, totp_code())
    assert response.status_code == 401 and "wait 30 seconds" in html(response).by_id("code-error").text
    assert staff_row(core, email).failed_logins == 4

    clock.advance(seconds=31)
    response = post_code(client, csrf_token, _wrong(totp_code()))  # the fifth locks the account
    assert response.status_code == 303 and response.headers["Location"] == "/inbox/login"
    login_page = client.get("/inbox/login").get_data(as_text=True)
    assert "locked for 15 minutes" in login_page
    assert staff_row(core, email).locked_until == clock() + timedelta(minutes=15)
    # The first-step session has ended, and the password does not work while locked.
    assert fd_cookie(client) is None
    assert password_step(client, csrf_token, email).status_code == 401

    clock.advance(minutes=15, seconds=30)
    assert password_step(client, csrf_token, email).status_code == 303
    assert post_code(client, csrf_token, totp_code()).headers["Location"] == "/inbox/"
    assert staff_row(core, email).failed_logins == 0


def test_password_and_code_failures_count_together(client, core, staff, clock, csrf_token, totp_code):
    email = staff["bexley"]
    for _ in range(3):
        assert password_step(client, csrf_token, email, "wrong password!!").status_code == 401
    # A right password does not clear the count: only a full sign-in does.
    assert password_step(client, csrf_token, email).status_code == 303
    assert staff_row(core, email).failed_logins == 3
    assert post_code(client, csrf_token, _wrong(totp_code())).status_code == 401
    assert staff_row(core, email).locked_until == clock() + timedelta(seconds=30)


def test_a_reset_makes_the_person_enrol_again(client, core, staff, clock, csrf_token, html, sign_in):
    sign_in(client, "bexley")
    core.staff.reset_two_factor(staff["bexley"], actor="admin@frontdoor.example")
    assert client.get("/inbox/").headers["Location"].startswith("/inbox/login")  # sessions ended
    password_step(client, csrf_token, staff["bexley"])
    assert client.get("/inbox/two-factor").headers["Location"] == "/inbox/enrol"
    new_secret = html(client.get("/inbox/enrol")).by_id("totp-secret").text.replace(" ", "")
    from tests.web.conftest import TOTP_SECRET

    assert new_secret != TOTP_SECRET
    assert post_code(client, csrf_token, code_at(new_secret, clock()), "/inbox/enrol").status_code == 303


# --- session lifetimes through the pages ----------------------------------------------------------
def test_a_session_used_within_30_minutes_stays_alive(client, sign_in, clock):
    sign_in(client, "bexley")
    for _ in range(4):
        clock.advance(minutes=29)
        assert client.get("/inbox/").status_code == 200


def test_a_session_older_than_12_hours_expires_even_when_busy(client, sign_in, clock, html):
    sign_in(client, "bexley")
    started = clock()
    while clock() + timedelta(minutes=25) < started + timedelta(hours=12):
        clock.advance(minutes=25)
        assert client.get("/inbox/").status_code == 200
    clock.advance(minutes=25)
    response = client.get("/inbox/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/inbox/login")
    assert "expired" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert fd_cookie(client) is None


def test_the_12_hours_count_from_the_password(client, core, staff, clock, csrf_token, totp_code):
    password_step(client, csrf_token, staff["bexley"])
    started = clock()
    clock.advance(minutes=20)
    post_code(client, csrf_token, totp_code())
    with core.db.session() as session:
        live = session.scalar(select(StaffSession).where(StaffSession.ended_at.is_(None)))
        assert live.stage == "full" and live.created_at == started


def test_a_first_step_session_idles_out_too(client, staff, clock, csrf_token):
    password_step(client, csrf_token, staff["bexley"])
    clock.advance(minutes=31)
    response = client.get("/inbox/two-factor")
    assert response.status_code == 302 and response.headers["Location"].startswith("/inbox/login")
    assert "expired" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_signed_out_cookie_replayed_is_refused(client, sign_in, csrf_token):
    token = sign_in(client, "bexley")
    client.post("/inbox/logout", data=_form(client, csrf_token, "/inbox/"))
    client.set_cookie("fd_staff", token, path="/inbox")
    response = client.get("/inbox/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/inbox/login")

"""Staff change their own password after signing in with both factors."""

from __future__ import annotations

import pytest

from frontdoor.errors import AuthenticationFailed

try:
    from tests.web.conftest import PASSWORD
except ImportError:  # plain `pytest`
    from conftest import PASSWORD  # type: ignore[no-redef]

NEW = "a much longer new passphrase"


def post(client, csrf_token, **form):  # type: ignore[no-untyped-def]
    page = client.get("/inbox/password")
    assert page.status_code == 200
    return client.post("/inbox/password", data={"csrf_token": csrf_token(page.get_data(as_text=True)), **form})


def test_a_spoc_changes_their_password_and_other_sessions_end(app, client, core, staff, sign_in, csrf_token, html):
    sign_in(client, "bexley")
    elsewhere = app.test_client()
    sign_in(elsewhere, "bexley")
    assert "Change password" in client.get("/inbox/").get_data(as_text=True)
    wrong = post(client, csrf_token, current_password="not my password!", new_password=NEW, confirm_password=NEW)
    assert wrong.status_code == 401 and "current password was not right" in wrong.get_data(as_text=True)
    differs = post(client, csrf_token, current_password=PASSWORD, new_password=NEW, confirm_password=NEW + "x")
    assert differs.status_code == 400 and "not the same" in differs.get_data(as_text=True)
    short = post(client, csrf_token, current_password=PASSWORD, new_password="short", confirm_password="short")
    assert short.status_code == 400 and "at least 12" in short.get_data(as_text=True)
    done = post(client, csrf_token, current_password=PASSWORD, new_password=NEW, confirm_password=NEW)
    assert done.status_code == 303
    assert client.get("/inbox/").status_code == 200  # this session goes on
    assert elsewhere.get("/inbox/").status_code == 302  # the other one was signed out
    assert core.staff.authenticate_password(staff["bexley"], NEW).email == staff["bexley"]
    with pytest.raises(AuthenticationFailed):
        core.staff.authenticate_password(staff["bexley"], PASSWORD)


def test_the_page_needs_a_full_session(client):
    assert client.get("/inbox/password").status_code == 302

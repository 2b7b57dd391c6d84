"""Odd requests anywhere get a 4xx answer, never a 5xx."""

from __future__ import annotations

import pytest

ODD_PATHS = [
    "/inbox/r/" + "A" * 5000,
    "/inbox/r/%00",
    "/inbox/r/%ff%fe",
    "/inbox/r/FD-%F0%9F%98%80",
    "/inbox/r/..%2F..%2Fetc%2Fpasswd",
    "/inbox/?urgency=%00&status=%ff",
    "/inbox/?inbox=" + "x" * 3000,
    "/api/referrals/%00",
    "/api/referrals?urgency=%ff&limit=%00",
    "/api/referrals/" + "😀" * 100,
    "/static/../web/__init__.py",
    "/%2e%2e/etc/passwd",
]


@pytest.mark.parametrize("path", ODD_PATHS)
def test_odd_paths_are_client_errors(client, sign_in, referrals, core, staff, path):
    sign_in(client, "bexley")
    token = core.staff.issue_token(staff["bexley"])
    response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert 400 <= response.status_code < 500, response.status_code


@pytest.mark.parametrize(
    "data",
    [
        {"session": "x" * 10_000, "token": "y" * 10_000, "message": "hi"},
        {"session": "\x00" * 20, "token": "\x00", "message": "\x00"},
        {"message": ["a", "b"]},
        {},
    ],
)
def test_odd_chat_forms_are_client_errors(client, rasa, data):
    response = client.post("/chat", data=data)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        b'{"session": null, "message": "' + b"\\u0000" * 10 + b'"}',
        b'{"session": null, "message": "hi", "message": 5}',
        b'[' * 5000 + b']' * 5000,
        b'{"session": null, "message": "hi", "extra": {"deep": [1, 2, {"x": null}]}}',
        b"\xef\xbb\xbf{\"session\": null, \"message\": \"bom\"}",
        b"null",
        b"1e999999",
    ],
)
def test_odd_json_never_breaks_the_chat_api(client, rasa, body):
    response = client.post("/api/chat", data=body, content_type="application/json")
    assert response.status_code in (200, 400), response.status_code
    assert response.is_json


def test_odd_inbox_forms_are_client_errors(client, sign_in, referrals, csrf_token):
    sign_in(client, "bexley")
    ref = referrals["amber"]
    token = csrf_token(client.get(f"/inbox/r/{ref}").get_data(as_text=True))
    for path, data in [
        (f"/inbox/r/{ref}/note", {"note": "\x00\x01\x02"}),
        (f"/inbox/r/{ref}/close", {"outcome": "\x00", "note": "x" * 6000}),
        (f"/inbox/r/{ref}/close", {"outcome": "signposted", "note": "x" * 6000}),
    ]:
        response = client.post(path, data={"csrf_token": token, **data})
        assert response.status_code == 400, (path, response.status_code)

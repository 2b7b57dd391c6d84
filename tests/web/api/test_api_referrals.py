"""The staff JSON API: bearer tokens, own inboxes only, filters."""

from __future__ import annotations

import pytest

from frontdoor.model import Channel, Kind, ReferralDraft


@pytest.fixture
def tokens(core, staff):
    """name → a personal API token."""
    return {name: core.staff.issue_token(email) for name, email in staff.items()}


def auth(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("path", ["/api/referrals", "/api/referrals/FD-AAAA-AAAA"])
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer"}, {"Authorization": "Bearer fd_not-a-real-token"},
     {"Authorization": "Basic Ym9iOnNlY3JldA=="}, {"Authorization": "fd_token-without-scheme"}],
)
def test_missing_or_wrong_tokens_are_401(client, tokens, path, headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "error" in response.get_json()


def test_a_session_cookie_is_not_a_token(client, sign_in):
    sign_in(client, "bexley")
    client.set_cookie("fd_staff", "x", path="/")
    assert client.get("/api/referrals").status_code == 401


def test_the_list_holds_own_and_copied_referrals_in_queue_order(client, tokens, referrals):
    response = client.get("/api/referrals", headers=auth(tokens["bexley"]))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert list(body) == ["referrals"]
    items = body["referrals"]
    assert [r["reference"] for r in items] == [referrals["red"], referrals["amber"], referrals["green"]]
    first = items[0]
    assert set(first) == {"reference", "kind", "channel", "status", "urgency", "indicators", "inbox_id", "area_id",
                          "area_name", "created_at", "due_at", "overdue", "is_copy", "subject_age", "needs_judgement", "on_duty"}
    assert first["is_copy"] is True and first["inbox_id"] == "met-se-gangs"
    assert first["created_at"] == "2026-03-11T10:00:00+00:00"
    assert items[1]["is_copy"] is False and items[1]["subject_age"] == 14


def test_a_token_works_without_any_cookie_and_sets_none(client, tokens):
    response = client.get("/api/referrals", headers=auth(tokens["police"]))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("urgency=amber", ["amber"]),
        ("urgency=green", ["green"]),
        ("status=new", ["red", "amber", "green"]),
        ("status=closed", []),
        ("inbox=bexley-community-safety", ["red", "amber", "green"]),
        ("limit=2", ["red", "amber"]),
        ("limit=2&offset=2", ["green"]),
        ("offset=5", []),
    ],
)
def test_filters(client, tokens, referrals, query, expected):
    body = client.get(f"/api/referrals?{query}", headers=auth(tokens["bexley"])).get_json()
    assert [r["reference"] for r in body["referrals"]] == [referrals[name] for name in expected]


@pytest.mark.parametrize(
    ("query", "status"),
    [("urgency=purple", 400), ("status=lost", 400), ("limit=0", 400), ("limit=501", 400), ("limit=ten", 400),
     ("limit=²", 400), ("limit=１２", 400), ("offset=9" + "9" * 40, 400),
     ("offset=-1", 400), ("inbox=met-se-gangs", 404)],
)
def test_bad_filters(client, tokens, referrals, query, status):
    response = client.get(f"/api/referrals?{query}", headers=auth(tokens["bexley"]))
    assert response.status_code == status
    assert "error" in response.get_json()


def test_one_referral_in_full(client, tokens, referrals):
    response = client.get(f"/api/referrals/{referrals['red']}", headers=auth(tokens["police"]))
    assert response.status_code == 200
    detail = response.get_json()
    assert detail["reference"] == referrals["red"]
    assert detail["urgency"] == "red" and detail["is_copy"] is False
    assert detail["reasons"][0] == "Weapon together with threats or intent to use it"
    roles = [p["role"] for p in detail["people"]]
    assert roles == ["young_person_at_risk", "alleged_exploiter", "witness", "reporter"]
    assert detail["events"][0]["action"] == "created"


def test_a_copy_holder_can_read_it_as_a_copy(client, tokens, referrals):
    detail = client.get(f"/api/referrals/{referrals['red']}", headers=auth(tokens["bexley"])).get_json()
    assert detail["is_copy"] is True


@pytest.mark.parametrize("reference", ["bromley", "FD-AAAA-AAAA", "nonsense"])
def test_another_inboxs_or_unknown_reference_is_404(client, tokens, referrals, reference):
    response = client.get(f"/api/referrals/{referrals.get(reference, reference)}", headers=auth(tokens["bexley"]))
    assert response.status_code == 404
    assert response.get_json() == {"error": "No such referral"}


def test_the_api_is_read_only(client, tokens, referrals):
    response = client.post(f"/api/referrals/{referrals['amber']}", headers=auth(tokens["bexley"]))
    assert response.status_code == 405
    assert "error" in response.get_json()


def test_a_referral_too_thin_to_judge_is_flagged_in_the_list_the_detail_and_the_queue(
        client, core, tokens, sign_in, html):
    reference = core.submissions.submit(ReferralDraft(kind=Kind.TIP, channel=Channel.SMS, area="Erith",
                                                    description="something going on there")).reference
    detail = client.get(f"/api/referrals/{reference}", headers=auth(tokens["bexley"])).get_json()
    assert detail["needs_judgement"] is True and detail["urgency"] == "amber"
    assert "Needs a person's judgement: too little to judge" in detail["reasons"]
    listed = client.get("/api/referrals", headers=auth(tokens["bexley"])).get_json()
    rows = listed["referrals"] if isinstance(listed, dict) else listed
    assert next(r for r in rows if r["reference"] == reference)["needs_judgement"] is True
    sign_in(client, "bexley")
    page = html(client.get("/inbox/"))
    row = page.find("tr", data_reference=reference)
    assert row.find(cls="tag-judgement").text == "Needs a person's judgement"

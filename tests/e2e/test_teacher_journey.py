"""A teacher's whole journey through the real system.

Browser-less: /api/chat on the web app → Rasa (real model) → action server →
database, then the staff JSON API. Proves the Python 3.11 rasa-sdk action
server works with the Rasa 3.6 server, the referral is complete, triaged and
routed, and only the right SPOCs can read it.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from bench.scripts import TEACHER
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]

REFERENCE = re.compile(r"\bFD-[A-Z0-9]{4}-[A-Z0-9]{4}\b")


class Chat:
    """A web chat conversation through the public API."""

    def __init__(self, stack: Stack) -> None:
        self.client = httpx.Client(base_url=stack.web_url, timeout=30)
        self.session: str | None = None
        self.turns = 0

    def say(self, text: str) -> list[dict[str, Any]]:
        response = self.client.post("/api/chat", json={"session": self.session, "message": text})
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {"session", "messages"}
        self.session = body["session"]
        for message in body["messages"]:
            assert set(message) == {"text", "buttons", "kind"}
            assert all(set(b) == {"title", "payload"} for b in message["buttons"])
        self.turns += 1
        return body["messages"]

    @staticmethod
    def text(messages: list[dict[str, Any]]) -> str:
        return "\n".join(m["text"] for m in messages)


@pytest.fixture(scope="module")
def staff(stack: Stack) -> dict[str, str]:
    """API tokens for SPOCs of the owning inbox, a copied inbox and another area."""
    core = stack.core()
    tokens = {}
    for email, inbox in [("bexley@spoc.example", "bexley-community-safety"),
                         ("mash@spoc.example", "bexley-mash"),
                         ("bromley@spoc.example", "bromley-community-safety")]:
        core.staff.add(email, [inbox])
        tokens[inbox] = core.staff.issue_token(email)
    return tokens


def api(stack: Stack, token: str, path: str) -> httpx.Response:
    return httpx.get(f"{stack.web_url}{path}", headers={"Authorization": f"Bearer {token}"}, timeout=10)


def test_teacher_concern_reaches_the_right_spoc_and_no_other(stack: Stack, staff: dict[str, str]) -> None:
    chat = Chat(stack)
    replies = [chat.say(text) for text in TEACHER]
    assert chat.turns <= 15

    # The opening message said "teacher", so the form starts at the organisation.
    assert "organisation" in Chat.text(replies[1])
    summary = Chat.text(replies[-2])
    assert "Tyrone" in summary and "London Borough of Bexley" in summary
    assert [b["title"] for b in replies[-2][-1]["buttons"]] == ["Yes, send it", "Change something"]

    confirmation = Chat.text(replies[-1])
    match = REFERENCE.search(confirmation)
    assert match, confirmation
    reference = match.group(0)
    assert "Bexley Community Safety" in confirmation and "AMBER" in confirmation

    owner = api(stack, staff["bexley-community-safety"], f"/api/referrals/{reference}")
    assert owner.status_code == 200, owner.text
    referral = owner.json()
    assert referral["urgency"] == "amber"
    assert referral["inbox"]["id"] == "bexley-community-safety"
    assert any("Child criminal exploitation" in reason for reason in referral["reasons"])
    assert {"county_lines", "missing_episodes", "older_associates"} <= set(referral["indicators"])
    assert referral["kind"] == "concern" and referral["channel"] == "web"
    roles = {person["role"]: person for person in referral["people"]}
    assert roles["young_person_at_risk"]["name"] == "Tyrone" and roles["young_person_at_risk"]["age"] == 14
    assert roles["young_person_at_risk"]["school"] == "Erith Academy"
    assert roles["reporter"]["email"] == "s.jones@erith-academy.example.org.uk"
    assert roles["reporter"]["reporter_role"] == "teacher"
    assert referral["immediate_danger"] is False
    assert referral["due_at"] > referral["created_at"]

    listed = api(stack, staff["bexley-community-safety"], "/api/referrals").json()["referrals"]
    assert reference in [r["reference"] for r in listed]

    # The MASH gets an info-only copy; another area's SPOC cannot see it at all.
    copy = api(stack, staff["bexley-mash"], f"/api/referrals/{reference}")
    assert copy.status_code == 200 and copy.json()["is_copy"] is True
    other = api(stack, staff["bromley-community-safety"], f"/api/referrals/{reference}")
    assert other.status_code == 404
    others_queue = api(stack, staff["bromley-community-safety"], "/api/referrals").json()["referrals"]
    assert reference not in [r["reference"] for r in others_queue]


def test_danger_mid_form_gets_999_first_and_the_form_carries_on(stack: Stack) -> None:
    chat = Chat(stack)
    chat.say("I'm a social worker and need to refer a young person")
    replies = chat.say("he's got a knife and is waiting outside the school right now")
    assert "999" in replies[0]["text"]
    assert chat.say("Bexley Children's Services")  # the form is still asking questions


@pytest.mark.parametrize(
    "text",
    ["😀😀😀", "<script>alert(1)</script>", "مرحبا، أحتاج إلى مساعدة", "你好，我需要帮助",
     "'; DROP TABLE referrals; --", "ok\u0000\u0007 thanks", "a" * 1999],
)
def test_odd_input_gets_a_sensible_reply(stack: Stack, text: str) -> None:
    response = httpx.post(f"{stack.web_url}/api/chat", json={"session": None, "message": text}, timeout=30)
    assert response.status_code == 200
    messages = response.json()["messages"]
    assert messages and all(m["text"].strip() for m in messages)


@pytest.mark.parametrize(
    ("payload", "status"),
    [({"session": None, "message": ""}, 400), ({"session": None, "message": "   "}, 400),
     ({"session": None, "message": "a" * 2001}, 400), ({"session": None, "message": 42}, 400),
     ({"session": "not a session!", "message": "hi"}, 400)],
)
def test_bad_input_is_refused_clearly(stack: Stack, payload: dict[str, Any], status: int) -> None:
    response = httpx.post(f"{stack.web_url}/api/chat", json=payload, timeout=30)
    assert response.status_code == status
    assert response.json()["error"]

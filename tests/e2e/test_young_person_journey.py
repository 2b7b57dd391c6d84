"""A young person who wants out asks for a call-back, through the real system.

/api/chat on the web app → Rasa (real model) → action server → database,
then the staff JSON API of the youth service that gets the self-referral.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_teacher_journey import Chat, api
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]

REFERENCE = re.compile(r"\bFD-[A-Z0-9]{4}-[A-Z0-9]{4}\b")
YOUTH_INBOX = "hackney-yos"


@pytest.fixture(scope="module")
def tokens(stack: Stack) -> dict[str, str]:
    core = stack.core()
    issued = {}
    for email, inbox in [("hackney.yos@spoc.example", YOUTH_INBOX),
                         ("bexley.cs@spoc.example", "bexley-community-safety")]:
        core.staff.add(email, [inbox])
        issued[inbox] = core.staff.issue_token(email)
    return issued


def test_a_15_year_old_in_hackney_who_wants_out_gets_services_and_a_call_back(
        stack: Stack, tokens: dict[str, str]) -> None:
    chat = Chat(stack)
    opening = Chat.text(chat.say("i want out but i owe them"))
    assert "999" in opening and "0800 11 11" in opening
    chat.say("15")
    choice = chat.say("Hackney")
    assert [b["title"] for b in choice[-1]["buttons"]] == ["Just information", "Ask a youth worker to contact me"]
    chat.say("Ask a youth worker to contact me")
    safe = Chat.text(chat.say("text me on 07700 900123"))
    assert "Is it safe for us to text or call this number?" in safe
    when = Chat.text(chat.say("yes"))
    assert "a time we should never call or text" in when
    consent = Chat.text(chat.say("after 4pm"))
    assert "A youth worker near you" in consent and "07700" in consent and "after 4pm" in consent
    done = Chat.text(chat.say("yes"))
    assert chat.turns <= 8
    match = REFERENCE.search(done)
    assert match, done
    assert "A youth worker near you" in done and "Hackney Youth Justice" not in done

    response = api(stack, tokens[YOUTH_INBOX], f"/api/referrals/{match.group(0)}")
    assert response.status_code == 200, response.text
    referral = response.json()
    assert referral["kind"] == "self_referral" and referral["urgency"] == "amber"
    assert referral["inbox"]["id"] == YOUTH_INBOX
    person = next(p for p in referral["people"] if p["role"] == "young_person_at_risk")
    assert person["age"] == 15 and not person.get("name")
    assert api(stack, tokens["bexley-community-safety"], f"/api/referrals/{match.group(0)}").status_code == 404


def test_a_number_that_is_not_safe_sends_nothing_and_offers_other_ways(stack: Stack) -> None:
    chat = Chat(stack)
    chat.say("i want out")
    chat.say("15")
    chat.say("Hackney")
    chat.say("Ask a youth worker to contact me")
    chat.say("07700 900123")
    other_ways = Chat.text(chat.say("No, it's not safe"))
    assert "won't call or text that number" in other_ways and "Childline" in other_ways
    assert not REFERENCE.search(other_ways)


def test_information_only_lists_local_services_before_national_ones(stack: Stack) -> None:
    chat = Chat(stack)
    chat.say("i want out but i owe them")
    chat.say("15")
    chat.say("Hackney")
    services = Chat.text(chat.say("Just information"))
    assert "Hackney Youth" in services
    if "Gangline" in services:
        assert services.index("Hackney Youth") < services.index("Gangline")
    assert not REFERENCE.search(services)

"""Professionals' handovers and hospital referrals through the real system.

/api/chat on the web app → Rasa (real model) → action server → database,
then the staff JSON API of the inboxes that should (and should not) see each.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_teacher_journey import Chat, api
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]

REFERENCE = re.compile(r"\bFD-[A-Z0-9]{4}-[A-Z0-9]{4}\b")

#: An urgent move from Hackney to Bexley, as a probation officer would type it.
PROBATION_OFFICER = [
    "I'm a probation officer and my client is moving from Hackney to Bexley urgently because of threats",
    "National Probation Service, Hackney",
    "Jo Smith",
    "jo.smith@probation.example.gov.uk",
    "Marcus Reid",
    "19",
    "at risk",
    "yes",
    "yes",
    "today",
    "He was stabbed last month and the group that did it have been at his mum's address",
    "Probation: Jo Smith 07700 900123; St Giles Trust: Amy Lee 020 7946 0001",
    "curfew 7pm to 7am and exclusion zone from Hackney",
    "must attend ETE sessions weekly",
    "risk from rival group in Hackney",
    "none known",
    "wants to go to college and get a job",
    "Yes, send it",
]


@pytest.fixture(scope="module")
def tokens(stack: Stack) -> dict[str, str]:
    """API tokens for SPOCs of the areas involved, and of one that is not."""
    core = stack.core()
    issued = {}
    for email, inbox in [("pro.bexley@spoc.example", "bexley-community-safety"),
                         ("pro.hackney@spoc.example", "hackney-community-safety"),
                         ("pro.bromley@spoc.example", "bromley-community-safety"),
                         ("pro.met-se@spoc.example", "met-se-gangs")]:
        core.staff.add(email, [inbox])
        issued[inbox] = core.staff.issue_token(email)
    return issued


def test_urgent_handover_from_hackney_to_bexley(stack: Stack, tokens: dict[str, str]) -> None:
    chat = Chat(stack)
    replies = [chat.say(text) for text in PROBATION_OFFICER]

    # The opening said the role, both areas and that the move is urgent: the form starts at the agency.
    assert "agency or team" in Chat.text(replies[0])
    assert "urgent because of gang violence or threats" in Chat.text(replies[7])
    summary = Chat.text(replies[-2])
    assert "from London Borough of Hackney to London Borough of Bexley" in summary
    assert "Marcus Reid" in summary and "St Giles Trust" in summary
    confirmation = Chat.text(replies[-1])
    match = REFERENCE.search(confirmation)
    assert match, confirmation
    reference = match.group(0)
    assert "Bexley Community Safety" in confirmation and "RED" in confirmation
    assert "Hackney Integrated Gangs Unit" in confirmation

    owner = api(stack, tokens["bexley-community-safety"], f"/api/referrals/{reference}")
    assert owner.status_code == 200, owner.text
    referral = owner.json()
    assert referral["kind"] == "handover" and referral["urgency"] == "red"
    assert referral["inbox"]["id"] == "bexley-community-safety" and referral["is_copy"] is False
    assert "Urgent relocation because of threats or violence" in referral["reasons"]
    roles = {person["role"]: person for person in referral["people"]}
    assert roles["vulnerable_adult_at_risk"]["name"] == "Marcus Reid"
    assert "alleged_exploiter" not in roles
    assert roles["reporter"]["reporter_role"] == "probation"
    assert roles["reporter"]["email"] == "jo.smith@probation.example.gov.uk"

    copy = api(stack, tokens["hackney-community-safety"], f"/api/referrals/{reference}")
    assert copy.status_code == 200 and copy.json()["is_copy"] is True
    assert api(stack, tokens["bromley-community-safety"], f"/api/referrals/{reference}").status_code == 404


def test_stopping_a_handover_sends_nothing(stack: Stack, tokens: dict[str, str]) -> None:
    before = api(stack, tokens["bexley-community-safety"], "/api/referrals").json()["referrals"]
    chat = Chat(stack)
    chat.say("relocation handover")
    chat.say("Housing")
    stopped = Chat.text(chat.say("cancel"))
    assert "Nothing has been sent" in stopped
    after = api(stack, tokens["bexley-community-safety"], "/api/referrals").json()["referrals"]
    assert len(after) == len(before)


#: A nurse refers a 16-year-old stab victim from Erith; the people who did it are still after him.
NURSE = [
    "I'm an A&E nurse at Queen Elizabeth Hospital, we have a 16 year old from Erith with a stab wound",
    "yes",
    "not asked",
    "yes, they said they're coming back for him",
    "he's worried they'll be waiting outside when he's discharged",
    "skip",
    "Sam Patel, 020 7946 0123",
    "Yes, send it",
]


def test_a_nurse_refers_a_stab_victim_in_a_few_messages(stack: Stack, tokens: dict[str, str]) -> None:
    chat = Chat(stack)
    replies = [chat.say(text) for text in NURSE]
    assert chat.turns <= 8
    summary = Chat.text(replies[-2])
    assert "Stab wound" in summary or "stab wound" in summary
    confirmation = Chat.text(replies[-1])
    match = REFERENCE.search(confirmation)
    assert match, confirmation
    reference = match.group(0)
    assert "Bexley Community Safety" in confirmation and "RED" in confirmation
    assert "999" in confirmation

    owner = api(stack, tokens["bexley-community-safety"], f"/api/referrals/{reference}")
    assert owner.status_code == 200, owner.text
    referral = owner.json()
    assert referral["kind"] == "health" and referral["urgency"] == "red"
    assert "Continuing threats to a patient after a violent injury" in referral["reasons"]
    roles = {person["role"]: person for person in referral["people"]}
    assert roles["young_person_at_risk"]["age"] == 16
    assert roles["reporter"]["reporter_role"] == "health" and roles["reporter"]["name"] == "Sam Patel"
    assert "alleged_exploiter" not in roles

    police = api(stack, tokens["met-se-gangs"], f"/api/referrals/{reference}")
    assert police.status_code == 200 and police.json()["is_copy"] is True
    assert api(stack, tokens["hackney-community-safety"], f"/api/referrals/{reference}").status_code == 404

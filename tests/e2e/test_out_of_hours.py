"""A red referral on a Saturday night reaches the out-of-hours contact, through the real system.

The action server is restarted with its clock set to 23:30 on Saturday 5
December 2026 (``FRONTDOOR_CLOCK_START``). A nurse refers a stab victim from
Erith: the referral is owned by Bexley Community Safety (Mon-Fri 09:00-17:00),
so it also goes to the Met South East gangs SPOC, who works around the clock.
The nurse is told who acts now and when the owning team opens; the police SPOC
sees it as the contact on duty; the worker's alert e-mail reaches the police
SPOC's address on a real SMTP server.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from frontdoor.adapters.smtp import SmtpEmail, SmtpSettings
from frontdoor.bootstrap import worker_for
from frontdoor.config import Settings
from frontdoor.services import Core
from tests.e2e.test_professional_journeys import NURSE
from tests.e2e.test_teacher_journey import Chat, api
from tests.outbound.fakes import QUIET, SMTP_PASSWORD, SMTP_USER, smtp_server
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.rasa, pytest.mark.filterwarnings(QUIET)]

REFERENCE = re.compile(r"\bFD-[A-Z0-9]{4}-[A-Z0-9]{4}\b")
SATURDAY_NIGHT = "2026-12-05T23:30:00+00:00"


@pytest.fixture(scope="module")
def saturday_night(stack: Stack) -> Iterator[Stack]:
    """The stack with the action server's clock running from Saturday 23:30; restored afterwards."""
    stack.env["FRONTDOOR_CLOCK_START"] = SATURDAY_NIGHT
    try:
        stack.restart("actions")
        yield stack
    finally:
        stack.env.pop("FRONTDOOR_CLOCK_START", None)
        stack.restart("actions")


@pytest.fixture(scope="module")
def tokens(stack: Stack) -> dict[str, str]:
    core = stack.core()
    issued = {}
    for email, inbox in [("ooh.bexley@spoc.example", "bexley-community-safety"),
                         ("ooh.met-se@spoc.example", "met-se-gangs"),
                         ("ooh.bexley-mash@spoc.example", "bexley-mash")]:
        core.staff.add(email, [inbox])
        issued[inbox] = core.staff.issue_token(email)
    return issued


def test_a_red_referral_on_saturday_night_reaches_the_out_of_hours_contact(
        saturday_night: Stack, tokens: dict[str, str]) -> None:
    chat = Chat(saturday_night)
    replies = [chat.say(text) for text in NURSE]
    confirmation = Chat.text(replies[-1])
    match = REFERENCE.search(confirmation)
    assert match, confirmation
    reference = match.group(0)

    # The nurse is told who acts now and when the owning team picks it up.
    assert "RED" in confirmation
    assert "outside Bexley Community Safety gangs SPOC's working hours" in confirmation
    assert "Met South East BCU gangs SPOC" in confirmation and "being alerted now" in confirmation
    assert "after they open, at 09:00 on Monday 7 December" in confirmation
    assert "by 00:" not in confirmation  # never a time the closed team cannot keep
    assert confirmation.count("999") >= 1

    owner = api(saturday_night, tokens["bexley-community-safety"], f"/api/referrals/{reference}").json()
    assert owner["inbox"]["id"] == "bexley-community-safety" and owner["urgency"] == "red"
    assert owner["out_of_hours"]["id"] == "met-se-gangs"
    assert any(r.startswith("Out of hours:") for r in owner["routing_reasons"])
    assert owner["created_at"].startswith("2026-12-05T23:3")

    police = api(saturday_night, tokens["met-se-gangs"], f"/api/referrals/{reference}").json()
    assert police["is_copy"] is True and police["on_duty"] is True
    # Another copy holder is not on duty for it.
    assert api(saturday_night, tokens["bexley-mash"], f"/api/referrals/{reference}").json()["on_duty"] is False

    # The worker (on real time, which is after that Saturday) sends the alert: the out-of-hours
    # contact's e-mail says it is theirs to act on.
    core = Core.from_settings(Settings.from_env(
        {k: v for k, v in saturday_night.env.items() if k != "FRONTDOOR_CLOCK_START"}))
    police_inbox = core.table.inboxes["met-se-gangs"]
    with smtp_server() as mailbox:
        assert core.alerts is not None
        core.alerts.email = SmtpEmail(SmtpSettings(host=mailbox.host, port=mailbox.port, user=SMTP_USER,
                                                   password=SMTP_PASSWORD, starttls=False,
                                                   from_address="frontdoor@alerts.example"))
        worker = worker_for(core, sweep_every=0)
        for _ in range(20):
            if not worker.run_once().done:
                break
        to_police = [m for rcpt, m in mailbox.messages if rcpt == [police_inbox.email] and reference in m["Subject"]]
    assert to_police, [m["Subject"] for _r, m in mailbox.messages]
    assert "Out of hours" in to_police[0]["Subject"]
    body = to_police[0].get_content()
    assert "you are the out-of-hours contact" in body and "Bexley Community Safety" in body
    assert "stab" not in body.lower()

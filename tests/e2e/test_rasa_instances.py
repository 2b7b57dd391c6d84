"""Two Rasa instances behind the web app: a conversation survives the death of the one serving it.

Two Rasa instances, each with its own action server, share a PostgreSQL tracker
store and a Redis lock store (deploy/endpoints.multi.yml), both started for the
test. A teacher's conversation through /api/chat goes half way on the instance
its session hashes to; that instance is killed (SIGKILL); the rest of the
conversation goes to the other instance, which carries on from the shared tracker.
Nothing said before the kill is lost, nothing is taken twice, and one referral is made.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import func, select

from frontdoor.store.models import Referral
from tests.e2e.test_teacher_journey import TEACHER, Chat
from tests.support.stack import Stack, instance_name, start_stack
from web.rasa_routing import rendezvous_order

pytestmark = [pytest.mark.e2e, pytest.mark.rasa, pytest.mark.postgres]

REFERENCE = re.compile(r"\bFD-[A-Z0-9]{4}-[A-Z0-9]{4}\b")
#: The turns before the kill: the form has the reporter's details and the young person's name.
HALF = 7


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(tmp_path_factory.mktemp("pair"), rasa_instances=2)
    yield running
    running.shutdown()


def user_texts(stack: Stack, rasa_url: str, session: str) -> list[str]:
    tracker = httpx.get(f"{rasa_url}/conversations/{session}/tracker", params={"token": stack.env["RASA_TOKEN"]},
                        timeout=30)
    assert tracker.status_code == 200, tracker.text
    return [e["text"] for e in tracker.json()["events"] if e.get("event") == "user"]


def test_the_stack_lists_both_instances(pair: Stack) -> None:
    assert len(pair.rasa_urls) == 2 and pair.rasa_urls[0] == pair.rasa_url
    assert pair.env["RASA_URL"] == ",".join(pair.rasa_urls)
    assert {"rasa", "rasa-2", "actions", "actions-2", "web"} <= set(pair.processes)


def test_a_conversation_finishes_on_the_other_instance_when_its_own_is_killed(pair: Stack) -> None:
    chat = Chat(pair)
    before = [chat.say(text) for text in TEACHER[:HALF]]
    assert chat.session is not None
    serving = rendezvous_order(chat.session, pair.rasa_urls)[0]
    survivor_url = pair.rasa_urls[1 - serving]
    # Both instances read the one tracker: the survivor already sees every turn so far.
    assert user_texts(pair, survivor_url, chat.session) == TEACHER[:HALF]

    killed = instance_name("rasa", serving + 1)
    pair.kill(killed)
    with pytest.raises(httpx.ConnectError):
        httpx.get(pair.rasa_urls[serving], timeout=5)

    after, seconds = [], []
    for text in TEACHER[HALF:]:
        started = time.monotonic()
        after.append(chat.say(text))
        seconds.append(time.monotonic() - started)
    print(f"\nkilled {killed} after {HALF} turns; the next {len(seconds)} turns on the other instance took "
          + ", ".join(f"{s:.2f}" for s in seconds) + " s")
    assert all(replies for replies in before + after)
    confirmation = Chat.text(after[-1])
    match = REFERENCE.search(confirmation)
    assert match, confirmation

    # Every answer, before the kill and after, is in the tracker once, in order.
    assert user_texts(pair, survivor_url, chat.session) == TEACHER
    with pair.core().db.session() as session:
        assert session.scalar(select(func.count()).select_from(Referral)) == 1
    core = pair.core()
    core.staff.add("bexley@spoc.example", ["bexley-community-safety"])
    token = core.staff.issue_token("bexley@spoc.example")
    found = httpx.get(f"{pair.web_url}/api/referrals/{match.group(0)}", headers={"Authorization": f"Bearer {token}"},
                      timeout=10)
    assert found.status_code == 200, found.text
    referral = found.json()
    roles = {person["role"]: person for person in referral["people"]}
    # Told before the kill: the organisation, the reporter, the young person's name.
    assert roles["young_person_at_risk"]["school"] == "Erith Academy"
    assert roles["reporter"]["email"] == "s.jones@erith-academy.example.org.uk"
    assert roles["young_person_at_risk"]["name"] == "Tyrone"
    # Told after it: the age and what is happening.
    assert roles["young_person_at_risk"]["age"] == 14
    assert {"county_lines", "missing_episodes"} <= set(referral["indicators"])

"""Follow-up codes in the web chat: issued in the live reply, never stored or shown again."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from frontdoor.model import Channel, Kind, ReferralDraft
from frontdoor.services import Core
from frontdoor.store.models import Referral
from web.chat import tokens
from web.chat.conversation import CODE_SHOWN_ONCE, Shown, mask_codes, with_latest_replies
from web.rasa_client import BotMessage

SECRET = "test-secret-key-0123456789abcdef0123456789abcdef"
#: The conversation the tip was made in (a chat page's session id).
SESSION = "s" * 24


@pytest.fixture
def tip(core: Core) -> tuple[str, str]:
    """A stored anonymous tip with follow-up; returns (reference, placeholder)."""
    submission = core.submissions.submit(
        ReferralDraft(kind=Kind.TIP, channel=Channel.WEB, description="dealing by the station in Erith"),
        followup=True, conversation=SESSION)
    assert submission.followup_placeholder
    return submission.reference, submission.followup_placeholder


def test_the_api_reply_carries_a_fresh_code_and_only_its_digest_is_kept(client, rasa, core, tip) -> None:
    reference, placeholder = tip
    rasa.mode = "canned"
    rasa.canned = [{"text": f"Reference {reference}, code {placeholder}.", "buttons": []}]
    body = client.post("/api/chat", json={"session": SESSION, "message": "no"}).get_json()
    code = re.search(r"code (\d{6})\.", body["messages"][0]["text"])
    assert code, body
    assert core.followup.status(reference, code.group(1)).status == "received"
    with core.db.session() as session:
        assert code.group(1) not in (session.scalars(select(Referral)).one().followup_digest or "")


def test_a_forged_placeholder_reveals_nothing(client, rasa, tip) -> None:
    _reference, placeholder = tip
    forged = placeholder[:-5] + "000}}"
    rasa.mode = "canned"
    rasa.canned = [{"text": f"code {forged}", "buttons": []}]
    text = client.post("/api/chat", json={"session": SESSION, "message": "hi"}).get_json()["messages"][0]["text"]
    assert text == "code (code unavailable)"


def test_a_placeholder_made_for_another_conversation_reveals_nothing(client, rasa, core, tip) -> None:
    _reference, placeholder = tip
    rasa.mode = "canned"
    rasa.canned = [{"text": f"code {placeholder}", "buttons": []}]
    text = client.post("/api/chat", json={"session": "t" * 24, "message": "hi"}).get_json()["messages"][0]["text"]
    assert text == "code (code unavailable)"


def test_a_placeholder_typed_by_a_person_never_reaches_rasa_whole(client, rasa, tip) -> None:
    _reference, placeholder = tip
    rasa.mode = "echo"
    body = client.post("/api/chat", json={"session": SESSION, "message": f"I don't recognise {placeholder}"})
    assert placeholder not in rasa.requests[-1]["message"]
    text = body.get_json()["messages"][0]["text"]
    assert not re.search(r"\b\d{6}\b", text) and "{{followup" not in text


def test_the_no_javascript_page_shows_the_code_once(client, rasa, tip) -> None:
    _reference, placeholder = tip
    rasa.mode = "canned"
    rasa.canned = [{"text": f"Your code is {placeholder}", "buttons": []}]
    session = SESSION
    form = {"session": session, "token": tokens.issue(SECRET, session), "message": "no"}
    # The fake records the canned reply in its tracker with the placeholder, as Rasa would.
    rasa.trackers[session] = [{"event": "bot", "text": f"Your code is {placeholder}", "data": {}}]
    first = client.post("/chat", data=form).get_data(as_text=True)
    assert re.search(r"Your code is \d{6}", first)
    rasa.canned = [{"text": "Anything else?", "buttons": []}]
    rasa.trackers[session] += [{"event": "user", "text": "thanks"},
                               {"event": "bot", "text": "Anything else?", "data": {}}]
    second = client.post("/chat", data={**form, "message": "thanks"}).get_data(as_text=True)
    assert not re.search(r"Your code is \d{6}", second)
    assert CODE_SHOWN_ONCE in second and "{{followup" not in second


def test_transcript_helpers() -> None:
    placeholder = "{{followup:FD-ABCD-EFGH:0123456789abcdef}}"
    assert mask_codes(f"code {placeholder}") == f"code {CODE_SHOWN_ONCE}"
    shown = [Shown("bot", f"old {placeholder}"), Shown("user", "no"), Shown("bot", f"new {placeholder}")]
    merged = with_latest_replies(shown, [BotMessage("new 123456")])
    assert [s.text for s in merged] == [f"old {CODE_SHOWN_ONCE}", "no", "new 123456"]


def test_the_no_javascript_error_page_never_shows_a_placeholder(client, rasa, tip) -> None:
    _reference, placeholder = tip
    session = SESSION
    rasa.trackers[session] = [{"event": "bot", "text": f"Your code is {placeholder}", "data": {}}]
    form = {"session": session, "token": tokens.issue(SECRET, session), "message": "   "}
    page = client.post("/chat", data=form)
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "{{followup" not in text and placeholder[-20:] not in text and CODE_SHOWN_ONCE in text

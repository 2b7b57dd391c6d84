"""The Rasa adapter against a real (fake) Rasa HTTP server."""

from __future__ import annotations

import time

import pytest

from frontdoor.errors import Unavailable
from web.rasa_client import BotMessage, Button, RasaClient, Turn


def test_send_posts_the_rest_channel_body_and_parses_replies(rasa_client, rasa):
    replies = rasa_client.send("session-abcdefghijkl", "hello there")

    assert rasa.requests == [{
        "sender": "session-abcdefghijkl",
        "message": "hello there",
        "input_channel": "web",
        "metadata": {"channel": "web"},
    }]
    assert replies == [
        BotMessage("You said: hello there", (Button("Yes", "/affirm"), Button("No", "/deny"))),
        BotMessage("Is there anything else?"),
    ]
    assert replies[0].to_json() == {
        "text": "You said: hello there",
        "buttons": [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
        "kind": "text",
    }


SAFETY = [{"recipient_id": "s", "custom": {"kind": "safety", "text": "If anyone is in danger, call 999 now."}},
          {"recipient_id": "s", "text": "Where is this happening?"}]


def test_the_999_advice_is_read_as_a_safety_message_in_replies_and_transcripts(rasa_client, rasa):
    rasa.mode = "canned"
    rasa.canned = SAFETY
    replies = rasa_client.send("session-abcdefghijkl", "knife fight outside now")
    assert replies == [BotMessage("If anyone is in danger, call 999 now.", kind="safety"),
                       BotMessage("Where is this happening?")]
    turns = rasa_client.transcript("session-abcdefghijkl")
    assert [(t.speaker, t.kind) for t in turns] == [("user", "text"), ("bot", "safety"), ("bot", "text")]


def test_send_names_the_channel(rasa_client, rasa):
    rasa_client.send("session-abcdefghijkl", "hi", channel="sms")
    assert rasa.requests[0]["input_channel"] == "sms"
    assert rasa.requests[0]["metadata"] == {"channel": "sms"}


def test_an_empty_reply_is_an_empty_list(rasa_client, rasa):
    rasa.mode = "empty"
    assert rasa_client.send("session-abcdefghijkl", "hi") == []


def test_transcript_reads_user_and_bot_events_with_the_token(rasa_client, rasa):
    rasa_client.send("session-abcdefghijkl", "/greet")
    rasa_client.send("session-abcdefghijkl", "/report_concern")

    turns = rasa_client.transcript("session-abcdefghijkl")

    assert rasa.tracker_requests == [{"token": "rasa-api-token"}]
    assert [(t.speaker, t.text) for t in turns] == [
        ("user", "/greet"),
        ("bot", "Hello, I'm Front Door. What would you like to do?"),
        ("user", "/report_concern"),
        ("bot", "You said: /report_concern"),
        ("bot", "Is there anything else?"),
    ]
    assert turns[1].buttons == (Button("Report a concern", "/report_concern"), Button("I need help", "/get_help"))
    assert all(isinstance(t, Turn) and t.timestamp for t in turns)


def test_transcript_of_an_unknown_conversation_is_empty(rasa_client):
    assert rasa_client.transcript("nobody-has-this-id") == []


def test_a_wrong_token_makes_the_transcript_unavailable(rasa_server, rasa):
    client = RasaClient(rasa_server.url, token="wrong", timeout=2)
    try:
        with pytest.raises(Unavailable):
            client.transcript("session-abcdefghijkl")
    finally:
        client.close()


@pytest.mark.parametrize("mode", ["error", "bad_json"])
def test_server_errors_and_bad_json_are_unavailable(rasa_client, rasa, mode):
    rasa.mode = mode
    with pytest.raises(Unavailable):
        rasa_client.send("session-abcdefghijkl", "hi")


def test_a_slow_server_is_unavailable_after_the_timeout(rasa_server, rasa):
    rasa.mode = "slow"
    client = RasaClient(rasa_server.url, timeout=0.3)
    started = time.monotonic()
    try:
        with pytest.raises(Unavailable):
            client.send("session-abcdefghijkl", "hi")
    finally:
        rasa.release.set()
        client.close()
    assert time.monotonic() - started < 2


def test_a_server_that_is_down_is_unavailable(closed_port):
    client = RasaClient(f"http://127.0.0.1:{closed_port}", timeout=2)
    try:
        with pytest.raises(Unavailable):
            client.send("session-abcdefghijkl", "hi")
        with pytest.raises(Unavailable):
            client.transcript("session-abcdefghijkl")
        assert client.ping() is False
    finally:
        client.close()


def test_actions_ready_checks_the_action_servers_health(rasa_server, rasa, closed_port):
    up = RasaClient(rasa_server.url, actions_url=f"{rasa_server.url}/webhook")
    down = RasaClient(rasa_server.url, actions_url=f"http://127.0.0.1:{closed_port}/webhook")
    unset = RasaClient(rasa_server.url)
    try:
        assert up.actions_health_url == f"{rasa_server.url}/health"
        assert up.actions_ready() is True
        assert down.actions_ready() is False
        assert unset.actions_ready() is True
        rasa.mode = "actions_down"
        assert up.actions_ready() is False
    finally:
        for client in (up, down, unset):
            client.close()


def test_ping(rasa_client):
    assert rasa_client.ping() is True


def test_odd_messages_and_buttons_are_skipped(rasa_client, rasa):
    rasa.mode = "canned"
    rasa.canned = [
        {"recipient_id": "x", "image": "https://example.org/cat.png"},
        "not a message",
        {"recipient_id": "x", "text": "Pick one", "buttons": [
            {"title": "Good", "payload": "/good"},
            {"title": "", "payload": "/empty-title"},
            {"payload": "/no-title"},
            {"title": "Title only"},
            "junk",
        ]},
    ]
    assert rasa_client.send("session-abcdefghijkl", "hi") == [
        BotMessage("Pick one", (Button("Good", "/good"), Button("Title only", "Title only"))),
    ]


def test_a_reply_that_is_not_a_list_is_unavailable(rasa_client, rasa):
    rasa.mode = "canned"
    rasa.canned = {"oops": 1}
    with pytest.raises(Unavailable):
        rasa_client.send("session-abcdefghijkl", "hi")

"""POST /api/chat: the exact contract, every kind of bad input, and Rasa failing."""

from __future__ import annotations

import re

import pytest

from web.chat.conversation import SAFETY_LINE
from web.rasa_client import RasaClient

SESSION = "abcdefghijklmnop-_XYZ123"


def post(client, body=None, **kwargs):
    if body is not None:
        kwargs["json"] = body
    return client.post("/api/chat", **kwargs)


def test_a_new_conversation_gets_a_session_and_the_replies(client, rasa):
    response = post(client, {"session": None, "message": "hello"})

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"session", "messages"}
    assert re.fullmatch(r"[A-Za-z0-9_-]{24}", body["session"])
    assert body["messages"] == [
        {"text": "You said: hello", "buttons": [{"title": "Yes", "payload": "/affirm"},
                                                 {"title": "No", "payload": "/deny"}], "kind": "text"},
        {"text": "Is there anything else?", "buttons": [], "kind": "text"},
    ]
    assert rasa.requests == [{"sender": body["session"], "message": "hello", "input_channel": "web",
                              "metadata": {"channel": "web"}}]


def test_a_missing_session_is_a_new_one(client, rasa):
    body = post(client, {"message": "hello"}).get_json()
    assert re.fullmatch(r"[A-Za-z0-9_-]{24}", body["session"])


def test_new_sessions_differ(client, rasa):
    first = post(client, {"session": None, "message": "a"}).get_json()["session"]
    second = post(client, {"session": None, "message": "b"}).get_json()["session"]
    assert first != second


def test_a_given_session_is_kept(client, rasa):
    body = post(client, {"session": SESSION, "message": "hello"}).get_json()
    assert body["session"] == SESSION
    assert rasa.requests[0]["sender"] == SESSION


def test_a_button_payload_is_sent_as_it_is(client, rasa):
    post(client, {"session": SESSION, "message": "/affirm"})
    assert rasa.requests[0]["message"] == "/affirm"


def test_the_chat_api_sets_no_cookies(client, rasa):
    response = post(client, {"session": None, "message": "hello"})
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"session": None, "message": ""}, "type a message"),
        ({"session": None, "message": "   \n\t  "}, "type a message"),
        ({"session": None, "message": "\x00\x07\x1b"}, "type a message"),
        ({"session": None, "message": "x" * 2001}, "please keep messages under 2,000 characters"),
        ({"session": None, "message": 42}, "must be text"),
        ({"session": None, "message": None}, "must be text"),
        ({"session": None, "message": ["hi"]}, "must be text"),
        ({"session": None, "message": {"text": "hi"}}, "must be text"),
        ({"session": None}, "message is required"),
        ({"session": "short", "message": "hi"}, "session"),
        ({"session": "has spaces in it, not allowed", "message": "hi"}, "session"),
        ({"session": "x" * 65, "message": "hi"}, "session"),
        ({"session": 12345678901234567, "message": "hi"}, "session"),
        ({"session": "../../etc/passwd/aaaaaaaa", "message": "hi"}, "session"),
        (["session", "message"], "JSON object"),
        ("hello", "JSON object"),
    ],
)
def test_bad_input_is_a_clear_400(client, rasa, body, needle):
    response = post(client, body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert needle.lower() in error.lower()
    assert rasa.requests == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"data": "not json at all", "content_type": "application/json"},
        {"data": '{"message": "hi"', "content_type": "application/json"},
        {"data": "message=hi", "content_type": "application/x-www-form-urlencoded"},
        {"data": '{"message": "hi"}', "content_type": "text/plain"},
        {"data": b"\xff\xfe\x00bad bytes", "content_type": "application/json"},
        {},
    ],
)
def test_a_body_that_is_not_json_is_a_400(client, rasa, kwargs):
    response = client.post("/api/chat", **kwargs)
    assert response.status_code == 400
    assert "JSON" in response.get_json()["error"]


def test_exactly_2000_characters_is_fine(client, rasa):
    response = post(client, {"session": None, "message": "y" * 2000})
    assert response.status_code == 200
    assert rasa.requests[0]["message"] == "y" * 2000


def test_2000_emoji_are_2000_characters(client, rasa):
    assert post(client, {"session": None, "message": "😀" * 2000}).status_code == 200
    assert post(client, {"session": None, "message": "😀" * 2001}).status_code == 400


@pytest.mark.parametrize(
    "text",
    [
        "I'm scared 😢😡 👨‍👩‍👧",
        "<script>alert('x')</script><b>bold</b> & \"quotes\"",
        "أنا قلق بشأن ابني",
        "我很担心我的儿子",
        "Ich mache mir Sorgen — naïve café",
        "'; DROP TABLE referrals; --",
        "{{ 7 * 7 }} ${7*7} %s %n",
    ],
)
def test_emoji_markup_and_other_scripts_pass_through_as_text(client, rasa, text):
    response = post(client, {"session": None, "message": text})
    assert response.status_code == 200
    assert rasa.requests[0]["message"] == text
    assert response.get_json()["messages"][0]["text"] == f"You said: {text}"


def test_control_characters_are_stripped_but_lines_kept(client, rasa):
    response = post(client, {"session": None, "message": "\x00he\x07llo\x1b[31m\r\nnext\tline\x7f\u0085 "})
    assert response.status_code == 200
    assert rasa.requests[0]["message"] == "hello[31m\nnext\tline"


def test_lone_surrogates_do_not_break_anything(client, rasa):
    response = client.post("/api/chat", data='{"session": null, "message": "hi \\ud800 there"}',
                           content_type="application/json")
    assert response.status_code == 200
    assert rasa.requests[0]["message"] == "hi  there"


def test_a_huge_body_is_refused_without_a_5xx(client, rasa):
    response = post(client, {"session": None, "message": "x" * 300_000})
    assert response.status_code == 413
    assert "error" in response.get_json()


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_other_methods_are_405_json(client, method):
    response = getattr(client, method)("/api/chat")
    assert response.status_code == 405
    assert "error" in response.get_json()


def _assert_unavailable(response, session=None):
    assert response.status_code == 503
    body = response.get_json()
    assert set(body) == {"session", "messages"}
    if session:
        assert body["session"] == session
    assert re.fullmatch(r"[A-Za-z0-9_-]{16,64}", body["session"])
    [message] = body["messages"]
    assert message["buttons"] == []
    assert "unavailable right now" in message["text"]
    assert SAFETY_LINE in message["text"]
    assert "call 999 now" in message["text"]
    assert "0800 555 111" in message["text"] and "0800 11 11" in message["text"] and "101" in message["text"]


def test_rasa_down_is_a_503_with_the_emergency_numbers(make_app, closed_port):
    rasa_client = RasaClient(f"http://127.0.0.1:{closed_port}", timeout=2)
    client = make_app(rasa_client).test_client()
    _assert_unavailable(post(client, {"session": SESSION, "message": "hello"}), SESSION)
    _assert_unavailable(post(client, {"session": None, "message": "hello"}))
    rasa_client.close()


def test_rasa_too_slow_is_a_503(make_app, rasa_server, rasa):
    rasa.mode = "slow"
    rasa_client = RasaClient(rasa_server.url, timeout=0.3)
    try:
        _assert_unavailable(post(make_app(rasa_client).test_client(), {"session": SESSION, "message": "hi"}))
    finally:
        rasa.release.set()
        rasa_client.close()


@pytest.mark.parametrize("mode", ["error", "bad_json"])
def test_rasa_failing_is_a_503(client, rasa, mode):
    rasa.mode = mode
    _assert_unavailable(post(client, {"session": SESSION, "message": "hi"}), SESSION)


def test_rasa_saying_nothing_gets_a_polite_apology(client, rasa):
    rasa.mode = "empty"
    response = post(client, {"session": SESSION, "message": "hi"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["session"] == SESSION
    [message] = body["messages"]
    assert message["text"].startswith("Sorry, something went wrong on our side — please try again")
    assert SAFETY_LINE in message["text"]
    assert message["buttons"] == []


def test_neither_the_message_nor_the_address_is_logged(client, rasa, caplog):
    caplog.set_level("DEBUG")
    sender = {"REMOTE_ADDR": "203.0.113.77"}
    post(client, {"session": None, "message": "my secret worry about Jamie"}, environ_base=sender)
    rasa.mode = "error"
    post(client, {"session": None, "message": "my secret worry about Jamie"}, environ_base=sender)
    post(client, {"session": None, "message": "Jamie " * 400}, environ_base=sender)
    assert "Jamie" not in caplog.text
    assert "203.0.113.77" not in caplog.text


def test_the_999_advice_comes_marked_as_safety(client, rasa):
    rasa.mode = "canned"
    rasa.canned = [{"recipient_id": "x", "custom": {"kind": "safety", "text": "In danger now? Call 999."}},
                   {"recipient_id": "x", "text": "Where is this happening?"}]
    body = post(client, {"session": None, "message": "there's a knife fight outside now"}).get_json()
    assert body["messages"] == [{"text": "In danger now? Call 999.", "buttons": [], "kind": "safety"},
                                {"text": "Where is this happening?", "buttons": [], "kind": "text"}]


def test_an_unknown_custom_payload_is_not_shown(client, rasa):
    rasa.mode = "canned"
    rasa.canned = [{"recipient_id": "x", "custom": {"kind": "confetti", "text": "!"}},
                   {"recipient_id": "x", "text": "Hello"}]
    body = post(client, {"session": None, "message": "hi"}).get_json()
    assert body["messages"] == [{"text": "Hello", "buttons": [], "kind": "text"}]

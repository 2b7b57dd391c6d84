"""The chat page: server-rendered, accessible markup, and the no-JavaScript flow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from web.chat.conversation import PRIVACY_NOTE, SAFETY_LINE
from web.rasa_client import RasaClient

QUICK_EXIT = "https://www.bbc.co.uk/weather"


def open_chat(client, html):
    """GET / and return (page tree, session id, form token)."""
    response = client.get("/")
    assert response.status_code == 200
    page = html(response)
    form = page.by_id("chat-form")
    session = form.find("input", name="session").attrs["value"]
    token = form.find("input", name="token").attrs["value"]
    return page, session, token


def messages(page):
    """[(speaker, text)] of the transcript."""
    out = []
    for msg in page.by_id("transcript").find_all("div", cls="msg"):
        speaker = "bot" if "msg-bot" in msg.classes else "user"
        out.append((speaker, msg.find("p", cls="msg-text").text))
    return out


def test_the_page_greets_with_the_bots_first_message(client, rasa, html):
    page, session, token = open_chat(client, html)

    assert rasa.requests == [{"sender": session, "message": "/greet", "input_channel": "web",
                              "metadata": {"channel": "web"}}]
    assert messages(page) == [("bot", "Hello, I'm Front Door. What would you like to do?")]
    greeting = page.by_id("transcript").find("div", cls="msg-bot")
    assert greeting.classes == {"msg", "msg-bot"}
    buttons = greeting.find_all("button", cls="reply-button")
    assert [(b.attrs["type"], b.attrs["name"], b.attrs["value"], b.text) for b in buttons] == [
        ("submit", "message", "/report_concern", "Report a concern"),
        ("submit", "message", "/get_help", "I need help"),
    ]
    reply_form = greeting.find("form", cls="reply-form")
    assert reply_form.attrs["method"] == "post" and reply_form.attrs["action"] == "/chat"
    assert reply_form.find("input", name="session").attrs["value"] == session
    assert reply_form.find("input", name="token").attrs["value"] == token


def test_a_head_request_starts_no_conversation(client, rasa):
    response = client.head("/")
    assert response.status_code == 200
    assert rasa.requests == []


def test_each_visit_starts_a_new_conversation(client, rasa, html):
    _, first, _ = open_chat(client, html)
    _, second, _ = open_chat(client, html)
    assert first != second
    assert len(first) == 24


def test_the_page_has_the_accessible_form_and_log(client, rasa, html):
    page, session, _ = open_chat(client, html)

    assert page.find("html").attrs["lang"] == "en-GB"
    assert page.find("header") and page.find("footer")
    main = page.find("main")
    assert main.attrs["id"] == "main"
    assert page.find("a", cls="skip-link").attrs["href"] == "#main"
    assert page.find("h1").text == "Talk to us"

    transcript = page.by_id("transcript")
    assert transcript.attrs["role"] == "log"
    assert transcript.attrs["aria-live"] == "polite"

    form = page.by_id("chat-form")
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/chat"
    assert form.find("input", name="session").attrs == {"type": "hidden", "name": "session", "id": "session",
                                                          "value": session}
    label = form.find("label", for_="message")
    assert label.text == "Your message"
    box = form.find("textarea")
    assert box.attrs["id"] == "message" and box.attrs["name"] == "message"
    assert "message-hint" in box.attrs["aria-describedby"]
    send = form.find("button", id="send")
    assert send.text == "Send" and send.attrs["type"] == "submit"
    assert page.find("script").attrs["src"] == "/static/chat.js"


def test_the_page_carries_what_chat_js_says_so_chat_js_holds_no_copy(client, rasa, html):
    page, _, _ = open_chat(client, html)
    form = page.by_id("chat-form")
    assert form.attrs["data-offline"].startswith("Sorry, the chat is unavailable right now.")
    assert SAFETY_LINE in form.attrs["data-offline"] and "Childline on 0800 11 11" in form.attrs["data-offline"]
    assert form.attrs["data-short-numbers"] == "999 101"
    assert form.attrs["data-empty"] and form.attrs["data-too-long"]
    script = (Path(__file__).resolve().parents[3] / "web" / "static" / "chat.js").read_text()
    assert "999" not in script and "0800" not in script and "Childline" not in script


def test_quick_exit_and_the_privacy_note_are_at_the_top(client, rasa, html):
    page, _, _ = open_chat(client, html)
    header = page.find("header")
    quick_exit = header.find("a", id="quick-exit")
    assert quick_exit.attrs["href"] == QUICK_EXIT
    assert quick_exit.attrs["rel"] == "noreferrer"
    assert quick_exit.text.startswith("Quick exit")
    note = page.by_id("privacy-note")
    assert note.text == PRIVACY_NOTE == (
        "We don't store your IP address. Council and police safeguarding teams see what you tell us. "
        "If anyone is in immediate danger, call 999."
    )
    assert SAFETY_LINE in page.find("footer").text


def test_the_quick_exit_address_is_configurable(make_app, rasa_client, rasa, html):
    client = make_app(rasa_client, QUICK_EXIT_URL="https://www.google.co.uk/").test_client()
    assert html(client.get("/")).by_id("quick-exit").attrs["href"] == "https://www.google.co.uk/"


def test_the_chat_sets_no_cookies(client, rasa, html):
    response = client.get("/")
    assert "Set-Cookie" not in response.headers
    page = html(response)
    form = page.by_id("chat-form")
    reply = client.post("/chat", data={"session": form.find("input", name="session").attrs["value"],
                                       "token": form.find("input", name="token").attrs["value"],
                                       "message": "hello"})
    assert reply.status_code == 200
    assert "Set-Cookie" not in reply.headers
    assert reply.headers["Cache-Control"] == "no-store"


def test_without_javascript_a_post_rerenders_the_whole_conversation(client, rasa, html):
    _, session, token = open_chat(client, html)

    response = client.post("/chat", data={"session": session, "token": token, "message": "hello"})

    assert response.status_code == 200
    page = html(response)
    assert messages(page) == [
        ("bot", "Hello, I'm Front Door. What would you like to do?"),
        ("user", "hello"),
        ("bot", "You said: hello"),
        ("bot", "Is there anything else?"),
    ]
    msgs = page.by_id("transcript").find_all("div", cls="msg")
    assert [m.classes for m in msgs] == [{"msg", "msg-bot"}, {"msg", "msg-user"}, {"msg", "msg-bot"},
                                        {"msg", "msg-bot"}]
    # Only the latest question keeps its buttons, as submit buttons of a form.
    assert msgs[0].find_all("button") == []
    buttons = msgs[2].find_all("button", cls="reply-button")
    assert [(b.attrs["type"], b.attrs["name"], b.attrs["value"], b.text) for b in buttons] == [
        ("submit", "message", "/affirm", "Yes"), ("submit", "message", "/deny", "No"),
    ]
    assert msgs[2].find("input", name="session").attrs["value"] == session
    assert page.by_id("chat-form").find("input", name="session").attrs["value"] == session
    assert page.by_id("message").text == ""
    assert rasa.requests[-1]["sender"] == session


def test_a_button_press_shows_its_title_not_its_payload(client, rasa, html):
    _, session, token = open_chat(client, html)
    client.post("/chat", data={"session": session, "token": token, "message": "hello"})

    page = html(client.post("/chat", data={"session": session, "token": token, "message": "/affirm"}))

    assert rasa.requests[-1]["message"] == "/affirm"
    shown = messages(page)
    assert ("user", "Yes") in shown
    assert not any(text.startswith("/") for _, text in shown if _ == "user")


def test_a_greeting_button_works_without_javascript(client, rasa, html):
    _, session, token = open_chat(client, html)
    page = html(client.post("/chat", data={"session": session, "token": token, "message": "/report_concern"}))
    assert messages(page)[1] == ("user", "Report a concern")


@pytest.mark.parametrize(
    ("draft", "error"),
    [("", "type a message"), ("   \r\n  ", "type a message"),
     ("z" * 2001, "please keep messages under 2,000 characters")],
)
def test_a_bad_message_is_refused_and_kept_in_the_box(client, rasa, html, draft, error):
    _, session, token = open_chat(client, html)
    sent_before = len(rasa.requests)

    response = client.post("/chat", data={"session": session, "token": token, "message": draft})

    assert response.status_code == 400
    page = html(response)
    assert error in page.by_id("message-error").text.lower()
    box = page.by_id("message")
    assert box.attrs["aria-invalid"] == "true"
    assert box.text == " ".join(draft.split())
    assert messages(page)[0][0] == "bot"  # the conversation is still shown
    assert len(rasa.requests) == sent_before


def test_markup_and_other_scripts_are_shown_as_text(client, rasa, html):
    _, session, token = open_chat(client, html)
    nasty = "<script>alert(1)</script><img src=x onerror=alert(2)> أنا قلق 我很担心 😢"

    response = client.post("/chat", data={"session": session, "token": token, "message": nasty})

    body = response.get_data(as_text=True)
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert ("user", nasty) in messages(html(body))


@pytest.mark.parametrize(
    "form",
    [
        {"message": "hi"},
        {"session": "abcdefghijklmnopqrstuvwx", "message": "hi"},
        {"session": "abcdefghijklmnopqrstuvwx", "token": "forged", "message": "hi"},
        {"session": "bad id", "token": "x", "message": "hi"},
    ],
)
def test_a_post_without_a_valid_form_token_is_refused(client, rasa, html, form):
    response = client.post("/chat", data=form)
    assert response.status_code == 400
    page = html(response)
    assert "expired" in page.by_id("error-page").text
    assert SAFETY_LINE in page.text
    assert rasa.requests == []
    assert "Set-Cookie" not in response.headers


def test_a_token_for_another_conversation_is_refused(client, rasa, html):
    _, first, _ = open_chat(client, html)
    _, _, second_token = open_chat(client, html)
    response = client.post("/chat", data={"session": first, "token": second_token, "message": "hi"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}, {"Origin": "https://evil.example"}],
)
def test_a_post_from_another_site_is_refused(client, rasa, html, headers):
    _, session, token = open_chat(client, html)
    sent_before = len(rasa.requests)
    response = client.post("/chat", data={"session": session, "token": token, "message": "hi"}, headers=headers)
    assert response.status_code == 403
    assert len(rasa.requests) == sent_before


def test_a_same_origin_post_with_a_null_origin_is_accepted(client, rasa, html):
    # Referrer-Policy: no-referrer makes browsers send "Origin: null" on same-origin posts.
    _, session, token = open_chat(client, html)
    response = client.post("/chat", data={"session": session, "token": token, "message": "hi"},
                           headers={"Sec-Fetch-Site": "same-origin", "Origin": "null"})
    assert response.status_code == 200


def test_rasa_down_still_serves_the_page_with_the_emergency_numbers(make_app, closed_port, html):
    rasa_client = RasaClient(f"http://127.0.0.1:{closed_port}", timeout=2)
    client = make_app(rasa_client).test_client()
    try:
        response = client.get("/")
        assert response.status_code == 200
        page = html(response)
        [(speaker, text)] = messages(page)
        assert speaker == "bot" and "unavailable right now" in text and SAFETY_LINE in text

        form = page.by_id("chat-form")
        draft = "Please help, my son is being made to sell drugs"
        response = client.post("/chat", data={"session": form.find("input", name="session").attrs["value"],
                                              "token": form.find("input", name="token").attrs["value"],
                                              "message": draft})
        assert response.status_code == 503
        page = html(response)
        assert SAFETY_LINE in messages(page)[-1][1]
        assert page.by_id("message").text == draft  # nothing typed is lost
    finally:
        rasa_client.close()


def test_rasa_saying_nothing_gets_an_apology(client, rasa, html):
    _, session, token = open_chat(client, html)
    rasa.mode = "empty"
    page = html(client.post("/chat", data={"session": session, "token": token, "message": "hello"}))
    last = messages(page)[-1]
    assert last[0] == "bot"
    assert last[1].startswith("Sorry, something went wrong on our side — please try again")
    assert SAFETY_LINE in last[1]


def test_when_the_transcript_cannot_be_read_the_latest_turn_is_shown(make_app, rasa_server, rasa, html):
    rasa_client = RasaClient(rasa_server.url, token="not-the-right-token", timeout=2)
    client = make_app(rasa_client).test_client()
    try:
        _, session, token = open_chat(client, html)
        page = html(client.post("/chat", data={"session": session, "token": token, "message": "hello"}))
        assert messages(page) == [("user", "hello"), ("bot", "You said: hello"), ("bot", "Is there anything else?")]
        assert len(page.find_all("button", cls="reply-button")) == 2
    finally:
        rasa_client.close()


def test_the_script_is_same_origin_and_stores_nothing(client):
    response = client.get("/static/chat.js")
    assert response.status_code == 200
    script = re.sub(r"/\*.*?\*/", "", response.get_data(as_text=True), flags=re.S)  # drop comments
    response.close()
    assert "location.replace" in script
    assert '"Escape"' in script
    assert "/api/chat" in script and "credentials: \"omit\"" in script
    for forbidden in ("localStorage", "sessionStorage", "document.cookie", "innerHTML", "eval(", "http://",
                      "https://"):
        assert forbidden not in script


def test_the_stylesheet_covers_focus_targets_and_reduced_motion(client):
    response = client.get("/static/frontdoor.css")
    css = response.get_data(as_text=True)
    response.close()
    assert ":focus-visible" in css
    assert "min-height: 44px" in css
    assert "prefers-reduced-motion" in css
    assert "@import" not in css and "url(" not in css


def test_without_javascript_the_999_advice_stands_out_with_numbers_to_tap(client, rasa, html):
    _, session, token = open_chat(client, html)
    rasa.mode = "canned"
    rasa.canned = [{"recipient_id": session, "custom": {
        "kind": "safety", "text": "If anyone is in immediate danger, call 999 now. Childline: 0800 11 11."}},
        {"recipient_id": session, "text": "Where is this happening?"}]

    page = html(client.post("/chat", data={"session": session, "token": token,
                                           "message": "someone has a knife outside right now"}))

    msgs = page.by_id("transcript").find_all("div", cls="msg")
    safety = [m for m in msgs if "msg-safety" in m.classes]
    assert len(safety) == 1 and safety[0].attrs["role"] == "alert"
    assert "Emergency advice" in safety[0].find("p", cls="msg-who").text
    links = safety[0].find_all("a", cls="tel")
    assert [(a.attrs["href"], a.text) for a in links] == [("tel:999", "999"), ("tel:08001111", "0800 11 11")]
    assert not [m for m in msgs if "msg-safety" not in m.classes and m.attrs.get("role") == "alert"]

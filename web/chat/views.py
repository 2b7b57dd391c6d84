"""Web chat views: thin wrappers round the Rasa adapter.

The conversation id lives only in the page (a hidden field, or a JavaScript
variable); the chat sets no cookies and stores nothing in the browser.
"""

from __future__ import annotations

import dataclasses

from flask import Blueprint, Response, jsonify, render_template, request

from frontdoor.errors import InvalidInput, Unavailable
from web.chat import tokens
from web.chat.conversation import (
    GREETING,
    MAX_MESSAGE,
    Shown,
    check_session,
    clean_message,
    empty_reply_text,
    mask_codes,
    new_session_id,
    page_wording,
    replies,
    shown_transcript,
    unavailable_text,
    with_latest_replies,
)
from web.extension import core, rasa, settings
from web.rasa_client import BotMessage

bp = Blueprint("chat", __name__)

EXPIRED = "This chat page has expired. Please start a new chat."


def _render(session_id: str, messages: list[Shown], *, error: str | None = None,
            draft: str = "", status: int = 200) -> tuple[str, int]:
    """Return the chat page for ``session_id`` showing ``messages``."""
    body = render_template(
        "chat/page.html",
        session_id=session_id,
        form_token=tokens.issue(settings().secret_key, session_id),
        messages=messages,
        error=error,
        draft=draft,
        max_message=MAX_MESSAGE,
        wording=page_wording(),
    )
    return body, status


def _send(session_id: str, text: str) -> list[BotMessage]:
    """Send ``text`` to Rasa; return the reply with any follow-up code issued in it.

    Raises:
        Unavailable: Rasa is down or too slow.
    """
    followup = core().followup_service
    sent = rasa().send(session_id, text)
    return [dataclasses.replace(m, text=followup.reveal(m.text, session_id) if followup else mask_codes(m.text))
            for m in sent]


def _transcript_or(session_id: str, fallback: list[Shown]) -> list[Shown]:
    """Return the stored conversation, or ``fallback`` when Rasa cannot say."""
    try:
        return shown_transcript(rasa().transcript(session_id))
    except Unavailable:
        return fallback


@bp.get("/")
def page() -> tuple[str, int]:
    """Start a new conversation and return the chat page with the bot's greeting.

    When Rasa is down the page still renders, saying so with the emergency numbers.
    A HEAD request (a monitor, a link checker) starts no conversation.
    """
    session_id = new_session_id()
    if request.method == "HEAD":
        return _render(session_id, [])
    try:
        messages = replies(rasa().send(session_id, GREETING))
    except Unavailable:
        messages = [Shown("bot", unavailable_text())]
    return _render(session_id, messages or [Shown("bot", empty_reply_text())])


@bp.post("/chat")
def send_form() -> tuple[str, int]:
    """Send one message without JavaScript and return the whole conversation.

    Returns 400 with the message kept in the box when it cannot be sent as
    typed, and 503 (message kept) when the chat is unavailable.

    Raises:
        InvalidInput: the page's conversation id or form token is missing,
            forged or expired (a 400 page with a link to start again).
    """
    try:
        session_id = check_session(request.form.get("session") or None)
    except InvalidInput:
        session_id = None
    if session_id is None or not tokens.verify(settings().secret_key, request.form.get("token"), session_id):
        raise InvalidInput(EXPIRED, "session")
    draft = request.form.get("message", "")
    try:
        text = clean_message(draft)
    except InvalidInput as exc:
        return _render(session_id, _transcript_or(session_id, []), error=str(exc), draft=draft, status=400)
    try:
        sent = _send(session_id, text)
    except Unavailable:
        return _render(session_id, [Shown("bot", unavailable_text())], draft=draft, status=503)
    fallback = ([] if text.startswith("/") else [Shown("user", text)]) + replies(sent)
    messages = with_latest_replies(_transcript_or(session_id, fallback), sent)
    if not sent:
        messages.append(Shown("bot", empty_reply_text()))
    return _render(session_id, messages)


def _chat_json(session_id: str, messages: list[dict[str, object]], status: int = 200) -> tuple[Response, int]:
    """Return the ``/api/chat`` answer ``{"session", "messages"}`` with ``status``."""
    return jsonify({"session": session_id, "messages": messages}), status


@bp.post("/api/chat")
def send_json() -> tuple[Response, int]:
    """Send one message and return the bot's replies.

    Request ``{"session": str|null, "message": str}``; response ``{"session":
    str, "messages": [{"text": str, "buttons": [{"title", "payload"}]}]}``,
    200, or 503 in the same shape (with the emergency numbers) when the chat
    is unavailable.

    Raises:
        InvalidInput: not a JSON object, a bad session id, or an unusable
            message (400 ``{"error": ...}``).
    """
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # absurdly nested JSON
        data = None
    if not isinstance(data, dict):
        raise InvalidInput('Send a JSON object like {"session": null, "message": "hello"}.')
    if "message" not in data:
        raise InvalidInput("A message is required.", "message")
    session_id = check_session(data.get("session")) or new_session_id()
    text = clean_message(data["message"])
    try:
        sent = _send(session_id, text)
    except Unavailable:
        return _chat_json(session_id, [{"text": unavailable_text(), "buttons": []}], 503)
    if not sent:
        return _chat_json(session_id, [{"text": empty_reply_text(), "buttons": []}])
    return _chat_json(session_id, [m.to_json() for m in sent])

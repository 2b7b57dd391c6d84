"""``/dev/sms``: served only in development; posts signed messages to the app's own webhook."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from flask import Flask

from tests.support.live_web import serving
from web.rasa_client import RasaClient

REFERENCE = re.compile(r"FD-[A-Z0-9]{4}-[A-Z0-9]{4}")


@pytest.mark.parametrize("environment", ["production", "test"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_outside_development_the_page_does_not_exist(make_app: Callable[..., Flask], rasa_client: RasaClient,
                                                     environment: str, method: str) -> None:
    app = make_app(rasa_client, FRONTDOOR_ENV=environment, TWILIO_AUTH_TOKEN="a-token",
                   PUBLIC_BASE_URL="https://frontdoor.example.org")
    response = getattr(app.test_client(), method)("/dev/sms", data={"message": "hello"})
    assert response.status_code == 404


def test_without_a_token_the_page_says_what_to_set(make_app: Callable[..., Flask], rasa_client: RasaClient) -> None:
    app = make_app(rasa_client, FRONTDOOR_ENV="development", TWILIO_AUTH_TOKEN="", PUBLIC_BASE_URL="")
    page = app.test_client().post("/dev/sms", data={"message": "hello"}).get_data(as_text=True)
    assert "Set TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL" in page and "msg-user" not in page


def test_a_message_goes_through_the_webhook_and_the_conversation_is_kept_in_the_form(tmp_path: Path) -> None:
    with serving(tmp_path) as live:
        first = httpx.post(f"{live.url}/dev/sms", data={"sender": "+447700900555", "channel": "sms",
                                                        "message": "HELP"}, timeout=30)
        assert first.status_code == 200
        assert "Front Door: report gangs" in first.text and "+447700900555" in first.text
        transcript = re.search(r'name="transcript" value="([^"]*)"', first.text)
        assert transcript is not None
        second = httpx.post(f"{live.url}/dev/sms", timeout=30, data={
            "sender": "+447700900555", "channel": "sms", "transcript": html.unescape(transcript.group(1)),
            "message": "someone is selling drugs outside the school in Penge"})
        assert second.text.count('class="msg msg-user"') == 2
        assert REFERENCE.search(second.text)

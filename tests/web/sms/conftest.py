"""Fixtures for the SMS webhook: a key-enabled core and signed Twilio requests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from twilio.request_validator import RequestValidator
from werkzeug.test import TestResponse

from web.rasa_client import RasaClient

AUTH_TOKEN = "twilio-auth-token-for-tests-0123456789"
PUBLIC = "https://frontdoor.example.org"
URL = PUBLIC + "/sms/twilio"
#: A phone number that must never be stored, logged or sent to Rasa.
CANARY = "+447700900123"


@pytest.fixture
def sms_app(make_app: Callable[..., Flask], rasa_client: RasaClient) -> Flask:
    return make_app(rasa_client, PUBLIC_BASE_URL=PUBLIC, TWILIO_AUTH_TOKEN=AUTH_TOKEN)


@pytest.fixture
def down_app(make_app: Callable[..., Flask], closed_port: int) -> Flask:
    """The app with Rasa down (nothing listens on its port)."""
    return make_app(RasaClient(f"http://127.0.0.1:{closed_port}", timeout=1.0),
                    PUBLIC_BASE_URL=PUBLIC, TWILIO_AUTH_TOKEN=AUTH_TOKEN)


_counter = iter(range(10**9))


def new_sid() -> str:
    return "SM" + f"{next(_counter):032x}"


def message(body: str | None = "hello", *, sid: str | None = None, sender: str = CANARY,
            media: int = 0) -> dict[str, str]:
    """Twilio's form fields for one inbound SMS."""
    fields = {
        "MessageSid": sid or new_sid(), "SmsSid": sid or "", "AccountSid": "AC" + "0" * 32,
        "From": sender, "To": "+447700900999", "NumMedia": str(media), "NumSegments": "1",
        "FromCountry": "GB", "ToCountry": "GB", "ApiVersion": "2010-04-01",
    }
    if body is not None:
        fields["Body"] = body
    for index in range(media):
        fields[f"MediaUrl{index}"] = f"https://api.twilio.com/media/ME{index}"
        fields[f"MediaContentType{index}"] = "image/jpeg"
    return fields


def sign(fields: dict[str, str], url: str = URL, token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, fields)


@pytest.fixture
def post() -> Callable[..., TestResponse]:
    """``post(client, fields, signature=...)``: a webhook call, signed correctly by default."""

    def do(client: FlaskClient, fields: dict[str, str], signature: str | None = "auto") -> TestResponse:
        headers = {}
        if signature == "auto":
            headers["X-Twilio-Signature"] = sign(fields)
        elif signature is not None:
            headers["X-Twilio-Signature"] = signature
        return client.post("/sms/twilio", data=fields, headers=headers)

    return do

"""Property-based fuzzing of every way in: the chat API and form, the signed SMS webhook, the staff API.

Random unicode, sizes, types and missing fields. Whatever is sent, the answer
is never a 5xx: it is taken, or refused with a message that says why. A
signed SMS with a usable MessageSid is always stored.
"""

from __future__ import annotations

import json
import string
from typing import Any

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from frontdoor.store.models import InboundMessage
from tests.web.sms.conftest import AUTH_TOKEN, PUBLIC, message, sign

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

#: Text as people and attackers send it: any unicode that can be encoded, long and short.
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=3000)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)


def fuzz_app(make_app: Any, rasa_client: Any) -> Flask:
    return make_app(rasa_client, RATELIMIT_ENABLED=False, PUBLIC_BASE_URL=PUBLIC, TWILIO_AUTH_TOKEN=AUTH_TOKEN)


def refused_clearly(response: Any) -> bool:
    """A 4xx answer that says what was wrong (JSON ``error`` or a page with a message)."""
    if response.is_json:
        error = (response.get_json(silent=True) or {}).get("error")
        return isinstance(error, str) and len(error) > 10
    return "error-page__message" in response.get_data(as_text=True) or "error-summary" in response.get_data(as_text=True)


@FUZZ
@given(body=st.one_of(
    st.fixed_dictionaries({}, optional={"session": json_values, "message": json_values, "extra": json_values}),
    json_values,
    st.binary(max_size=2000),
))
def test_the_chat_api(make_app, rasa_client, body: Any) -> None:
    client = fuzz_app(make_app, rasa_client).test_client()
    if isinstance(body, bytes):
        response = client.post("/api/chat", data=body, content_type="application/json")
    else:
        response = client.post("/api/chat", data=json.dumps(body), content_type="application/json")
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if response.status_code >= 400:
        assert refused_clearly(response)


@FUZZ
@given(form=st.fixed_dictionaries({}, optional={"session": text, "token": text, "message": text}))
def test_the_chat_form(make_app, rasa_client, form: dict[str, str]) -> None:
    response = fuzz_app(make_app, rasa_client).test_client().post("/chat", data=form)
    assert response.status_code < 500
    if response.status_code >= 400:
        assert refused_clearly(response)


@FUZZ
@given(
    body=st.none() | text,
    sid=st.one_of(st.just(None), st.text(string.ascii_letters + string.digits, max_size=40)),
    media=st.text(string.printable, max_size=5),
    sender=text,
    drop=st.sets(st.sampled_from(["From", "To", "AccountSid", "NumMedia"])),
)
def test_the_signed_sms_webhook(make_app, rasa_client, core, body: str | None, sid: str | None, media: str,
                                sender: str, drop: set[str]) -> None:
    client = fuzz_app(make_app, rasa_client).test_client()
    fields = message(body, sender=sender)
    if sid is not None:
        fields["MessageSid"] = sid
    fields["NumMedia"] = media
    for name in drop:
        fields.pop(name, None)
    response = client.post("/sms/twilio", data=fields, headers={"X-Twilio-Signature": sign(fields)})
    assert response.status_code < 500
    usable = fields["MessageSid"].startswith("SM") and len(fields["MessageSid"]) == 34
    if response.status_code == 200 and usable:
        with core.db.session() as session:
            assert session.scalar(select(InboundMessage).where(InboundMessage.message_sid == fields["MessageSid"]))
    elif response.status_code >= 400:
        assert response.get_data(as_text=True).strip()


@FUZZ
@given(query=st.dictionaries(st.sampled_from(["inbox", "urgency", "status", "limit", "offset", "x"]), text,
                             max_size=5),
       reference=text)
def test_the_staff_api(make_app, rasa_client, core, staff, query: dict[str, str], reference: str) -> None:
    client = fuzz_app(make_app, rasa_client).test_client()
    token = core.staff.issue_token(staff["bexley"])
    headers = {"Authorization": f"Bearer {token}"}
    listed = client.get("/api/referrals", query_string=query, headers=headers)
    assert listed.status_code < 500 and (listed.status_code == 200 or refused_clearly(listed))
    one = client.get("/api/referrals/" + reference.replace("/", "%2F").replace("?", "%3F").replace("#", "%23"),
                     headers=headers)
    assert one.status_code < 500 and (one.status_code == 200 or one.status_code == 308 or refused_clearly(one))

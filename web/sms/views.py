"""``POST /sms/twilio``: Twilio's inbound SMS and WhatsApp webhook, answered with TwiML.

The signature is checked first, against ``PUBLIC_BASE_URL`` + the path (the
URL Twilio was given), never the URL this request arrived on, which is wrong
behind a proxy. A request without a valid signature gets 403 and nothing is
stored. Everything else is one call to the core's SMS service; the sender's
number is handed over once and never logged. Twilio writes a WhatsApp sender
as ``whatsapp:+447700900123``: the prefix names the channel, the rest is the number.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from frontdoor.errors import InvalidInput
from web.extension import core, rasa, settings
from web.sms.engine import RasaEngine

bp = Blueprint("sms", __name__, url_prefix="/sms")
WHATSAPP = "whatsapp:"


def sender_and_channel(address: str) -> tuple[str, str]:
    """Return the phone number and the channel ("sms" or "whatsapp") of Twilio's ``From`` address."""
    if address[: len(WHATSAPP)].lower() == WHATSAPP:
        return address[len(WHATSAPP):], "whatsapp"
    return address, "sms"


def _signed_url() -> str | None:
    base = settings().public_base_url
    if not base:
        return None
    query = request.query_string.decode("utf-8", "replace")
    return base + request.path + (f"?{query}" if query else "")


def _twiml(text: str | None) -> Response:
    reply = MessagingResponse()
    if text:
        reply.message(text)
    return Response(str(reply), status=200, mimetype="application/xml")


@bp.post("/twilio")
def twilio_webhook() -> Response:
    """Validate, then hand the message to the SMS service; reply with TwiML."""
    token = settings().twilio_auth_token
    url = _signed_url()
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not url or not signature:
        abort(403)
    if not RequestValidator(token).validate(url, request.form, signature):
        abort(403)
    form = request.form
    try:
        media = int(form.get("NumMedia", "0") or 0)
    except ValueError:
        media = 0
    number, channel = sender_and_channel(form.get("From", ""))
    try:
        outcome = core().sms.with_engine(RasaEngine(rasa())).receive(
            form.get("MessageSid", ""), number, form.get("Body"), media, channel=channel)
    except InvalidInput:
        return _twiml(None)  # a signed request that is not a message (e.g. a status callback)
    return _twiml(outcome.reply)

"""Development pages: ``/dev/sms`` texts the service as a made-up sender without Twilio, and
``/dev/mail`` writes to the shared mailbox (the local one ``make run`` starts; see :mod:`web.dev.mailbox`).

Each message is posted, server side, to the real webhook
(``PUBLIC_BASE_URL/sms/twilio``) signed with the app's ``TWILIO_AUTH_TOKEN``,
exactly as Twilio would post it (:class:`outbound.sms_simulator.Simulator`);
the replies shown are the webhook's TwiML answer. The conversation so far
travels in the form (nothing is kept on the server for it). Every page here is
404 unless ``FRONTDOOR_ENV=development``.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, jsonify, render_template, request

from frontdoor.errors import Unavailable
from frontdoor.services.mail import reply_message
from frontdoor.store.mail import REFERRAL
from outbound.sms_simulator import Simulator, made_up_number
from web.dev.mailbox import compose, deliver, outbox, progress
from web.extension import core, settings

bp = Blueprint("dev", __name__, url_prefix="/dev", static_folder="static")

#: Most messages kept on the page (older ones drop off).
MAX_SHOWN = 60
MAX_MESSAGE = 1600
#: Shown when the webhook answers with no message; after an SMS STOP, Twilio itself would confirm.
NO_REPLY = "No reply from Front Door. (After STOP by SMS, Twilio itself confirms and holds replies until START.)"


@bp.before_request
def _development_only() -> None:
    if settings().environment != "development":
        abort(404)


def _transcript(raw: str | None) -> list[dict[str, str]]:
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        return []
    if not isinstance(items, list):
        return []
    return [{key: str(item.get(key, "")) for key in ("who", "text", "sender", "via")}
            for item in items[-MAX_SHOWN:] if isinstance(item, dict)]


@bp.route("/sms", methods=["GET", "POST"])
def sms() -> str:
    """Show the simulated phone; on POST send its message to the webhook and show the replies."""
    form = request.form
    sender = (form.get("sender") or "").strip() or made_up_number()
    whatsapp = form.get("channel") == "whatsapp"
    transcript = _transcript(form.get("transcript"))
    error = None
    problem = None
    web = settings()
    if not web.twilio_auth_token or not web.public_base_url:
        problem = "Set TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL (make run writes both) and restart the web app."
    if request.method == "POST" and problem is None:
        body = (form.get("message") or "").strip()[:MAX_MESSAGE]
        if not body:
            error = "Type a message to send."
        else:
            simulator = Simulator(f"{web.public_base_url}/sms/twilio", web.twilio_auth_token or "", sender,
                                  whatsapp)
            try:
                replies = simulator.send(body)
            except Unavailable as exc:
                error = str(exc)
            else:
                via = "WhatsApp" if whatsapp else "SMS"
                transcript.append({"who": "user", "text": body, "sender": sender, "via": via})
                transcript.extend({"who": "bot", "text": reply, "sender": sender, "via": via} for reply in replies)
                if not replies:
                    transcript.append({"who": "note", "text": NO_REPLY})
    return render_template("dev/sms.html", sender=sender, whatsapp=whatsapp, transcript=transcript[-MAX_SHOWN:],
                           transcript_json=json.dumps(transcript[-MAX_SHOWN:]), error=error, problem=problem,
                           webhook=f"{web.public_base_url}/sms/twilio", max_message=MAX_MESSAGE)


#: The made-up sender the e-mail page starts with: a Bromley school's domain in the routing table's
#: ``known_domains``, so an e-mail that names no place still reaches the right inbox.
DEMO_SENDER = "head.of.year@bromley-schools.example.sch.uk"
#: The shared mailbox the made-up e-mails are addressed to (when its login is not an address).
DEMO_MAILBOX = "frontdoor@partnership.example"


def _sender(value: str | None) -> str:
    return (value or "").strip() or DEMO_SENDER


@bp.route("/mail", methods=["GET", "POST"])
def mail() -> str:
    """Show an e-mail form; on POST write the message to the shared mailbox and show how far it has got.

    With ``FRONTDOOR_IMAP_*`` set the message is APPENDed to that mailbox
    over IMAP and the worker's poll reads it; without, it goes straight to the
    core service the poll feeds (``MailService.receive``). ``?sent=`` (its
    Message-ID) shows a message's progress again; the page follows it until
    it is settled and its reply is in the local outbox.
    """
    fields = request.form if request.method == "POST" else request.args
    sender = _sender(fields.get("sender"))
    subject = (fields.get("subject") or "").strip()
    body = (request.form.get("message") or "").strip()
    imap = core().settings.imap
    address = (imap.address if imap else None) or DEMO_MAILBOX
    key = None if request.method == "POST" else request.args.get("sent")
    error = None
    if request.method == "POST":
        if "@" not in sender or any(c in sender for c in "\r\n<>,; "):
            error = "Give one e-mail address to send from, like name@school.example.sch.uk."
        elif not body:
            error = "Type the e-mail to send."
        else:
            raw, key = compose(sender, address, subject or "A concern", body[:MAX_MESSAGE * 4])
            try:
                if imap is not None:
                    deliver(imap, raw)
                else:
                    core().mail.receive(raw)
            except Unavailable as exc:
                error, key = str(exc), None
    state = progress(core(), key, sender) if key else None
    reply = reply_message(state.reference, 0) if state and state.status == REFERRAL and state.reference else None
    return render_template("dev/mail.html", sender=sender, subject=subject, body=body if error else "",
                           error=error, state=state, reply=reply, mailbox=address, imap=imap,
                           sent=outbox(core(), sender), key=key)


@bp.route("/mail/progress")
def mail_progress() -> Response:
    """Return, as JSON, how far the e-mail ``sent`` (its Message-ID) from ``sender`` has got (400 without one)."""
    key = (request.args.get("sent") or "").strip()
    if not key:
        abort(400)
    return jsonify(progress(core(), key, _sender(request.args.get("sender"))).as_json())

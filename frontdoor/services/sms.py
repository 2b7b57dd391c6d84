"""The anonymous SMS channel (and WhatsApp through Twilio): store first, pseudonymous, answered within seconds.

:meth:`SmsService.receive` is the whole webhook behind the signature check:

1. the sender's number becomes a keyed pseudonym at once; the number itself
   goes no further (not to the database, Rasa, or any log);
2. the message is **committed before anything else** (unique on MessageSid, so
   a retried or duplicated webhook is answered from what was stored); if the
   database cannot take it, it is written to a spool directory on disk and
   imported later;
3. it is handled: STOP / START / HELP keywords; a follow-up ("FD-XXXX-XXXX
   123456 …"); otherwise a turn of conversation with Rasa under a time budget.
   When Rasa or the action server is down or slow the message becomes a tip
   referral directly (triaged from its text, routed by the places it names) and
   the reply still gives a reference and a follow-up code;
4. the reply is stored with the message and returned for the webhook to send.

WhatsApp messages come through the same webhook (``From: whatsapp:+44…``) and
are handled the same way, with their own pseudonym (see
:meth:`~frontdoor.pseudonyms.Pseudonymiser.sender`) and the WhatsApp words of
the replies. Every reply is the immediate answer to the person's own message,
so it always falls inside WhatsApp's 24-hour customer-service window: nothing
is ever sent later (the number is not kept), and a SPOC's question waits until
the person writes again with their reference and code, as by SMS.

Messages that were stored but never handled (a crash, the database going away
mid-way) are turned into tip referrals by :meth:`SmsService.retry_pending`,
run by the scheduler; none is dropped.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from frontdoor.errors import AuthenticationFailed, FrontDoorError, InvalidInput, Unavailable
from frontdoor.extraction import normalise
from frontdoor.model import Channel, Kind, ReferralDraft
from frontdoor.ports import BotReply, ConversationEngine
from frontdoor.pseudonyms import Pseudonymiser
from frontdoor.services.followup import LOCKED as REFERENCE_LOCKED
from frontdoor.services.followup import PLACEHOLDER, FollowUpService, defang
from frontdoor.services.referrals import SubmissionService
from frontdoor.services.sms_replies import TEXT_CHANNELS, fallback_reply, sms_reply
from frontdoor.services.sms_spool import SpoolDir as SpoolDir  # re-exported: its home before the split
from frontdoor.store.db import Database
from frontdoor.store.models import InboundMessage, SmsConversation

log = logging.getLogger(__name__)

MAX_BODY = 1600  # Twilio's longest message
_SID = re.compile(r"^[A-Za-z]{2}[A-Za-z0-9]{10,62}$")
_FOLLOWUP = re.compile(
    r"\bFD[\s\-:]*([A-Za-z2-9]{4})[\s\-]*([A-Za-z2-9]{4})\b(?:[\s,.:;#-]*(\d{6})\b)?(.*)", re.S | re.I
)
STOP_WORDS = frozenset({"STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
START_WORDS = frozenset({"START", "UNSTOP", "YES"})
HELP_WORDS = frozenset({"HELP", "INFO"})

@dataclass(frozen=True)
class SmsPolicy:
    conversation_ttl: timedelta = timedelta(minutes=30)
    engine_budget_s: float = 1.2
    max_code_failures: int = 5
    code_lockout: timedelta = timedelta(hours=1)
    retry_after: timedelta = timedelta(seconds=60)


@dataclass(frozen=True)
class SmsOutcome:
    """What to answer: ``reply`` None means an empty TwiML response."""

    reply: str | None
    handled_by: str
    reference: str | None = None
    duplicate: bool = False


def render(replies: list[BotReply]) -> str:
    """Return the engine's answer as one SMS text (options as "Reply A / B / C")."""
    parts = []
    for reply in replies:
        text = re.sub(r"[ \t]+", " ", reply.text or "").strip()
        if reply.options:
            text = (text + "\n" if text else "") + "Reply " + " / ".join(reply.options)
        if text:
            parts.append(text)
    return "\n".join(parts)[:MAX_BODY]


def _text_channel(value: object) -> str:
    """Return the text channel a stored or spooled message came by ("sms" when not recorded)."""
    return str(value) if value in TEXT_CHANNELS else "sms"


class SmsService:
    """The SMS channel behind the webhook (see the module docstring)."""

    def __init__(
        self,
        db: Database,
        referrals: SubmissionService,
        followup: FollowUpService,
        pseudonymiser: Pseudonymiser,
        engine: ConversationEngine | None,
        clock: Callable[[], datetime],
        spool: SpoolDir,
        policy: SmsPolicy | None = None,
    ) -> None:
        self._db = db
        self._referrals = referrals
        self._followup = followup
        self._keys = pseudonymiser
        self._engine = engine
        self._clock = clock
        self._spool = spool
        self.policy = policy or SmsPolicy()

    def with_engine(self, engine: ConversationEngine) -> SmsService:
        """Return this service talking to ``engine`` (the shell's Rasa adapter)."""
        return SmsService(self._db, self._referrals, self._followup, self._keys, engine, self._clock,
                          self._spool, self.policy)

    # --- the webhook ------------------------------------------------------------
    def receive(self, message_sid: str, sender_number: str, body: str | None, num_media: int = 0, *,
                channel: str = "sms") -> SmsOutcome:
        """Store, then handle one inbound message (``channel`` "sms" or "whatsapp"); return what to reply.

        Raises:
            InvalidInput: no usable MessageSid (not a Twilio message), or an unknown channel.
        """
        if not message_sid or not _SID.match(message_sid):
            raise InvalidInput("MessageSid is missing or malformed", "MessageSid")
        if channel not in TEXT_CHANNELS:
            raise InvalidInput(f"not a text channel: {channel!r}", "channel")
        sender = self._keys.sender(sender_number or "", channel)
        text = normalise(body or "").strip()[:MAX_BODY]
        media = max(0, int(num_media or 0))
        now = self._clock()
        try:
            stored = self._store(message_sid, sender, text, media, now, channel)
        except Unavailable:
            self._spool.put({"message_sid": message_sid, "sender": sender, "body": text,
                             "num_media": media, "received_at": now.isoformat(), "channel": channel})
            return SmsOutcome(sms_reply("spooled"), "spooled")
        if stored is not None:  # a duplicate
            return stored
        try:
            outcome = self._handle(message_sid, sender, text, media, channel)
        except Unavailable:
            # The database went away mid-way: the stored message is retried later.
            return SmsOutcome(sms_reply("spooled"), "pending")
        return SmsOutcome(self._reveal(sender, outcome.reply), outcome.handled_by, outcome.reference)

    def _store(self, sid: str, sender: str, text: str, media: int, now: datetime,
               channel: str) -> SmsOutcome | None:
        """Commit the message; for a duplicate return the answer already given."""
        try:
            with self._db.session() as session:
                session.add(InboundMessage(message_sid=sid, sender=sender, body=text, num_media=media,
                                           received_at=now, status="received", attempts=0, channel=channel))
            return None
        except IntegrityError:
            with self._db.session() as session:
                row = session.scalar(select(InboundMessage).where(InboundMessage.message_sid == sid))
                if row is None or row.status != "processed":
                    return SmsOutcome(sms_reply("busy"), "duplicate", duplicate=True)
                reply, handled_by, reference = row.reply, row.handled_by, row.reference
            return SmsOutcome(self._reveal(sender, reply), handled_by or "duplicate", reference, duplicate=True)

    def _reveal(self, sender: str, reply: str | None) -> str | None:
        """Return ``reply`` with the follow-up codes of this sender's conversation revealed."""
        if not reply:
            return None
        try:
            with self._db.session() as session:
                row = session.get(SmsConversation, sender)
                conversation = row.conversation_id if row is not None else ""
            return self._followup.reveal(reply, conversation)
        except Unavailable:  # the message is handled; the code can be asked for again
            return PLACEHOLDER.sub("(code unavailable: text your reference later)", reply)

    def _finish(self, sid: str, outcome: SmsOutcome) -> SmsOutcome:
        with self._db.session() as session:
            row = session.scalar(select(InboundMessage).where(InboundMessage.message_sid == sid))
            if row is not None:
                row.status = "processed"
                row.handled_by = outcome.handled_by
                row.reply = outcome.reply
                row.reference = outcome.reference
                row.processed_at = self._clock()
                row.attempts += 1
        return outcome

    def _handle(self, sid: str, sender: str, text: str, media: int, channel: str) -> SmsOutcome:
        conversation = self._conversation(sender)
        text = defang(text)
        keyword = re.sub(r"[^A-Z ]", "", text.upper()).strip()
        if keyword in STOP_WORDS:
            self._set_opt_out(sender, True)
            # Twilio confirms a STOP by SMS itself; on WhatsApp nothing would, so the service does.
            confirmation = sms_reply("stopped", channel) if channel == "whatsapp" else None
            return self._finish(sid, SmsOutcome(confirmation, "stop"))
        if keyword in HELP_WORDS:
            return self._finish(sid, SmsOutcome(sms_reply("help", channel), "help"))
        if keyword in START_WORDS and (conversation.opted_out or keyword != "YES"):
            self._set_opt_out(sender, False)
            return self._finish(sid, SmsOutcome(sms_reply("start", channel), "start"))
        if conversation.opted_out:
            # Still captured, never answered: they asked for no more messages.
            outcome = (self._capture(sid, text, conversation.conversation_id, channel) if text
                       else SmsOutcome(None, "opted_out"))
            return self._finish(sid, SmsOutcome(None, "opted_out", outcome.reference))
        if not text:
            return self._finish(sid, SmsOutcome(sms_reply("media" if media else "empty", channel),
                                                "media" if media else "empty"))
        followup = _FOLLOWUP.search(text)
        if followup:
            return self._finish(sid, self._follow_up(sender, followup, channel))
        media_note = sms_reply("media", channel) if media else ""
        try:
            if self._engine is None:
                raise Unavailable("no conversation engine configured")
            # The bot knows two channels, web and text message: a WhatsApp conversation is the latter.
            answer = self._engine.converse(conversation.conversation_id, text, channel="sms",
                                           timeout=self.policy.engine_budget_s,
                                           medium=None if channel == "sms" else channel)
            rendered = render(answer)
            if not rendered:
                raise Unavailable("the conversation engine answered nothing")
            return self._finish(sid, SmsOutcome(rendered + (f"\n{media_note}" if media_note else ""), "conversation"))
        except Unavailable:
            return self._finish(sid, self._capture(sid, text, conversation.conversation_id, channel))

    def _capture(self, sid: str, text: str, conversation: str, channel: str = "sms") -> SmsOutcome:
        """Make the message a tip referral directly (Rasa down, retries, opted out)."""
        draft = ReferralDraft(kind=Kind.TIP, channel=Channel(channel), description=text)
        submission = self._referrals.submit(draft, source_key=f"sms:{sid}", followup=True,
                                            conversation=conversation)
        placeholder = submission.followup_placeholder or "(not available)"
        return SmsOutcome(fallback_reply(submission.reference, placeholder, channel), "captured",
                          submission.reference)

    def _follow_up(self, sender: str, match: re.Match[str], channel: str) -> SmsOutcome:
        reference = f"FD-{match.group(1).upper()}-{match.group(2).upper()}"
        code = match.group(3)
        answer = (match.group(4) or "").strip(" \t\n,.:;-")
        now = self._clock()
        with self._db.session() as session:
            conversation = session.get(SmsConversation, sender)
            locked = conversation is not None and conversation.code_locked_until is not None \
                and conversation.code_locked_until > now
        if locked:
            return SmsOutcome(sms_reply("locked"), "followup_locked")
        if not code:
            return SmsOutcome(sms_reply("no_code", channel), "followup_help")
        try:
            if answer:
                view = self._followup.reply(reference, code, answer, channel=channel)
                text = (f"{view.reference}: thank you, your answer has been passed to the team. "
                        f"Status: {view.status}.")
            else:
                view = self._followup.status(reference, code, channel=channel)
                text = f"{view.reference}: {view.status}."
                if view.questions:
                    text += " The team asks: " + " ".join(view.questions)
                    text += " " + sms_reply("answer_hint", channel)
        except AuthenticationFailed as exc:
            self._count_failure(sender)
            if str(exc) == REFERENCE_LOCKED:
                return SmsOutcome(sms_reply("reference_locked", text=REFERENCE_LOCKED), "followup_locked")
            return SmsOutcome(sms_reply("wrong_code"), "followup_denied")
        # A right code does not clear this sender's count of wrong ones: it would let one
        # number guess at other references between uses of its own.
        return SmsOutcome(sms_reply("followup", channel, text=text), "followup", reference)

    # --- per-sender state ---------------------------------------------------------
    def _conversation(self, sender: str) -> SmsConversation:
        now = self._clock()
        with self._db.session() as session:
            row = session.get(SmsConversation, sender)
            if row is None:
                row = SmsConversation(sender=sender, conversation_id="sms-" + secrets.token_hex(16),
                                      started_at=now, last_message_at=now, opted_out=False, code_failures=0)
                session.add(row)
            elif now - row.last_message_at > self.policy.conversation_ttl:
                # Silence: start afresh with a new, unlinkable conversation id.
                row.conversation_id = "sms-" + secrets.token_hex(16)
                row.started_at = now
            row.last_message_at = now
            session.flush()
            session.expunge(row)
            return row

    def _set_opt_out(self, sender: str, value: bool) -> None:
        with self._db.session() as session:
            row = session.get(SmsConversation, sender)
            if row is not None:
                row.opted_out = value

    def _count_failure(self, sender: str) -> None:
        """Count a wrong code from ``sender`` (atomically); the one reaching the limit locks the sender."""
        with self._db.session() as session:
            failures = session.execute(
                update(SmsConversation).where(SmsConversation.sender == sender)
                .values(code_failures=func.coalesce(SmsConversation.code_failures, 0) + 1)
                .returning(SmsConversation.code_failures),
                execution_options={"synchronize_session": False}).scalar_one_or_none()
            if failures is not None and failures >= self.policy.max_code_failures:
                session.execute(
                    update(SmsConversation).where(SmsConversation.sender == sender)
                    .values(code_failures=0, code_locked_until=self._clock() + self.policy.code_lockout),
                    execution_options={"synchronize_session": False})

    # --- nothing dropped ----------------------------------------------------------
    def retry_pending(self) -> int:
        """Import spooled messages and capture every stored message never handled.

        Returns the number of messages handled now. Safe to run concurrently
        with the webhook and with itself (captures are idempotent per MessageSid).
        """
        handled = 0
        self._spool.tidy(timedelta(hours=1), self._clock())
        for path, record in self._spool.items():
            try:
                with self._db.session() as session:
                    session.add(InboundMessage(
                        message_sid=str(record["message_sid"]), sender=str(record["sender"]),
                        body=str(record["body"]), num_media=int(record.get("num_media") or 0),  # type: ignore[call-overload]
                        received_at=datetime.fromisoformat(str(record["received_at"])),
                        status="received", attempts=0, channel=_text_channel(record.get("channel"))))
            except IntegrityError:
                pass  # already stored by a retry of the webhook
            except Unavailable:
                return handled
            path.unlink(missing_ok=True)
        cutoff = self._clock() - self.policy.retry_after
        with self._db.session() as session:
            pending = session.scalars(
                select(InboundMessage).where(InboundMessage.status == "received",
                                             InboundMessage.received_at <= cutoff)
            ).all()
            work = [(row.message_sid, row.body, _text_channel(row.channel)) for row in pending]
        for sid, body, channel in work:
            try:
                if body:  # no reply goes out, so no code is ever revealed for it
                    outcome = self._capture(sid, defang(body), f"retry:{sid}", channel)
                else:
                    outcome = SmsOutcome(None, "empty")
                self._finish(sid, SmsOutcome(None, "retried", outcome.reference))
                handled += 1
            except FrontDoorError:
                log.warning("retry of a stored SMS failed; it stays pending")
        return handled

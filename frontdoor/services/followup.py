"""Anonymous two-way follow-up: a reference plus a code, no account, no app.

An anonymous reporter gets a reference and a six-digit follow-up code. With
both they can later see a coarse status, read questions a SPOC posted, and
answer them. The code is never stored, sent to Rasa or logged in the clear:

- the referral keeps only a keyed digest of the current code;
- messages built by the action server carry a *placeholder* for the code
  (``{{followup:FD-XXXX-XXXX:mac}}``, the mac keyed so nobody can forge one);
  the channel that delivers the message calls :meth:`FollowUpService.reveal`,
  which issues a fresh code, stores its digest and puts the code in the text
  that goes to the reporter — and nowhere else.

Revealing again (e.g. a retried webhook) issues a new code; the latest wins.

Guessing is bounded twice over: the channel counts a sender's wrong codes, and
each referral counts wrong codes for its reference from any sender. After
:data:`MAX_REFERENCE_FAILURES` the reference's follow-up is locked for good
(the reporter can always make a new report), the timeline says so and the
owning inbox is told. A placeholder's mac binds it to the conversation it was
made for, and placeholders typed by a person are defused before anything can
echo them (:func:`defang`), so only the action server's own messages reveal codes.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from frontdoor.errors import AuthenticationFailed, InvalidInput
from frontdoor.extraction import normalise
from frontdoor.model import Status
from frontdoor.pseudonyms import Pseudonymiser, new_followup_code
from frontdoor.references import normalise_reference
from frontdoor.services import audit
from frontdoor.store.db import Database, rowcount
from frontdoor.store.models import Referral, ReferralEvent

PLACEHOLDER = re.compile(r"\{\{followup:(FD-[A-Z0-9]{4}-[A-Z0-9]{4}):([0-9a-f]{16})\}\}")
#: Anything a person types that could be taken for the start of a placeholder.
_TYPED_PLACEHOLDER = re.compile(r"\{\s*\{\s*followup", re.I)
#: Wrong codes for one reference, from any senders, after which its follow-up is locked.
MAX_REFERENCE_FAILURES = 5
WRONG = "That reference and code don't match our records."
LOCKED = ("Follow-up for that reference has been closed after too many wrong codes, and the team has been told. "
          "If you made that report, please send a new message with anything to add.")
#: How long after a referral is made its code may still be (re)issued.
REVEAL_WINDOW = timedelta(hours=24)
MAX_REPLY = 1600
STATUS_WORDS = {
    Status.NEW.value: "received",
    Status.ACKNOWLEDGED.value: "being looked at",
    Status.CLOSED.value: "closed",
}


@dataclass(frozen=True)
class ReporterView:
    """What an anonymous reporter may know about their referral."""

    reference: str
    status: str
    questions: tuple[str, ...]


def defang(text: str) -> str:
    """Return what a person typed with anything like a code placeholder broken up, so no reply can reveal it."""
    return _TYPED_PLACEHOLDER.sub("{ {followup", text)


class FollowUpService:
    """Issue follow-up codes and serve the anonymous reporter's side, with guessing bounded.

    ``on_locked`` is called with a reference whose follow-up was just locked
    (the core queues a message to the owning inbox); it must not raise.
    """

    def __init__(self, db: Database, pseudonymiser: Pseudonymiser, clock: Callable[[], datetime],
                 on_locked: Callable[[str], None] | None = None) -> None:
        self._db = db
        self._keys = pseudonymiser
        self._clock = clock
        self.on_locked = on_locked

    # --- codes ----------------------------------------------------------------
    def initial_digest(self, reference: str) -> str:
        """Return a digest to store when a referral is made with follow-up enabled.

        It matches no code anyone has seen; the first :meth:`reveal` replaces it.
        """
        return self._keys.code_digest(reference, new_followup_code() + "-unrevealed")

    def placeholder(self, reference: str, conversation: str) -> str:
        """Return the placeholder a message to ``conversation`` carries instead of ``reference``'s code."""
        mac = self._keys.tag("follow-up placeholder", f"{reference}|{conversation}")[:16]
        return f"{{{{followup:{reference}:{mac}}}}}"

    def reveal(self, text: str, conversation: str) -> str:
        """Return ``text`` (a message to ``conversation``) with each valid placeholder replaced by a fresh code.

        A placeholder made for another conversation, with a wrong mac, for an
        unknown referral, or older than the reveal window is replaced by
        "(code unavailable)".
        """

        def issue(match: re.Match[str]) -> str:
            reference = match.group(1)
            if not hmac.compare_digest(self.placeholder(reference, conversation), match.group(0)):
                return "(code unavailable)"
            code = new_followup_code()
            now = self._clock()
            with self._db.session() as session:
                row = session.scalar(select(Referral).where(Referral.reference == reference))
                if row is None or row.followup_digest is None or now - row.created_at > REVEAL_WINDOW:
                    return "(code unavailable)"
                row.followup_digest = self._keys.code_digest(reference, code)
                audit.record(session, at=now, actor="system", action="referral.followup_code_issued",
                             reference=reference)
            return code

        return PLACEHOLDER.sub(issue, text)

    # --- the reporter's side ----------------------------------------------------
    def _check(self, reference: str, code: str) -> str:
        try:
            canonical = normalise_reference(reference)
        except InvalidInput:
            raise AuthenticationFailed(WRONG) from None
        return canonical

    def _load(self, session: Session, canonical: str, code: str, locked: list[str]) -> Referral:
        """Return the referral ``canonical`` if ``code`` is its current code.

        A wrong code counts against the reference (one atomic update, so
        concurrent guesses are all counted); the one that reaches
        :data:`MAX_REFERENCE_FAILURES` locks it and appends it to ``locked``.

        Raises:
            AuthenticationFailed: unknown reference, wrong code, or locked.
        """
        now = self._clock()
        row = session.scalar(
            select(Referral).where(Referral.reference == canonical).options(selectinload(Referral.events))
        )
        if row is None or row.followup_digest is None:
            audit.record(session, at=now, actor="reporter", action="referral.followup_denied", reference=canonical)
            raise AuthenticationFailed(WRONG)
        if row.followup_locked_at is not None:
            audit.record(session, at=now, actor="reporter", action="referral.followup_locked_refused",
                         reference=canonical)
            raise AuthenticationFailed(LOCKED)
        if not self._keys.code_matches(canonical, code, row.followup_digest):
            failures = session.execute(
                update(Referral).where(Referral.id == row.id)
                .values(followup_failures=func.coalesce(Referral.followup_failures, 0) + 1)
                .returning(Referral.followup_failures),
                execution_options={"synchronize_session": False}).scalar_one()
            audit.record(session, at=now, actor="reporter", action="referral.followup_denied", reference=canonical)
            if failures >= MAX_REFERENCE_FAILURES and rowcount(session.execute(
                    update(Referral).where(Referral.id == row.id, Referral.followup_locked_at.is_(None))
                    .values(followup_locked_at=now),
                    execution_options={"synchronize_session": False})) == 1:
                session.add(ReferralEvent(
                    referral_id=row.id, at=now, actor="system", action="followup_locked",
                    body=(f"{failures} wrong follow-up codes were tried for this reference, so the reporter's "
                          "follow-up is closed. If the reporter gets in touch again it will be as a new report.")))
                audit.record(session, at=now, actor="system", action="referral.followup_locked", reference=canonical)
                locked.append(canonical)
                raise AuthenticationFailed(LOCKED)
            raise AuthenticationFailed(WRONG)
        # A right code does not clear the count: the reporter checking in must not give a guesser fresh tries.
        return row

    def _told(self, locked: list[str]) -> None:
        """Tell the owning inboxes of references just locked (after the lock is committed)."""
        for reference in locked:
            if self.on_locked is not None:
                self.on_locked(reference)

    @staticmethod
    def _view(row: Referral) -> ReporterView:
        pending: list[str] = []
        for event in row.events:
            if event.action == "question" and event.body:
                pending.append(event.body)
            elif event.action == "reporter_reply":
                pending = []
        return ReporterView(row.reference, STATUS_WORDS.get(row.status, row.status), tuple(pending))

    def status(self, reference: str, code: str, *, channel: str = "sms") -> ReporterView:
        """Return the coarse status and any open questions of a referral.

        Raises:
            AuthenticationFailed: unknown reference or wrong code (same message).
        """
        canonical = self._check(reference, code)
        locked: list[str] = []
        try:
            with self._db.session(commit_on=(AuthenticationFailed,)) as session:
                row = self._load(session, canonical, code, locked)
                audit.record(session, at=self._clock(), actor=f"reporter:{channel}",
                             action="referral.followup_status", reference=canonical)
                return self._view(row)
        finally:
            self._told(locked)

    def reply(self, reference: str, code: str, text: str, *, channel: str = "sms") -> ReporterView:
        """Attach the reporter's answer to the referral; return the status after it.

        Raises:
            AuthenticationFailed: unknown reference or wrong code.
            InvalidInput: the answer is empty.
        """
        body = normalise(text or "").strip()[:MAX_REPLY]
        if not body:
            raise InvalidInput("Please add your answer after your reference and code.")
        canonical = self._check(reference, code)
        now = self._clock()
        locked: list[str] = []
        try:
            with self._db.session(commit_on=(AuthenticationFailed,)) as session:
                row = self._load(session, canonical, code, locked)
                row.events.append(ReferralEvent(at=now, actor=f"reporter:{channel}", action="reporter_reply",
                                                body=body))
                row.updated_at = now
                audit.record(session, at=now, actor=f"reporter:{channel}", action="referral.reporter_reply",
                             reference=canonical)
                session.flush()
                return self._view(row)
        finally:
            self._told(locked)

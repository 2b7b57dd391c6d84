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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from frontdoor.errors import AuthenticationFailed, InvalidInput
from frontdoor.extraction import normalise
from frontdoor.model import Status
from frontdoor.pseudonyms import Pseudonymiser, new_followup_code
from frontdoor.references import normalise_reference
from frontdoor.services import audit
from frontdoor.store.db import Database
from frontdoor.store.models import Referral, ReferralEvent

PLACEHOLDER = re.compile(r"\{\{followup:(FD-[A-Z0-9]{4}-[A-Z0-9]{4}):([0-9a-f]{16})\}\}")
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


class FollowUpService:
    def __init__(self, db: Database, pseudonymiser: Pseudonymiser, clock: Callable[[], datetime]) -> None:
        self._db = db
        self._keys = pseudonymiser
        self._clock = clock

    # --- codes ----------------------------------------------------------------
    def initial_digest(self, reference: str) -> str:
        """Return a digest to store when a referral is made with follow-up enabled.

        It matches no code anyone has seen; the first :meth:`reveal` replaces it.
        """
        return self._keys.code_digest(reference, new_followup_code() + "-unrevealed")

    def placeholder(self, reference: str) -> str:
        """Return the placeholder a message carries instead of ``reference``'s code."""
        mac = self._keys.tag("follow-up placeholder", reference)[:16]
        return "{{followup:%s:%s}}" % (reference, mac)

    def reveal(self, text: str) -> str:
        """Return ``text`` with each valid placeholder replaced by a freshly issued code.

        A placeholder with a wrong mac, for an unknown referral, or older than
        the reveal window is replaced by "(ask the team for a code)".
        """

        def issue(match: re.Match[str]) -> str:
            reference, mac = match.group(1), match.group(2)
            if self.placeholder(reference) != match.group(0):
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
            raise AuthenticationFailed("That reference and code don't match our records.") from None
        return canonical

    def _load(self, session, canonical: str, code: str) -> Referral:  # type: ignore[no-untyped-def]
        row = session.scalar(
            select(Referral).where(Referral.reference == canonical).options(selectinload(Referral.events))
        )
        if row is None or not self._keys.code_matches(canonical, code, row.followup_digest):
            audit.record(session, at=self._clock(), actor="reporter", action="referral.followup_denied",
                         reference=canonical)
            raise AuthenticationFailed("That reference and code don't match our records.")
        return row

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
        with self._db.session(commit_on=(AuthenticationFailed,)) as session:
            row = self._load(session, canonical, code)
            audit.record(session, at=self._clock(), actor=f"reporter:{channel}",
                         action="referral.followup_status", reference=canonical)
            return self._view(row)

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
        with self._db.session(commit_on=(AuthenticationFailed,)) as session:
            row = self._load(session, canonical, code)
            row.events.append(ReferralEvent(at=now, actor=f"reporter:{channel}", action="reporter_reply",
                                            body=body))
            row.updated_at = now
            audit.record(session, at=now, actor=f"reporter:{channel}", action="referral.reporter_reply",
                         reference=canonical)
            session.flush()
            return self._view(row)

"""Ports: what the core needs from the outside world, as protocols.

- :class:`Clock`: the time now (``Settings.clock``; tests freeze it).
- :class:`JobQueue`: one-off jobs shared by every worker (adapters:
  :mod:`frontdoor.adapters.db_queue`, :mod:`frontdoor.adapters.redis_queue`).
- :class:`EmailSender`: alerts by e-mail (adapter: :mod:`frontdoor.adapters.smtp`).
- :class:`SmsSender`: alerts by text message (adapter: ``outbound/twilio_sms.py``,
  outside the core because it needs Twilio's client library).
- :class:`MailFolder`: the partnership's shared mailbox, read for e-mail intake
  (adapter: :mod:`frontdoor.adapters.imap`).
- :class:`ConversationEngine`: the chat engine the SMS channel talks to (adapter:
  the web shell's Rasa client, ``web/sms/engine.py``).

A channel without an adapter is simply off: alerts through it are recorded as
skipped. Tests provide fakes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


class Clock(Protocol):
    """The time now."""

    def __call__(self) -> datetime:
        """Return the current time (timezone-aware, UTC)."""
        ...


@dataclass(frozen=True)
class BotReply:
    """One message of the conversation engine's answer: text and reply options."""

    text: str
    options: tuple[str, ...] = ()


class ConversationEngine(Protocol):
    """A conversation engine (Rasa) reached over the network."""

    def converse(self, conversation_id: str, text: str, *, channel: str, timeout: float,
                 medium: str | None = None) -> list[BotReply]:
        """Send one user message and return the engine's answer.

        ``channel`` is what the bot words its replies for ("web" or "sms"); ``medium``
        the text channel it came by when that is not plain SMS ("whatsapp"), so what
        the bot submits records the channel truly.

        Raises:
            Unavailable: the engine is down, too slow or answered nonsense.
        """
        ...


class EmailSender(Protocol):
    """Something that delivers one plain-text e-mail."""

    def send_email(self, to: str, subject: str, body: str) -> str | None:
        """Send ``body`` to ``to``; return the message id, if there is one.

        Raises:
            Unavailable: the mail server refused the message or could not be reached.
        """
        ...


class SmsSender(Protocol):
    """Something that delivers one text message."""

    def send_sms(self, to: str, body: str) -> str | None:
        """Send ``body`` to the phone number ``to``; return the provider's message id.

        Raises:
            Unavailable: the provider refused the message or could not be reached.
        """
        ...


@dataclass(frozen=True)
class FetchedMail:
    """One message fetched from a mailbox: the mailbox's id for it and the raw RFC 5322 bytes."""

    uid: str
    raw: bytes


class MailFolder(Protocol):
    """A mailbox folder read for new messages."""

    def fetch_unseen(self, limit: int) -> list[FetchedMail]:
        """Return up to ``limit`` messages not yet marked seen, oldest first (nothing is marked).

        Raises:
            Unavailable: the mail server could not be reached or refused the login.
        """
        ...

    def mark_seen(self, uids: Sequence[str]) -> None:
        """Mark the messages ``uids`` seen, so they are not fetched again.

        Raises:
            Unavailable: the mail server could not be reached.
        """
        ...


# --- the job queue ----------------------------------------------------------------
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


@dataclass(frozen=True)
class QueuedJob:
    """One queued job as a worker or an inspector sees it.

    ``attempts`` counts the attempts started so far, including the one a worker
    is running now; ``id`` is the queue's own identifier, as text.
    """

    id: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    status: str
    dedupe_key: str | None = None
    last_error: str | None = None
    run_at: datetime | None = None




class JobQueue(Protocol):
    """A queue of one-off jobs shared by every worker."""

    def enqueue(self, kind: str, payload: Mapping[str, Any] | None = None, *,
                dedupe_key: str | None = None, run_at: datetime | None = None) -> bool:
        """Add a job to run at ``run_at`` (now when None).

        Returns:
            True if queued; False if a job with ``dedupe_key`` already exists
            (queued, running or finished), in which case nothing changes.

        Raises:
            InvalidInput: the kind, payload or key cannot be stored.
            Unavailable: the queue's store is down.
        """
        ...

    def claim(self, limit: int = 10) -> list[QueuedJob]:
        """Take up to ``limit`` due jobs for this worker alone, counting an attempt on each.

        Raises:
            Unavailable: the queue's store is down.
        """
        ...

    def complete(self, job: QueuedJob) -> None:
        """Mark a claimed job done.

        Raises:
            Unavailable: the queue's store is down.
        """
        ...

    def fail(self, job: QueuedJob, error: str) -> str:
        """Record that a claimed job's attempt failed with ``error``.

        Returns:
            ``"queued"`` when it will be retried (after a backoff), ``"failed"``
            when it has used up its attempts.

        Raises:
            Unavailable: the queue's store is down.
        """
        ...

    def get(self, job_id: str) -> QueuedJob | None:
        """Return the job ``job_id`` in its current state, or None if unknown.

        Raises:
            Unavailable: the queue's store is down.
        """
        ...

    def find(self, dedupe_key: str) -> QueuedJob | None:
        """Return the job enqueued with ``dedupe_key``, or None.

        Raises:
            Unavailable: the queue's store is down.
        """
        ...

    def counts(self) -> dict[str, int]:
        """Return how many jobs are queued, running, done and failed.

        Raises:
            Unavailable: the queue's store is down.
        """
        ...

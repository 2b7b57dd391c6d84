"""The steps every report form ends with, written once: the summary to confirm, the submission, the reset.

Each journey names its slots and says what differs (how its answers become a
submission, what its "sent" message says); the shape (re-ask the field a
refused answer came from, keep the answers when the store is down, forget
them once sent) lives here.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import forms, prompts
from actions.runtime import core
from actions.session import channel_of
from frontdoor.errors import FrontDoorError, InvalidInput
from frontdoor.model import Submission
from frontdoor.services import Core

log = logging.getLogger(__name__)



class ConfirmStep(Action, ABC):
    """action_ask_<journey>_confirmed: the summary to correct before sending (``<journey>_editing``: which part)."""

    journey: ClassVar[str]
    #: The questions, by slot: their names are the parts the person may change.
    fields: ClassVar[Mapping[str, str]]
    #: The summary's heading and question: prompts of the ``messages`` group.
    heading: ClassVar[str] = "summary_heading"
    question: ClassVar[str] = "summary_question"

    def name(self) -> str:
        return f"action_ask_{self.journey}_confirmed"

    def parts(self, tracker: Tracker) -> Iterable[str]:
        """Return the names of the parts the person may change (by default every question's)."""
        return list(self.fields.values())

    @abstractmethod
    def lines(self, tracker: Tracker) -> list[str]:
        """Return the summary, one line each."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        channel = channel_of(tracker)
        forms.ask_summary(dispatcher, editing=bool(tracker.get_slot(f"{self.journey}_editing")), parts=self.parts(tracker),
                          lines=self.lines(tracker), heading=prompts.text("messages", self.heading, channel),
                          question=prompts.text("messages", self.question, channel))
        return []


class SubmitStep(Action, ABC):
    """action_submit_<journey>: store the answers and say where they went and what happens next.

    A refused answer (InvalidInput) is said and its field asked again; when
    the store is down the answers are kept and the person asked to try again;
    once sent the answers are forgotten and ``referral_reference`` set.
    """

    journey: ClassVar[str]
    #: The slot holding this report's idempotency key (by default ``<journey>_submission_id``).
    submission_slot: ClassVar[str] = ""
    #: The slots forgotten once the report is sent (or stopped).
    slots: ClassVar[tuple[str, ...]]
    #: The prompt (group, key) said when the store is down.
    failed_prompt: ClassVar[tuple[str, str]] = ("messages", "submit_failed")

    def name(self) -> str:
        return f"action_submit_{self.journey}"

    @property
    def form(self) -> str:
        """The journey's form (``<journey>_form``), asked again when the report is not sent."""
        return f"{self.journey}_form"

    @property
    def confirmed_slot(self) -> str:
        """The summary's slot (``<journey>_confirmed``), emptied when the report is not sent."""
        return f"{self.journey}_confirmed"

    @abstractmethod
    def submit(self, fd: Core, tracker: Tracker, source_key: str) -> Any:
        """Store the answers; return what :meth:`submission_of` and :meth:`say_sent` read.

        Raises:
            InvalidInput: an answer cannot be used.
            FrontDoorError: the store is unavailable.
        """

    def submission_of(self, result: Any) -> Submission:
        """Return the submission in ``result`` (by default ``result`` is the submission)."""
        return result  # type: ignore[no-any-return]

    def field_of(self, error: InvalidInput) -> str | None:
        """Return the slot the refused answer came from (None: ask nothing again)."""
        return None

    @abstractmethod
    def say_sent(self, dispatcher: CollectingDispatcher, tracker: Tracker, result: Any, due: str) -> None:
        """Say the report was sent: its reference, where it went and when it is picked up (``due``)."""

    def after_out_of_hours(self, dispatcher: CollectingDispatcher, tracker: Tracker, result: Any) -> None:
        """Say what else the journey says once sent, after who acts out of hours (by default nothing)."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        fd = core()
        channel = channel_of(tracker)
        key = tracker.get_slot(self.submission_slot or f"{self.journey}_submission_id")
        source_key = f"chat:{tracker.sender_id}:{key or 'once'}"
        try:
            result = self.submit(fd, tracker, source_key)
        except InvalidInput as error:
            prompts.say(dispatcher, "messages", "send_refused", channel, error=str(error))
            field = self.field_of(error)
            events: list[EventType] = [SlotSet(self.confirmed_slot, None)]
            if field:
                events.append(SlotSet(field, None))
            return events + [FollowupAction(self.form)]
        except FrontDoorError:
            log.exception("%s failed", self.name())
            prompts.say(dispatcher, *self.failed_prompt, channel)
            return [SlotSet(self.confirmed_slot, None), FollowupAction(self.form)]
        submission = self.submission_of(result)
        self.say_sent(dispatcher, tracker, result, forms.response_due(submission, fd.clock(), fd.settings.sla.tz))
        forms.say_out_of_hours(dispatcher, submission, channel)
        self.after_out_of_hours(dispatcher, tracker, result)
        return [*forms.reset(self.slots), SlotSet("referral_reference", submission.reference)]


class ResetStep(Action, ABC):
    """action_reset_<journey>: forget the answers of a stopped report."""

    journey: ClassVar[str]

    @property
    @abstractmethod
    def slots(self) -> tuple[str, ...]:
        """The slots to forget (a subclass names them as a class attribute)."""

    def name(self) -> str:
        return f"action_reset_{self.journey}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        return forms.reset(self.slots)

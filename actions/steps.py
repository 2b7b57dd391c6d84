"""The steps every report form ends with, written once: the summary to confirm, the submission, the reset.

Each journey names its slots and says what differs (how its answers become a
submission, what its "sent" message says); the shape (re-ask the field a
refused answer came from, keep the answers when the store is down, forget
them once sent) lives here.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterable
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
    """action_ask_<journey>_confirmed: the summary to correct before sending."""

    action: ClassVar[str]
    editing_slot: ClassVar[str]
    #: The summary's heading and question: prompts of the ``messages`` group.
    heading: ClassVar[str] = "summary_heading"
    question: ClassVar[str] = "summary_question"

    def name(self) -> str:
        return self.action

    @abstractmethod
    def parts(self, tracker: Tracker) -> Iterable[str]:
        """Return the names of the parts the person may change."""

    @abstractmethod
    def lines(self, tracker: Tracker) -> list[str]:
        """Return the summary, one line each."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        channel = channel_of(tracker)
        forms.ask_summary(dispatcher, editing=bool(tracker.get_slot(self.editing_slot)), parts=self.parts(tracker),
                          lines=self.lines(tracker), heading=prompts.text("messages", self.heading, channel),
                          question=prompts.text("messages", self.question, channel))
        return []


class SubmitStep(Action, ABC):
    """action_submit_<journey>: store the answers and say where they went and what happens next.

    A refused answer (InvalidInput) is said and its field asked again; when
    the store is down the answers are kept and the person asked to try again;
    once sent the answers are forgotten and ``referral_reference`` set.
    """

    action: ClassVar[str]
    form: ClassVar[str]
    confirmed_slot: ClassVar[str]
    submission_slot: ClassVar[str]
    #: The slots forgotten once the report is sent (or stopped).
    slots: ClassVar[tuple[str, ...]]
    #: The prompt (group, key) said when the store is down.
    failed_prompt: ClassVar[tuple[str, str]] = ("messages", "submit_failed")

    def name(self) -> str:
        return self.action

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
        source_key = f"chat:{tracker.sender_id}:{tracker.get_slot(self.submission_slot) or 'once'}"
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
            log.exception("%s failed", self.action)
            prompts.say(dispatcher, *self.failed_prompt, channel)
            return [SlotSet(self.confirmed_slot, None), FollowupAction(self.form)]
        submission = self.submission_of(result)
        self.say_sent(dispatcher, tracker, result, forms.response_due(submission, fd.clock(), fd.settings.sla.tz))
        forms.say_out_of_hours(dispatcher, submission, channel)
        self.after_out_of_hours(dispatcher, tracker, result)
        return [*forms.reset(self.slots), SlotSet("referral_reference", submission.reference)]


class ResetStep(Action, ABC):
    """action_reset_<journey>: forget the answers of a stopped report."""

    action: ClassVar[str]

    @property
    @abstractmethod
    def slots(self) -> tuple[str, ...]:
        """The slots to forget (a subclass names them as a class attribute)."""

    def name(self) -> str:
        return self.action

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        return forms.reset(self.slots)

"""What the report forms share: reading every answer, re-asking, the summary step, questions, reset.

Every form's validation derives from :class:`ReadingForm`: each answer is read
by the core first (:func:`frontdoor.understanding.screen_answer`), so danger
typed as the answer to any question gets the 999 advice once, an answer that
tells of harm is kept in the report's account and never stored as a name,
place, age or school, and questions the person already answered in their own
words are filled from the record of what they said instead of being asked.

The concern, handover and hospital forms each end with a summary answered by
**Yes, send it** or **Change something** (then: which part?); each asks its
questions from the journey's domain file (``prompts``) through one small action per slot (run by the
validation in the same call, see :meth:`ReadingForm.run`). Those
pieces live here once; the forms keep only what differs (their fields, their
validators, their submission).
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, ValidationAction
from rasa_sdk.types import DomainDict

from actions import conversation, prompts, safety
from actions.session import channel_of
from frontdoor.answers import describe_due, describe_time, is_skip, parse_contact, parse_name
from frontdoor.errors import FrontDoorError, InvalidInput
from frontdoor.model import Submission
from frontdoor.understanding import AnswerKind, Reading, Record, Screened, screen_answer

#: Answers to the summary that send the report.
SEND = frozenset({"yes", "yes, send it", "send", "send it", "submit", "yes send it", "correct", "that's right",
                  "thats right", "yes please", "go ahead", "ok send it", "y", "yep", "yeah", "confirm"})
#: Answers to the summary that ask to change something.
CHANGE = frozenset({"change something", "change", "no", "edit", "not quite", "wrong", "no, change something",
                    "something's wrong", "make a change", "n", "nope"})
SUMMARY_BUTTONS = [{"title": "Yes, send it", "payload": "Yes, send it"},
                   {"title": "Change something", "payload": "Change something"}]


class ReadingForm(FormValidationAction, ABC):
    """A form validation action that reads every answer with the core before its own validators.

    Subclasses say what kind of thing each question asks for (``KINDS``; a
    question not listed is a description, where anything goes), which slots the
    record of the conversation can answer (:meth:`fill`), and, where the form
    has its own idea of danger (a hospital describes injuries already treated),
    when the 999 advice is due (:meth:`advice`).
    """

    KINDS: ClassVar[Mapping[str, AnswerKind]] = {}

    @abstractmethod
    def name(self) -> str:
        """The validation action's name, ``validate_<form>``."""

    def kind(self, slot: str | None) -> AnswerKind:
        """Return the kind of answer ``slot`` asks for."""
        return self.KINDS.get(slot or "", AnswerKind.NARRATIVE)

    def fill(self, slot: str, record: Record, tracker: Tracker) -> Any:
        """Return a value for ``slot`` from what the person already said (None: ask)."""
        return None

    def advice(self, reading: Reading, screened: Screened, tracker: Tracker) -> bool:
        """Return True when this answer calls for the 999 advice."""
        return screened.danger_advice

    def screen(self, tracker: Tracker) -> tuple[str | None, Reading, Screened]:
        """Return the question being answered, the reading of the answer and what to do with it."""
        requested = tracker.get_slot("requested_slot")
        reading = conversation.reading(tracker)
        return requested, reading, screen_answer(reading, self.kind(requested))

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        """Return the validation's events (:meth:`validate`) and, in the same call, the next question's.

        Asking here saves the form a second call to the action server on every
        turn: the ask actions are not in the domain, so Rasa's form finds
        none to call and takes the ``requested_slot`` set here (see :func:`ask_next`).
        """
        events = await self.validate(dispatcher, tracker, domain)
        return events + await ask_next(self.form_name(), self.domain_slots(domain), dispatcher, tracker, domain,
                                       events)

    async def validate(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> list[EventType]:
        """Return the events of reading and validating the answer, the 999 advice said first when due."""
        _requested, reading, screened = self.screen(tracker)
        if self.advice(reading, screened, tracker):
            safety.warn(dispatcher, tracker)
        return await super().run(dispatcher, tracker, domain)

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[EventType]:
        """The form's own ``extract_`` methods, then what the record of the conversation already answers.

        A question is filled from the record only if it has not been asked
        yet: once asked, the person's answer to it is what counts.
        """
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        filled = {event["name"] for event in events}
        record = conversation.record(tracker)
        asked = conversation.asked(tracker.events)
        for slot in await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain):
            if slot in filled or slot in asked or tracker.get_slot(slot) is not None:
                continue
            value = self.fill(slot, record, tracker)
            if value is not None and value != "":
                events.append(SlotSet(slot, value))
                tracker.slots[slot] = value
        return events

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[EventType]:
        """Screen the answer to the question asked, then run each slot's ``validate_`` method.

        An answer that tells of harm instead of answering is kept (it is in
        the record) and the question is asked again; a clean value taken from
        it (a known place, an age) is validated instead of the whole answer.
        """
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        slots: dict[str, Any] = tracker.slots_to_validate()
        requested, reading, screened = self.screen(tracker)
        cleared: dict[str, Any] = {}
        if requested in slots and slots[requested] == reading.text:
            if screened.reask:
                slots.pop(requested)
                cleared[requested] = None
                if screened.disclosure:
                    prompts.say(dispatcher, "messages", "disclosure_kept", channel_of(tracker))
            elif screened.value is not None:
                slots[requested] = screened.value
        for name, value in list(slots.items()):
            if name not in required:
                slots.pop(name)
                continue
            validate = getattr(self, f"validate_{name.replace('-', '_')}", None)
            if validate is None:
                continue
            result = validate(value, dispatcher, tracker, domain)
            if hasattr(result, "__await__"):
                result = await result
            if isinstance(result, dict):
                slots.update(result)
                tracker.slots.update(result)
        slots.update(cleared)
        tracker.slots.update(cleared)
        return [SlotSet(name, value) for name, value in slots.items()]


async def ask_next(form: str, required: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                   domain: DomainDict, events: list[EventType]) -> list[EventType]:
    """Ask the question Rasa's form would ask after ``events``; return its events and the ``requested_slot``.

    The same choice as Rasa 3.6's FormAction: the first ``requested_slot`` the
    validation set (a form that chooses its own questions), else the first of
    ``required`` (the domain's) still empty; nothing when the validation
    rejected the form or ended it. The question is asked by the action Rasa
    would have called (``action_ask_<form>_<slot>``, then ``action_ask_<slot>``),
    run here; a response ``utter_ask_...`` in the domain is left for Rasa to say.
    """
    if any(event.get("event") == "action_execution_rejected"
           or (event.get("event") == "active_loop" and not event.get("name")) for event in events):
        return []
    requested = [event for event in events if event.get("event") == "slot" and event.get("name") == REQUESTED_SLOT]
    if requested and requested[-1].get("value") is None:
        return []
    tracker.add_slots(events)
    added: list[EventType] = []
    slot = requested[0].get("value") if requested else next(
        (name for name in required if tracker.slots.get(name) is None), None)
    if not requested:
        added.append(SlotSet(REQUESTED_SLOT, slot))
    if slot is None:
        return added
    for name in (f"action_ask_{form}_{slot}", f"utter_ask_{form}_{slot}", f"action_ask_{slot}", f"utter_ask_{slot}"):
        if name in (domain.get("responses") or {}):
            return added
        asker = askers().get(name)
        if asker is not None:
            result = asker.run(dispatcher, tracker, domain)
            asked = await result if inspect.isawaitable(result) else result
            return [*(asked or []), *added]
    return added


def askers() -> dict[str, Action]:
    """Return every ask action (``action_ask_...``) of the action server, by name, as rasa_sdk finds them.

    Built again only when an action class was defined since (a module imported later).
    """
    classes: list[type[Action]] = []
    unseen: list[type[Action]] = [Action]
    while unseen:
        cls = unseen.pop()
        classes.append(cls)
        unseen.extend(cls.__subclasses__())
    if len(classes) != _ASKERS[0]:
        found: dict[str, Action] = {}
        for cls in classes:
            if inspect.isabstract(cls) or issubclass(cls, ValidationAction) or "name" not in _defined(cls):
                continue
            action = cls()
            if action.name().startswith("action_ask_"):
                found[action.name()] = action
        _ASKERS[:] = [len(classes), found]
    return _ASKERS[1]  # type: ignore[no-any-return]


def _defined(cls: type) -> set[str]:
    """Return the attributes ``cls`` defines below rasa_sdk's Action (whose ``name`` only raises)."""
    return {name for klass in cls.__mro__ if klass is not Action and issubclass(klass, Action) for name in vars(klass)}


#: How many action classes there were when :func:`askers` last looked, and what it found.
_ASKERS: list[Any] = [0, {}]


def disclosures(tracker: Tracker, narrative: Iterable[str], labels: Mapping[str, str], *,
                outside: bool = False) -> str | None:
    """Return what the person said about harm in answer to questions other than ``narrative``, and with
    ``outside`` what they said about it outside the form (the opening), for a report built from its
    answers (None: nothing)."""
    lines = conversation.record(tracker).disclosures(narrative, labels, outside=outside)
    return "\n".join(lines) if lines else None


def account(tracker: Tracker, narrative: Iterable[str], labels: Mapping[str, str], fallback: str = "") -> str:
    """Return the report's account for the SPOC: the opening and every disclosure, in order.

    ``narrative`` are the description questions (their answers are the
    account); ``labels`` name the other questions ("Their name") for a
    disclosure typed in answer to one. ``fallback`` is used when nothing was
    said that belongs in the account.
    """
    lines = conversation.record(tracker).account(narrative, labels)
    return "\n\n".join(lines) if lines else fallback


def reask(dispatcher: CollectingDispatcher, slot: str, error: FrontDoorError) -> dict[str, Any]:
    """Say why the answer to ``slot`` cannot be used; return the slot emptied so the form asks again."""
    dispatcher.utter_message(text=str(error))
    return {slot: None}


def contact_text(email: str | None, phone: str | None) -> str:
    """Return the e-mail address and phone number as one answer ("a@b.org / 07700 900123")."""
    return " / ".join(part for part in (email, phone) if part)


def contact_answer(slot: str, value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """Return ``slot`` set to the e-mail address and/or phone number in ``value``, or emptied with the reason said."""
    try:
        email, phone = parse_contact(str(value or ""))
    except InvalidInput as error:
        return reask(dispatcher, slot, error)
    return {slot: contact_text(email, phone)}


def name_answer(slot: str, value: Any, dispatcher: CollectingDispatcher, skipped: str) -> dict[str, Any]:
    """Return ``slot`` set to the name in ``value`` (``skipped`` when they would rather not say), or emptied
    with the reason said."""
    text = str(value or "")
    if is_skip(text):
        return {slot: skipped}
    try:
        return {slot: parse_name(text)}
    except InvalidInput as error:
        return reask(dispatcher, slot, error)


def opening(tracker: Tracker) -> str | None:
    """Return the words that started the form (None once a question has been asked, or for a button)."""
    if tracker.get_slot("requested_slot"):
        return None
    text = safety.latest_text(tracker)
    return None if not text or text.startswith("/") else text


def summary_answer(value: Any, dispatcher: CollectingDispatcher, *, editing: bool, confirmed_slot: str,
                   editing_slot: str, field_named: Callable[[str], str | None]) -> dict[str, Any]:
    """Return the slots to set for an answer to the summary.

    "Yes, send it" fills ``confirmed_slot`` (the form completes); "change
    something" turns on ``editing_slot`` (the summary step then asks which
    part); naming a part ("their age", or a button while editing) empties that
    slot so the form asks it again. Anything else is asked again.
    """
    simple = str(value or "").strip().lower().rstrip(".!")
    field = field_named(simple) if editing or simple not in SEND else None
    if field:
        return {field: None, confirmed_slot: None, editing_slot: False}
    if simple in SEND or (not editing and simple.startswith("yes")):
        return {confirmed_slot: "yes", editing_slot: False}
    if simple in CHANGE or simple.startswith(("change", "no")):
        return {confirmed_slot: None, editing_slot: True}
    prompts.say(dispatcher, "messages", "not_caught")
    return {confirmed_slot: None}


def ask_summary(dispatcher: CollectingDispatcher, *, editing: bool, parts: Iterable[str], lines: list[str],
                heading: str, question: str) -> None:
    """Show the summary (``heading``, ``lines``, ``question``) with send/change buttons, or, while
    editing, ask which of ``parts`` to change."""
    if editing:
        dispatcher.utter_message(text=prompts.text("messages", "which_part"),
                                 buttons=[{"title": part, "payload": part} for part in parts])
        return
    dispatcher.utter_message(text="\n".join([heading, *lines, question]), buttons=list(SUMMARY_BUTTONS))


def reset(slots: Iterable[str]) -> list[EventType]:
    """Return the events that forget ``slots``."""
    return [SlotSet(name, None) for name in slots]


def ask_actions(slots: Iterable[str], *, name: Callable[[str], str], group: str,
                key: Callable[[str], str] = lambda slot: slot,
                values: Callable[[Tracker], Mapping[str, str]] | None = None) -> list[type[Action]]:
    """Return one action class per slot that asks its question from the journey's domain file (``prompts``).

    The action for ``slot`` is called ``name(slot)`` and says prompt
    ``group``/``key(slot)`` for the conversation's channel, its ``{fields}``
    filled from ``values(tracker)``. rasa_sdk registers every Action subclass,
    so the classes only need to exist.
    """
    def build(slot: str) -> type[Action]:
        action_name = name(slot)

        def run(self: Action, dispatcher: CollectingDispatcher, tracker: Tracker,
                domain: DomainDict) -> list[EventType]:
            prompts.say(dispatcher, group, key(slot), channel_of(tracker), **dict(values(tracker) if values else {}))
            return []

        return type(f"Ask_{slot}", (Action,), {
            "__doc__": f"{action_name}: ask prompt {group}/{key(slot)}.",
            "__module__": __name__,
            "slot": slot,
            "name": lambda self: action_name,
            "run": run,
        })

    return [build(slot) for slot in slots]


def response_due(submission: Submission, now: datetime, tz: str) -> str:
    """Return when the owning team responds, in words: "by 15:30 today", or, when it is closed and the
    out-of-hours contact has the referral, "after they open, at 09:00 on Monday 7 December" (never a time
    the closed team cannot keep)."""
    if submission.out_of_hours_name and submission.owner_opens_at:
        return f"after they open, at {describe_time(submission.owner_opens_at, now, tz)}"
    return describe_due(submission.due_at, now, tz)


def say_out_of_hours(dispatcher: CollectingDispatcher, submission: Submission, channel: str, *,
                     young_person: bool = False) -> None:
    """Say who acts on a red referral now when its owning team is closed.

    Says nothing when the referral went to a team that is open (or is not red).
    """
    if not submission.out_of_hours_name:
        return
    if young_person:
        prompts.say(dispatcher, "messages", "out_of_hours_young_person", channel)
        return
    prompts.say(dispatcher, "messages", "out_of_hours", channel, owner=submission.inbox_name,
                contact=submission.out_of_hours_name)

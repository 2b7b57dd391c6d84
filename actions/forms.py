"""What the report forms share: re-asking, the opening message, the summary step, questions, reset.

The concern, handover and hospital forms each end with a summary answered by
**Yes, send it** or **Change something** (then: which part?); each asks its
questions from ``prompts.yml`` through one small action per slot. Those
pieces live here once; the forms keep only what differs (their fields, their
validators, their submission).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, List, Mapping, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import prompts, safety
from actions.session import channel_of
from frontdoor.errors import FrontDoorError

#: Answers to the summary that send the report.
SEND = frozenset({"yes", "yes, send it", "send", "send it", "submit", "yes send it", "correct", "that's right",
                  "thats right", "yes please", "go ahead", "ok send it", "y", "yep", "yeah", "confirm"})
#: Answers to the summary that ask to change something.
CHANGE = frozenset({"change something", "change", "no", "edit", "not quite", "wrong", "no, change something",
                    "something's wrong", "make a change", "n", "nope"})
SUMMARY_BUTTONS = [{"title": "Yes, send it", "payload": "Yes, send it"},
                   {"title": "Change something", "payload": "Change something"}]


def reask(dispatcher: CollectingDispatcher, slot: str, error: FrontDoorError) -> Dict[Text, Any]:
    """Say why the answer to ``slot`` cannot be used; return the slot emptied so the form asks again."""
    dispatcher.utter_message(text=str(error))
    return {slot: None}


def opening(tracker: Tracker) -> str | None:
    """Return the words that started the form (None once a question has been asked, or for a button)."""
    if tracker.get_slot("requested_slot"):
        return None
    text = safety.latest_text(tracker)
    return None if not text or text.startswith("/") else text


def summary_answer(value: Any, dispatcher: CollectingDispatcher, *, editing: bool, confirmed_slot: str,
                   editing_slot: str, field_named: Callable[[str], str | None]) -> Dict[Text, Any]:
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
    if simple in CHANGE or simple.startswith("change") or simple.startswith("no"):
        return {confirmed_slot: None, editing_slot: True}
    dispatcher.utter_message(text="Sorry, I didn't catch that.")
    return {confirmed_slot: None}


def ask_summary(dispatcher: CollectingDispatcher, *, editing: bool, parts: Iterable[str], lines: List[str],
                heading: str, question: str) -> None:
    """Show the summary (``heading``, ``lines``, ``question``) with send/change buttons, or, while
    editing, ask which of ``parts`` to change."""
    if editing:
        dispatcher.utter_message(text="Which part would you like to change?",
                                 buttons=[{"title": part, "payload": part} for part in parts])
        return
    dispatcher.utter_message(text="\n".join([heading, *lines, question]), buttons=list(SUMMARY_BUTTONS))


def reset(slots: Iterable[str]) -> List[EventType]:
    """Return the events that forget ``slots``."""
    return [SlotSet(name, None) for name in slots]


def ask_actions(slots: Iterable[str], *, name: Callable[[str], str], group: str,
                key: Callable[[str], str] = lambda slot: slot,
                values: Callable[[Tracker], Mapping[str, str]] | None = None) -> List[type[Action]]:
    """Return one action class per slot that asks its question from ``prompts.yml``.

    The action for ``slot`` is called ``name(slot)`` and says prompt
    ``group``/``key(slot)`` for the conversation's channel, its ``{fields}``
    filled from ``values(tracker)``. rasa_sdk registers every Action subclass,
    so the classes only need to exist.
    """
    def build(slot: str) -> type[Action]:
        action_name = name(slot)

        def run(self: Action, dispatcher: CollectingDispatcher, tracker: Tracker,
                domain: DomainDict) -> List[EventType]:
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

"""The anonymous tip form: what, where, when, danger now — no identity asked.

The opening message often already says what and where; ``extract_`` methods
take them from it so the form asks only what is missing (fewer texts by SMS).
"""

from __future__ import annotations

import re
import uuid
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import prompts, safety
from actions.runtime import core
from actions.session import channel_of
from frontdoor.answers import clean_free_text, is_skip, parse_tristate
from frontdoor.errors import FrontDoorError, InvalidInput
from frontdoor.model import Channel, Kind, ReferralDraft

FORM_SLOTS = ["tip_description", "tip_place", "tip_when", "tip_danger"]
BOOKKEEPING = ["tip_place_unresolved", "tip_submission_id"]
NOT_SURE = "not sure"
#: An opening message this long (in words) is taken as the description itself,
#: unless it only asks to report ("I'd like to report something").
OPENING_WORDS = 8
_META = re.compile(r"^\W*(?:hi|hello|hey)?\W*(?:i\s*(?:want|would like|'d like|need)\s+to|can\s+i|how\s+(?:do|can)\s+i|"
                   r"i\s+have|i've\s+got)\s+(?:report|tell|give|make|share|information|info)", re.I)


def _opening(tracker: Tracker) -> str | None:
    """The text of the message that started the form, if it says something.

    While the form is being activated no slot has been requested yet.
    """
    if tracker.get_slot("requested_slot"):
        return None
    text = safety.latest_text(tracker)
    if text.startswith("/"):
        return None
    return text


class ValidateTipForm(FormValidationAction):
    """validate_tip_form."""

    def name(self) -> Text:
        return "validate_tip_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        if safety.suggests_danger(tracker):
            safety.warn(dispatcher)
        events = await super().run(dispatcher, tracker, domain)
        if not tracker.get_slot("tip_submission_id"):
            events.append(SlotSet("tip_submission_id", uuid.uuid4().hex))
        return events

    async def extract_tip_description(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> Dict[Text, Any]:
        text = _opening(tracker)
        if tracker.get_slot("tip_description") or not text:
            return {}
        fd = core()
        words = len(text.split())
        says_what = bool(fd.analyser.indicators(text)) or (bool(fd.analyser.places(text)) and words >= 4)
        if says_what or (words >= OPENING_WORDS and not _META.match(text)):
            return {"tip_description": text}
        return {}

    async def extract_tip_place(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        text = _opening(tracker)
        if tracker.get_slot("tip_place") or not text:
            return {}
        places = core().analyser.places(text)
        return {"tip_place": places[0][0]} if places else {}

    def validate_tip_description(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        try:
            text = clean_free_text(str(value or ""), limit=1600, field="description")
        except InvalidInput as error:
            dispatcher.utter_message(text=str(error))
            return {"tip_description": None}
        if len(text) < 8 and not core().analyser.indicators(text):
            dispatcher.utter_message(text="Could you say a little more about what is happening?")
            return {"tip_description": None}
        return {"tip_description": text}

    def validate_tip_place(self, value: Any, dispatcher: CollectingDispatcher,
                           tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        text = str(value or "")
        if is_skip(text):
            return {"tip_place": NOT_SURE, "tip_place_unresolved": None}
        try:
            cleaned = clean_free_text(text, limit=200, field="place")
        except InvalidInput as error:
            dispatcher.utter_message(text=str(error))
            return {"tip_place": None}
        fd = core()
        known = fd.table.resolve_area(cleaned, fd.analyser) is not None
        unresolved = tracker.get_slot("tip_place_unresolved")
        if known or unresolved:
            place = f"{unresolved}, {cleaned}" if unresolved and unresolved != cleaned else cleaned
            return {"tip_place": place, "tip_place_unresolved": None}
        prompts.say(dispatcher, "tip_form", "place_unknown", channel_of(tracker), place=cleaned)
        return {"tip_place": None, "tip_place_unresolved": cleaned}

    def validate_tip_when(self, value: Any, dispatcher: CollectingDispatcher,
                          tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        text = str(value or "")
        if is_skip(text):
            return {"tip_when": NOT_SURE}
        try:
            return {"tip_when": clean_free_text(text, limit=200, field="answer")}
        except InvalidInput as error:
            dispatcher.utter_message(text=str(error))
            return {"tip_when": None}

    def validate_tip_danger(self, value: Any, dispatcher: CollectingDispatcher,
                            tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        try:
            answer = parse_tristate(str(value or ""))
        except InvalidInput as error:
            dispatcher.utter_message(text=str(error))
            return {"tip_danger": None}
        if answer is True:
            safety.warn(dispatcher)
        return {"tip_danger": {True: "yes", False: "no", None: NOT_SURE}[answer]}


class AskTipField(Action, ABC):
    """action_ask_tip_form_<slot>: ask one question, in the channel's words."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for."""

    def name(self) -> Text:
        return f"action_ask_tip_form_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        prompts.say(dispatcher, "tip_form", self.slot, channel_of(tracker))
        return []


ASK_ACTIONS = [type(f"AskTip_{slot}", (AskTipField,), {"slot": slot}) for slot in FORM_SLOTS]


def build_tip(tracker: Tracker) -> ReferralDraft:
    """Return the anonymous tip the form's answers describe."""
    get = tracker.get_slot
    danger = {"yes": True, "no": False}.get(get("tip_danger") or "")
    place = get("tip_place")
    when = get("tip_when")
    description = str(get("tip_description") or "")
    extra = [f"Where: {place}" if place and place != NOT_SURE else "",
             f"When: {when}" if when and when != NOT_SURE else ""]
    return ReferralDraft(
        kind=Kind.TIP,
        channel=Channel.SMS if channel_of(tracker) == "sms" else Channel.WEB,
        description="\n".join([description, *[e for e in extra if e]]),
        immediate_danger=danger,
        area=place if place and place != NOT_SURE else None,
        place=place if place and place != NOT_SURE else None,
        when=when if when and when != NOT_SURE else None,
    )


def _reset() -> List[EventType]:
    return [SlotSet(name, None) for name in [*FORM_SLOTS, *BOOKKEEPING]]


class ActionSubmitTip(Action):
    """action_submit_tip: store the tip; reply with reference and follow-up code."""

    def name(self) -> Text:
        return "action_submit_tip"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        fd = core()
        channel = channel_of(tracker)
        key = f"chat:{tracker.sender_id}:{tracker.get_slot('tip_submission_id') or 'once'}"
        try:
            submission = fd.referrals.submit(build_tip(tracker), source_key=key, followup=True)
        except FrontDoorError:
            prompts.say(dispatcher, "tip_form", "submit_failed", channel)
            return [SlotSet("tip_danger", None), FollowupAction("tip_form")]
        team = submission.inbox_name + (f" ({submission.area_name})" if submission.area_name else "")
        prompts.say(dispatcher, "tip_form", "submitted", channel, team=team,
                    reference=submission.reference, code=submission.followup_placeholder or "")
        return [*_reset(), SlotSet("referral_reference", submission.reference)]


class ActionResetTip(Action):
    """action_reset_tip: forget the answers of a stopped tip."""

    def name(self) -> Text:
        return "action_reset_tip"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> List[EventType]:
        return _reset()

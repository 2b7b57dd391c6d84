"""The anonymous tip form: what, where, when, danger now — no identity asked.

The opening message often already says what, where and when; the form fills
those from the record of what the person said (:class:`actions.forms.ReadingForm`)
and asks only what is missing (fewer texts by SMS).
"""

from __future__ import annotations

import re
import uuid
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import conversation, forms, prompts, safety
from actions.runtime import core
from actions.session import channel_of, referral_channel
from frontdoor.answers import clean_free_text, is_skip, parse_tristate, place_answer
from frontdoor.errors import FrontDoorError, InvalidInput
from frontdoor.fields.phones import spoken_phone
from frontdoor.model import Kind, ReferralDraft
from frontdoor.understanding import AnswerKind, Record

FORM_SLOTS = ["tip_description", "tip_place", "tip_when", "tip_danger"]
BOOKKEEPING = ["tip_place_unresolved", "tip_submission_id"]
NOT_SURE = "not sure"
#: An opening that only asks to report ("I'd like to report something") is not the description.
_META = re.compile(r"^\W*(?:hi|hello|hey)?\W*(?:i\s*(?:want|would like|'d like|need)\s+to|can\s+i|how\s+(?:do|can)\s+i|"
                   r"i\s+have|i've\s+got)\s+(?:report|tell|give|make|share|information|info)", re.I)


#: What kind of thing each question asks for.
KINDS: dict[str, AnswerKind] = {
    "tip_place": AnswerKind.PLACE,
    "tip_when": AnswerKind.WHEN,
    "tip_danger": AnswerKind.YES_NO,
}
#: The description question: its answers are the report's account.
NARRATIVE = ("tip_description",)
#: The questions by name, for a disclosure typed in answer to one.
LABELS = {"tip_description": "What is happening", "tip_place": "Where", "tip_when": "When",
          "tip_danger": "Danger now"}


class ValidateTipForm(forms.ReadingForm):
    """validate_tip_form."""

    KINDS = KINDS

    def name(self) -> str:
        return "validate_tip_form"

    async def validate(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> list[EventType]:
        events = await super().validate(dispatcher, tracker, domain)
        if not tracker.get_slot("tip_submission_id"):
            events.append(SlotSet("tip_submission_id", uuid.uuid4().hex))
        return events

    def fill(self, slot: str, record: Record, tracker: Tracker) -> Any:
        """What the person already said: what (a message that tells something), where, when, danger."""
        if slot == "tip_description":
            story = record.story()
            if story and not _META.match(story):
                return story
            return None
        if slot == "tip_place":
            return record.place
        if slot == "tip_when":
            return record.when
        if slot == "tip_danger":
            return "yes" if record.danger_now else None
        return None

    def validate_tip_description(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            text = clean_free_text(str(value or ""), limit=1600, field="description")
        except InvalidInput as error:
            dispatcher.utter_message(text=str(error))
            return {"tip_description": None}
        if len(text) < 8 and not core().analyser.indicators(text):
            prompts.say(dispatcher, "messages", "tip_more_detail", channel_of(tracker))
            return {"tip_description": None}
        return {"tip_description": text}

    def validate_tip_place(self, value: Any, dispatcher: CollectingDispatcher,
                           tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if is_skip(text):
            return {"tip_place": NOT_SURE, "tip_place_unresolved": None}
        fd = core()
        try:
            cleaned = place_answer(text, fd.analyser.places(text))
        except InvalidInput as error:
            dispatcher.utter_message(text=str(error))
            return {"tip_place": None}
        known = fd.table.resolve_area(cleaned, fd.analyser) is not None
        unresolved = tracker.get_slot("tip_place_unresolved")
        if known or unresolved:
            place = f"{unresolved}, {cleaned}" if unresolved and unresolved != cleaned else cleaned
            return {"tip_place": place, "tip_place_unresolved": None}
        prompts.say(dispatcher, "tip_form", "place_unknown", channel_of(tracker), place=cleaned)
        return {"tip_place": None, "tip_place_unresolved": cleaned}

    def validate_tip_when(self, value: Any, dispatcher: CollectingDispatcher,
                          tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if is_skip(text):
            return {"tip_when": NOT_SURE}
        try:
            return {"tip_when": clean_free_text(text, limit=200, field="answer")}
        except InvalidInput as error:
            dispatcher.utter_message(text=str(error))
            return {"tip_when": None}

    def validate_tip_danger(self, value: Any, dispatcher: CollectingDispatcher,
                            tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        asked = tracker.get_slot("requested_slot") == "tip_danger"
        try:
            answer = True if asked and conversation.reading(tracker).risk else parse_tristate(str(value or ""))
        except InvalidInput as error:
            dispatcher.utter_message(text=str(error))
            return {"tip_danger": None}
        if answer is True and tracker.get_slot("requested_slot") == "tip_danger":
            safety.warn(dispatcher, tracker)
        return {"tip_danger": {True: "yes", False: "no", None: NOT_SURE}[answer]}


class AskTipField(Action, ABC):
    """action_ask_tip_form_<slot>: ask one question, in the channel's words."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for."""

    def name(self) -> str:
        return f"action_ask_tip_form_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        prompts.say(dispatcher, "tip_form", self.slot, channel_of(tracker))
        return []


ASK_ACTIONS = [type(f"AskTip_{slot}", (AskTipField,), {"slot": slot}) for slot in FORM_SLOTS]


def build_tip(tracker: Tracker) -> ReferralDraft:
    """Return the anonymous tip the form's answers describe."""
    get = tracker.get_slot
    danger = {"yes": True, "no": False}.get(get("tip_danger") or "")
    place = get("tip_place")
    when = get("tip_when")
    description = forms.account(tracker, NARRATIVE, LABELS, fallback=str(get("tip_description") or ""))
    extra = [f"Where: {place}" if place and place != NOT_SURE else "",
             f"When: {when}" if when and when != NOT_SURE else ""]
    return ReferralDraft(
        kind=Kind.TIP,
        channel=referral_channel(tracker),
        description="\n".join([description, *[e for e in extra if e]]),
        immediate_danger=danger,
        area=place if place and place != NOT_SURE else None,
        place=place if place and place != NOT_SURE else None,
        when=when if when and when != NOT_SURE else None,
    )


def _reset() -> list[EventType]:
    return [SlotSet(name, None) for name in [*FORM_SLOTS, *BOOKKEEPING]]


class ActionSubmitTip(Action):
    """action_submit_tip: store the tip; reply with reference and follow-up code."""

    def name(self) -> str:
        return "action_submit_tip"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        fd = core()
        channel = channel_of(tracker)
        key = f"chat:{tracker.sender_id}:{tracker.get_slot('tip_submission_id') or 'once'}"
        try:
            submission = fd.submissions.submit(build_tip(tracker), source_key=key, followup=True,
                                             conversation=tracker.sender_id)
        except FrontDoorError:
            prompts.say(dispatcher, "tip_form", "submit_failed", channel)
            return [SlotSet("tip_danger", None), FollowupAction("tip_form")]
        team = submission.inbox_name + (f" ({submission.area_name})" if submission.area_name else "")
        number = fd.settings.sms_number
        # By text they reply to the number they texted; on the web they are told it, if there is one.
        prompts.say(dispatcher, "tip_form", "submitted" if number or channel == "sms" else "submitted_no_sms",
                    channel, team=team, reference=submission.reference,
                    code=submission.followup_placeholder or "",
                    sms_number=f"the Front Door number, {spoken_phone(number)}" if number else "")
        forms.say_out_of_hours(dispatcher, submission, channel)
        return [*_reset(), SlotSet("referral_reference", submission.reference)]


class ActionResetTip(Action):
    """action_reset_tip: forget the answers of a stopped tip."""

    def name(self) -> str:
        return "action_reset_tip"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        return _reset()

"""Young people's support, adults' signposting and parents' first questions.

``support_form`` (a young person, web chat or SMS): age (optional), where they
live or hang out, then "just information" or "ask a youth worker to contact
me"; for a call-back, how to contact them, whether it is safe for a youth worker
to call or text the number they give and when (never a number they say is not
safe: they are offered other ways instead), and their explicit consent. Nothing
asks for a name. ``action_support_finish`` shows matched services or submits a
self-referral. ``signpost_form`` (an adult): age, area and needs, each taken
from the question when it says them; ``action_signpost_services`` lists
services with how to refer to each. The needs come from the core
(:mod:`frontdoor.support`); services from ``core().directory``.
"""

from __future__ import annotations

import logging
import re
import uuid
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import conversation, forms, prompts, safety
from actions.runtime import core
from actions.session import channel_of, referral_channel
from frontdoor.answers import (
    clean_free_text,
    describe_time,
    is_skip,
    parse_age,
    parse_contact,
    parse_tristate,
    place_answer,
)
from frontdoor.directory import NATIONAL, NEEDS, Match, OpenNow
from frontdoor.directory.opening import open_lines_first
from frontdoor.errors import FrontDoorError, InvalidInput
from frontdoor.model import Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole
from frontdoor.support import gender_from_text, needs_for, needs_from_text
from frontdoor.understanding import AnswerKind, Record

log = logging.getLogger(__name__)

NOT_SURE = "not sure"
INFO = "info"
CALLBACK = "callback"
#: Longest SMS reply part, in characters (two concatenated text messages).
SMS_LIMIT = 320
#: Services shown to a young person: the best local and regional ones, then a national helpline.
SHOWN = 4

SUPPORT_SLOTS = ["support_age", "support_area", "support_choice", "support_contact", "support_safe",
                 "support_when", "support_consent"]
#: The questions of a call-back; a phone number's safety and timing are asked only for a number.
CALLBACK_SLOTS = ("support_contact", "support_safe", "support_when", "support_consent")
PHONE_SLOTS = ("support_safe", "support_when")
SUPPORT_BOOKKEEPING = ["support_needs", "support_submission_id"]
SIGNPOST_SLOTS = ["signpost_age", "signpost_area", "signpost_needs"]
SIGNPOST_BOOKKEEPING = ["signpost_gender"]
#: Indicators a need stands for on a self-referral (others are found in the young person's words).
NEED_INDICATORS = {"exit_support": "wants_exit"}

_INFO_WORDS = ("just information", "just info", "information", "info", "numbers", "just tell me", "1")
#: A call-back in words the patterns below do not cover ("call me", "talk to someone" they do).
_CALLBACK_WORDS = ("youth worker", "call back", "callback", "get in touch", "2")
_CONTACT_VERBS = r"(?:call|ring|phone|text|txt|message|msg|dm|contact|e-?mail|get in touch with|get back to|talk to|speak to)"
_SOMEONE = r"(?:some(?:one|body)|some1|sum1|a (?:youth )?worker|a person|a youth worker|you|u|ya)"
#: Asking, in any message, to be contacted: "can someone call me", "I want someone to ring me", "please text
#: me", "ask a youth worker to contact me". A request, not a report ("they keep texting me" is not one).
ASKS_FOR_CONTACT = re.compile(
    rf"\b(?:(?:can|could|will|would|pls|please|plz)\s+{_SOMEONE}\s+(?:pls\s+|please\s+)?{_CONTACT_VERBS}\s+me\b|"
    rf"(?:want|need|like|wanna|would like)\s+{_SOMEONE}\s+to\s+{_CONTACT_VERBS}\s+me\b|"
    rf"(?:please|pls|plz)\s+{_CONTACT_VERBS}\s+me\b|"
    rf"(?:ask|get|want|need)\s+(?:a\s+)?youth worker\s+to\s+{_CONTACT_VERBS})", re.I)
#: Answering "what would help?" with a call-back in other words: "message me", "someone to talk to".
_CALLBACK_ANSWER = re.compile(
    rf"\b(?:{_CONTACT_VERBS} me|{_SOMEONE} to (?:{_CONTACT_VERBS}|talk|speak|chat)|"
    rf"(?:talk|speak|chat) (?:to|with) {_SOMEONE})\b", re.I)
_TEXT_WORDS = ("text", "txt", "message", "msg", "whatsapp", "sms")
_CALL_WORDS = ("call", "ring", "phone me", "phone call")
#: Answers to "is it safe to text or call this number?" beyond yes and no.
NOT_SAFE, TEXT_ONLY, CALL_ONLY = "no", "text only", "call only"
_TEXT_ONLY_WORDS = ("text only", "only text", "just text", "texts only", "don't call", "dont call", "no calls",
                    "not call", "can't call", "cant call", "text is ok", "text is fine", "texting is")
_CALL_ONLY_WORDS = ("call only", "only call", "just call", "calls only", "don't text", "dont text", "no texts",
                    "not text", "can't text", "cant text", "call is ok", "call is fine", "calling is")
_NOT_SAFE_WORDS = ("not safe", "isn't safe", "isnt safe", "unsafe", "no it", "no,", "don't", "dont", "never")
_ANY_TIME_WORDS = ("any time", "anytime", "whenever", "doesn't matter", "dont mind", "don't mind", "no")


def _words(record: Record) -> str:
    """Everything readable the person has written in this conversation, as one text."""
    return " ".join(reading.text for reading in record.readings if reading.readable)


def _area_id(text: str | None) -> str | None:
    if not text or text == NOT_SURE:
        return None
    fd = core()
    match = fd.table.resolve_area(text, fd.analyser)
    return match.area.id if match else None


def _age(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() else None


def _one_line(match: Match, limit: int = 140) -> str:
    """Return what the service does in whole sentences fitting ``limit`` (a demo dataset's
    "fictitious" notice left out), never cut mid-sentence; the needs it meets when even its first
    sentence is too long."""
    sentences = re.split(r"(?<=[.!?])\s+", match.service.description.strip())
    line = ""
    for sentence in (s for s in sentences if s and not s.lower().startswith("fictitious")):
        longer = f"{line} {sentence}".strip()
        if len(longer) > limit or not sentence.endswith((".", "!", "?")):
            break
        line = longer
    if line:
        return line
    needs = [NEEDS[n] for n in match.service.needs]
    while len(needs) > 1 and len("; ".join(needs)) >= limit:
        needs.pop()
    return "; ".join(needs) + "." if needs else ""


def _contact_line(match: Match) -> str:
    service = match.service
    if service.phones:
        return service.phones[0].number
    return service.url or service.email or (match.organisation.url or "")


def choose_services(age: int | None, area_id: str | None, needs: list[str],
                    gender: str | None = None, limit: int = SHOWN) -> list[Match]:
    """Return up to ``limit`` services: local and regional ones first, then one national helpline."""
    directory = core().directory
    ranked = list(directory.match(age, area_id, needs, limit=20, gender=gender))
    nearby = [m for m in ranked if m.reach != NATIONAL][: limit - 1]
    national = [m for m in ranked if m.reach == NATIONAL]
    chosen = nearby + national[: limit - len(nearby)]
    if not any(m.reach == NATIONAL for m in chosen):
        nets = directory.match(age, None, [], limit=1)
        chosen = chosen[: limit - 1] + list(nets[:1])
    return chosen


def services_now(age: int | None, area_id: str | None, needs: list[str]) -> OpenNow:
    """Return the services to show a young person now (:func:`choose_services`), open ones first,
    with 24/7 lines first when the local services are closed."""
    fd = core()
    ranked = fd.directory.match(age, area_id, needs, limit=20)
    nets = fd.directory.match(age, None, [], limit=5)
    return open_lines_first(choose_services(age, area_id, needs), [*ranked, *nets], fd.clock(),
                            fd.settings.sla.calendar, limit=SHOWN)


def say_services(dispatcher: CollectingDispatcher, found: OpenNow, channel: str) -> None:
    """List the services: open ones first; when local services are closed, say so and when they reopen."""
    if found.nearby_closed and found.reopens is not None and found.open_now:
        fd = core()
        reopens = describe_time(found.reopens, fd.clock(), fd.settings.sla.tz)
        groups = [("closed_now", found.open_now), ("when_open", found.later)]
        values = {"reopens": reopens}
    else:
        groups, values = [("services", found.matches)], {}
    for key, matches in groups:
        if not matches:
            continue
        prompts.say(dispatcher, "support_form", key, channel, **values)
        lines = service_messages(list(matches), channel)
        for text in lines if channel == "sms" else ["\n".join(lines)]:
            dispatcher.utter_message(text=text)


def service_messages(matches: list[Match], channel: str, how_to_refer: bool = False) -> list[str]:
    """One line per service (name, phone, hours, what they do); on SMS one short message each."""
    lines = []
    for match in matches:
        service = match.service
        hours = service.schedule.hours
        if channel == "sms":
            head = ". ".join(p.rstrip(".") for p in (f"{service.name}: {_contact_line(match)}", hours) if p) + "."
            what = _one_line(match, min(120, SMS_LIMIT - len(head) - 1))
            lines.append(f"{head} {what}".strip() if what else head)
            continue
        line = f"• {service.name} — {_contact_line(match)}"
        if hours:
            line += f" ({hours})"
        line += f"\n  {_one_line(match)}"
        if how_to_refer and service.how_to_refer:
            line += f"\n  How to refer: {service.how_to_refer}"
        lines.append(line)
    return lines


# --- the young person's form --------------------------------------------------------------------
#: What kind of thing each of the young person's questions asks for.
SUPPORT_KINDS: dict[str, AnswerKind] = {
    "support_age": AnswerKind.AGE,
    "support_area": AnswerKind.PLACE,
    "support_choice": AnswerKind.CHOICE,
    "support_contact": AnswerKind.CONTACT,
    "support_safe": AnswerKind.YES_NO,
    "support_consent": AnswerKind.YES_NO,
}
#: The questions by name, for something said in answer to one.
SUPPORT_LABELS = {"support_age": "Their age", "support_area": "Where they live or hang out",
                  "support_choice": "What would help", "support_contact": "How to contact them",
                  "support_safe": "Safe to call or text that number",
                  "support_when": "When to call or text (or never)", "support_consent": "Consent to be contacted"}


class ValidateSupportForm(forms.ReadingForm):
    """validate_support_form: plain answers, nothing judged, 999 advice first when needed."""

    KINDS = SUPPORT_KINDS

    def name(self) -> str:
        return "validate_support_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        get = tracker.get_slot
        skipped: tuple[str, ...] = ()
        if get("support_choice") == INFO:
            skipped = CALLBACK_SLOTS
        elif get("support_contact") and not _phone_of(get("support_contact")):
            skipped = PHONE_SLOTS  # an e-mail address: nobody calls or texts
        elif get("support_safe") == NOT_SAFE:
            skipped = ("support_when", "support_consent")  # other ways are offered instead
        return [s for s in domain_slots if s not in skipped]

    async def validate(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> list[EventType]:
        events = await super().validate(dispatcher, tracker, domain)
        needs = list(needs_for(None, _words(conversation.record(tracker))))
        if needs != list(tracker.get_slot("support_needs") or []):
            events.append(SlotSet("support_needs", needs))
        if not tracker.get_slot("support_submission_id"):
            events.append(SlotSet("support_submission_id", uuid.uuid4().hex))
        return events

    def fill(self, slot: str, record: Record, tracker: Tracker) -> Any:
        """What the young person already said: their age, where they are, and asking to be contacted.

        A message that asks to be contacted ("can someone call me?") answers
        what would help; a phone number or e-mail address in that same message is
        how to contact them (whether it is safe to use is still asked).
        """
        if slot == "support_age":
            return str(record.age) if record.age is not None else None
        if slot == "support_area":
            return record.place
        asking = [reading.text for reading in record.readings if reading.readable
                  and ASKS_FOR_CONTACT.search(reading.text)]
        if slot == "support_choice":
            return CALLBACK if asking else None
        if slot == "support_contact" and tracker.get_slot("support_choice") == CALLBACK:
            for text in asking:
                try:
                    email, phone = parse_contact(text)
                except InvalidInput:
                    continue
                return describe_contact(text, email, phone)
        return None

    def extract_support_choice(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        """Take an answer to "what would help?" that the NLU read as a question ("want someone to ring me").

        The slot is not filled from a message with a question's intent (so a
        real question is answered); a message that plainly chooses is an answer
        whatever its intent.
        """
        if tracker.get_slot("requested_slot") != "support_choice" or tracker.get_slot("support_choice"):
            return {}
        text = safety.latest_text(tracker)
        return {"support_choice": text} if choice_of(text) else {}

    def validate_support_age(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if is_skip(text) or "rather not" in text.lower():
            return {"support_age": NOT_SURE}
        try:
            age = parse_age(text)
        except InvalidInput:
            prompts.say(dispatcher, "support_form", "age_again", channel_of(tracker))
            return {"support_age": None}
        return {"support_age": NOT_SURE if age is None else str(age)}

    def validate_support_area(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if is_skip(text) or "don't know" in text.lower() or "dont know" in text.lower():
            return {"support_area": NOT_SURE}
        try:
            return {"support_area": place_answer(text, core().analyser.places(text))}
        except InvalidInput as error:
            dispatcher.utter_message(text=str(error))
            return {"support_area": None}

    def validate_support_choice(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value in (CALLBACK, INFO):  # filled from what they said before
            return {"support_choice": value}
        choice = choice_of(str(value or ""))
        if choice is None:
            prompts.say(dispatcher, "support_form", "choice_again", channel_of(tracker))
        return {"support_choice": choice}

    def validate_support_contact(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        try:
            email, phone = parse_contact(text)
        except InvalidInput:
            prompts.say(dispatcher, "support_form", "contact_again", channel_of(tracker))
            return {"support_contact": None}
        return {"support_contact": describe_contact(text, email, phone)}

    def validate_support_safe(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        answer = safety_answer(str(value or ""))
        if answer is None:
            prompts.say(dispatcher, "support_form", "safe_again", channel_of(tracker))
            return {"support_safe": None}
        slots: dict[str, Any] = {"support_safe": answer}
        phone = _phone_of(tracker.get_slot("support_contact"))
        if phone and answer == TEXT_ONLY:
            slots["support_contact"] = f"a text to {phone}"
        elif phone and answer == CALL_ONLY:
            slots["support_contact"] = f"a call to {phone}"
        return slots

    def validate_support_when(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "").strip()
        simple = text.lower().rstrip(".!")
        if is_skip(text) or simple in _ANY_TIME_WORDS:
            return {"support_when": ANY_TIME}
        try:
            return {"support_when": clean_free_text(text, limit=150, field="time")}
        except InvalidInput:
            prompts.say(dispatcher, "support_form", "when_again", channel_of(tracker))
            return {"support_when": None}

    def validate_support_consent(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            answer = parse_tristate(str(value or ""))
        except InvalidInput:
            answer = None
        if answer is None:
            prompts.say(dispatcher, "support_form", "consent_again", channel_of(tracker))
            return {"support_consent": None}
        return {"support_consent": "yes" if answer else "no"}


#: What "any time" is recorded as.
ANY_TIME = "any time"


def choice_of(text: str) -> str | None:
    """Return what an answer to "what would help?" chooses: CALLBACK, INFO, or None when it does not say."""
    simple = text.strip().lower().rstrip(".!?")
    if any(word == simple or (len(word) > 1 and word in simple) for word in _CALLBACK_WORDS) \
            or _CALLBACK_ANSWER.search(simple):
        return CALLBACK
    if any(word == simple or (len(word) > 1 and word in simple) for word in _INFO_WORDS):
        return INFO
    return None


def safety_answer(text: str) -> str | None:
    """Return "yes", "no" (not safe), "text only" or "call only" for an answer to "is it safe to
    text or call this number?", or None when the answer says none of those.

    "Not sure" is "no": when a young person cannot say it is safe, nobody texts or calls that phone.
    """
    simple = " ".join(text.lower().replace("’", "'").split()).rstrip(".!")
    if any(word in simple for word in _TEXT_ONLY_WORDS):
        return TEXT_ONLY
    if any(word in simple for word in _CALL_ONLY_WORDS):
        return CALL_ONLY
    try:
        answer = parse_tristate(simple)
    except InvalidInput:
        answer = False if any(word in simple for word in _NOT_SAFE_WORDS) else (True if "safe" in simple else None)
    else:
        if answer is None:  # "not sure", "don't know"
            return NOT_SAFE
    if answer is None:
        return None
    return "yes" if answer else NOT_SAFE


def _phone_of(contact: Any) -> str | None:
    """Return the phone number of a contact as stored ("a text to 07700900123"), None for an e-mail."""
    if not contact:
        return None
    try:
        return parse_contact(str(contact))[1]
    except InvalidInput:
        return None


def describe_contact(text: str, email: str | None, phone: str | None) -> str:
    """Return the contact as the young person chose it: "a text to 07700900123", "e-mail to …"."""
    simple = text.lower()
    if phone:
        if any(word in simple for word in _TEXT_WORDS):
            return f"a text to {phone}"
        if any(word in simple for word in _CALL_WORDS):
            return f"a call to {phone}"
        return f"a call or text to {phone}"
    return f"an e-mail to {email}"


class AskSupportField(Action, ABC):
    """action_ask_support_form_<slot>: ask one question, in the channel's words."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for."""

    def name(self) -> str:
        return f"action_ask_support_form_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        values: dict[str, str] = {}
        if self.slot == "support_consent":
            when = tracker.get_slot("support_when")
            values = {"contact": str(tracker.get_slot("support_contact") or ""),
                      "timing": f" ({when})" if when and when != ANY_TIME else ""}
        prompts.say(dispatcher, "support_form", self.slot, channel_of(tracker), **values)
        return []


SUPPORT_ASK_ACTIONS = [type(f"AskSupport_{slot}", (AskSupportField,), {"slot": slot}) for slot in SUPPORT_SLOTS]


def build_self_referral(tracker: Tracker) -> ReferralDraft:
    """Return the self-referral the form describes: the young person at risk, contact only as given.

    Raises:
        InvalidInput: the stored contact no longer parses.
    """
    get = tracker.get_slot
    email, phone = parse_contact(str(get("support_contact") or ""))
    age = _age(get("support_age"))
    area = get("support_area")
    area = None if area in (None, NOT_SURE) else str(area)
    needs = [n for n in (get("support_needs") or []) if n in NEEDS]
    story = forms.account(tracker, (), SUPPORT_LABELS)
    lines = ["A young person asked for a youth worker to contact them (self-referral, consent given)."]
    if needs:
        lines.append("Help with: " + "; ".join(NEEDS[n] for n in needs) + ".")
    if story:
        lines.append(f"In their words:\n{story}")
    lines.append(f"Contact them by {get('support_contact')}, and only that way.")
    if phone:
        lines.append(f"They said it is safe to contact them on that number: {_safe_words(get('support_safe'))}. "
                     f"When (or never): {get('support_when') or 'not said'}.")
    return ReferralDraft(
        kind=Kind.SELF_REFERRAL,
        channel=referral_channel(tracker),
        description="\n".join(lines),
        indicators=sorted({NEED_INDICATORS[n] for n in needs if n in NEED_INDICATORS}),
        area=area,
        reporter=ReporterDraft(role=ReporterRole.YOUNG_PERSON, email=email, phone=phone),
        people=[PersonDraft(
            role=PersonRole.VULNERABLE_ADULT_AT_RISK if age is not None and age >= 18
            else PersonRole.YOUNG_PERSON_AT_RISK,
            age=age,
            home_area=area,
        )],
        consent_to_contact=True,
        details={"Contact by": str(get("support_contact") or ""),
                 **({"Safe to call or text": _safe_words(get("support_safe")),
                     "When to call or text (or never)": str(get("support_when") or "not said")} if phone else {}),
                 "Needs": ", ".join(needs) or "not said"},
    )


def _safe_words(answer: Any) -> str:
    """Return what the young person said about the number's safety, for the SPOC."""
    return {"yes": "yes", TEXT_ONLY: "texts only, never call",
            CALL_ONLY: "calls only, never text"}.get(str(answer or ""), "not asked")


def _reset_support() -> list[EventType]:
    return [SlotSet(name, None) for name in [*SUPPORT_SLOTS, *SUPPORT_BOOKKEEPING]]


class ActionSupportFinish(Action):
    """action_support_finish: show services, or send the self-referral the young person agreed to."""

    def name(self) -> str:
        return "action_support_finish"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        channel = channel_of(tracker)
        get = tracker.get_slot
        if get("support_choice") == CALLBACK and get("support_safe") == NOT_SAFE:
            prompts.say(dispatcher, "support_form", "not_safe", channel)
        elif get("support_choice") == CALLBACK and get("support_consent") == "yes":
            return self._submit(dispatcher, tracker, channel)
        elif get("support_choice") == CALLBACK:
            prompts.say(dispatcher, "support_form", "not_sent", channel)
        self._show(dispatcher, tracker, channel)
        return _reset_support()

    def _show(self, dispatcher: CollectingDispatcher, tracker: Tracker, channel: str) -> None:
        get = tracker.get_slot
        area = get("support_area")
        needs = [n for n in (get("support_needs") or []) if n in NEEDS]
        say_services(dispatcher, services_now(_age(get("support_age")), _area_id(area), needs), channel)
        prompts.say(dispatcher, "support_form", "after_services", channel)

    def _submit(self, dispatcher: CollectingDispatcher, tracker: Tracker, channel: str) -> list[EventType]:
        fd = core()
        key = f"chat:{tracker.sender_id}:{tracker.get_slot('support_submission_id') or 'once'}"
        try:
            submission = fd.submissions.submit(build_self_referral(tracker), source_key=key)
        except InvalidInput:
            prompts.say(dispatcher, "support_form", "contact_again", channel)
            return [*(SlotSet(name, None) for name in CALLBACK_SLOTS), FollowupAction("support_form")]
        except FrontDoorError:
            log.exception("self-referral submission failed")
            prompts.say(dispatcher, "support_form", "submit_failed", channel)
            return [SlotSet("support_consent", None), FollowupAction("support_form")]
        due = forms.response_due(submission, fd.clock(), fd.settings.sla.tz)
        prompts.say(dispatcher, "support_form", "submitted", channel, due=due,
                    reference=submission.reference, contact=str(tracker.get_slot("support_contact") or ""))
        forms.say_out_of_hours(dispatcher, submission, channel, young_person=True)
        return [*_reset_support(), SlotSet("referral_reference", submission.reference)]


class ActionResetSupport(Action):
    """action_reset_support: forget the answers of a stopped conversation."""

    def name(self) -> str:
        return "action_reset_support"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        return _reset_support()


# --- the adult's signposting form ---------------------------------------------------------------
def _needs_answer(text: str) -> str | None:
    """Return comma-separated need codes for an answer, "any" for not sure, None when not understood."""
    simple = text.strip().lower().rstrip(".!")
    if is_skip(simple) or simple in ("any", "anything", "all", "general", "not sure"):
        return "any"
    for code, label in NEEDS.items():
        if simple in (code, label.lower()):
            return code
    found = needs_from_text(simple)
    return ",".join(found) if found else None


class ValidateSignpostForm(forms.ReadingForm):
    """validate_signpost_form: takes what the question already says, asks the rest."""

    KINDS: ClassVar[dict[str, AnswerKind]] = {"signpost_age": AnswerKind.AGE, "signpost_area": AnswerKind.PLACE}

    def name(self) -> str:
        return "validate_signpost_form"

    async def validate(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> list[EventType]:
        events = await super().validate(dispatcher, tracker, domain)
        if not tracker.get_slot("signpost_gender"):
            gender = gender_from_text(_words(conversation.record(tracker)))
            if gender:
                events.append(SlotSet("signpost_gender", gender))
        return events

    def fill(self, slot: str, record: Record, tracker: Tracker) -> Any:
        """What the adult's question already says: the young person's age, the area, their needs."""
        if slot == "signpost_age":
            return str(record.age) if record.age is not None else None
        if slot == "signpost_area":
            return record.place
        if slot == "signpost_needs":
            needs = needs_for(None, _words(record))
            return ",".join(needs) if needs else None
        return None

    def validate_signpost_age(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            age = parse_age(str(value or ""))
        except InvalidInput as error:
            dispatcher.utter_message(text=str(error))
            return {"signpost_age": None}
        return {"signpost_age": NOT_SURE if age is None else str(age)}

    def validate_signpost_area(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if is_skip(text):
            return {"signpost_area": NOT_SURE}
        try:
            return {"signpost_area": clean_free_text(text, limit=150, field="area")}
        except InvalidInput as error:
            dispatcher.utter_message(text=str(error))
            return {"signpost_area": None}

    def validate_signpost_needs(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if re.fullmatch(r"[a-z_]+(,[a-z_]+)*", text) and all(c in NEEDS for c in text.split(",")):
            return {"signpost_needs": text}
        answer = _needs_answer(text)
        if answer is None:
            prompts.say(dispatcher, "signpost_form", "needs_again", channel_of(tracker))
            return {"signpost_needs": None}
        return {"signpost_needs": answer}


class AskSignpostField(Action, ABC):
    """action_ask_signpost_form_<slot>: ask one question."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for."""

    def name(self) -> str:
        return f"action_ask_signpost_form_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        if self.slot == "signpost_needs" and channel_of(tracker) != "sms":
            dispatcher.utter_message(
                text=prompts.text("signpost_form", "signpost_needs", channel_of(tracker)),
                buttons=[{"title": label, "payload": code} for code, label in NEEDS.items()]
                + [{"title": "Not sure", "payload": "not sure"}],
            )
            return []
        prompts.say(dispatcher, "signpost_form", self.slot, channel_of(tracker))
        return []


SIGNPOST_ASK_ACTIONS = [type(f"AskSignpost_{slot}", (AskSignpostField,), {"slot": slot})
                        for slot in SIGNPOST_SLOTS]


class ActionSignpostServices(Action):
    """action_signpost_services: matching services with how to refer, and a way to refer here."""

    def name(self) -> str:
        return "action_signpost_services"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        get = tracker.get_slot
        channel = channel_of(tracker)
        raw = str(get("signpost_needs") or "")
        needs = [n for n in raw.split(",") if n in NEEDS]
        matches = choose_services(_age(get("signpost_age")), _area_id(get("signpost_area")), needs,
                                  gender=get("signpost_gender"), limit=5)
        lines = service_messages(matches, channel, how_to_refer=True)
        prompts.say(dispatcher, "signpost_form", "services", channel)
        if channel == "sms":
            for line in lines:
                dispatcher.utter_message(text=line)
        else:
            dispatcher.utter_message(text="\n".join(lines))
        prompts.say(dispatcher, "signpost_form", "refer_here", channel)
        return [SlotSet(name, None) for name in [*SIGNPOST_SLOTS, *SIGNPOST_BOOKKEEPING]]


class ActionResetSignpost(Action):
    """action_reset_signpost: forget a stopped search."""

    def name(self) -> str:
        return "action_reset_signpost"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        return [SlotSet(name, None) for name in [*SIGNPOST_SLOTS, *SIGNPOST_BOOKKEEPING]]

"""Journeys: where a message goes, the intents that start them, and the journey of each writer."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from frontdoor.understanding.reading import Reading, Writer


class Journey(str, enum.Enum):
    """Where a message goes (the bot's ``journey`` slot takes these values)."""

    CONCERN = "concern"  # a professional's report (concern_form)
    TIP = "tip"  # a resident's anonymous tip (tip_form)
    SUPPORT = "support"  # a young person's support (support_form)
    PARENT = "parent"  # a parent's advice: signs, what to do, who to call
    PARENT_REPORT = "parent_report"  # a parent's report (parent_form)
    SIGNPOST = "signpost"  # an adult looking for services (signpost_form)
    HEALTH = "health"  # a hospital presentation (hospital_form)
    HANDOVER = "handover"  # a relocation handover (handover_form)
    SOMEONE_ELSE = "someone_else"  # risk to someone else, writer unclear: tip or concern?
    ANSWER = "answer"  # the intent's own answer (a question, hello, thanks, ...)
    #: A question the NLU took for something else, answered by the action (``Decision.answer``).
    ANSWERED = "answered"
    COMFORT = "comfort"  # emoji only or distress without detail: a warm, safe reply
    OTHER_LANGUAGE = "other_language"
    NOT_UNDERSTOOD = "not_understood"


#: Intents that start a journey of their own, and that journey.
INTENT_JOURNEYS: dict[str, Journey] = {
    "report_concern": Journey.CONCERN,
    "report_tip": Journey.TIP,
    "young_person_help": Journey.SUPPORT,
    "parent_worried": Journey.PARENT,
    "ask_where_to_refer": Journey.SIGNPOST,
    "hospital_referral": Journey.HEALTH,
    "start_handover": Journey.HANDOVER,
}
#: Intents answered by their own response (rules in bot/data/rules).
ANSWER_INTENTS = frozenset({
    "greet", "goodbye", "thank", "bot_challenge", "help", "out_of_scope", "stop",
    "ask_what_is_gang", "ask_what_is_gang_associate", "ask_what_is_gang_nominal", "ask_what_is_county_lines",
    "ask_what_is_cuckooing", "ask_signs_to_look_for", "ask_what_happens_next", "ask_privacy",
    "ask_emergency_numbers",
})
#: Answer intents that are small talk: a message with risk in it is never just small talk.
SMALL_TALK = frozenset({"greet", "goodbye", "thank", "bot_challenge", "help", "out_of_scope", "stop"})
#: Questions about the service and its words, each answered by the response ``utter_`` + its name
#: without ``ask_`` (``ask_privacy`` → ``utter_privacy``), or "help" (what Front Door does).
QUESTIONS = (ANSWER_INTENTS - SMALL_TALK) | {"help"}
#: A question the NLU ranked at least this high is answered when the top intent is not a question's.
QUESTION_RANKED = 0.1
#: A question longer than this many words tells more than it asks: it is not answered over the intent.
QUESTION_WORDS = 30
DANGER_INTENT = "immediate_danger"
#: The question whose answer is the emergency numbers (999 first).
EMERGENCY_NUMBERS = "ask_emergency_numbers"
#: A parent's message this long that is not a question tells what is happening: a report.
PARENT_STORY_WORDS = 15
#: The NLU is trusted at this confidence or above; below it the reading decides.
CONFIDENT = 0.6


@dataclass(frozen=True)
class Decision:
    """Which journey a message starts, and what to say first."""

    journey: Journey
    danger_advice: bool = False
    #: A parent whose child is missing now: tell them to call the police at once.
    missing_now: bool = False
    language: str | None = None
    #: For :attr:`Journey.ANSWERED`: the question intent whose answer to give.
    answer: str | None = None
    reason: str = ""


#: Who is writing → the journey their words belong to.
WRITER_JOURNEYS: dict[Writer, Journey] = {
    Writer.YOUNG_PERSON: Journey.SUPPORT,
    Writer.FRIEND: Journey.SUPPORT,
    Writer.PARENT: Journey.PARENT,
    Writer.PROFESSIONAL: Journey.CONCERN,
    Writer.HEALTH: Journey.HEALTH,
    Writer.RESIDENT: Journey.TIP,
}


@dataclass(frozen=True)
class Message:
    """A message as the chooser sees it: the reading and what the NLU made of it."""

    reading: Reading
    intent: str | None = None
    confidence: float = 0.0
    entities: Mapping[str, str] = field(default_factory=dict)
    #: "web" or "sms": by text message, risk to someone else is taken as an anonymous tip.
    channel: str = "web"
    #: How sure the NLU is that the message says someone is in danger now (its ``immediate_danger``
    #: score, whether or not that is the top intent).
    danger_score: float = 0.0
    #: The NLU's other intents, best first, with their confidence.
    ranking: tuple[tuple[str, float], ...] = ()

    @property
    def confident(self) -> bool:
        """True when the NLU's intent is trusted (:data:`CONFIDENT` or above, not the fallback)."""
        return self.intent is not None and self.intent != "nlu_fallback" and self.confidence >= CONFIDENT


def parent_decision(message: Message, danger: bool) -> Decision:
    """A parent who tells what is happening (or asks to report) reports it; one who only asks gets advice."""
    # "I'm really worried about the girl I look after, she's been going missing ..." tells;
    # "what should I look out for with my son?" asks.
    reading = message.reading
    missing = "missing_now" in reading.indicators
    telling = reading.words >= PARENT_STORY_WORDS and not reading.asks_question
    if (missing or danger or reading.discloses or reading.asks_to_report or telling
            or message.entities.get("reporter_role") == "parent"):
        return Decision(Journey.PARENT_REPORT, danger_advice=danger, missing_now=missing, reason="a parent reporting")
    return Decision(Journey.PARENT, reason="a parent asking")


def by_writer(message: Message, danger: bool, fallback: Journey | None) -> Decision | None:
    """Return the journey of whoever is writing (``fallback`` when unknown; None without one)."""
    reading = message.reading
    writer = reading.writer
    if writer is Writer.PARENT:
        return parent_decision(message, danger)
    if writer is Writer.HEALTH and not reading.injury:
        writer = Writer.PROFESSIONAL
    if reading.relocating and writer in (Writer.PROFESSIONAL, Writer.UNKNOWN) and not danger:
        return Decision(Journey.HANDOVER, reason="a move between areas")
    journey = WRITER_JOURNEYS.get(writer, fallback)
    if journey is None:
        return None
    return Decision(journey, danger_advice=danger, reason=f"written by {writer.value}")


def contradicts(journey: Journey, reading: Reading) -> bool:
    """True when the words plainly say someone else is writing than the intent's journey is for."""
    writer = reading.writer
    if writer is Writer.RESIDENT and journey is Journey.CONCERN:
        return True  # what a neighbour saw, with nothing of a professional's about it: a tip
    if writer is Writer.UNKNOWN or not reading.sure:
        return False
    if journey in (Journey.PARENT, Journey.SUPPORT) and writer is Writer.RESIDENT:
        return True  # "I'm a pensioner ... a young man keeps knocking": a neighbour's tip
    if journey in (Journey.CONCERN, Journey.TIP, Journey.SIGNPOST, Journey.PARENT):
        if writer in (Writer.YOUNG_PERSON, Writer.FRIEND):
            # a young person asking who can help them is asking for support
            return (reading.discloses or reading.distress or journey is not Journey.SIGNPOST
                    or writer is Writer.YOUNG_PERSON)
    if journey in (Journey.CONCERN, Journey.TIP, Journey.SUPPORT, Journey.HANDOVER):
        if writer is Writer.PARENT:
            return True
    if journey in (Journey.TIP, Journey.SUPPORT, Journey.PARENT) and writer is Writer.PROFESSIONAL:
        return True
    if journey is Journey.SIGNPOST and writer is Writer.PARENT and not reading.asks_for_services:
        return True
    if journey is not Journey.HEALTH and writer is Writer.HEALTH and reading.injury:
        return True  # health staff describing a patient's injury: whatever the intent, a hospital referral
    if journey is Journey.CONCERN and writer is Writer.RESIDENT:
        return True  # what a neighbour saw, with nothing of a professional's about it: a tip
    return False

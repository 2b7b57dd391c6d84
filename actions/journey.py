"""action_choose_journey: every message outside a form is read by the core, which picks the journey.

The NLU's intent is one input; the core's reading of the words is the other
(:func:`frontdoor.understanding.choose_journey`). The action says what must
come first — the 999 advice in danger, Childline for a young person, a reply
in the person's own language — and
sets the ``journey`` slot, on which the rules in ``bot/data/rules`` start the
journey's form or answer.
"""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import conversation, prompts, safety
from actions.runtime import core
from actions.session import channel_of
from frontdoor.understanding import Journey, choose_journey

log = logging.getLogger(__name__)

#: What each journey says before its rule takes over (the 999 advice is added separately).
PREAMBLES = {
    Journey.COMFORT: "comfort",
    Journey.NOT_UNDERSTOOD: "not_understood",
    Journey.SOMEONE_ELSE: "who_is_reporting",
}


def answer_response(intent: str) -> str:
    """Return the response that answers a question intent: ``ask_privacy`` → ``utter_privacy``."""
    return "utter_" + intent.removeprefix("ask_")


class ActionChooseJourney(Action):
    """action_choose_journey: read the message, say what comes first, set ``journey``."""

    def name(self) -> str:
        return "action_choose_journey"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        message = conversation.message(tracker)
        decision = choose_journey(message)
        log.debug("journey %s (%s)", decision.journey.value, decision.reason)
        channel = channel_of(tracker)
        warned = safety.warn(dispatcher, tracker) if decision.danger_advice else safety.warned(dispatcher, tracker)
        if decision.journey is Journey.SUPPORT:
            prompts.say(dispatcher, "journey", "support_intro" if warned else "support_safety", channel)
        elif decision.journey is Journey.OTHER_LANGUAGE:
            dispatcher.utter_message(text=core().reader.languages.reply(decision.language).text)
        elif decision.journey is Journey.ANSWERED and decision.answer:
            dispatcher.utter_message(response=answer_response(decision.answer))
        elif decision.journey in PREAMBLES:
            prompts.say(dispatcher, "journey", PREAMBLES[decision.journey], channel)
        return [SlotSet("journey", decision.journey.value)]


class ActionNotUnderstood(Action):
    """action_not_understood: the dialogue cannot go on (no rule applies); ask again, nothing lost.

    Rasa's core fallback (``bot/config.yml``): says so and forgets the last
    message, as Rasa's own default fallback does.
    """

    def name(self) -> str:
        return "action_not_understood"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: DomainDict) -> list[EventType]:
        prompts.say(dispatcher, "journey", "not_understood", channel_of(tracker))
        return [UserUtteranceReverted()]

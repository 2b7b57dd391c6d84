"""Which journey a message starts: the rules (:data:`JOURNEY_RULES`), tested as one table."""

from __future__ import annotations

from collections.abc import Callable

from frontdoor.understanding.journeys import (
    ANSWER_INTENTS,
    DANGER_INTENT,
    EMERGENCY_NUMBERS,
    INTENT_JOURNEYS,
    QUESTION_RANKED,
    QUESTION_WORDS,
    QUESTIONS,
    SMALL_TALK,
    Decision,
    Journey,
    Message,
    by_writer,
    contradicts,
    parent_decision,
)
from frontdoor.understanding.questions import about_someone, generic_question, particular, questioning
from frontdoor.understanding.reading import MessageKind, Writer, nlu_says_danger
from frontdoor.understanding.record import STORY_WORDS


def choose_journey(message: Message) -> Decision:
    """Return the journey a message outside any form starts (see :data:`JOURNEY_RULES`)."""
    for rule in JOURNEY_RULES:
        decision = rule(message)
        if decision is not None:
            return decision
    return Decision(Journey.NOT_UNDERSTOOD, reason="nothing to go on")


def _button(message: Message) -> Decision | None:
    """A button is what it says (the danger button: a tip with the 999 advice)."""
    if message.reading.kind is not MessageKind.PAYLOAD:
        return None
    if message.intent == DANGER_INTENT:
        return Decision(Journey.TIP, danger_advice=True, reason="the danger button")
    if message.intent == "parent_worried" or message.entities.get("reporter_role") == "parent":
        return parent_decision(message, False) if message.intent == "report_concern" else Decision(Journey.PARENT)
    journey = INTENT_JOURNEYS.get(message.intent or "")
    if journey is not None:
        return Decision(journey, reason="a button")
    return Decision(Journey.ANSWER, reason="a button")


def _not_words(message: Message) -> Decision | None:
    """Emoji, another language, gibberish or a bare link: no words to go on."""
    reading = message.reading
    if reading.kind is MessageKind.EMOJI:
        return Decision(Journey.COMFORT, reason="emoji only")
    if reading.kind is MessageKind.OTHER_LANGUAGE:
        return Decision(Journey.OTHER_LANGUAGE, language=reading.language, reason=f"written in {reading.language}")
    if reading.kind in (MessageKind.GIBBERISH, MessageKind.LINK):
        return Decision(Journey.NOT_UNDERSTOOD, reason=reading.kind.value)
    if reading.has_link and not reading.discloses and reading.writer is Writer.UNKNOWN:
        # A link with words that say nothing about anyone at risk: spam, or a pasted page.
        return Decision(Journey.NOT_UNDERSTOOD, reason="a link")
    return None


def _danger(message: Message) -> Decision | None:
    """Danger now: the 999 advice first, then the journey of whoever is writing."""
    reading = message.reading
    health = reading.writer is Writer.HEALTH or (message.confident and message.intent == "hospital_referral")
    if not (reading.danger_now or (nlu_says_danger(message.danger_score) and not health)):
        return None
    if message.confident and message.intent == EMERGENCY_NUMBERS and not reading.indicators:
        return None  # "what number do I call in an emergency?": the answer gives 999 itself
    intended = INTENT_JOURNEYS.get(message.intent or "") if message.confident else None
    if intended is Journey.PARENT and not contradicts(Journey.PARENT, reading):
        return parent_decision(message, True)
    if intended in (Journey.HANDOVER, Journey.HEALTH) and reading.writer in (Writer.PROFESSIONAL, Writer.HEALTH,
                                                                           Writer.UNKNOWN):
        # A professional handing over someone under threat, or a nurse whose patient is: their own journey.
        return Decision(intended, danger_advice=True, reason=f"danger, intent {message.intent}")
    if intended is Journey.SIGNPOST or intended is None:
        intended = Journey.TIP
    return by_writer(message, True, intended) or Decision(intended, danger_advice=True)


def _question(message: Message) -> Decision | None:
    """A plain question the NLU took for a report or did not know: answered if a question ranks.

    "Does reporting here count as reporting to the police?" reads like a tip to
    the NLU; with nothing reported in it (no indicators, nobody named, no age or
    place, no distress) and a question intent among the NLU's next guesses, it
    gets that question's answer.
    """
    reading = message.reading
    if message.intent in ANSWER_INTENTS and message.confident:
        return None
    if (not questioning(reading) or (reading.discloses and not generic_question(reading)) or reading.distress
            or reading.asks_to_report
            or reading.age is not None
            or reading.places or reading.subject_name or reading.words > QUESTION_WORDS or reading.moves
            or reading.asks_for_services):
        return None
    if reading.writer is Writer.YOUNG_PERSON and reading.sure:
        return None  # "what happens if i tell u who's making me do it": a young person telling
    ranked = [(name, confidence) for name, confidence in ((message.intent or "", message.confidence),
                                                          *message.ranking)
              if name in QUESTIONS and confidence >= QUESTION_RANKED]
    if not ranked:
        return None
    name = max(ranked, key=lambda item: item[1])[0]
    return Decision(Journey.ANSWERED, answer=name, reason=f"a question: {name}")


def _intent(message: Message) -> Decision | None:
    """A confident intent, unless the words plainly say someone else is writing."""
    if not message.confident:
        return None
    reading = message.reading
    journey = INTENT_JOURNEYS.get(message.intent or "")
    if journey is not None:
        if contradicts(journey, reading):
            return by_writer(message, False, journey)
        if journey is Journey.PARENT:
            return parent_decision(message, False)
        if journey is Journey.CONCERN and reading.relocating and reading.writer in (Writer.PROFESSIONAL,
                                                                                  Writer.UNKNOWN):
            return Decision(Journey.HANDOVER, reason="a move between areas")
        if (journey is Journey.SIGNPOST and reading.sure and reading.writer is not Writer.UNKNOWN and (
                (not questioning(reading) and (reading.discloses or reading.age is not None))
                or (reading.writer is Writer.PROFESSIONAL and about_someone(reading)
                    and not reading.asks_for_services))):
            # "Probation here. Case is 20M, wants to exit, Southwark. Looking to refer.": a referral.
            decision = by_writer(message, False, None)
            if decision is not None:
                return decision
        if (journey is Journey.SIGNPOST and reading.relocating and reading.words >= STORY_WORDS
                and reading.writer in (Writer.PROFESSIONAL, Writer.UNKNOWN)):
            return Decision(Journey.HANDOVER, reason="a move between areas, with someone to hand over")
        if (journey is Journey.CONCERN and reading.asks_for_services and reading.asks_question
                and reading.writer is not Writer.PARENT and not particular(reading)):
            return Decision(Journey.SIGNPOST, reason="a question about services")
        return Decision(journey, reason=f"intent {message.intent}")
    if message.intent in ANSWER_INTENTS:
        small_talk = message.intent in SMALL_TALK
        if (not questioning(reading) and reading.sure and reading.writer is not Writer.UNKNOWN
                and (reading.discloses or reading.age is not None) and not reading.distress):
            # "Teacher in Erith. Pupil, 13, came in today with a black eye ...": a report, not a question.
            decision = by_writer(message, False, None)
            if decision is not None:
                return decision
        if small_talk and reading.discloses and reading.writer is not Writer.UNKNOWN:
            return by_writer(message, False, None)
        if reading.writer is Writer.YOUNG_PERSON and reading.sure:
            # "what happens if i tell u who's making me do it": a young person telling, not just asking.
            return Decision(Journey.SUPPORT, reason="a young person's question about their own situation")
        if small_talk and reading.distress:
            return Decision(Journey.COMFORT, reason="distress")
        return Decision(Journey.ANSWER, reason=f"intent {message.intent}")
    return None


#: Indicators that name a feeling: said of oneself they are distress, not a disclosure of harm.
FEELINGS = frozenset({"behaviour_change"})
#: Journeys of adults doing their job: "can you help me hand over a case" is not distress.
_WORK = frozenset({Journey.CONCERN, Journey.TIP, Journey.SIGNPOST, Journey.HEALTH, Journey.HANDOVER})


def _distress(message: Message) -> Decision | None:
    """Distress with nothing about harm in the words: a warm reply (it says to call 999 in danger too).

    Before the NLU's danger score: "can't stop crying" is not a 999 call by itself.
    """
    reading = message.reading
    working = message.confident and INTENT_JOURNEYS.get(message.intent or "") in _WORK
    # Feeling scared or anxious is the distress itself, not a sign of harm to report.
    harm = set(reading.indicators) - FEELINGS
    telling = reading.writer is Writer.YOUNG_PERSON and reading.sure  # "they make me hold stuff ... scared"
    detail = reading.age is not None or bool(reading.places)  # "need help getting out. sidcup. 17"
    if (reading.distress and not harm and not telling and not detail and not reading.danger_now
            and not reading.asks_to_report
            and reading.kind is MessageKind.TEXT and not working):
        return Decision(Journey.COMFORT, reason="distress without detail")
    return None


def _unsure(message: Message) -> Decision | None:
    """The NLU is unsure: the words decide (who is writing, else a choice when someone is at risk)."""
    reading = message.reading
    if (reading.asks_question and not reading.discloses and not reading.distress
            and message.intent in ANSWER_INTENTS and message.confidence >= 0.4):
        return Decision(Journey.ANSWER, reason=f"a question, intent {message.intent} (unsure)")
    if reading.moves and reading.writer in (Writer.PROFESSIONAL, Writer.UNKNOWN) and len(reading.places) >= 2:
        return Decision(Journey.HANDOVER, reason="a move between two areas")
    if (reading.asks_for_services and reading.writer in (Writer.PROFESSIONAL, Writer.UNKNOWN)
            and not (about_someone(reading) and reading.writer is Writer.PROFESSIONAL)):
        return Decision(Journey.SIGNPOST, reason="a question about services")
    if reading.writer is not Writer.UNKNOWN and (reading.discloses or reading.distress or reading.asks_to_report
                                                 or reading.age is not None or reading.words >= 6):
        decision = by_writer(message, False, None)
        if decision is not None:
            return decision
    if reading.discloses:
        if message.channel == "sms":
            return Decision(Journey.TIP, reason="risk to someone, by text message")
        return Decision(Journey.SOMEONE_ELSE, reason="risk to someone, writer unclear")
    if reading.distress:
        return Decision(Journey.COMFORT, reason="distress")
    if message.intent in ANSWER_INTENTS and message.confidence >= 0.4:
        return Decision(Journey.ANSWER, reason=f"intent {message.intent} (unsure)")
    return None


#: The journey rules, in order: the first that decides wins.
#:
#: 1. a button is what it says;
#: 2. emoji only → a warm reply; another language → a reply in it; gibberish or a bare link → no journey;
#: 3. distress with nothing about harm or danger in the words ("i can't cope") → a warm reply that
#:    asks what is happening (and says to call 999 in danger);
#: 4. danger now → the 999 advice first, then the journey of whoever is writing;
#: 5. a plain question with nothing reported in it → its answer, even if the NLU's top guess is a report;
#: 6. a confident intent, unless the words plainly say someone else is writing;
#: 7. unsure: the words decide (who is writing, else a choice when someone is at risk).
JOURNEY_RULES: tuple[Callable[[Message], Decision | None], ...] = (
    _button, _not_words, _distress, _danger, _question, _intent, _unsure)

"""Understanding people in their own words: every message read, a record of what was said, the journey.

Three pure pieces, used by the chat and SMS shells through the action server:

- :class:`Reader` reads one message into a :class:`Reading`: what kind of
  message it is (words, a button, emoji only, gibberish, a bare link, another
  language), the indicators and danger the core's analyser finds, the places,
  an age, a role the writer claims, schools and names said plainly, a time,
  and who seems to be writing (a young person about themselves or a friend, a
  parent, a professional, health staff, a resident).
- :class:`Record` is what a person has said so far in a conversation: the
  readings of their messages in order, each with the question it answered.
  Forms fill their questions from it, and its :meth:`Record.account` is what
  the SPOC reads as the report: the opening and every later disclosure, in order.
- :func:`choose_journey` decides which journey a message starts, from the
  intent the NLU found (and how sure it was) and the reading; when the NLU is
  unsure, or its intent contradicts what the words plainly say, the reading
  decides. The rules are a table (:data:`JOURNEY_RULES`), tested as one.

:func:`screen_answer` says what to do with an answer to a question that is not
that kind of thing, or that carries danger ("he's outside the school gates now
with a knife" typed as the area): keep it as a disclosure, give the 999 advice
when it carries risk, and ask the question again unless a clean value (a known
place, an age) can be taken from it.

Nothing here does I/O. Build a :class:`Reader` once per process.
The modules:

- :mod:`~frontdoor.understanding.reading`: :class:`Reading` and the kinds of message and writer;
- :mod:`~frontdoor.understanding.reader`: the :class:`Reader`;
- :mod:`~frontdoor.understanding.writer_words` and :mod:`~frontdoor.understanding.writer`: who is writing;
- :mod:`~frontdoor.understanding.details`: injuries, moves, times, schools and names;
- :mod:`~frontdoor.understanding.questions`: questions and distress;
- :mod:`~frontdoor.understanding.gibberish`: emoji, gibberish and links;
- :mod:`~frontdoor.understanding.record`: the :class:`Record` of a conversation;
- :mod:`~frontdoor.understanding.journeys` and :mod:`~frontdoor.understanding.choosing`: which journey;
- :mod:`~frontdoor.understanding.screening`: answers to questions.
"""

from frontdoor.understanding.choosing import FEELINGS, JOURNEY_RULES, choose_journey
from frontdoor.understanding.gibberish import LONG_WORD, is_gibberish
from frontdoor.understanding.journeys import (
    ANSWER_INTENTS,
    CONFIDENT,
    DANGER_INTENT,
    EMERGENCY_NUMBERS,
    INTENT_JOURNEYS,
    PARENT_STORY_WORDS,
    QUESTION_RANKED,
    QUESTION_WORDS,
    QUESTIONS,
    SMALL_TALK,
    WRITER_JOURNEYS,
    Decision,
    Journey,
    Message,
)
from frontdoor.understanding.questions import DISTRESS_STORY_WORDS, DISTRESS_WORDS
from frontdoor.understanding.reader import Reader
from frontdoor.understanding.reading import (
    DANGER_CONFIDENT,
    RISK,
    MessageKind,
    Reading,
    Writer,
    nlu_says_danger,
    with_danger_score,
)
from frontdoor.understanding.record import STORY_WORDS, Record, Said, read_conversation
from frontdoor.understanding.screening import AnswerKind, Screened, screen_answer

__all__ = [
    "ANSWER_INTENTS",
    "CONFIDENT",
    "DANGER_CONFIDENT",
    "DANGER_INTENT",
    "DISTRESS_STORY_WORDS",
    "DISTRESS_WORDS",
    "EMERGENCY_NUMBERS",
    "FEELINGS",
    "INTENT_JOURNEYS",
    "JOURNEY_RULES",
    "LONG_WORD",
    "PARENT_STORY_WORDS",
    "QUESTIONS",
    "QUESTION_RANKED",
    "QUESTION_WORDS",
    "RISK",
    "SMALL_TALK",
    "STORY_WORDS",
    "WRITER_JOURNEYS",
    "AnswerKind",
    "Decision",
    "Journey",
    "Message",
    "MessageKind",
    "Reader",
    "Reading",
    "Record",
    "Said",
    "Screened",
    "Writer",
    "choose_journey",
    "is_gibberish",
    "nlu_says_danger",
    "read_conversation",
    "screen_answer",
    "with_danger_score",
]

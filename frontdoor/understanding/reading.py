"""What one message says: its kind, who seems to write it, and the NLU's danger score."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from frontdoor import taxonomy
from frontdoor.extraction import normalise
from frontdoor.model import ReporterRole


class MessageKind(str, enum.Enum):
    """What sort of message this is, before what it says."""

    TEXT = "text"
    PAYLOAD = "payload"  # a button's payload, "/report_concern"
    EMOJI = "emoji"  # emoji or symbols, no words
    GIBBERISH = "gibberish"
    LINK = "link"  # links and nothing readable
    OTHER_LANGUAGE = "other_language"


class Writer(str, enum.Enum):
    """Who seems to be writing, from the words alone."""

    YOUNG_PERSON = "young_person"  # about their own situation
    FRIEND = "friend"  # a young person about a friend
    PARENT = "parent"  # a parent or carer about their own child
    PROFESSIONAL = "professional"
    HEALTH = "health"
    RESIDENT = "resident"
    UNKNOWN = "unknown"


#: Serious-harm indicators: said in answer to a question they get the 999 advice.
RISK = frozenset(taxonomy.in_group(frozenset(taxonomy.CODES), taxonomy.Group.SERIOUS_HARM))


#: The NLU's danger score alone gets the 999 advice at this or above: safety first, so a
#: message the NLU thinks even half likely to be about danger now gets the advice (a
#: needless 999 line costs little; a missed one may cost a life).
DANGER_CONFIDENT = 0.5


def nlu_says_danger(score: float) -> bool:
    """Return True when the NLU's ``immediate_danger`` score calls for the 999 advice."""
    return score >= DANGER_CONFIDENT


def with_danger_score(reading: Reading, score: float) -> Reading:
    """Return ``reading`` marked as danger now when the NLU is sure enough that it is (words only)."""
    if reading.readable and not reading.danger_now and nlu_says_danger(score):
        return replace(reading, danger_now=True)
    return reading


def plain_text(text: str) -> str:
    """Return ``text`` normalised, lower case, apostrophes plain."""
    return normalise(text).lower().replace("\u2019", "'").replace("`", "'")


@dataclass(frozen=True)
class Reading:
    """What one message says, as far as rules can tell."""

    text: str
    kind: MessageKind
    language: str | None = None
    indicators: tuple[str, ...] = ()
    danger_now: bool = False
    places: tuple[tuple[str, str], ...] = ()
    age: int | None = None
    role: ReporterRole | None = None
    organisation: str | None = None
    school: str | None = None
    subject_name: str | None = None
    own_name: str | None = None
    when: str | None = None
    writer: Writer = Writer.UNKNOWN
    #: The words show plainly who is writing (a role, "my son", "they make me run").
    sure: bool = False
    distress: bool = False
    asks_to_report: bool = False
    handover: bool = False
    #: A move said less plainly (:data:`MOVE`), or a handover.
    moves: bool = False
    #: A move (:attr:`moves`) and places in two different areas: someone going from one area to another.
    moves_between: bool = False
    injury: bool = False
    words: int = 0
    #: The message carries a link or markup besides its words (spam, a pasted page).
    has_link: bool = False
    #: The message asks which services exist or where to refer someone.
    asks_for_services: bool = False
    #: The message ends with a question.
    asks_question: bool = False

    @property
    def risk(self) -> bool:
        """True when the message says someone may be in danger, or names a serious harm."""
        return self.danger_now or bool(RISK.intersection(self.indicators))

    @property
    def relocating(self) -> bool:
        """True when the words say someone is moving: a handover, or a move between two areas."""
        return self.handover or self.moves_between

    @property
    def discloses(self) -> bool:
        """True when the message tells something about harm or exploitation (part of the account)."""
        return self.danger_now or bool(self.indicators)

    @property
    def readable(self) -> bool:
        """True for words in English (not a button, emoji, gibberish, a link or another language)."""
        return self.kind is MessageKind.TEXT

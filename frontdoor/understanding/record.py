"""The conversation so far: what a person has said, read message by message, and the account of it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar, cast, overload

from frontdoor import taxonomy
from frontdoor.model import ReporterRole
from frontdoor.understanding.details import PUPIL, SCHOOLS
from frontdoor.understanding.reader import Reader
from frontdoor.understanding.reading import Reading, Writer, plain_text, with_danger_score

T = TypeVar("T")
#: A message outside a form this long (in words) tells what is happening even without indicators.
STORY_WORDS = 25


@dataclass(frozen=True)
class Said:
    """One message the person sent, the question it answered (None outside a form), and the NLU's
    ``immediate_danger`` score for it."""

    text: str
    asked: str | None = None
    danger_score: float = 0.0


class _FirstSaid(Generic[T]):
    """A :class:`Record` attribute: the first value of the :class:`Reading` attribute of the same name
    that any message said (None when none did)."""

    def __set_name__(self, owner: type[Record], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, record: None, owner: type[Record]) -> _FirstSaid[T]: ...

    @overload
    def __get__(self, record: Record, owner: type[Record]) -> T | None: ...

    def __get__(self, record: Record | None, owner: type[Record]) -> _FirstSaid[T] | T | None:
        if record is None:
            return self
        for reading in record.readings:
            value = getattr(reading, self._name)
            if value:
                return cast(T, value)
        return None


@dataclass(frozen=True)
class Record:
    """What a person has said in a conversation so far, read message by message, in order."""

    said: tuple[tuple[Said, Reading], ...] = ()

    @property
    def readings(self) -> tuple[Reading, ...]:
        """The readings of the messages, in order."""
        return tuple(reading for _, reading in self.said)

    #: The first of each of these said in any message (a value that is empty or 0 is not said).
    age = _FirstSaid[int]()
    role = _FirstSaid[ReporterRole]()
    organisation = _FirstSaid[str]()
    school = _FirstSaid[str]()
    subject_name = _FirstSaid[str]()
    own_name = _FirstSaid[str]()
    when = _FirstSaid[str]()

    @property
    def indicators(self) -> tuple[str, ...]:
        """Every indicator found in anything said, in taxonomy order."""
        found: set[str] = set()
        for reading in self.readings:
            found.update(reading.indicators)
        return taxonomy.validate_codes(sorted(found))

    @property
    def danger_now(self) -> bool:
        """True when any message says someone may be in danger now."""
        return any(r.danger_now for r in self.readings)

    @property
    def place(self) -> str | None:
        """The first place named (as written)."""
        for reading in self.readings:
            if reading.places:
                return reading.places[0][0]
        return None

    @property
    def writer(self) -> Writer:
        """The strongest evidence of who is writing, from any message."""
        for writer in (Writer.HEALTH, Writer.PROFESSIONAL, Writer.PARENT, Writer.YOUNG_PERSON, Writer.FRIEND,
                       Writer.RESIDENT):
            if any(r.writer is writer for r in self.readings):
                return writer
        return Writer.UNKNOWN

    @property
    def pupil_of_writer(self) -> bool:
        """True when someone at a school speaks of the young person as their pupil ("a pupil in Year 9")."""
        at_school = self.role is ReporterRole.TEACHER or bool(self.organisation and SCHOOLS.search(self.organisation))
        return at_school and any(PUPIL.search(plain_text(r.text)) for r in self.readings)

    def story(self) -> str | None:
        """The first message typed outside a form that tells what is happening.

        One that names harm or its signs (indicators, danger), or a long one
        (:data:`STORY_WORDS` words); "I'd like to make a referral" is not a story.
        """
        for said, reading in self.said:
            if reading.readable and said.asked is None and (reading.discloses or reading.words >= STORY_WORDS):
                return said.text.strip()
        return None

    def disclosures(self, narrative: Iterable[str] = (), labels: Mapping[str, str] | None = None, *,
                    outside: bool = False) -> list[str]:
        """Return what was said about harm in answer to questions other than ``narrative``, in order.

        With ``outside``, what was said about harm outside the form comes too (the
        opening: "an Osman warning was served on him last week"), for forms whose
        report is built from their answers rather than from an account.
        """
        wanted = frozenset(narrative)
        return [_labelled(said, labels) for said, reading in self.said
                if reading.readable and reading.discloses
                and (said.asked not in wanted if said.asked is not None else outside)]

    def account(self, narrative: Iterable[str] = (), labels: Mapping[str, str] | None = None) -> list[str]:
        """Return what the SPOC reads as the report: the opening and every later disclosure, in order.

        A message is part of it when it was typed outside a form and tells
        something (indicators, danger, or a dozen words), when it answers a
        question in ``narrative`` (the description questions), or when it
        discloses harm whatever it answered. A disclosure typed in answer to
        another question says which ("Said when asked for their name: ...",
        with the question's label from ``labels``). Each message appears once.
        """
        wanted = frozenset(narrative)
        lines: list[str] = []
        seen: set[str] = set()
        for said, reading in self.said:
            text = re.sub(r"\s+", " ", said.text).strip()
            if not text or not reading.readable or text.lower() in seen:
                continue
            if said.asked in wanted or (said.asked is None and (reading.discloses or reading.words >= 12 or reading.distress)):
                line = text
            elif reading.discloses:
                line = _labelled(said, labels)
            else:
                continue
            seen.add(text.lower())
            lines.append(line)
        return lines


def _labelled(said: Said, labels: Mapping[str, str] | None) -> str:
    """``said`` as a line of the account, saying which question it was typed in answer to."""
    text = re.sub(r"\s+", " ", said.text).strip()
    if said.asked is None:
        return text
    label = (labels or {}).get(said.asked, said.asked.replace("_", " "))
    return f"(Said when asked about {label[:1].lower() + label[1:]}:) {text}"


def read_conversation(reader: Reader, said: Iterable[Said]) -> Record:
    """Return the record of ``said`` (each message read once, danger as the NLU saw it too; buttons skipped)."""
    return Record(tuple((s, with_danger_score(reader.read(s.text), s.danger_score)) for s in said
                        if s.text and not s.text.lstrip().startswith("/")))

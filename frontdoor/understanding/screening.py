"""Answers to questions: what to do with an answer that is not that kind of thing, or carries danger."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from frontdoor.understanding.reading import Reading, plain_text


class AnswerKind(str, enum.Enum):
    """What kind of thing a question asks for."""

    NAME = "name"
    PLACE = "place"
    AGE = "age"
    SCHOOL = "school"
    ORGANISATION = "organisation"
    ROLE = "role"
    CONTACT = "contact"
    WHEN = "when"
    CHOICE = "choice"
    YES_NO = "yes_no"  # also the summary's "Yes, send it" / "Change something"
    DATE = "date"
    NARRATIVE = "narrative"  # the description questions: anything said there is the account


@dataclass(frozen=True)
class Screened:
    """What to do with an answer before the question's own parser sees it."""

    #: Give the 999 advice (once this turn).
    danger_advice: bool = False
    #: The answer tells of harm: it is kept in the account whatever happens to the slot.
    disclosure: bool = False
    #: Do not store the answer; ask the question again (after saying why).
    reask: bool = False
    #: A clean value taken from an answer that also discloses (a known place, an age, a time).
    value: str | None = None


_LEADING_AGE = re.compile(r"^\W*(?:about|around|roughly|maybe|approx\.?|prob(?:ably)?|like)?\s*(\d{1,2})\b")


def screen_answer(reading: Reading, kind: AnswerKind) -> Screened:
    """Return what to do with an answer of ``kind`` whose reading is ``reading``.

    Danger or a serious harm in an answer gets the 999 advice, and such an
    answer is never stored as a name, school, organisation, role or choice;
    for a place, an age or a time the clean value is kept when one can be
    taken from it ("Sidcup", "15"), otherwise the question is asked again.
    Other disclosures (early signs, exploitation) are kept in the account and
    the question's own parser decides. Yes/no answers and descriptions are
    parsed as usual.
    """
    if kind is AnswerKind.YES_NO:
        # A yes or no to a question about risk ("continuing threats?") names the risk:
        # only danger now calls for the advice here (the question's own parser handles "yes").
        return Screened(danger_advice=reading.readable and reading.danger_now,
                        disclosure=reading.readable and reading.discloses)
    if kind in (AnswerKind.NAME, AnswerKind.ROLE, AnswerKind.ORGANISATION) and reading.readable and \
            reading.discloses and not reading.risk:
        # "he's in a gang now" is never a name: kept in the account, the question asked again.
        return Screened(disclosure=True, reask=True)
    if not reading.readable or kind is AnswerKind.NARRATIVE or not reading.risk:
        # Early signs or exploitation in an answer are kept in the account; the question's
        # own parser decides whether the answer is still usable ("not in school" is a school answer).
        return Screened(danger_advice=reading.readable and reading.risk,
                        disclosure=reading.readable and reading.discloses)
    value: str | None = None
    if kind is AnswerKind.PLACE and reading.places:
        value = reading.places[0][0]
    elif kind is AnswerKind.AGE:
        leading = _LEADING_AGE.match(plain_text(reading.text))
        age = reading.age if reading.age is not None else (int(leading.group(1)) if leading else None)
        value = str(age) if age is not None and 1 <= age <= 99 else None
    elif kind in (AnswerKind.WHEN, AnswerKind.DATE):
        value = reading.when
    return Screened(danger_advice=reading.risk, disclosure=True, reask=value is None, value=value)

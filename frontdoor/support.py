"""Signposting young people and the adults around them: needs from what they say.

A young person's opening message ("i want out but i owe them") names what they
need help with. :func:`needs_for` turns the journey they started (the intent)
and keywords in their own words into needs of the services directory's
vocabulary (:data:`frontdoor.directory.NEEDS`), so :meth:`Directory.match` can
rank services for them. :func:`details_from_text` reads an age, a gender and
needs from an adult's question ("a 14-year-old girl being groomed in Medway").
Pure functions: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from frontdoor.directory import NEEDS
from frontdoor.extraction import normalise

#: Needs every journey starts with, by the intent that started it.
INTENT_NEEDS: dict[str, tuple[str, ...]] = {
    "parent_worried": ("family_support",),
    "ask_where_to_refer": (),
}

#: Keywords (regular expressions over lower-cased text) and the need they show.
#: Slang and common misspellings are included as young people write them.
KEYWORDS: tuple[tuple[str, str], ...] = (
    (r"\b(?:want(?:s|ing)?|wanna|tryna|trying to|need to|help(?:ing)? (?:me|him|her|them)?\s*)\s*(?:get )?out\b",
     "exit_support"),
    (r"\b(?:leave|leaving|quit|quitting|exit|get away from|step away|walk away)\b", "exit_support"),
    (r"\b(?:gang|gangs|county lines|going country|ot|line|trap|shotting|selling|sell|run(?:ning)? drugs)\b",
     "exit_support"),
    (r"\b(?:owe|owes|owed|owing|0we|debt|debts|pay (?:them|it) back|robbed|took my|set up|setup)\b",
     "debt_or_threats"),
    (r"\b(?:threat\w*|threaten\w*|forc\w*|made to|making me|make me|blackmail\w*)\b", "debt_or_threats"),
    (r"\b(?:scared|scarred|afraid|frightened|fear|unsafe|not safe|threat\w*|hurt|beat|beaten|stab\w*|"
     r"shank|nank|blade|knife|weapon|strap|gun|shot|jumped|violence|violent|attack\w*)\b", "violence"),
    (r"\b(?:groom\w*|sexual\w*|sex|nudes|pics|photos of me|abuse\w*|exploited sexually|cse)\b", "sexual_exploitation"),
    (r"\b(?:anxious|anxiety|depress\w*|stress\w*|can'?t sleep|self[- ]harm\w*|suicid\w*|mental|"
     r"can'?t cope|cant cope|panic\w*)\b", "mental_health"),
    (r"\b(?:school|college|job|training|apprentice\w*|excluded|exclusion|course|pru)\b",
     "education_employment"),
    (r"\b(?:mum|mom|dad|parent|parents|family|carer|carers|my son|my daughter|my child|my kid|home)\b",
     "family_support"),
    (r"\b(?:report|tell the police|anonymous\w*|crimestoppers)\b", "reporting"),
)
_COMPILED = tuple((re.compile(pattern), need) for pattern, need in KEYWORDS)

_AGE = re.compile(r"\b(\d{1,2})\s*(?:-|\s)?\s*(?:years?|yrs?|yo|y/o)\b(?:[\s-]*old)?|\baged?\s+(\d{1,2})\b"
                  r"|\b(?:i'?m|im|i am|he'?s|she'?s|hes|shes|they'?re)\s+(?:only |just |nearly |almost )?(\d{1,2})\b"
                  r"(?!\s*(?:mins?|minutes|hours?|hrs?|days?|weeks?|months?|am|pm|o'?clock|miles?|%))"
                  # "my son is 15", "my son Callum who's 15", "my daughter, Amy, is 14", "my sons 17" (no apostrophe)
                  r"|\b(?:son|daughter|boy|girl|child|kid|he|she|grandson|granddaughter|brother|sister|nephew|niece)"
                  r"(?:,?\s+[a-z][a-z'-]+,?(?=\s+(?:is|was|who|turned|just)\b|'s))?"
                  r"(?:\s+is|\s+was|'s|\s+who\s+is|\s+who's|\s+turned|\s+just\s+turned|(?<=son)s|(?<=daughter)s)"
                  r"\s+(?:only |just |nearly |almost )?"
                  r"(\d{1,2})\b(?!\s*(?:mins?|minutes|hours?|hrs?|days?|weeks?|months?|am|pm|o'?clock|miles?|%))")
_YEAR = re.compile(r"\b(?:year|yr)\s?(\d{1,2})\b")
_FEMALE = re.compile(r"\b(?:girl|girls|daughter|she|her|young woman|sister|niece)\b")
_MALE = re.compile(r"\b(?:boy|boys|son|he|him|his|young man|lad|brother|nephew)\b")


def needs_from_text(text: str) -> tuple[str, ...]:
    """Return the needs keywords in ``text`` show, in vocabulary order."""
    simple = normalise(text or "").lower().replace("\u2019", "'")
    found = {need for pattern, need in _COMPILED if pattern.search(simple)}
    return tuple(need for need in NEEDS if need in found)


def needs_for(intent: str | None, text: str = "", extra: Iterable[str] = ()) -> tuple[str, ...]:
    """Return the needs for a journey: the intent's own first, then keywords in ``text``.

    Unknown intents add nothing; the result holds only needs of the vocabulary,
    each once, the intent's needs first (they weigh most in matching).
    """
    ordered: list[str] = []
    for need in (*INTENT_NEEDS.get(intent or "", ()), *needs_from_text(text), *extra):
        if need in NEEDS and need not in ordered:
            ordered.append(need)
    return tuple(ordered)


@dataclass(frozen=True)
class Details:
    """What an adult's question says about the young person."""

    age: int | None
    gender: str | None
    needs: tuple[str, ...]


def age_from_text(text: str) -> int | None:
    """Return an age stated in ``text`` ("14-year-old", "aged 15", "i'm 16", "Year 10"), else None."""
    simple = normalise(text or "").lower().replace("\u2019", "'")
    match = _AGE.search(simple)
    if match:
        age = int(next(group for group in match.groups() if group))
        return age if 5 <= age <= 30 else None
    year = _YEAR.search(simple)
    if year and 1 <= int(year.group(1)) <= 13:
        return int(year.group(1)) + 4
    return None


def gender_from_text(text: str) -> str | None:
    """Return ``female`` or ``male`` when ``text`` says so plainly and only one of them."""
    simple = normalise(text or "").lower()
    female, male = bool(_FEMALE.search(simple)), bool(_MALE.search(simple))
    if female != male:
        return "female" if female else "male"
    return None


def details_from_text(text: str, intent: str | None = None) -> Details:
    """Return the age, gender and needs an adult's question gives."""
    return Details(age_from_text(text), gender_from_text(text), needs_for(intent, text))

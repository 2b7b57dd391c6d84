"""Match keys of a referral: keyed hashes of its young people's names, its place and its SMS sender.

Everything here is pure. A value is normalised (case, accents, punctuation and
spacing do not matter) and then hashed with the server's pseudonym key for its
purpose, so the stored keys say nothing about the person without the key, and
two referrals about the same young person share a key:

- ``name_age``: first and last name with the age (stored for the age and the
  age a year on, so ages reported up to a year apart still meet);
- ``name_dob``: first and last name with the date of birth (a handover's);
- ``name_school``: first and last name with the school;
- ``place``: the place or address given, unless it is only an area or town
  name from the routing table (too broad to say two reports are linked);
- ``sender``: the SMS sender's pseudonym.

A name with one word ("Sam") makes no key: a first name is shared by too many
young people to propose a link on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from frontdoor.handover.validation import age_on
from frontdoor.pseudonyms import Pseudonymiser

#: Why two referrals are proposed as related, by match kind.
REASONS = {
    "name_age": "same name and age",
    "name_dob": "same name and date of birth",
    "name_school": "same name and school",
    "place": "same place or address",
    "sender": "same SMS sender",
}
_NOT_WORD = re.compile(r"[^0-9a-z]+")
#: Common street words, so "12 Acacia Road" and "12 acacia rd." meet.
_STREET_WORDS = {"road": "rd", "street": "st", "avenue": "ave", "lane": "ln", "close": "cl", "drive": "dr",
                 "court": "ct", "crescent": "cres", "gardens": "gdns", "place": "pl", "square": "sq",
                 "terrace": "ter", "estate": "est", "flat": "flat", "the": ""}


def normalise(text: str | None) -> str:
    """Return ``text`` lower-cased, without accents or punctuation, single-spaced ('' for None)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def name_key(name: str | None) -> str | None:
    """Return the first and last word of a normalised name (None when fewer than two words)."""
    words = normalise(name).split()
    return f"{words[0]} {words[-1]}" if len(words) >= 2 else None


def place_key(place: str | None, broad: frozenset[str] = frozenset()) -> str | None:
    """Return a normalised place (street words shortened), None when empty or one of the ``broad`` names."""
    text = normalise(place)
    if not text or text in broad:
        return None
    words = [_STREET_WORDS.get(word, word) for word in text.split()]
    return " ".join(word for word in words if word) or None


@dataclass(frozen=True)
class Subject:
    """What identifies a young person on a referral (decrypted, never stored in this form)."""

    name: str | None
    age: int | None = None
    born: date | None = None
    school: str | None = None


def match_values(subjects: Iterable[Subject], place: str | None, sender: str | None, received: date,
                 broad: frozenset[str] = frozenset()) -> set[tuple[str, str]]:
    """Return the ``(kind, normalised value)`` pairs a referral is matched on (before hashing)."""
    values: set[tuple[str, str]] = set()
    for subject in subjects:
        name = name_key(subject.name)
        if name is None:
            continue
        age = age_on(subject.born, received) if subject.born else subject.age
        if age is not None:
            values.update(("name_age", f"{name}|{a}") for a in (age, age + 1))
        if subject.born:
            values.add(("name_dob", f"{name}|{subject.born.isoformat()}"))
        school = normalise(subject.school)
        if school:
            values.add(("name_school", f"{name}|{school}"))
    where = place_key(place, broad)
    if where:
        values.add(("place", where))
    if sender:
        values.add(("sender", sender))
    return values


def match_keys(keys: Pseudonymiser, values: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Return ``{keyed hash: kind}`` of ``values`` (``HMAC(pseudonym key, "related:" kind, value)``)."""
    return {keys.tag(f"related:{kind}", value): kind for kind, value in values}


def born_on(text: str | None) -> date | None:
    """Return the date of birth recorded as ``YYYY-MM-DD`` in a referral's details (None if absent or bad)."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None

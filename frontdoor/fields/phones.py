"""Phone numbers, read with ``phonenumbers``: UK numbers by default, others where the caller accepts them.

A number is accepted when ``phonenumbers`` says it is valid (so a number
written without a country code is read as a UK one), or when it is in the
ranges Ofcom keeps for drama and tests that ``phonenumbers`` calls invalid
(07700 900xxx, 01632 960xxx, 08081 570xxx, 03069 990xxx). A UK number shorter than nine digits after
the 0 (a helpline's short form such as 0800 1111) is not a number a person can
be reached on, and is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from frontdoor.errors import InvalidInput

#: The region a number written without a country code belongs to.
DEFAULT_REGION = "GB"
PHONE_PROBLEM = "That phone number does not look right."
#: Ofcom's numbers for drama that phonenumbers calls invalid, as national significant numbers.
_DRAMA = (range(7_700_900_000, 7_700_901_000), range(1_632_960_000, 1_632_961_000),
          range(8_081_570_000, 8_081_571_000), range(3_069_990_000, 3_069_991_000))
_SHORTEST_UK = 9
_LETTERS = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Phone:
    """A phone number read from an answer."""

    #: The number in E.164 form ("+447700900123").
    e164: str
    #: The number without spaces as it was dialled: "07700900123" for a UK number written
    #: without a country code, otherwise the E.164 form.
    compact: str


def _usable(number: phonenumbers.PhoneNumber, region: str, international: bool) -> bool:
    home = phonenumbers.country_code_for_region(region)
    if not international and number.country_code != home:
        return False
    significant = phonenumbers.national_significant_number(number)
    if number.country_code == 44:
        if significant.isdigit() and any(int(significant) in drama for drama in _DRAMA):
            return True
        if len(significant) < _SHORTEST_UK:
            return False
    return phonenumbers.is_valid_number(number)


def _phone(number: phonenumbers.PhoneNumber, region: str) -> Phone:
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if number.country_code_source == phonenumbers.CountryCodeSource.FROM_DEFAULT_COUNTRY and \
            number.country_code == phonenumbers.country_code_for_region(region):
        plain = phonenumbers.PhoneNumber(country_code=number.country_code, national_number=number.national_number,
                                         italian_leading_zero=number.italian_leading_zero,
                                         number_of_leading_zeros=number.number_of_leading_zeros)
        national = phonenumbers.format_number(plain, phonenumbers.PhoneNumberFormat.NATIONAL)  # no extension
        return Phone(e164, re.sub(r"\D", "", national))
    return Phone(e164, e164)


def _parse(text: str, region: str, international: bool) -> Phone:
    try:
        number = phonenumbers.parse(text.strip(), region, keep_raw_input=True)
    except phonenumbers.NumberParseException:
        raise InvalidInput(PHONE_PROBLEM, "phone") from None
    if not _usable(number, region, international):
        raise InvalidInput(PHONE_PROBLEM, "phone")
    return _phone(number, region)


def parse_phone(text: str, *, international: bool = True, region: str = DEFAULT_REGION) -> Phone:
    """Return the phone number ``text`` is ("07700 900123", "+44 (0)20 7946 0000", "0044 7700 900123").

    A number without a country code belongs to ``region``; numbers of other
    countries are accepted only when ``international`` is true. Letters are
    refused (no "0800 FLOWERS").

    Raises:
        InvalidInput: ``text`` is not a usable phone number (``field`` is ``phone``).
    """
    if not text or _LETTERS.search(text):
        raise InvalidInput(PHONE_PROBLEM, "phone")
    return _parse(text, region, international)


def find_phones(text: str, *, international: bool = True,
                region: str = DEFAULT_REGION) -> list[tuple[str, Phone]]:
    """Return the usable phone numbers in ``text``, each as ``(as written, number)``, in order."""
    found: list[tuple[str, Phone]] = []
    for match in phonenumbers.PhoneNumberMatcher(text or "", region, leniency=phonenumbers.Leniency.POSSIBLE):
        try:
            found.append((match.raw_string, _parse(match.raw_string, region, international)))
        except InvalidInput:
            continue
    return found


def find_phone(text: str, *, international: bool = True, region: str = DEFAULT_REGION) -> Phone | None:
    """Return the first usable phone number in ``text`` (see :func:`find_phones`), or None."""
    found = find_phones(text, international=international, region=region)
    return found[0][1] if found else None


def is_phone(text: str, *, international: bool = True) -> bool:
    """Return True when ``text`` is a usable phone number (see :func:`parse_phone`)."""
    try:
        parse_phone(text, international=international)
    except InvalidInput:
        return False
    return True


def holds_phone(text: str) -> bool:
    """Return True when a form's phone answer holds a usable phone number, of any country.

    People write more than a number in a phone field ("020 7946 0000 ext 12",
    "07700 900123 / 020 7946 0000"): it is accepted when at least one usable
    number is in it (see :func:`parse_phone`).
    """
    return is_phone(text) or bool(find_phones(text))


def spoken_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """Return the number ``text`` written for people to dial: "07700 900123" for a number of ``region``,
    "+33 1 23 45 67 89" for another country's, and ``text`` as given (trimmed) when it is not a number."""
    try:
        number = phonenumbers.parse(text.strip(), region)
    except phonenumbers.NumberParseException:
        return text.strip()
    home = number.country_code == phonenumbers.country_code_for_region(region)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL if home
                                      else phonenumbers.PhoneNumberFormat.INTERNATIONAL)

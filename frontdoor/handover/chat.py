"""Answers typed into a chat, one question at a time.

Each function turns a typed answer into the value :func:`~frontdoor.handover.handover_problems`
expects, or raises :class:`~frontdoor.errors.InvalidInput` with a message that
can be shown as a gentle re-ask.
"""

from __future__ import annotations

import re
from datetime import date

from frontdoor.answers import is_skip, parse_age, parse_contact, parse_date, parse_tristate
from frontdoor.errors import InvalidInput
from frontdoor.extraction import Analyser
from frontdoor.fields import MAX_SHORT, Consent, find_phones, remove_emails
from frontdoor.handover.model import AGENCIES, MAX_AGENCIES, Move, UrgentBecause
from frontdoor.model import PersonRole
from frontdoor.routing import RoutingTable


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower().replace("\u2019", "'")).rstrip(".!")


def parse_move(text: str) -> Move:
    """Return the move an answer describes: "planned" or "urgent" (also "emergency", "already moved").

    Raises:
        InvalidInput: neither could be read.
    """
    simple = _plain(text)
    if simple in {"1", "planned", "planned move"} or re.search(r"\bplann?ed\b|\bplanning\b|\bscheduled\b", simple):
        return Move.PLANNED
    if simple in {"2", "urgent", "urgent move"} or re.search(
            r"\burgent|\bemergency\b|\basap\b|\bimmediate|\balready moved\b|\bshort notice\b|\btoday\b|\btonight\b",
            simple):
        return Move.URGENT
    raise InvalidInput("Please say whether the move is planned or urgent.", "move")


def parse_urgent_because(text: str) -> UrgentBecause:
    """Return why an urgent move is urgent, from a yes/no answer to "because of gang violence or threats?".

    Raises:
        InvalidInput: the answer is neither yes nor no.
    """
    simple = _plain(text)
    if re.search(r"\bthreat|\bviolen|\battack|\bstabb|\bshot\b|\bgang", simple) and not simple.startswith("no"):
        return UrgentBecause.THREATS_OR_VIOLENCE
    if re.search(r"\b(?:an)?other reason|\bsomething else\b", simple):
        return UrgentBecause.OTHER
    try:
        answer = parse_tristate(text)
    except InvalidInput:
        answer = None
    if answer is True:
        return UrgentBecause.THREATS_OR_VIOLENCE
    if answer is False:
        return UrgentBecause.OTHER
    raise InvalidInput("Please answer yes (because of gang violence or threats) or no (another reason).",
                       "urgent_because")


def parse_consent(text: str) -> Consent:
    """Return the consent an answer states: yes (consented), no (not consented) or "not asked".

    "Not sure" counts as not asked: consent that cannot be confirmed was not given.

    Raises:
        InvalidInput: none of those could be read.
    """
    simple = _plain(text)
    if simple in {"3", "not asked", "not yet asked", "haven't asked", "have not asked", "didn't ask"} or re.search(
            r"\bnot (?:been |yet )?asked\b|\bhaven't asked\b|\bhasn't been asked\b|\bunable to ask\b|\bcouldn't ask\b",
            simple):
        return Consent.NOT_ASKED
    if re.search(r"\b(?:not|never) (?:consented|agreed)\b|n't (?:consented|agreed|consent|agree)\b|\bno consent\b|"
                 r"\bdid not consent\b|\bdoes not consent\b", simple):
        return Consent.NOT_CONSENTED
    if simple in {"1", "consented", "they consented", "he consented", "she consented", "agreed", "they agreed"} or (
            re.search(r"\b(?:has |have )?(?:consented|agreed|given consent)\b", simple)
            and not re.search(r"\bnot\b|n't\b|\brefused\b", simple)):
        return Consent.CONSENTED
    if simple in {"2", "refused", "declined"} or re.search(r"\brefused\b|\bdeclined\b|\bwithheld\b", simple):
        return Consent.NOT_CONSENTED
    try:
        answer = parse_tristate(text)
    except InvalidInput:
        raise InvalidInput("Please answer yes, no or not asked.", "consent") from None
    return Consent.from_tristate(answer)


def parse_person_role(text: str, age: int | None) -> PersonRole:
    """Return the moving person's role: at risk (a child or an adult, by ``age``) or a risk to others.

    The two are never inferred from each other: the answer must say which.
    An unknown age counts as possibly a child.

    Raises:
        InvalidInput: the answer says neither, or both.
    """
    simple = _plain(text)
    of_concern = bool(re.search(
        r"\brisk to others\b|\bperson of concern\b|\bconcern to others\b|\bperpetrator|\boffender\b|"
        r"\bnominal\b|\bexploiter\b|\bexploiting\b|\bdangerous\b|\bposes? (?:a )?risk\b|\brisk to the public\b",
        simple)) or simple == "2"
    at_risk = bool(re.search(r"\bat risk\b|\bvictim\b|\bvulnerable\b|\bbeing exploited\b|\bexploited\b|"
                             r"\bin danger\b|\bunder threat\b|\bthreatened\b", simple)) or simple == "1"
    if simple == "both" or (of_concern and at_risk):
        raise InvalidInput("Choose the one that fits best: at risk of harm, or a risk to others. "
                           "You can describe both when I ask about risks.", "person_role")
    if of_concern:
        return PersonRole.ALLEGED_EXPLOITER
    if at_risk:
        adult = age is not None and age >= 18
        return PersonRole.VULNERABLE_ADULT_AT_RISK if adult else PersonRole.YOUNG_PERSON_AT_RISK
    raise InvalidInput("Are they at risk of harm or exploitation, or a risk to others?", "person_role")


def parse_birth_or_age(text: str, today: date) -> tuple[date | None, int | None]:
    """Return ``(date of birth, age)`` from an answer giving either ("3/5/2008", "17", "about 16").

    Both are None when the answer is "not known".

    Raises:
        InvalidInput: neither a date nor an age could be read, or the date is in the future.
    """
    simple = _plain(text)
    looks_like_date = bool(re.search(r"\d{1,4}[/.-]\d{1,2}|[a-z]{3,}\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,}", simple))
    if looks_like_date:
        if not re.search(r"\d{4}|[/.-]\d{2}$", simple):
            raise InvalidInput("Please include the year of birth, for example 3/5/2008.", "date_of_birth")
        try:
            born = parse_date(text, today)
        except InvalidInput as error:
            raise InvalidInput(str(error), "date_of_birth") from None
        if born is not None and born > today:
            raise InvalidInput("That date of birth is in the future; please check it.", "date_of_birth")
        return born, None
    try:
        return None, parse_age(text)
    except InvalidInput:
        raise InvalidInput("Please give their date of birth (for example 3/5/2008) or their age.",
                           "date_of_birth") from None


#: Words naming each agency in a typed contact line, most specific first.
_AGENCY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("probation", ("probation", "offender manager", "nps", "crc")),
    ("yot", ("yot", "yos", "youth offending", "youth justice")),
    ("dwp", ("dwp", "jobcentre", "job centre", "work coach", "department for work")),
    ("housing", ("housing", "tenancy", "homeless")),
    ("social_care", ("social care", "social worker", "leaving care", "children's services", "childrens services",
                     "personal adviser", "personal advisor", "children's social care")),
    ("voluntary", ("st giles", "charity", "voluntary", "redthread", "catch22", "catch 22", "mentor",
                   "youth worker", "youth service")),
    ("police", ("police", "gangs unit", "met", "detective", "pc", "ds", "dc", "officer", "igu")),
)
_CONTACT_SEPARATOR = re.compile(r"\s*(?::|\s[-\u2013\u2014]\s)\s*")


def _agency_of(text: str) -> str:
    simple = _plain(text)
    for agency, words in _AGENCY_WORDS:
        if any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", simple) for word in words):
            return agency
    return "other"


def parse_agency_lines(text: str) -> list[dict[str, str | None]]:
    """Return the agency contacts typed one per line (or separated by semicolons).

    Each line names an agency and a contact with a phone number or an e-mail
    address: "Probation: Jo Smith 07700 900123", "YOT - Sam Patel,
    sam.patel@hackney.example.gov.uk", "St Giles Trust caseworker Amy 020 7946 0001".
    The agency is recognised from its words (anything else is "other", keeping
    the whole line as the contact's name). "None" returns an empty list. The
    rows have the keys :func:`handover_problems` expects.

    Raises:
        InvalidInput: a line has no phone number or e-mail address, or there are too many lines.
    """
    if is_skip(text) or _plain(text) in {"none", "no agencies", "none yet", "nobody", "no one"}:
        return []
    rows: list[dict[str, str | None]] = []
    for line in re.split(r"[\n;]+", text or ""):
        line = line.strip(" \t,.")
        if not line:
            continue
        try:
            email, phone = parse_contact(line)
        except InvalidInput:
            raise InvalidInput(f"For \"{line[:60]}\", please add a phone number or an e-mail address the "
                               "new area can use.", "agencies") from None
        rest = remove_emails(line)
        for written, _number in find_phones(rest, international=False):
            rest = rest.replace(written, " ")
        rest = re.sub(r"\b(?:tel|phone|mob|mobile|email|e-mail)\b\.?:?", " ", rest, flags=re.IGNORECASE)
        rest = re.sub(r"\s+", " ", rest).strip(" ,.;:-\u2013\u2014()")
        agency = _agency_of(line)
        parts = _CONTACT_SEPARATOR.split(rest, maxsplit=1)
        if agency != "other" and len(parts) == 2 and parts[1].strip(" ,.-"):
            name = parts[1].strip(" ,.-")
        else:
            name = rest
        name = re.sub(r"\s*,\s*$", "", name).strip()
        rows.append({"agency": agency, "name": (name or AGENCIES[agency])[:MAX_SHORT], "phone": phone,
                     "email": email})
    if len(rows) > MAX_AGENCIES:
        raise InvalidInput(f"Please list at most {MAX_AGENCIES} agencies.", "agencies")
    return rows


def areas_in_opening(text: str, table: RoutingTable, analyser: Analyser) -> tuple[str | None, str | None]:
    """Return the ``(from area id, to area id)`` an opening message names ("moving from Hackney to Bexley").

    Either is None when the message does not say it.
    """
    simple = text or ""

    def area(fragment: str | None) -> str | None:
        match = table.resolve_area(fragment, analyser) if fragment else None
        return match.area.id if match else None

    both = re.search(r"\bfrom\s+(.+?)\s+(?:to|into)\s+(.+)", simple, flags=re.IGNORECASE)
    if both:
        origin = area(re.split(r"[,.;]", both.group(1))[0])
        destination = area(re.split(r"[,.;]|\bbecause\b|\bdue\b", both.group(2), flags=re.IGNORECASE)[0])
        if origin and destination and origin != destination:
            return origin, destination
    moving_to = re.search(r"\b(?:moving|moved|move|relocat\w*|going|transferr\w*|rehoused|housed)\s+(?:to|into|in)\s+"
                          r"([^,.;]+)", simple, flags=re.IGNORECASE)
    moving_from = re.search(r"\bfrom\s+([^,.;]+)", simple, flags=re.IGNORECASE)
    destination = area(re.split(r"\bbecause\b|\bdue\b", moving_to.group(1), flags=re.IGNORECASE)[0]) if moving_to else None
    origin = area(re.split(r"\bto\b|\binto\b", moving_from.group(1), flags=re.IGNORECASE)[0]) if moving_from else None
    if origin and origin == destination:
        origin = None
    return origin, destination

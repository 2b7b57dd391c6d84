"""Understanding short answers typed into a chat or an SMS.

Pure functions used by the shells that collect answers (Rasa form validation,
the SMS journey). Each returns a value or raises
:class:`~frontdoor.errors.InvalidInput` whose message can be shown to the
person as a gentle re-ask.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from frontdoor.errors import InvalidInput
from frontdoor.extraction import normalise
from frontdoor.fields import clean_text, find_email, find_phone, parse_date_phrase
from frontdoor.model import ReporterRole, Tristate

_WORD = re.compile(r"[a-z0-9']+")

_YES = {
    "yes", "y", "yeah", "yea", "yep", "yup", "ye", "ya", "aye", "sure", "correct", "true", "ok", "okay",
    "definitely", "absolutely", "they are", "he is", "she is", "it is", "they do", "i am", "yes they are",
    "yes he is", "yes she is", "of course", "affirmative", "right", "uh huh", "think so", "i think so",
}
_NO = {
    "no", "n", "nope", "nah", "na", "no they aren't", "no he isn't", "no she isn't", "not", "false",
    "negative", "never", "no one", "nobody", "none", "not at all", "they aren't", "he isn't", "she isn't",
    "don't think so", "i don't think so", "not that i know", "not that i know of", "not as far as i know",
}
_UNKNOWN = {
    "not sure", "unsure", "don't know", "dont know", "do not know", "dunno", "idk", "maybe", "unknown",
    "no idea", "can't say", "cant say", "not known", "possibly", "perhaps", "i'm not sure", "im not sure",
    "no clue", "prefer not to say", "rather not say", "i don't know", "i dont know", "?", "not certain",
}
_SKIP = {
    "skip", "pass", "prefer not to say", "rather not say", "i'd rather not", "id rather not", "rather not",
    "no", "nope", "none", "n/a", "na", "-", "not given", "don't know", "dont know", "dunno", "unknown",
    "not sure", "no name", "don't want to say", "dont want to say", "anonymous", "skip this", "no thanks",
    "i don't know", "i dont know", "idk",
}

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty one": 21,
    "twenty-one": 21, "twenty two": 22, "twenty-two": 22, "twenty three": 23, "twenty-three": 23,
    "twenty four": 24, "twenty-four": 24, "twenty five": 25, "twenty-five": 25,
}


def _simple(text: str) -> str:
    text = normalise(text or "").lower().replace("\u2019", "'")
    text = re.sub(r"[.!,;:]+$", "", text.strip())
    return re.sub(r"\s+", " ", text)


_DECLINES = re.compile(r"\b(?:rather not|prefer not|don'?t want to (?:say|give|tell)|not saying|no comment|"
                       r"won'?t say|can'?t say)\b")


def is_skip(text: str) -> bool:
    """Return True when ``text`` declines to answer an optional question ("skip", "I'd rather not say")."""
    simple = _simple(text)
    return simple in _SKIP or (len(simple.split()) <= 8 and bool(_DECLINES.search(simple)))


def parse_tristate(text: str) -> Tristate:
    """Return True (yes), False (no) or None (not sure) for a yes/no answer.

    Raises:
        InvalidInput: the answer is none of those.
    """
    simple = _simple(text)
    if simple in _UNKNOWN:
        return None
    if simple in _YES:
        return True
    if simple in _NO:
        return False
    words = simple.split()
    if words:
        first = words[0].strip(".,!?;:")
        if first in {"yes", "yeah", "yep", "yup", "y"}:
            return True
        if first in {"no", "nope", "nah"} and not simple.startswith("no idea"):
            return False
    if any(phrase in simple for phrase in ("not sure", "don't know", "dont know", "no idea", "unsure")):
        return None
    raise InvalidInput("Please answer yes, no or not sure.")


def parse_age(text: str) -> int | None:
    """Return an age in years from "15", "about 14", "fifteen", "Year 10" (≈ 14).

    Returns None for "not sure" and similar (unknown ages are treated as
    possibly a child).

    Raises:
        InvalidInput: no age could be read, or it is not between 1 and 120.
    """
    simple = _simple(text)
    if simple in _UNKNOWN or simple in {"skip", "n/a", "-"}:
        return None
    year = re.search(r"\b(?:year|yr|y)\s?(\d{1,2})\b", simple)
    if year and 1 <= int(year.group(1)) <= 13:
        return int(year.group(1)) + 4
    numbers = re.findall(r"\d{1,3}", simple)
    if numbers:
        age = int(numbers[0])
        if 1 <= age <= 120:
            return age
        raise InvalidInput("That age does not look right; please give a number of years.")
    for words, value in sorted(_NUMBER_WORDS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(words)}\b", simple):
            return value
    if "teen" in simple:
        return None
    raise InvalidInput("Please give their age as a number, like 14, or say 'not sure'.")


_ROLE_KEYWORDS: tuple[tuple[ReporterRole, tuple[str, ...]], ...] = (
    # School roles whose names contain another role's keyword ("mentor", "officer").
    (ReporterRole.TEACHER, ("learning mentor", "attendance officer", "education welfare", "ewo", "inclusion officer",
                            "head of year")),
    (ReporterRole.SOCIAL_WORKER, ("social worker", "socialworker", "social work student", "social work", "social care", "social services",
                                   "family support worker", "children's services", "childrens services", "case worker",
                                   "caseworker", "key worker", "keyworker", "support worker", "family worker", "sw",
                                   "mash")),
    (ReporterRole.YOUTH_WORKER, ("youth worker", "youth club", "youth service", "mentor", "coach",
                                  "detached worker", "outreach worker", "youthworker")),
    (ReporterRole.PROBATION, ("probation", "yot", "youth offending", "youth justice", "yos", "yjs",
                               "offender manager")),
    # Before police, whose "officer" would otherwise take "housing officer"
    # and "attendance officer".
    (ReporterRole.HOUSING, ("housing", "social landlord", "tenancy", "caretaker", "estate officer")),
    (ReporterRole.TEACHER, ("attendance officer",)),
    (ReporterRole.POLICE, ("police", "pcso", "officer", "detective", "cop", "constable", "pc", "sergeant", "sgt",
                           "inspector")),
    (ReporterRole.HEALTH, ("nurse", "doctor", "gp", "paramedic", "a&e", "a and e", "hospital",
                            "health visitor", "camhs", "midwife", "nhs", "health", "clinician",
                            "pharmacist", "school nurse", "radiographer", "physiotherapist", "physio",
                            "healthcare assistant", "health care assistant", "dental nurse", "dentist",
                            "sonographer", "sexual health", "paediatrician", "pediatrician", "therapist",
                            "optometrist", "optician", "call handler", "nhs 111")),
    (ReporterRole.TEACHER, ("teacher", "teach", "school", "head of year", "headteacher", "head teacher",
                             "dsl", "designated safeguarding", "safeguarding lead", "teaching assistant",
                             "senco", "pastoral", "college", "tutor", "lecturer", "learning mentor",
                             "attendance officer", "academy", "deputy head", "teachr", "techer", "teecher")),
    (ReporterRole.PARENT, ("parent", "mum", "mom", "dad", "mother", "father", "carer", "foster",
                            "guardian", "grandparent", "nan", "aunt", "uncle", "stepdad", "stepmum", "step dad",
                            "step mum", "step-dad", "step-mum", "stepfather", "stepmother")),
    (ReporterRole.RESIDENT, ("resident", "neighbour", "neighbor", "member of the public", "local",
                              "pensioner", "retired", "retiree", "homeowner", "passer-by", "passerby",
                              "dog walker", "shopkeeper", "shop owner", "shop worker", "cashier",
                              "taxi driver", "cab driver", "uber driver", "bus driver", "delivery driver",
                              "delivery rider", "barber", "hairdresser", "cleaner", "security guard", "postman",
                              "postwoman", "postie", "landlord", "landlady")),
    # Other people who meet young people at work.
    (ReporterRole.OTHER, ("librarian", "bus escort", "escort", "dinner lady", "lunchtime supervisor",
                          "receptionist", "driving instructor", "swimming instructor", "instructor", "chaplain",
                          "youth leader", "pastor", "imam", "vicar", "careers adviser", "work coach",
                          "team leader", "project worker", "duty manager", "centre manager", "hostel manager",
                          "navigator", "refuge worker", "inclusion lead", "counsellor", "counselor", "asb team",
                          "community safety", "virtual school", "designated teacher", "foster agency",
                          "fostering agency")),
    (ReporterRole.YOUNG_PERSON, ("student", "pupil", "young person", "i'm 1", "im 1")),
)


def role_named_by(phrase: str) -> ReporterRole | None:
    """Return the role a short phrase names when it ends with a role word ("practice nurse", "YOT worker").

    For a writer's self-introduction at the start of a message ("Social worker,
    Hackney CSC."): only a phrase of at most five words that ends with one of the
    role words counts, so "police took my son" names no role.
    """
    simple = _simple(phrase)
    if not simple or len(simple.split()) > 5:
        return None
    # "YOS worker", "YJS officer": a service's name and a generic job word
    bare = re.sub(r" (?:worker|officer|manager|case manager|practitioner|lead|staff)$", "", simple)
    ends = any(re.search(rf"(?<![a-z]){re.escape(keyword)}s?$", text)
               for _role, keywords in _ROLE_KEYWORDS for keyword in keywords for text in {simple, bare})
    return parse_reporter_role(simple) if ends else None


def parse_reporter_role(text: str) -> ReporterRole | None:
    """Return the reporter's role named in ``text``, or None if none is recognised.

    Role codes themselves ("teacher", "social_worker") are accepted too.
    """
    simple = _simple(text)
    try:
        return ReporterRole(simple.replace(" ", "_"))
    except ValueError:
        pass
    for role, keywords in _ROLE_KEYWORDS:
        for keyword in keywords:
            # Whole words (plural allowed): "cop" is not "copy", "step" not "stepped".
            if re.search(rf"(?<![a-z]){re.escape(keyword)}s?(?![a-z])", simple):
                return role
    return None


def parse_contact(text: str) -> tuple[str | None, str | None]:
    """Return ``(email, phone)`` found in ``text``; at least one is present.

    Phones are UK numbers (07…, 01…, 02…, +44…, 0044…), read with
    :mod:`frontdoor.fields.phones`: without spaces, as dialled ("07700900123"),
    or in E.164 form when written with the country code ("+447700900123").

    Raises:
        InvalidInput: neither an e-mail address nor a UK phone number was found.
    """
    cleaned = normalise(text or "")
    email = find_email(cleaned)
    phone = find_phone(cleaned, international=False)
    if not email and not phone:
        raise InvalidInput(
            "Please give an e-mail address or a UK phone number so the team can reach you."
        )
    return email, phone.compact if phone else None


def clean_free_text(text: str, *, limit: int = 200, field: str = "answer") -> str:
    """Return ``text`` stripped and normalised.

    Raises:
        InvalidInput: empty, or longer than ``limit`` characters.
    """
    cleaned = clean_text(text or "", collapse=True)
    if not cleaned:
        raise InvalidInput(f"Please type your {field}.", field)
    if len(cleaned) > limit:
        raise InvalidInput(f"That is a bit long; please keep your {field} under {limit} characters.", field)
    return cleaned


_NO_DATE = frozenset({"tbc", "to be confirmed", "not decided", "no date"})


def parse_date(text: str, today: date) -> date | None:
    """Return the date ``text`` names: "2026-12-01", "1/12/2026", "1 Dec", "next Monday", "in two weeks".

    Read by :func:`frontdoor.fields.parse_date_phrase`: day first as written in
    the UK ("3/4/2026" is 3 April), relative words counted from ``today``, and a
    day and month without a year the next such date from ``today`` (or today).
    Returns None for "not known", "not sure" and similar.

    Raises:
        InvalidInput: no date could be read, or the date does not exist.
    """
    simple = _simple(text)
    if simple in _UNKNOWN or simple in _SKIP or simple in _NO_DATE:
        return None
    return parse_date_phrase(simple, today)


def describe_time(at: datetime, now: datetime, tz: str = "Europe/London") -> str:
    """Return a time in words, relative to ``now``: "15:30 today", "09:00 on Monday 23 November"."""
    zone = ZoneInfo(tz)
    local = at.astimezone(zone)
    today = now.astimezone(zone).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"{clock} today"
    if (local.date() - today).days == 1:
        return f"{clock} tomorrow"
    return f"{clock} on {local.strftime('%A')} {local.day} {local.strftime('%B')}"


def describe_due(due_at: datetime, now: datetime, tz: str = "Europe/London") -> str:
    """Return when a response is due in words: "by 15:30 today", "by 10:05 on Monday 23 November"."""
    return f"by {describe_time(due_at, now, tz)}"


#: Pronouns, verbs and hedges: two of them in a short answer make it a sentence.
_SENTENCE_WORDS = frozenset({
    "i", "im", "i'm", "he", "she", "they", "we", "you", "he's", "she's", "they're", "it's", "is", "are", "was",
    "were", "has", "have", "had", "got", "gets", "keeps", "goes", "went", "said", "says", "think", "know",
    "don't", "dont", "doesn't", "can't", "cant", "because", "but", "if", "when", "who", "what", "now",
    "been", "being", "will", "would", "should", "could", "my", "his", "her", "their", "not", "sure", "tbh",
    "maybe", "somewhere", "probably", "guess", "reckon", "idk", "dunno",
})


def looks_like_sentence(text: str, max_words: int = 6) -> bool:
    """Return True when ``text`` reads as a sentence rather than a short name or label.

    More than ``max_words`` words is a sentence; so are three or more words of
    which two are pronouns, verbs or hedges ("he's outside", "not sure tbh").
    """
    words = re.findall(r"[a-z']+", _simple(text))
    if len(words) > max_words:
        return True
    grammar = [w for w in words if w in _SENTENCE_WORDS]
    return len(words) >= 3 and len(grammar) >= 2


def place_answer(text: str, places: Sequence[tuple[str, str]]) -> str:
    """Return the place an answer to "where?" gives.

    A short answer is the place as typed ("Green Lane, Penge"); from a
    sentence ("somewhere round Bexleyheath I think") only the first known
    place named in it (``places``, from the gazetteer) is kept.

    Raises:
        InvalidInput: empty, too long, or a sentence that names no known place.
    """
    cleaned = clean_free_text(text, limit=150, field="area")
    if not looks_like_sentence(cleaned, max_words=12):
        return cleaned
    if places:
        return places[0][0]
    raise InvalidInput("Please give just the town, borough or district, for example Erith, Penge or Hackney, "
                       "or say \"not sure\".", "area")


_NAME_INTRO = re.compile(r"^(?:(?:his|her|their|my|the)\s+name(?:\s+is|'s|s)|(?:he|she|they)(?:'s|\s+is|\s+are)\s+called|"
                         r"(?:it's|its|it is|called|named|name's|name is))\s+", re.I)


def parse_name(text: str, field: str = "name") -> str:
    """Return the name in a typed answer: "Jayden Smith", "his name is Jay" → "Jay".

    Raises:
        InvalidInput: empty, too long, or plainly not a name (a sentence,
            digits, an e-mail address).
    """
    cleaned = clean_free_text(text, limit=100, field=field)
    name = _NAME_INTRO.sub("", cleaned).strip(" .,!;:")
    words = name.split()
    # Four words or more, mostly not capitalised, are a sentence ("served him an Osman warning").
    lowered = len(words) > 3 and sum(1 for w in words if w[:1].isupper()) * 2 < len(words)
    if not name or lowered or looks_like_sentence(name) or any(ch.isdigit() for ch in name) or "@" in name:
        raise InvalidInput("That doesn't look like a name. Please type just the name, or tap Skip.", field)
    return name

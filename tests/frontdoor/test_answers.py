"""Short answers typed into a chat or an SMS: ages, yes/no, roles, contact details, skips."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from frontdoor.answers import (
    clean_free_text,
    describe_due,
    is_skip,
    parse_age,
    parse_contact,
    parse_reporter_role,
    parse_tristate,
)
from frontdoor.errors import InvalidInput
from frontdoor.model import ReporterRole

AGES = {
    "digits": ("15", 15),
    "about": ("about 14", 14),
    "words": ("fifteen", 15),
    "teen-word-not-six": ("sixteen", 16),
    "hyphenated-words": ("twenty-one", 21),
    "year-group": ("Year 10", 14),
    "year-7": ("year 7", 11),
    "yr": ("yr 9", 13),
    "y10": ("y10", 14),
    "year-13": ("Year 13", 17),
    "in-a-sentence": ("he's 16 I think", 16),
    "years-old": ("14 years old", 14),
    "first-of-two": ("17 or 18", 17),
    "adult": ("45", 45),
    "trailing-dot": ("12.", 12),
    "not-sure": ("not sure", None),
    "dunno": ("dunno", None),
    "skip": ("skip", None),
    "teenager": ("a teenager", None),
    "curly-apostrophe": ("don’t know", None),
}


@pytest.mark.parametrize(("text", "age"), AGES.values(), ids=AGES.keys())
def test_parse_age(text: str, age: int | None) -> None:
    assert parse_age(text) == age


@pytest.mark.parametrize("text", ["0", "200", "999", "old", "", "banana"], ids=["zero", "200", "999", "old",
                                                                                 "empty", "banana"])
def test_parse_age_refuses(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_age(text)


TRISTATE = {
    "yes": ("yes", True),
    "Yes-dot": ("Yes.", True),
    "yeah-i-think-so": ("yeah I think so", True),
    "Y": ("Y", True),
    "yes-they-are": ("yes they are", True),
    "yes-comma": ("Yes, he is", True),
    "yes-bang": ("yes!!", True),
    "aye": ("aye", True),
    "no": ("no", False),
    "Nope-bang": ("Nope!", False),
    "no-comma": ("No, he isn't", False),
    "n": ("n", False),
    "not-that-i-know-of": ("not that I know of", False),
    "nah-mate": ("nah mate", False),
    "not-sure": ("not sure", None),
    "no-idea": ("no idea", None),
    "no-idea-really": ("no idea really", None),
    "dunno": ("dunno", None),
    "maybe": ("maybe", None),
    "i-dont-know": ("I don't know", None),
    "im-not-sure-tbh": ("honestly i'm not sure tbh", None),
}


@pytest.mark.parametrize(("text", "value"), TRISTATE.values(), ids=TRISTATE.keys())
def test_parse_tristate(text: str, value: bool | None) -> None:
    assert parse_tristate(text) is value


@pytest.mark.parametrize("text", ["banana", "", "   ", "purple"])
def test_parse_tristate_refuses(text: str) -> None:
    with pytest.raises(InvalidInput, match="yes, no or not sure"):
        parse_tristate(text)


ROLES = {
    "teacher": ("teacher", ReporterRole.TEACHER),
    "im-a-teacher": ("I'm a teacher", ReporterRole.TEACHER),
    "head-of-year": ("Head of Year 9", ReporterRole.TEACHER),
    "dsl": ("DSL at the academy", ReporterRole.TEACHER),
    "typo": ("techer", ReporterRole.TEACHER),
    "attendance-officer": ("attendance officer", ReporterRole.TEACHER),
    "education-welfare-officer": ("Education Welfare Officer", ReporterRole.TEACHER),
    "code": ("social_worker", ReporterRole.SOCIAL_WORKER),
    "social-worker": ("Social Worker", ReporterRole.SOCIAL_WORKER),
    "school-nurse": ("school nurse", ReporterRole.HEALTH),
    "ae-nurse": ("A&E nurse", ReporterRole.HEALTH),
    "hospital": ("I work at the hospital", ReporterRole.HEALTH),
    "police-officer": ("police officer", ReporterRole.POLICE),
    "pcso": ("PCSO", ReporterRole.POLICE),
    "officer": ("I'm an officer", ReporterRole.POLICE),
    "housing-officer": ("housing officer", ReporterRole.HOUSING),
    "estate-officer": ("estate officer", ReporterRole.HOUSING),
    "youth-worker": ("youth worker", ReporterRole.YOUTH_WORKER),
    "yot": ("YOT worker", ReporterRole.PROBATION),
    "probation": ("probation officer", ReporterRole.PROBATION),
    "mum": ("his mum", ReporterRole.PARENT),
    "stepdad": ("stepdad", ReporterRole.PARENT),
    "learning-mentor": ("learning mentor at the academy", ReporterRole.TEACHER),
    "teachers-plural": ("we're teachers", ReporterRole.TEACHER),
    "copy-is-not-cop": ("I have a copy of the letter", None),
    "stepped-is-not-step": ("I stepped in when I saw it", None),
    "foster-carer": ("foster carer", ReporterRole.PARENT),
    "neighbour": ("a neighbour", ReporterRole.RESIDENT),
    "young-person": ("I'm 15", ReporterRole.YOUNG_PERSON),
    "pupil": ("pupil", ReporterRole.YOUNG_PERSON),
    "other-code": ("other", ReporterRole.OTHER),
    "unknown": ("astronaut", None),
    "empty": ("", None),
}


@pytest.mark.parametrize(("text", "role"), ROLES.values(), ids=ROLES.keys())
def test_parse_reporter_role(text: str, role: ReporterRole | None) -> None:
    assert parse_reporter_role(text) is role


CONTACTS = {
    "email": ("jo@example.org", ("jo@example.org", None)),
    "email-upper": ("Jo.Bloggs@Example.ORG", ("jo.bloggs@example.org", None)),
    "mobile": ("Call me on 07700 900123", (None, "07700900123")),
    "mobile-dashes": ("07700-900-123", (None, "07700900123")),
    "plus44": ("+44 7700 900123", (None, "+447700900123")),
    "landline": ("020 7946 0123", (None, "02079460123")),
    "plus44-bracket-zero": ("+44 (0)20 7946 0123", (None, "+442079460123")),
    "both": ("me@x.co.uk or 07700900123", ("me@x.co.uk", "07700900123")),
    "0044": ("ring 0044 7700 900123 after six", (None, "+447700900123")),
    "extension": ("020 7946 0123 ext 4", (None, "02079460123")),
}


@pytest.mark.parametrize(("text", "expected"), CONTACTS.values(), ids=CONTACTS.keys())
def test_parse_contact(text: str, expected: tuple[str | None, str | None]) -> None:
    assert parse_contact(text) == expected


@pytest.mark.parametrize("text", ["no", "", "0800 1111", "call me", "jo@", "12345", "+1 202 555 0143"])
def test_parse_contact_refuses(text: str) -> None:
    with pytest.raises(InvalidInput, match="e-mail address or a UK phone number"):
        parse_contact(text)


SKIPS = {
    "skip": ("skip", True),
    "Skip-dot": ("Skip.", True),
    "prefer-not": ("prefer not to say", True),
    "rather-not": ("I'd rather not", True),
    "n/a": ("N/A", True),
    "none": ("none", True),
    "no": ("no", True),
    "anonymous": ("anonymous", True),
    "idk": ("idk", True),
    "spaces": ("  no   thanks  ", True),
    "a-name": ("John", False),
    "a-school": ("Bexley Grammar", False),
    "skipping-school": ("he is skipping school", False),
    "empty": ("", False),
}


@pytest.mark.parametrize(("text", "expected"), SKIPS.values(), ids=SKIPS.keys())
def test_is_skip(text: str, expected: bool) -> None:
    assert is_skip(text) is expected


def test_clean_free_text() -> None:
    assert clean_free_text("  Mill   Road\n estate ") == "Mill Road estate"
    with pytest.raises(InvalidInput, match="Please type your school") as caught:
        clean_free_text("   ", field="school")
    assert caught.value.field == "school"
    with pytest.raises(InvalidInput, match="under 5 characters"):
        clean_free_text("too long", limit=5)


@pytest.mark.parametrize(("due", "now", "words"), [
    (datetime(2026, 3, 11, 11, 0, tzinfo=timezone.utc), datetime(2026, 3, 11, 10, 0, tzinfo=timezone.utc),
     "by 11:00 today"),
    (datetime(2026, 3, 12, 10, 0, tzinfo=timezone.utc), datetime(2026, 3, 11, 10, 0, tzinfo=timezone.utc),
     "by 10:00 tomorrow"),
    (datetime(2026, 3, 16, 9, 5, tzinfo=timezone.utc), datetime(2026, 3, 11, 10, 0, tzinfo=timezone.utc),
     "by 09:05 on Monday 16 March"),
    # In summer the London clock is an hour ahead of UTC.
    (datetime(2026, 6, 1, 14, 30, tzinfo=timezone.utc), datetime(2026, 6, 1, 13, 30, tzinfo=timezone.utc),
     "by 15:30 today"),
    # 23:30 UTC in June is already tomorrow in London.
    (datetime(2026, 6, 1, 23, 30, tzinfo=timezone.utc), datetime(2026, 6, 1, 20, 0, tzinfo=timezone.utc),
     "by 00:30 tomorrow"),
], ids=["today", "tomorrow", "weekday", "bst", "after-midnight-london"])
def test_describe_due(due: datetime, now: datetime, words: str) -> None:
    assert describe_due(due, now) == words


# --- dates ------------------------------------------------------------------------------
from datetime import date  # noqa: E402

from frontdoor.answers import parse_date  # noqa: E402

SATURDAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-12-01", date(2026, 12, 1)), ("1/12/2026", date(2026, 12, 1)), ("1/12", date(2026, 12, 1)),
     ("12.12.26", date(2026, 12, 12)), ("1 Dec", date(2026, 12, 1)), ("December 1st", date(2026, 12, 1)),
     ("on the 3rd of January", date(2027, 1, 3)), ("21 November", date(2026, 11, 21)),
     ("20 November", date(2027, 11, 20)), ("3 May 2008", date(2008, 5, 3)), ("today", SATURDAY),
     ("tomorrow", date(2026, 11, 22)), ("yesterday", date(2026, 11, 20)), ("not known", None), ("TBC", None),
     ("next Monday", date(2026, 11, 23)), ("in two weeks", date(2026, 12, 5)), ("last Friday", date(2026, 11, 20)),
     ("3/4/26", date(2026, 4, 3)), ("03/04/2027", date(2027, 4, 3)), ("4th March", date(2027, 3, 4))],
)
def test_dates(text, expected):
    assert parse_date(text, SATURDAY) == expected


@pytest.mark.parametrize(("text", "hint"), [("next week", "Please give a date"), ("31/2/2026", "does not exist"),
                                            ("13/13/2026", "does not exist"), ("purple", "Please give a date")])
def test_unusable_dates(text, hint):
    with pytest.raises(InvalidInput, match=hint):
        parse_date(text, SATURDAY)



# --- names, places and sentences --------------------------------------------------------
from frontdoor.answers import looks_like_sentence, parse_name, place_answer  # noqa: E402

NAMES = {
    "plain": ("Jordan Ellis", "Jordan Ellis"),
    "one-word": ("jordan", "jordan"),
    "his-name-is": ("his name is Kai", "Kai"),
    "shes-called": ("she's called Amelia-Rose", "Amelia-Rose"),
    "its": ("it's Tomasz", "Tomasz"),
    "apostrophe": ("Niamh O'Brien", "Niamh O'Brien"),
}


@pytest.mark.parametrize(("text", "name"), NAMES.values(), ids=NAMES.keys())
def test_names(text: str, name: str) -> None:
    assert parse_name(text) == name


NOT_NAMES = {
    "a-sentence": "he's outside the school gates now with a knife",
    "a-question": "why do you need to know his name",
    "digits": "07700 900123",
    "an-email": "sam@school.example",
    "a-long-story": "he has been hanging round with older boys from the estate for weeks",
}


@pytest.mark.parametrize("text", NOT_NAMES.values(), ids=NOT_NAMES.keys())
def test_not_names(text: str) -> None:
    with pytest.raises(InvalidInput, match="doesn't look like a name"):
        parse_name(text)


PLACES = {
    "town": ("Erith", [("Erith", "bexley")], "Erith"),
    "street-and-town": ("Green Lane, Penge", [("Penge", "bromley")], "Green Lane, Penge"),
    "by-the-station": ("outside the station in Gravesend", [("Gravesend", "gravesham")],
                       "outside the station in Gravesend"),
    "hedged": ("somewhere round Bexleyheath I think", [("Bexleyheath", "bexley")], "Bexleyheath"),
    "unknown-place": ("the rec", [], "the rec"),
}


@pytest.mark.parametrize(("text", "places", "kept"), PLACES.values(), ids=PLACES.keys())
def test_place_answers(text: str, places: list[tuple[str, str]], kept: str) -> None:
    assert place_answer(text, places) == kept


def test_a_sentence_without_a_place_is_not_a_place() -> None:
    with pytest.raises(InvalidInput, match="town, borough or district"):
        place_answer("he's outside the school gates now with a knife", [])


@pytest.mark.parametrize(("text", "sentence"), [
    ("Tyler Brooks", False), ("St Mary's Church of England Primary", False), ("he is at home", True),
    ("not sure tbh", True), ("Year 9 I think", True), ("Parkside Academy", False),
])
def test_looks_like_sentence(text: str, sentence: bool) -> None:
    assert looks_like_sentence(text) is sentence

"""Names and organisations read from what people write (frontdoor/understanding/details.py)."""

from __future__ import annotations

import pytest

from frontdoor.model import ReporterRole
from frontdoor.understanding.details import NAME_SAID, OWN_NAME, name_said, schools_named
from frontdoor.understanding.reading import Writer

NAMES = {
    "called": ("A 13-year-old girl called Mia Brown has a much older boyfriend", "Mia Brown"),
    "noun-comma": ("a Year 10 girl, Amira Khan, aged 15, has been missing", "Amira Khan"),
    "plural-noun": ("One of my students, Shanice Clarke, 16, told a friend she owes them", "Shanice Clarke"),
    "caseload": ("a young person on my caseload, Aaliyah Brennan, aged 16, is missing", "Aaliyah Brennan"),
    "double-barrelled": ("I saw a 13-year-old patient, Kofi Mensah-Boateng, this morning", "Kofi Mensah-Boateng"),
    "in-brackets": ("one of my young people (Marcus, 16) has been going OT most weekends", "Marcus"),
    "form-label": ("Child: Bradley Fenwick, aged 13, Year 8, Holmesdale Vale School.", "Bradley Fenwick"),
    "raise": ("I want to raise Dante Okafor, 15, Year 11 at Lordship Fields School", "Dante Okafor"),
    "a-parents-son": ("I'm worried sick about my son Callum who's 15", "Callum"),
    "a-parents-daughter": ("My daughter Amy hasn't come home", "Amy"),
    "hyphenated-after-a-comma": ("a 15 year old girl, Ellie-Mae, who lives with me", "Ellie-Mae"),
    "no-name-after-my-son": ("my son Is acting strange lately", None),
    "after-an-age": ("I need to hand over a 17 year old, Kwame Boateng-Reid, who is moving", "Kwame Boateng-Reid"),
    "no-name": ("I want to raise concerns about a boy in year 9", None),
    "no-name-capitals": ("I'm Worried About My Son, he keeps going missing", None),
    "a-place-is-no-name": ("Flagging concerns, Welling Youth Club, for a boy who is 14", None),
}


@pytest.mark.parametrize(("text", "name"), NAMES.values(), ids=NAMES.keys())
def test_the_young_persons_name(text: str, name: str | None) -> None:
    assert name_said(NAME_SAID, text) == name


ORGANISATIONS = {
    "after-a-name": ("I'm Sam Adeyinka, a YOT caseworker with Hackney Youth Justice.", "Hackney Youth Justice"),
    "capitalised": ("I'm a youth worker at Riverside Youth Club in Dartford", "Riverside Youth Club"),
    "with": ("I'm a tenancy sustainment officer with North Kent Homes (housing association)", "North Kent Homes"),
    "collective": ("senior youth worker at Bruce Grove Youth Collective (voluntary sector, Haringey)",
                   "Bruce Grove Youth Collective"),
    "council": ("I am a social worker in the Children Looked After team, London Borough of Lewisham.",
                "London Borough of Lewisham"),
    "lowercase": ("i work at northdown learning centre in margate its the PRU", "northdown learning centre"),
    "lowercase-hub": ("hi im a youth worker at Clapton Common youth hub, one of my young people",
                      "Clapton Common youth hub"),
    "social-care": ("I'm a social worker in Tower Hamlets children's social care",
                    "Tower Hamlets children's social care"),
    "none": ("I'm a teacher and I'm worried about a boy in my class", None),
}


@pytest.mark.parametrize(("text", "organisation"), ORGANISATIONS.values(), ids=ORGANISATIONS.keys())
def test_the_writers_organisation(text: str, organisation: str | None) -> None:
    assert schools_named(text, Writer.PROFESSIONAL, None)[0] == organisation


def test_a_parent_names_the_childs_school_not_an_organisation() -> None:
    assert schools_named("my son is at Hillview School and the olders keep calling him", Writer.PARENT, None) == (
        None, "Hillview School")


def test_where_a_young_person_hangs_out_is_not_the_writers_organisation() -> None:
    text = "I'm a teacher. He hangs about at the youth club on the estate with older boys"
    assert schools_named(text, Writer.PROFESSIONAL, ReporterRole.TEACHER)[0] is None


@pytest.mark.parametrize(("text", "name"), [
    ("Hi my name is Lisa Conway, I'm worried sick", "Lisa Conway"),
    ("Good evening. My name is Mrs Patricia Gould. I am the grandmother", "Patricia Gould"),
    ("I'm Helen Price, the DSL", "Helen Price"),
    ("This is about my son", None),
])
def test_the_writers_own_name(text: str, name: str | None) -> None:
    assert name_said(OWN_NAME, text) == name

"""Reading a health worker's own words (pure)."""

from __future__ import annotations

import pytest

from frontdoor.errors import InvalidInput
from frontdoor.hospital import (
    Injury,
    PatientConsent,
    age_from_text,
    consent_in_opening,
    imminent_threat,
    parse_consent,
    parse_injury,
    parse_police_aware,
    parse_threats,
    patient_place,
    police_in_opening,
    workplace_from_text,
)
from tests.frontdoor.hospital.sample import NURSE


@pytest.mark.parametrize(("text", "injury"), [
    ("stab wound", Injury.STAB),
    ("he was stabbed", Injury.STAB),
    ("Stab wound to the thigh", Injury.STAB),
    ("knife wound", Injury.STAB),
    ("slash wound to the face", Injury.STAB),
    ("multiple stab wounds", Injury.STAB),
    ("stabed", Injury.STAB),
    ("1", Injury.STAB),
    ("stab", Injury.STAB),
    ("gunshot", Injury.GUNSHOT),
    ("GSW to the leg", Injury.GUNSHOT),
    ("he was shot", Injury.GUNSHOT),
    ("shot in the leg", Injury.GUNSHOT),
    ("gun shot wound", Injury.GUNSHOT),
    ("2", Injury.GUNSHOT),
    ("stabbed and shot at", Injury.GUNSHOT),
    ("punched", Injury.OTHER_ASSAULT),
    ("beaten up by a group", Injury.OTHER_ASSAULT),
    ("assault", Injury.OTHER_ASSAULT),
    ("facial injuries after an assault", Injury.OTHER_ASSAULT),
    ("head injury after being kicked", Injury.OTHER_ASSAULT),
    ("other assault", Injury.OTHER_ASSAULT),
    ("other_assault", Injury.OTHER_ASSAULT),
    ("3", Injury.OTHER_ASSAULT),
    ("punched and then stabbed", Injury.STAB),
])
def test_injuries_are_read_from_words(text, injury):
    assert parse_injury(text) is injury


@pytest.mark.parametrize("text", ["", "hello", "a referral please", "shotting for his elders", "4"])
def test_no_injury_is_read_from_other_words(text):
    assert parse_injury(text) is None


def test_injury_labels_and_indicators():
    assert [i.label for i in Injury] == ["Stab wound", "Gunshot wound", "Other assault"]
    assert {i: i.indicator for i in Injury} == {Injury.STAB: "serious_injury", Injury.GUNSHOT: "serious_injury",
                                                Injury.OTHER_ASSAULT: "violence_victim"}


@pytest.mark.parametrize(("text", "consent"), [
    ("yes", PatientConsent.CONSENTED),
    ("yes, he agreed", PatientConsent.CONSENTED),
    ("she's happy for you to contact her", PatientConsent.CONSENTED),
    ("no", PatientConsent.NOT_CONSENTED),
    ("he refused", PatientConsent.NOT_CONSENTED),
    ("declined", PatientConsent.NOT_CONSENTED),
    ("doesn't want anyone contacting him", PatientConsent.NOT_CONSENTED),
    ("not asked", PatientConsent.NOT_ASKED),
    ("too unwell to ask", PatientConsent.NOT_ASKED),
    ("he's sedated", PatientConsent.NOT_ASKED),
    ("not yet", PatientConsent.NOT_ASKED),
    ("not sure", PatientConsent.NOT_ASKED),
    ("not_consented", PatientConsent.NOT_CONSENTED),
])
def test_consent_answers(text, consent):
    assert parse_consent(text) is consent


@pytest.mark.parametrize(("parser", "text", "expected"), [
    (parse_police_aware, "yes", True),
    (parse_police_aware, "nope", False),
    (parse_police_aware, "not sure", None),
    (parse_police_aware, "police brought him in", True),
    (parse_police_aware, "it's been reported", True),
    (parse_police_aware, "he doesn't want police involved", False),
    (parse_police_aware, "they haven't been told", False),
    (parse_threats, "yes", True),
    (parse_threats, "no", False),
    (parse_threats, "dunno", None),
    (parse_threats, "they've been messaging him saying they'll finish the job", True),
    (parse_threats, "he's worried about retaliation", True),
    (parse_threats, "He told the nurse 'they'll finish it when I'm out'", True),
])
def test_yes_no_answers(parser, text, expected):
    assert parser(text) is expected


REGISTRAR = ("Dr Tom Wren, ED registrar at Riverside General Hospital. We have a 16 year old male with a stab wound, "
             "lives in Thamesmead. Police are aware and have attended. He has declined consent to a referral but I "
             "am referring without consent on safeguarding grounds as he is a child.")


@pytest.mark.parametrize(("text", "police", "consent"), [
    (REGISTRAR, True, PatientConsent.NOT_CONSENTED),
    ("nurse in A&E, 15 year old with a knife wound. Police haven't been told yet, he agreed to a referral",
     False, PatientConsent.CONSENTED),
    ("doctor in resus, teenager shot in the leg, in theatre so not able to consent", None, PatientConsent.NOT_ASKED),
    # not wanting the police is not a refusal of the referral; a stab wound says nothing of either
    ("16 year old stabbed, he doesn't want the police involved", False, None),
    ("I'm an A&E nurse at Queen Elizabeth Hospital, we have a 16 year old from Erith with a stab wound", None, None),
])
def test_what_an_opening_says_of_the_police_and_consent(text, police, consent):
    assert police_in_opening(text) is police
    assert consent_in_opening(text) is consent


@pytest.mark.parametrize(("parser", "text", "field", "words"), [
    (parse_consent, "purple", "consent", "not asked"),
    (parse_police_aware, "purple", "police_aware", "police"),
    (parse_threats, "purple", "continuing_threats", "threats"),
])
def test_unclear_answers_say_what_is_wanted(parser, text, field, words):
    with pytest.raises(InvalidInput) as caught:
        parser(text)
    assert caught.value.field == field and words in str(caught.value)


@pytest.mark.parametrize(("text", "age"), [
    (NURSE, 16),
    ("a 16-year-old", 16),
    ("patient aged 19 with a gunshot wound", 19),
    ("17yo male", 17),
    ("age 15", 15),
    ("45 years old", 45),
    ("a teenager", None),
    ("bay 12, stab wound", None),
    ("call 020 7946 0123", None),
    ("stabbed 2 years ago, again now", None),
])
def test_age_from_text(text, age):
    assert age_from_text(text) == age


@pytest.mark.parametrize(("text", "hospital", "department"), [
    (NURSE, "Queen Elizabeth Hospital", "A&E"),
    ("doctor at the Princess Royal, young man stabbed last night", "Princess Royal", None),
    ("Princess Royal University Hospital ED", "Princess Royal University Hospital", "ED"),
    ("safeguarding nurse, treated at Medway Maritime", "Medway Maritime", None),
    ("doctor at QEQM in Margate", "QEQM", None),
    ("King's College Hospital, major trauma centre", "King's College Hospital", "major trauma centre"),
    ("St Thomas' Hospital emergency department", "St Thomas' Hospital", "emergency department"),
])
def test_workplace_from_text(text, hospital, department):
    workplace = workplace_from_text(text)
    assert workplace is not None
    assert (workplace.hospital, workplace.department) == (hospital, department)


@pytest.mark.parametrize("text", ["I'm an A&E nurse", "referral from the emergency department",
                                  "hospital safeguarding team referring a 15 year old", "from the ED"])
def test_no_workplace_without_a_hospital(text):
    assert workplace_from_text(text) is None


@pytest.mark.parametrize(("text", "place"), [
    (NURSE, "Erith"),
    ("ED nurse, patient from Bromley came in with a stab wound", "Bromley"),
    ("lives in Penge, stabbed in Croydon", "Penge"),
    ("an Erith lad with a stab wound", "Erith"),
    ("I'm a nurse in Woolwich, teenager came in with a gunshot wound", None),  # where the nurse works
    ("A&E at Homerton, lad with a knife injury", None),
    ("staff nurse in A&E at Great Lines Hospital, Gillingham. 15 yr old boy in with a head injury", None),
    ("Darent Valley Hospital - Dartford, lad from Swanley with a stab wound", "Swanley"),
    ("we treated a boy for a stab wound in Erith", None),  # where it happened, not the home
    ("no place here", None),
])
def test_patient_place(analyser, text, place):
    assert patient_place(text, analyser.places(text)) == place


@pytest.mark.parametrize(("text", "warn"), [
    # The injury itself, the patient's condition and the department are not danger now.
    (NURSE, False),
    ("he was stabbed this morning", False),
    ("I'm a nurse in the emergency department", False),
    ("he's bleeding heavily", False),
    ("we've got a teenager on the ward after being shot", False),
    ("they stabbed him outside the chicken shop", False),
    ("he will go back to the same estate tonight", False),
    ("the police are looking for the suspects", False),
    ("yes, they've said they will finish the job", False),
    # Threats happening now, or the people responsible at the hospital, are.
    ("the people who stabbed him are outside the hospital now", True),
    ("his attackers turned up at A&E", True),
    ("a group of lads are in the waiting room asking for him", True),
    ("they threatened him again tonight", True),
    ("they're coming back for him tonight", True),
    ("they're here", True),
])
def test_imminent_threat(analyser, text, warn):
    assert imminent_threat(text, analyser) is warn

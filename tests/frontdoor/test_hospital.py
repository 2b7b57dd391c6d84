"""The hospital presentation field model: reading answers, validation, the draft, its triage and routing (pure)."""

from __future__ import annotations

import pytest

from frontdoor.assessment import assess
from frontdoor.errors import InvalidInput
from frontdoor.hospital import (
    FIELDS,
    THREATS_INDICATOR,
    Injury,
    PatientConsent,
    age_from_text,
    imminent_threat,
    parse_consent,
    parse_injury,
    parse_police_aware,
    parse_presentation,
    parse_threats,
    patient_place,
    presentation_problems,
    workplace_from_text,
)
from frontdoor.model import Channel, Kind, PersonRole, ReporterRole, Urgency

NURSE = "I'm an A&E nurse at Queen Elizabeth Hospital, we have a 16 year old from Erith with a stab wound"
VICTIM = "Victim of gang violence"
CONTINUING = "Continuing threats to a patient after a violent injury"
RECENT_INJURY = "Serious violence or injury (stabbed, shot or beaten), recent or ongoing"


def answers(**changes):
    """A complete, valid presentation (a 16-year-old from Erith with a stab wound), ``changes`` applied.

    A change to None removes the key.
    """
    base = {
        "injury": "stab",
        "age": "16",
        "area": "bexley",
        "place": "Erith",
        "police_aware": "yes",
        "consent": "consented",
        "continuing_threats": "no",
        "discharge_concerns": "Going back to the same estate; his mum is worried.",
        "patient_name": "Tyrone Example",
        "referrer_name": "Sam Patel",
        "referrer_organisation": "Queen Elizabeth Hospital, A&E",
        "referrer_email": "sam.patel@nhs.example",
        "referrer_phone": "020 7946 0123",
    }
    for key, value in changes.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return base


# --- reading a health worker's words ------------------------------------------------------------
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
])
def test_yes_no_answers(parser, text, expected):
    assert parser(text) is expected


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


# --- validation -------------------------------------------------------------------------------------
def test_a_complete_presentation_parses(routing_table):
    presentation = parse_presentation(answers(), routing_table)
    assert presentation.injury is Injury.STAB and presentation.age == 16 and presentation.area == "bexley"
    assert presentation.police_aware is True and presentation.continuing_threats is False
    assert presentation.consent is PatientConsent.CONSENTED
    assert presentation_problems(answers(), routing_table) == {}


INVALID = [
    # (changes, field, words in the message)
    ({"injury": None}, "injury", "stab wound, gunshot wound or other assault"),
    ({"injury": "sprained ankle"}, "injury", "choose the injury"),
    ({"age": "sixteen"}, "age", "whole number"),
    ({"age": 130}, "age", "whole number"),
    ({"age": True}, "age", "whole number"),
    ({"area": "Erith"}, "area", "from the list"),  # ids, not names
    ({"area": "atlantis"}, "area", "from the list"),
    ({"police_aware": "purple"}, "police_aware", "police"),
    ({"consent": None}, "consent", "agreed"),
    ({"consent": "maybe"}, "consent", "not asked"),
    ({"continuing_threats": "often"}, "continuing_threats", "threats"),
    ({"discharge_concerns": "x" * 4001}, "discharge_concerns", "too long"),
    ({"discharge_concerns": 12}, "discharge_concerns", "text"),
    ({"referrer_name": None}, "referrer_name", "name"),
    ({"referrer_name": "   "}, "referrer_name", "name"),
    ({"referrer_organisation": None}, "referrer_organisation", "hospital and department"),
    ({"referrer_email": None, "referrer_phone": None}, "referrer_email", "e-mail address or a phone"),
    ({"referrer_email": "sam-at-nhs"}, "referrer_email", "does not look right"),
    ({"referrer_phone": "ring the ward"}, "referrer_phone", "does not look right"),
    ({"patient_name": "x" * 201}, "patient_name", "too long"),
    ({"surprise": "x"}, "surprise", "Unknown"),
]


@pytest.mark.parametrize("changes, field, words", INVALID, ids=[f"{f}-{i}" for i, (_, f, _) in enumerate(INVALID)])
def test_invalid_answers_name_the_field(routing_table, changes, field, words):
    problems = presentation_problems(answers(**changes), routing_table)
    assert field in problems, problems
    assert words.lower() in problems[field].lower()
    with pytest.raises(InvalidInput) as caught:
        parse_presentation(answers(**changes), routing_table)
    assert caught.value.field in problems


def test_every_problem_is_reported_at_once(routing_table):
    problems = presentation_problems({}, routing_table)
    assert set(problems) == {"injury", "consent", "referrer_name", "referrer_organisation", "referrer_email"}
    assert set(problems) <= set(FIELDS)
    with pytest.raises(InvalidInput) as caught:
        parse_presentation("not a mapping", routing_table)  # type: ignore[arg-type]
    assert caught.value.field == "presentation"


@pytest.mark.parametrize("changes", [
    {"age": None}, {"age": "not known"}, {"area": None}, {"area": ""}, {"area": "not known"},
    {"police_aware": None}, {"police_aware": "not sure"}, {"continuing_threats": None},
    {"continuing_threats": True}, {"police_aware": False}, {"discharge_concerns": None}, {"patient_name": None},
    {"referrer_email": None}, {"referrer_phone": None}, {"injury": "he was shot"}, {"age": 16},
])
def test_what_may_be_unknown_or_given_another_way(routing_table, changes):
    assert presentation_problems(answers(**changes), routing_table) == {}


@pytest.mark.parametrize("consent", ["not_consented", "not_asked"])
def test_a_patient_who_did_not_agree_can_still_be_referred_and_it_is_recorded(routing_table, consent):
    draft = parse_presentation(answers(consent=consent), routing_table).to_draft(routing_table)
    assert draft.details["patient_consent"] == PatientConsent(consent).label
    assert draft.consent_to_contact is (False if consent == "not_consented" else None)


# --- the draft -------------------------------------------------------------------------------------
def test_the_draft_is_a_health_referral_from_a_health_worker(routing_table):
    draft = parse_presentation(answers(), routing_table).to_draft(routing_table, Channel.WEB)
    assert draft.kind is Kind.HEALTH and draft.channel is Channel.WEB and draft.when == "past"
    assert draft.area == "bexley" and draft.place == "Erith"
    assert draft.reporter is not None and draft.reporter.role is ReporterRole.HEALTH
    assert (draft.reporter.name, draft.reporter.organisation) == ("Sam Patel", "Queen Elizabeth Hospital, A&E")
    assert (draft.reporter.email, draft.reporter.phone) == ("sam.patel@nhs.example", "020 7946 0123")
    [patient] = draft.people
    assert patient.role is PersonRole.YOUNG_PERSON_AT_RISK and patient.age == 16
    assert patient.name == "Tyrone Example" and patient.home_area == "London Borough of Bexley"
    assert draft.indicators == ["serious_injury"]
    assert draft.details == {
        "injury": "Stab wound", "police_aware": "Yes", "patient_consent": "Patient agreed",
        "continuing_threats": "No", "discharge_concerns": "Going back to the same estate; his mum is worried.",
    }
    assert all(isinstance(value, str) for value in draft.details.values())
    assert draft.description.startswith("Hospital presentation: a patient aged 16 treated for a stab wound.")
    assert draft.consent_to_contact is True and draft.immediate_danger is False


@pytest.mark.parametrize(("age", "role"), [
    (None, PersonRole.YOUNG_PERSON_AT_RISK),
    (0, PersonRole.YOUNG_PERSON_AT_RISK),
    (17, PersonRole.YOUNG_PERSON_AT_RISK),
    (18, PersonRole.VULNERABLE_ADULT_AT_RISK),
    (64, PersonRole.VULNERABLE_ADULT_AT_RISK),
])
@pytest.mark.parametrize("injury", list(Injury))
def test_the_patient_is_always_at_risk_never_a_suspect(routing_table, age, role, injury):
    draft = parse_presentation(answers(age=age, injury=injury.value) if age is not None
                               else answers(age=None, injury=injury.value), routing_table).to_draft(routing_table)
    assert [p.role for p in draft.people] == [role]
    assert all(p.role is not PersonRole.ALLEGED_EXPLOITER for p in draft.people)
    assert draft.subject is draft.people[0]


def test_continuing_threats_and_threat_words_go_in_the_draft(routing_table):
    draft = parse_presentation(answers(continuing_threats=True, threats_detail="They said they'd finish the job."),
                               routing_table).to_draft(routing_table)
    assert draft.indicators == ["serious_injury", THREATS_INDICATOR]
    assert draft.details["continuing_threats"] == "Yes"
    assert "They said they'd finish the job." in draft.description
    assert draft.immediate_danger is None


# --- triage and routing ------------------------------------------------------------------------------
CHILD_WOUND = "A child with a stab or gunshot wound"
TRIAGE = [
    # (changes, urgency, reasons that must be given, reasons that must not)
    # Any stab or gunshot wound to a child is red (DESIGN §4); an adult's injury is amber.
    ({}, Urgency.RED, (CHILD_WOUND,), (RECENT_INJURY, CONTINUING)),
    ({"injury": "gunshot"}, Urgency.RED, (CHILD_WOUND,), (RECENT_INJURY,)),
    ({"injury": "other_assault", "age": "30"}, Urgency.AMBER, (VICTIM,), ()),
    ({"continuing_threats": True}, Urgency.RED, (CONTINUING,), ()),
    ({"continuing_threats": True, "age": "40", "injury": "other_assault"}, Urgency.RED, (CONTINUING,), ()),
    ({"continuing_threats": None}, Urgency.RED, (CHILD_WOUND,), ()),
    ({"continuing_threats": None, "age": "24"}, Urgency.AMBER, (VICTIM,), ()),
    # The health worker's own words can raise the urgency, never lower it.
    ({"continuing_threats": None, "discharge_concerns": "They said they will finish the job"}, Urgency.RED,
     (CONTINUING,), ()),
    ({"discharge_concerns": "they said they are going to kill him"}, Urgency.RED,
     ("Threat to life or of serious harm",), ()),
    # "Stabbed this morning" is the injury, not danger now, when there are no continuing threats.
    ({"discharge_concerns": "He was stabbed this morning near his home.", "age": "20"}, Urgency.AMBER, (VICTIM,),
     ("The description says someone may be in danger now",
      "The description says someone may be in danger now, although the reporter answered No to the danger "
      "question")),
]
@pytest.mark.parametrize("changes, urgency, given, absent", TRIAGE, ids=[str(i) for i in range(len(TRIAGE))])
def test_triage(routing_table, analyser, changes, urgency, given, absent):
    draft = parse_presentation(answers(**changes), routing_table).to_draft(routing_table)
    result = assess(draft, routing_table, analyser).triage
    assert result.urgency is urgency, result.reasons
    for reason in given:
        assert reason in result.reasons
    for reason in absent:
        assert reason not in result.reasons


@pytest.mark.parametrize(("area", "inbox", "copies"), [
    ("bexley", "bexley-community-safety", ("met-se-gangs", "bexley-mash")),
    ("bromley", "bromley-community-safety", ("met-s-gangs", "bromley-mash")),
    ("hackney", "hackney-community-safety", ("met-ce-gangs", "hackney-mash")),
    (None, "partnership-triage", ()),
])
def test_routed_to_the_area_community_safety_spoc_with_the_police_gangs_copy(routing_table, analyser, area,
                                                                              inbox, copies):
    draft = parse_presentation(answers(area=area, place=None), routing_table).to_draft(routing_table)
    route = assess(draft, routing_table, analyser).route
    assert route.inbox == inbox
    assert route.copies[:len(copies)] == copies


def test_an_adult_patient_has_no_childrens_social_care_copy(routing_table, analyser):
    draft = parse_presentation(answers(age="25"), routing_table).to_draft(routing_table)
    assert assess(draft, routing_table, analyser).route.copies == ("met-se-gangs",)

"""Hospital presentation: health staff refer a patient injured by violence (the field model).

The Safer Bromley Partnership review found that stab and gunshot wounds seen at
the hospital were reported to the police but not shared with the local
authority, and that "there is no SPOC in place for medical staff to contact to
refer the patient to the right services"; it recommended an information
sharing agreement with the hospital and SPOC details "for when a patient
presents with stab or gun shot wounds". This module is that referral.

A health worker gives the injury (stab wound, gunshot wound or other
assault), the patient's age and home area, whether the police are already
aware, whether the patient agreed to the referral, whether threats to the
patient are continuing, any concerns about their safety on discharge, and who
is referring (name, hospital and department, e-mail or phone).

Pure: :func:`presentation_problems` returns every problem with the answers by
field; :func:`parse_presentation` returns a :class:`HospitalPresentation` or
raises :class:`~frontdoor.errors.InvalidInput` naming the first bad field;
:meth:`HospitalPresentation.to_draft` builds the referral draft of kind
``health``, which the routing table's "Hospital presentation" rule gives to the
area's community safety inbox with a copy to the police gangs SPOC. Continuing
threats make it red (see :mod:`frontdoor.triage`); otherwise the injury, which
has already happened, makes it amber ("Victim of gang violence").

The helpers that read a health worker's own words (:func:`parse_injury`,
:func:`parse_consent`, :func:`parse_police_aware`, :func:`parse_threats`,
:func:`age_from_text`, :func:`workplace_from_text`, :func:`patient_place`,
:func:`imminent_threat`) are for the shells that collect the answers.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from frontdoor.answers import parse_tristate
from frontdoor.errors import InvalidInput
from frontdoor.extraction import DANGER_MATCH, IMMEDIACY_MATCH, Analyser, normalise
from frontdoor.model import (
    Channel,
    Kind,
    PersonDraft,
    PersonRole,
    ReferralDraft,
    ReporterDraft,
    ReporterRole,
    Tristate,
)
from frontdoor.routing import RoutingTable

#: The indicator that makes triage call a hospital presentation red (see frontdoor.triage).
THREATS_INDICATOR = "continuing_threats"
#: Longest free-text answer, and longest short one (names, hospital, phone).
MAX_TEXT = 4_000
MAX_SHORT = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+() .\-]{6,30}$")


class Injury(str, enum.Enum):
    """The injury the patient presented with."""

    STAB = "stab"
    GUNSHOT = "gunshot"
    OTHER_ASSAULT = "other_assault"

    @property
    def label(self) -> str:
        return {"stab": "Stab wound", "gunshot": "Gunshot wound", "other_assault": "Other assault"}[self.value]

    @property
    def wording(self) -> str:
        """The injury in a sentence ("treated for a stab wound")."""
        return {"stab": "a stab wound", "gunshot": "a gunshot wound",
                "other_assault": "injuries from an assault"}[self.value]

    @property
    def indicator(self) -> str:
        """The taxonomy code the injury stands for: stab and gunshot wounds are serious injuries."""
        return "violence_victim" if self is Injury.OTHER_ASSAULT else "serious_injury"


class PatientConsent(str, enum.Enum):
    """Whether the patient agreed to being referred (same codes as a handover's consent)."""

    CONSENTED = "consented"
    NOT_CONSENTED = "not_consented"
    NOT_ASKED = "not_asked"

    @property
    def label(self) -> str:
        return {"consented": "Patient agreed", "not_consented": "Patient did not agree",
                "not_asked": "Not asked"}[self.value]

    @property
    def tristate(self) -> Tristate:
        return {"consented": True, "not_consented": False, "not_asked": None}[self.value]


#: The answer keys :func:`presentation_problems` understands.
FIELDS: tuple[str, ...] = (
    "injury", "age", "area", "place", "police_aware", "consent", "continuing_threats", "threats_detail",
    "discharge_concerns", "patient_name", "referrer_name", "referrer_organisation", "referrer_email",
    "referrer_phone", "disclosures",
)


# --- reading a health worker's words ---------------------------------------------------------
def _simple(text: str) -> str:
    return re.sub(r"\s+", " ", normalise(text or "").lower().replace("\u2019", "'")).strip(" .!,;:")


_GUNSHOT = re.compile(r"\b(?:gun\s?shot\w*|gsw|shot|shooting|bullet\w*|firearms?|gun)\b")
_STAB = re.compile(r"\b(?:stab\w*|knif\w*|blade\w*|shank\w*|nank\w*|machete\w*|slash\w*|puncture wound\w*|"
                   r"cut with)\b")
_ASSAULT = re.compile(r"\b(?:assault\w*|punch\w*|beat|beaten|beating|kick\w*|attack\w*|jumped|glassed|bottled|"
                      r"hit|head injur\w*|fight\w*|fought|acid|bruis\w*|fractur\w*|injur\w*|other|"
                      r"other assault|blunt\w*|stamped on)\b")
_BUTTONS = {"1": Injury.STAB, "2": Injury.GUNSHOT, "3": Injury.OTHER_ASSAULT}


def parse_injury(text: str) -> Injury | None:
    """Return the injury ``text`` describes, or None when it names none.

    "stab wound", "stabbed", "knife wound", "slashed" are stab wounds; "gunshot",
    "shot", "GSW" gunshot wounds; "punched", "beaten", "assault" other assaults.
    A code ("stab", "other_assault") or a button number (1, 2, 3) is accepted too.
    Several named: the gunshot, then the stab wound, wins.
    """
    simple = _simple(text)
    if simple in _BUTTONS:
        return _BUTTONS[simple]
    try:
        return Injury(simple.replace(" ", "_"))
    except ValueError:
        pass
    if _GUNSHOT.search(simple):
        return Injury.GUNSHOT
    if _STAB.search(simple):
        return Injury.STAB
    if _ASSAULT.search(simple):
        return Injury.OTHER_ASSAULT
    return None


_CONSENT_NOT_ASKED = re.compile(r"\b(?:not asked|not been asked|haven't asked|havent asked|didn't ask|didnt ask|"
                                r"not yet|unable|too unwell|unwell|unconscious|sedated|intubated|in theatre|"
                                r"in surgery|couldn't ask|couldnt ask|can't ask|cant ask|lacks capacity|"
                                r"no capacity)\b")
_CONSENT_NO = re.compile(r"\b(?:refused|refuses|declined|declines|doesn't want|doesnt want|does not want|"
                         r"didn't want|didnt want|won't|wont|said no|not happy|disagreed|doesn't agree|"
                         r"does not agree|did not agree|didn't agree)\b")
_CONSENT_YES = re.compile(r"\b(?:agreed|agrees|consented|consents|happy for|happy to|is ok with|is okay with|"
                          r"gave consent|given consent|wants help|said yes)\b")


def parse_consent(text: str) -> PatientConsent:
    """Return whether the patient agreed to the referral: yes, no, or not asked.

    "Not sure" counts as not asked. Codes ("consented") are accepted too.

    Raises:
        InvalidInput: the answer says none of those (``field`` is ``consent``).
    """
    simple = _simple(text)
    try:
        return PatientConsent(simple.replace(" ", "_"))
    except ValueError:
        pass
    if _CONSENT_NOT_ASKED.search(simple):
        return PatientConsent.NOT_ASKED
    if _CONSENT_NO.search(simple):
        return PatientConsent.NOT_CONSENTED
    if _CONSENT_YES.search(simple):
        return PatientConsent.CONSENTED
    try:
        answer = parse_tristate(simple)
    except InvalidInput:
        raise InvalidInput("Please say whether the patient agreed to the referral: yes, no, or not asked "
                           "(for example if they are too unwell).", "consent") from None
    return {True: PatientConsent.CONSENTED, False: PatientConsent.NOT_CONSENTED,
            None: PatientConsent.NOT_ASKED}[answer]


_POLICE_NO = re.compile(r"\b(?:not (?:been )?(?:told|informed|reported|called|aware|involved)|no police|"
                        r"doesn't want (?:the )?police|doesnt want (?:the )?police|won't speak to|"
                        r"wont speak to|refused to speak|haven't been|havent been|not yet)\b")
_POLICE_YES = re.compile(r"\b(?:police (?:are|were|have|has|brought|came|attended|informed|called|aware|here|"
                         r"on scene|with)|informed|reported|called the police|police know|they know|"
                         r"officers? (?:are|were|came|attended|here)|brought in by (?:the )?police)\b")


def parse_police_aware(text: str) -> Tristate:
    """Return whether the police are already aware: True, False or None (not sure).

    Besides yes, no and not sure: "police brought him in", "reported" are yes;
    "not been told", "doesn't want police" are no.

    Raises:
        InvalidInput: the answer says none of those (``field`` is ``police_aware``).
    """
    try:
        return parse_tristate(text)
    except InvalidInput:
        pass
    simple = _simple(text)
    if _POLICE_NO.search(simple):
        return False
    if _POLICE_YES.search(simple):
        return True
    raise InvalidInput("Please answer yes, no or not sure: are the police already aware?", "police_aware")


_THREAT_WORDS = re.compile(r"\b(?:threat\w*|retaliat\w*|revenge|payback|finish (?:him|her|them|the job)|"
                           r"come back for|coming back for|after (?:him|her|them)|looking for (?:him|her|them)|"
                           r"kill|messag\w+ (?:him|her|them)|target\w*)\b")


def parse_threats(text: str) -> Tristate:
    """Return whether threats to the patient are continuing: True, False or None (not sure).

    Besides yes, no and not sure, an answer that describes threats ("they've
    been messaging him saying they'll finish the job") is a yes.

    Raises:
        InvalidInput: the answer says none of those (``field`` is ``continuing_threats``).
    """
    try:
        return parse_tristate(text)
    except InvalidInput:
        pass
    if _THREAT_WORDS.search(_simple(text)):
        return True
    raise InvalidInput("Please answer yes, no or not sure: are there continuing threats to the patient?",
                       "continuing_threats")


_AGE = re.compile(r"\b(\d{1,3})\s*-?\s*(?:years?|yrs?|yo|y/o|y\.o\.?)(?:[\s-]*old)?(?![a-z]|\s+ago)"
                  r"|\baged?\s+(\d{1,3})\b|\bage:\s*(\d{1,3})\b")


def age_from_text(text: str) -> int | None:
    """Return the patient's age stated in ``text`` ("a 16 year old", "16-year-old", "aged 19"), else None."""
    match = _AGE.search(_simple(text))
    if not match:
        return None
    age = int(next(group for group in match.groups() if group))
    return age if 0 <= age <= 120 else None


@dataclass(frozen=True)
class Workplace:
    """Where a health worker works, as their message says it."""

    hospital: str | None
    department: str | None

    @property
    def text(self) -> str:
        """"Queen Elizabeth Hospital, A&E" (whichever parts are known)."""
        return ", ".join(part for part in (self.hospital, self.department) if part)


_NAME_WORD = r"(?:St\.?|[A-Z][\w'.&-]*)"
_HOSPITAL = re.compile(
    rf"((?:{_NAME_WORD}\s+){{0,5}}(?:Hospital|Infirmary|Maritime|Medical Centre|Health Centre|"
    rf"Urgent Care Centre|Walk-in Centre|Treatment Centre)s?(?:\s+[A-Z][a-z]+)?)\b"
    rf"|\b(?:at|from) the ({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})"
    rf"|\b(PRUH|QEH|QEQM|KCH|RLH|UCLH|DVH|WMUH)\b"
)
_DEPARTMENT = re.compile(
    r"\b(A ?& ?E|A and E|accident and emergency|emergency department|resus|majors|minors|"
    r"minor injuries(?: unit)?|urgent care(?: centre)?|major trauma(?: centre| unit| ward)?|"
    r"trauma (?:unit|ward|team|centre)|children's (?:ward|A ?& ?E|emergency department)|"
    r"paediatrics?(?: ward| A ?& ?E| emergency department)?|surgical ward|ward [A-Z0-9]\w*|ICU|intensive care|"
    r"safeguarding team|fracture clinic)(?![\w&])", re.I)
_ED = re.compile(r"\bED\b")


def workplace_from_text(text: str) -> Workplace | None:
    """Return the hospital (and department) a message names, or None when it names no hospital.

    "I'm an A&E nurse at Queen Elizabeth Hospital" gives ("Queen Elizabeth
    Hospital", "A&E"); "doctor at the Princess Royal" gives ("Princess Royal",
    None); a department alone ("A&E nurse") is not a workplace.
    """
    cleaned = normalise(text or "")
    hospital = None
    for match in _HOSPITAL.finditer(cleaned):
        found = next((group for group in match.groups() if group), "").strip()
        found = re.sub(r"^(?:The|I|I'm|Im|We|We've|At)\s+", "", found)
        if found and found.lower() not in {"hospital", "the hospital"} and not _DEPARTMENT.fullmatch(found) \
                and found != "ED":
            hospital = found
            break
    if hospital is None:
        return None
    department_match = _DEPARTMENT.search(cleaned)
    department = department_match.group(1) if department_match else None
    if department is None and _ED.search(cleaned):
        department = "ED"
    if department and re.fullmatch(r"a ?& ?e|a and e", department, re.I):
        department = "A&E"
    return Workplace(hospital, department)


_HOME = re.compile(r"\b(?:from|lives? in|living in|lives? at|home in|resident (?:in|of)|of)\s+(?:the\s+)?$", re.I)
_WORK = re.compile(r"\b(?:at|in|to|near)\s+(?:the\s+)?$", re.I)


def patient_place(text: str, places: Sequence[tuple[str, str]]) -> str | None:
    """Return the place ``text`` gives as the patient's home, from the ``places`` found in it.

    ``places`` are ``(as written, area id)`` from the analyser. A place after
    "from" or "lives in" wins; a place after "at" or "in" is taken as where the
    health worker works ("a nurse in Woolwich", "A&E at Homerton") and not used;
    otherwise the first place ("an Erith lad"). None when no place is the home.
    """
    cleaned = normalise(text or "")
    others: list[str] = []
    position = 0
    for written, _area in places:
        at = cleaned.find(written, position)
        if at < 0:
            at = cleaned.find(written)
        before = cleaned[max(0, at - 25):at] if at >= 0 else ""
        position = max(position, at + len(written)) if at >= 0 else position
        if _HOME.search(before):
            return written
        if not _WORK.search(before):
            others.append(written)
    return others[0] if others else None


_CLINICAL_DANGER = ("emergency", "bleeding", "dying", "going to die", "being stabbed", "being shot", "being beaten")
_THREAT_CODES = frozenset({"weapon", "threats", "threat_to_life", THREATS_INDICATOR, "missing_now",
                           "trafficked_now"})
_AT_HOSPITAL = re.compile(
    r"\b(?:they|they're|theyre|people|group|gang|men|boys|lads|friends|someone|somebody|others|attackers?|"
    r"suspects?|rivals?|whoever)\b[^.!?\n]{0,60}?"
    r"\b(?:turned up|turning up|came (?:back )?to the hospital|(?:outside|at) (?:the )?(?:hospital|a ?& ?e|"
    r"entrance|ward|department|main doors)|in the waiting room|at reception|waiting for (?:him|her|them)|"
    r"looking for (?:him|her|them)|on (?:their|the) way|trying to (?:get in|find (?:him|her|them)))", re.I)


def imminent_threat(text: str, analyser: Analyser) -> bool:
    """Return True when ``text`` says someone may be in danger now, not merely that a patient was hurt.

    A stab wound being treated is not a danger-now report, nor are words about
    the patient's condition or the department ("bleeding", "emergency
    department"). Danger words about anything else, threats together with
    "now", "tonight" or "outside", or the people responsible at or coming to
    the hospital are.
    """
    if not text or not text.strip():
        return False
    analysis = analyser.analyse(text)
    for match in analysis.matches:
        if match.code == DANGER_MATCH and not match.negated and not any(
                word in match.text.lower() for word in _CLINICAL_DANGER):
            return True
    immediacy = any(m.code == IMMEDIACY_MATCH and not m.negated for m in analysis.matches)
    if immediacy and _THREAT_CODES & set(analysis.indicators):
        return True
    return bool(_AT_HOSPITAL.search(normalise(text)))


# --- the validated presentation --------------------------------------------------------------
def _word(value: Tristate) -> str:
    return {True: "Yes", False: "No", None: "Not known"}[value]


@dataclass(frozen=True)
class HospitalPresentation:
    """A validated hospital presentation.

    ``area`` is a routing-table area id, or None when the patient's area is not
    known (the referral then goes to the partnership triage inbox); ``place``
    is the area as the health worker wrote it. Tristates are True, False or
    None (not known).
    """

    injury: Injury
    consent: PatientConsent
    referrer_name: str
    referrer_organisation: str
    age: int | None = None
    area: str | None = None
    place: str | None = None
    police_aware: Tristate = None
    continuing_threats: Tristate = None
    threats_detail: str | None = None
    discharge_concerns: str | None = None
    patient_name: str | None = None
    referrer_email: str | None = None
    referrer_phone: str | None = None
    #: What the health worker said about harm in answer to other questions, in their words.
    disclosures: str | None = None

    @property
    def patient_role(self) -> PersonRole:
        """The patient's role: a young person at risk unless known to be 18 or over. Never a suspect."""
        if self.age is None or self.age < 18:
            return PersonRole.YOUNG_PERSON_AT_RISK
        return PersonRole.VULNERABLE_ADULT_AT_RISK

    def to_draft(self, table: RoutingTable, channel: Channel = Channel.WEB) -> ReferralDraft:
        """Return the referral draft (kind ``health``) for this presentation.

        The injury has already happened, so ``when`` is ``past``: a stab or
        gunshot wound is "Victim of gang violence" (amber), and continuing
        threats add the red ``continuing_threats`` indicator. The description,
        which triage reads, is built in neutral words plus the health worker's
        own words about threats and discharge, so those can still raise the
        urgency; the structured answers go in the (encrypted) details.
        Nobody is asked about danger now, as the patient is in hospital care:
        ``immediate_danger`` is False when the health worker says there are no
        continuing threats (so "stabbed this morning" in their words does not
        read as danger now), and unknown otherwise.
        """
        area = table.areas.get(self.area or "")
        age = f"aged {self.age}" if self.age is not None else "of unknown age"
        sentences = [f"Hospital presentation: a patient {age} treated for {self.injury.wording}."]
        if self.threats_detail:
            sentences.append(f"About the patient's safety: {self.threats_detail}")
        if self.discharge_concerns:
            sentences.append(f"Concerns for when they leave: {self.discharge_concerns}")
        if self.disclosures:
            sentences.append(f"Also said: {self.disclosures}")
        indicators = [self.injury.indicator]
        if self.continuing_threats is True:
            indicators.append(THREATS_INDICATOR)
        details: dict[str, str] = {
            "injury": self.injury.label,
            "police_aware": _word(self.police_aware),
            "patient_consent": self.consent.label,
            "continuing_threats": _word(self.continuing_threats),
        }
        if self.threats_detail:
            details["threats_detail"] = self.threats_detail
        if self.discharge_concerns:
            details["discharge_concerns"] = self.discharge_concerns
        return ReferralDraft(
            kind=Kind.HEALTH,
            channel=channel,
            description=" ".join(sentences),
            indicators=indicators,
            immediate_danger=False if self.continuing_threats is False else None,
            area=self.area,
            place=self.place,
            when="past",
            reporter=ReporterDraft(role=ReporterRole.HEALTH, organisation=self.referrer_organisation,
                                   name=self.referrer_name, email=self.referrer_email,
                                   phone=self.referrer_phone),
            people=[PersonDraft(role=self.patient_role, name=self.patient_name, age=self.age,
                                home_area=area.name if area else self.place)],
            consent_to_contact=self.consent.tristate,
            details=details,
        )


# --- validation -------------------------------------------------------------------------------
def _text(data: Mapping[str, Any], key: str, problems: dict[str, str], label: str,
          limit: int = MAX_SHORT) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        problems.setdefault(key, f"{label} must be text.")
        return None
    cleaned = re.sub(r"\s+", " ", normalise(value)).strip()
    if len(cleaned) > limit:
        problems.setdefault(key, f"{label} is too long (at most {limit} characters).")
        return None
    return cleaned or None


_UNKNOWN_WORDS = {"", "not known", "not_known", "not sure", "not_sure", "unknown", "don't know", "dont know"}


def _tristate(data: Mapping[str, Any], key: str, problems: dict[str, str], message: str) -> Tristate:
    value = data.get(key)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        simple = value.strip().lower()
        if simple in _UNKNOWN_WORDS:
            return None
        if simple in {"yes", "true"}:
            return True
        if simple in {"no", "false"}:
            return False
    problems.setdefault(key, message)
    return None


def _age(data: Mapping[str, Any], problems: dict[str, str]) -> int | None:
    value = data.get("age")
    if value is None or (isinstance(value, str) and value.strip().lower() in _UNKNOWN_WORDS):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120:
        problems.setdefault("age", "Give the patient's age as a whole number of years, or leave it out "
                                   "if it is not known.")
        return None
    return value


def presentation_problems(data: Mapping[str, Any], table: RoutingTable) -> dict[str, str]:
    """Return every problem with the answers ``data``, as field → message (empty: none).

    ``data`` holds the keys of :data:`FIELDS`: ``injury`` an :class:`Injury`
    code (or words :func:`parse_injury` reads); ``age`` whole years or None;
    ``area`` a routing-table area id, or None/"" when not known; ``consent``
    a :class:`PatientConsent` code; ``police_aware`` and
    ``continuing_threats`` True/False/None or "yes"/"no"/"not known"; the
    rest text. The referrer needs a name, an organisation (hospital and
    department) and an e-mail address or a phone number.
    """
    problems: dict[str, str] = {}
    _collect(data, table, problems)
    return problems


def parse_presentation(data: Mapping[str, Any], table: RoutingTable) -> HospitalPresentation:
    """Return the validated presentation ``data`` describes (see :func:`presentation_problems`).

    A patient who did not agree (``consent`` ``not_consented``), or was not
    asked, can still be referred: safeguarding may go ahead without consent,
    for a child or where there is a risk of serious harm. The answer is
    recorded (in the details and as the referral's consent to contact) so
    the SPOC can decide how to approach the patient.

    Raises:
        InvalidInput: an answer is missing or unusable; ``field`` names the
            first such field.
    """
    problems: dict[str, str] = {}
    presentation = _collect(data, table, problems)
    if problems or presentation is None:
        key, message = next(iter(problems.items())) if problems else ("presentation", "The referral is incomplete.")
        raise InvalidInput(message, key)
    return presentation


def _collect(data: Mapping[str, Any], table: RoutingTable,
             problems: dict[str, str]) -> HospitalPresentation | None:
    if not isinstance(data, Mapping):
        problems["presentation"] = "A hospital referral must be a set of named answers."
        return None
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        problems[unknown[0]] = f"Unknown answer(s): {', '.join(unknown)}"
    # The injury and the patient.
    injury_value = data.get("injury")
    injury: Injury | None = None
    if isinstance(injury_value, Injury):
        injury = injury_value
    elif isinstance(injury_value, str) and injury_value.strip():
        injury = parse_injury(injury_value)
        if injury is None:
            problems.setdefault("injury", "Choose the injury: stab wound, gunshot wound or other assault.")
    else:
        problems.setdefault("injury", "Say what the injury is: stab wound, gunshot wound or other assault.")
    age = _age(data, problems)
    area = data.get("area")
    if area in (None, "") or (isinstance(area, str) and area.strip().lower() in _UNKNOWN_WORDS):
        area = None
    elif not isinstance(area, str) or area not in table.areas:
        problems.setdefault("area", "Choose the patient's area from the list, or leave it out if it is not known.")
        area = None
    place = _text(data, "place", problems, "The place")
    name = _text(data, "patient_name", problems, "The patient's name")
    # What the health worker knows.
    police = _tristate(data, "police_aware", problems, "Say yes, no or not known: are the police aware?")
    consent_value = data.get("consent")
    consent: PatientConsent | None = None
    if isinstance(consent_value, PatientConsent):
        consent = consent_value
    elif consent_value in (None, ""):
        problems.setdefault("consent", "Say whether the patient agreed to the referral (or was not asked).")
    else:
        try:
            consent = PatientConsent(consent_value)
        except ValueError:
            problems.setdefault("consent", "Choose consented, not consented or not asked.")
    threats = _tristate(data, "continuing_threats", problems,
                        "Say yes, no or not known: are there continuing threats to the patient?")
    threats_detail = _text(data, "threats_detail", problems, "What you said about threats", MAX_TEXT)
    discharge = _text(data, "discharge_concerns", problems, "Concerns about discharge", MAX_TEXT)
    disclosures = _text(data, "disclosures", problems, "What else was said", MAX_TEXT)
    # The referrer.
    referrer = _text(data, "referrer_name", problems, "Your name")
    if not referrer:
        problems.setdefault("referrer_name", "Give your name, so the team knows who to contact.")
    organisation = _text(data, "referrer_organisation", problems, "Your hospital and department")
    if not organisation:
        problems.setdefault("referrer_organisation", "Give your hospital and department.")
    email = _text(data, "referrer_email", problems, "Your e-mail address")
    if email and not _EMAIL.match(email):
        problems.setdefault("referrer_email", "That e-mail address does not look right.")
    phone = _text(data, "referrer_phone", problems, "Your phone number", 40)
    if phone and not _PHONE.match(phone):
        problems.setdefault("referrer_phone", "That phone number does not look right.")
    if not email and not phone and "referrer_email" not in problems and "referrer_phone" not in problems:
        problems["referrer_email"] = "Give an e-mail address or a phone number the team can reach you on."
    if problems:
        return None
    assert injury and consent and referrer and organisation
    return HospitalPresentation(
        injury=injury, consent=consent, referrer_name=referrer, referrer_organisation=organisation,
        age=age, area=area, place=place, police_aware=police, continuing_threats=threats,
        threats_detail=threats_detail, discharge_concerns=discharge, patient_name=name,
        referrer_email=email, referrer_phone=phone, disclosures=disclosures,
    )

"""Reading a health worker's own words: the injury, consent, police, threats, age, workplace and danger now."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from frontdoor.answers import parse_tristate
from frontdoor.errors import InvalidInput
from frontdoor.extraction import DANGER_MATCH, IMMEDIACY_MATCH, Analyser, normalise
from frontdoor.fields import Consent
from frontdoor.hospital.model import THREATS_INDICATOR, Injury
from frontdoor.model import Tristate


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


def parse_consent(text: str) -> Consent:
    """Return whether the patient agreed to the referral: yes, no, or not asked.

    "Not sure" counts as not asked. Codes ("consented") are accepted too.

    Raises:
        InvalidInput: the answer says none of those (``field`` is ``consent``).
    """
    simple = _simple(text)
    try:
        return Consent(simple.replace(" ", "_"))
    except ValueError:
        pass
    if _CONSENT_NOT_ASKED.search(simple):
        return Consent.NOT_ASKED
    if _CONSENT_NO.search(simple):
        return Consent.NOT_CONSENTED
    if _CONSENT_YES.search(simple):
        return Consent.CONSENTED
    try:
        answer = parse_tristate(simple)
    except InvalidInput:
        raise InvalidInput("Please say whether the patient agreed to the referral: yes, no, or not asked "
                           "(for example if they are too unwell).", "consent") from None
    return Consent.from_tristate(answer)


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


#: A sentence of an opening message that speaks of the police, or of the patient's agreement to the referral.
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
_POLICE = re.compile(r"\b(?:police|officers?)\b")
_CONSENT_TOPIC = re.compile(r"\b(?:consent\w*|agree\w*|refer\w*|shar(?:e|ing))\b")


def police_in_opening(text: str) -> Tristate | None:
    """Return what a message that was not an answer says of the police knowing: True (aware), False (not
    told), or None when no sentence of it speaks of the police ("Police are aware and have attended")."""
    for sentence in _SENTENCE.split(_simple(text)):
        if not _POLICE.search(sentence):
            continue
        if _POLICE_NO.search(sentence):
            return False
        if _POLICE_YES.search(sentence):
            return True
    return None


def consent_in_opening(text: str) -> Consent | None:
    """Return what a message that was not an answer says of the patient's agreement to the referral, or None
    when no sentence of it speaks of consent ("He has declined consent to a referral")."""
    for sentence in _SENTENCE.split(_simple(text)):
        if not _CONSENT_TOPIC.search(sentence):
            continue
        for pattern, consent in ((_CONSENT_NOT_ASKED, Consent.NOT_ASKED), (_CONSENT_NO, Consent.NOT_CONSENTED),
                                 (_CONSENT_YES, Consent.CONSENTED)):
            if pattern.search(sentence):
                return consent
    return None


_THREAT_WORDS = re.compile(r"\b(?:threat\w*|retaliat\w*|revenge|payback|finish (?:him|her|them|it|the job|what)|"
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
#: Before a place that is where the health worker works, not the patient's home: "at", "in" ("a nurse in
#: Woolwich", "A&E at Homerton"), or right after the hospital's name ("Great Lines Hospital, Gillingham").
_WORK = re.compile(r"\b(?:at|in|to|near)\s+(?:the\s+)?$|\b(?:hospital|infirmary|medical centre|health centre|"
                   r"clinic|a&e|ed|emergency department|minor injuries unit|urgent treatment centre|trust)"
                   r"\s*[,-]?\s*(?:in\s+)?$", re.I)


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

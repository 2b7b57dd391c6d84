"""The hospital presentation's field model: the injury, consent, and the validated presentation's draft."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from frontdoor.fields import Consent
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
from frontdoor.sharing import ReportedConsent

#: The indicator that makes triage call a hospital presentation red (see frontdoor.triage).
THREATS_INDICATOR = "continuing_threats"
#: The routing table's agency of the hospital's staff: the information-sharing agreement recorded with a
#: presentation is one it signed (frontdoor.sharing.agreement_for).
HOSPITAL_AGENCY = "health"


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


#: Whether the patient agreed to being referred (the handover's codes; the hospital's words are its
#: ``patient_label``).
PatientConsent = Consent


#: The answer keys :func:`presentation_problems` understands.
FIELDS: tuple[str, ...] = (
    "injury", "age", "area", "place", "police_aware", "consent", "consent_reason", "continuing_threats", "threats_detail",
    "discharge_concerns", "patient_name", "referrer_name", "referrer_organisation", "referrer_email",
    "referrer_phone", "disclosures",
)


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
    consent: Consent
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
    #: Why the referral goes ahead although the patient declined (the public-interest or safeguarding reason).
    consent_reason: str | None = None

    @property
    def patient_role(self) -> PersonRole:
        """The patient's role: a young person at risk unless known to be 18 or over. Never a suspect."""
        if self.age is None or self.age < 18:
            return PersonRole.YOUNG_PERSON_AT_RISK
        return PersonRole.VULNERABLE_ADULT_AT_RISK

    @property
    def reported_consent(self) -> ReportedConsent:
        """Return the consent answer the basis for sharing is recorded from.

        Referred without the patient's agreement, a child (known to be under
        18) is shared on the basis of safeguarding a child, anyone else in the
        public interest, with the health worker's reason either way.
        """
        child = self.age is not None and self.age < 18
        return ReportedConsent(self.consent, self.consent_reason,
                               "safeguarding_child" if child else "public_interest", HOSPITAL_AGENCY)

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
            "patient_consent": self.consent.patient_label,
            "continuing_threats": _word(self.continuing_threats),
        }
        if self.consent_reason:
            details["consent_reason"] = self.consent_reason
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

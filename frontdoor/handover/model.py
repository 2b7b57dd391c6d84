"""The handover's field model: its choices, the validated :class:`Handover` and its referral draft.

The destination area owns the referral and the origin area gets an info-only
copy: the routing table's "Relocation handover" rule picks the destination's
community safety inbox, and the ``from_area`` detail adds the origin's copy.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import date

from frontdoor.fields import Consent
from frontdoor.model import (
    Channel,
    Kind,
    PersonDraft,
    PersonRole,
    ReferralDraft,
    ReporterDraft,
    ReporterRole,
)
from frontdoor.routing import RoutingTable
from frontdoor.sharing import ReportedConsent

#: The indicator that makes triage call a handover red (see frontdoor.triage).
URGENT_INDICATOR = "urgent_relocation"
#: Most agency rows one handover may list (their contacts fit the referral's detail limit).
MAX_AGENCIES = 12


class Move(str, enum.Enum):
    """Whether the move is planned or urgent."""

    PLANNED = "planned"
    URGENT = "urgent"

    @property
    def label(self) -> str:
        return {"planned": "Planned move", "urgent": "Urgent move"}[self.value]


class UrgentBecause(str, enum.Enum):
    """Why an urgent move is urgent."""

    THREATS_OR_VIOLENCE = "threats_or_violence"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"threats_or_violence": "Because of gang violence or threats",
                "other": "For another reason"}[self.value]


#: The roles the person moving may have, as the referrer states it. At-risk
#: and person-of-concern roles are never mixed or inferred from each other.
PERSON_ROLES: dict[str, str] = {
    PersonRole.YOUNG_PERSON_AT_RISK.value: "Young person at risk (under 18)",
    PersonRole.VULNERABLE_ADULT_AT_RISK.value: "Adult at risk",
    PersonRole.ALLEGED_EXPLOITER.value: "Person of concern (a risk to others)",
}

#: Agencies a handover names contacts for, as the guide lists them.
AGENCIES: dict[str, str] = {
    "police": "Police (gangs unit)",
    "probation": "Probation (National Probation Service or CRC)",
    "yot": "Youth Offending Team",
    "dwp": "Department for Work and Pensions (DWP)",
    "housing": "Housing",
    "social_care": "Social care or leaving care team",
    "voluntary": "Voluntary sector (e.g. St Giles Trust)",
    "other": "Other",
}

#: Referrer roles offered on the handover form (professionals only).
REFERRER_ROLES: tuple[ReporterRole, ...] = (
    ReporterRole.POLICE, ReporterRole.PROBATION, ReporterRole.SOCIAL_WORKER, ReporterRole.HOUSING,
    ReporterRole.YOUTH_WORKER, ReporterRole.HEALTH, ReporterRole.OTHER,
)

#: The answer keys :func:`handover_problems` understands (agencies come as a list).
FIELDS: tuple[str, ...] = (
    "person_name", "date_of_birth", "age", "gender", "person_role", "consent", "consent_reason",
    "from_area", "to_area", "move", "urgent_because", "move_reason", "move_date",
    "agencies", "court_orders", "positive_requirements", "risks_to_person", "risks_from_person",
    "aspirations", "referrer_name", "referrer_role", "referrer_agency", "referrer_email", "referrer_phone",
    "disclosures",
)


@dataclass(frozen=True)
class AgencyContact:
    """One agency working with the person, and who to contact there."""

    agency: str
    name: str | None = None
    phone: str | None = None
    email: str | None = None

    @property
    def agency_label(self) -> str:
        return AGENCIES.get(self.agency, self.agency)

    def as_dict(self) -> dict[str, str | None]:
        return {"agency": self.agency, "name": self.name, "phone": self.phone, "email": self.email}


@dataclass(frozen=True)
class Handover:
    """A validated handover notification."""

    person_name: str
    person_role: PersonRole
    consent: Consent
    from_area: str
    to_area: str
    move: Move
    move_reason: str
    referrer_name: str
    referrer_agency: str
    date_of_birth: date | None = None
    age: int | None = None
    gender: str | None = None
    consent_reason: str | None = None
    urgent_because: UrgentBecause | None = None
    move_date: date | None = None
    agencies: tuple[AgencyContact, ...] = ()
    court_orders: str | None = None
    positive_requirements: str | None = None
    risks_to_person: str | None = None
    risks_from_person: str | None = None
    aspirations: str | None = None
    referrer_role: ReporterRole | None = None
    referrer_email: str | None = None
    referrer_phone: str | None = None
    #: What the referrer said about harm in answer to other questions, in their words (triage reads it).
    disclosures: str | None = None

    @property
    def urgent_because_of_threats(self) -> bool:
        """True for an urgent move because of gang violence or threats (triage: red)."""
        return self.move is Move.URGENT and self.urgent_because is UrgentBecause.THREATS_OR_VIOLENCE

    @property
    def reported_consent(self) -> ReportedConsent:
        """Return the consent answer the basis for sharing is recorded from.

        Without consent (refused or not asked, always with the referrer's
        reason) a young person is shared on the basis of safeguarding a child,
        an adult at risk on that of safeguarding an adult, and a person of
        concern in the public interest. No agreement is chosen: the referrer
        is not one of the table's agencies.
        """
        without = {PersonRole.YOUNG_PERSON_AT_RISK: "safeguarding_child",
                   PersonRole.VULNERABLE_ADULT_AT_RISK: "safeguarding_adult"}.get(self.person_role, "public_interest")
        return ReportedConsent(self.consent, self.consent_reason, without)

    def to_draft(self, table: RoutingTable, channel: Channel = Channel.STAFF) -> ReferralDraft:
        """Return the referral draft for this handover.

        The draft's ``area`` is the destination (which owns it) and its
        ``from_area`` detail the origin (which gets an info-only copy). Only the
        move's reason goes in the description, which triage reads; risks,
        orders and contacts go in the (encrypted) details, so past history does
        not by itself raise the urgency of a planned move.
        """
        origin, destination = table.areas[self.from_area].name, table.areas[self.to_area].name
        when = f" on {self.move_date.isoformat()}" if self.move_date else ""
        # Neutral wording: the text analyser reads "urgent move" as an urgent relocation,
        # which the structured answer decides here.
        timing = "planned" if self.move is Move.PLANNED else "at short notice"
        description = (f"Relocation handover from {origin} to {destination}{when} ({timing}). "
                       f"Reason: {self.move_reason}")
        if self.disclosures:
            description += f"\n\nAlso said: {self.disclosures}"
        details: dict[str, str] = {
            "from_area": self.from_area,
            "to_area": self.to_area,
            "move": self.move.value,
        }
        optional: dict[str, str | None] = {
            "urgent_because": self.urgent_because.value if self.urgent_because else None,
            "move_date": self.move_date.isoformat() if self.move_date else None,
            "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else None,
            "gender": self.gender,
            "consent": self.consent.value,
            "consent_reason": self.consent_reason,
            "court_orders": self.court_orders,
            "positive_requirements": self.positive_requirements,
            "risks_to_person": self.risks_to_person,
            "risks_from_person": self.risks_from_person,
            "aspirations": self.aspirations,
            "agencies": json.dumps([a.as_dict() for a in self.agencies], ensure_ascii=False) if self.agencies else None,
        }
        details.update({key: value for key, value in optional.items() if value})
        return ReferralDraft(
            kind=Kind.HANDOVER,
            channel=channel,
            description=description,
            indicators=[URGENT_INDICATOR] if self.urgent_because_of_threats else [],
            area=self.to_area,
            when=self.move_date.isoformat() if self.move_date else None,
            reporter=ReporterDraft(role=self.referrer_role, organisation=self.referrer_agency,
                                   name=self.referrer_name, email=self.referrer_email,
                                   phone=self.referrer_phone),
            people=[PersonDraft(role=self.person_role, name=self.person_name, age=self.age,
                                home_area=table.areas[self.to_area].name)],
            details=details,
        )

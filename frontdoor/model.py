"""Pure domain types: what a referral *is*, before and after it is stored.

Nothing here touches a database, the network or the clock. Drafts are built by
the shells (a Rasa form, the SMS webhook, the console) and handed to the
services in :mod:`frontdoor.services`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class Kind(str, enum.Enum):
    """What sort of report this is (DESIGN §3)."""

    CONCERN = "concern"
    TIP = "tip"
    SELF_REFERRAL = "self_referral"
    HANDOVER = "handover"
    HEALTH = "health"


class Channel(str, enum.Enum):
    """How the report reached us."""

    WEB = "web"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    STAFF = "staff"
    EMAIL = "email"


class Urgency(str, enum.Enum):
    """Triage urgency. ``rank`` orders a queue: red first."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def rank(self) -> int:
        return {"red": 0, "amber": 1, "green": 2}[self.value]


class Status(str, enum.Enum):
    """Where a referral is in its SPOC workflow.

    New until acknowledged; then acknowledged, in progress or awaiting a partner as
    the SPOC sets it; closed when an outcome closes it; reopened (with a reason) after that.
    """

    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    AWAITING_PARTNER = "awaiting_partner"
    CLOSED = "closed"
    REOPENED = "reopened"

    @property
    def label(self) -> str:
        return {
            "new": "New",
            "acknowledged": "Acknowledged",
            "in_progress": "In progress",
            "awaiting_partner": "Awaiting a partner",
            "closed": "Closed",
            "reopened": "Reopened",
        }[self.value]

    @property
    def settable(self) -> bool:
        """True for the statuses a SPOC sets directly (the others come from acknowledging, closing, reopening)."""
        return self in (Status.IN_PROGRESS, Status.AWAITING_PARTNER)


class PersonRole(str, enum.Enum):
    """The role a person plays on a referral.

    At-risk people and alleged exploiters are kept apart everywhere: a person
    has exactly one role on a referral and it is never inferred from another.
    """

    YOUNG_PERSON_AT_RISK = "young_person_at_risk"
    VULNERABLE_ADULT_AT_RISK = "vulnerable_adult_at_risk"
    ALLEGED_EXPLOITER = "alleged_exploiter"
    WITNESS = "witness"
    REPORTER = "reporter"

    @property
    def at_risk(self) -> bool:
        return self in (PersonRole.YOUNG_PERSON_AT_RISK, PersonRole.VULNERABLE_ADULT_AT_RISK)

    @property
    def label(self) -> str:
        return {
            "young_person_at_risk": "Young person at risk",
            "vulnerable_adult_at_risk": "Vulnerable adult at risk",
            "alleged_exploiter": "Alleged exploiter",
            "witness": "Witness",
            "reporter": "Reporter",
        }[self.value]


class ReporterRole(str, enum.Enum):
    """The professional (or other) role of whoever made the report."""

    TEACHER = "teacher"
    SOCIAL_WORKER = "social_worker"
    HEALTH = "health"
    HOUSING = "housing"
    YOUTH_WORKER = "youth_worker"
    POLICE = "police"
    PROBATION = "probation"
    PARENT = "parent"
    RESIDENT = "resident"
    YOUNG_PERSON = "young_person"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "teacher": "Teacher or school staff",
            "social_worker": "Social worker",
            "health": "Health worker",
            "housing": "Housing officer",
            "youth_worker": "Youth worker",
            "police": "Police",
            "probation": "Probation or YOT",
            "parent": "Parent or carer",
            "resident": "Resident or community member",
            "young_person": "Young person",
            "other": "Other professional",
        }[self.value]


# Tri-state answers ("yes", "no", "not sure") are plain Optional[bool]:
# True / False / None (unknown).
Tristate = bool | None


@dataclass
class PersonDraft:
    """A person named or described in a report, always with a role."""

    role: PersonRole
    name: str | None = None
    age: int | None = None
    age_band: str | None = None
    school: str | None = None
    home_area: str | None = None
    known_to_social_care: Tristate = None
    looked_after: Tristate = None
    parent_carer_aware: Tristate = None
    description: str | None = None


@dataclass
class ReporterDraft:
    """Who made the report. ``None`` on a draft means anonymous."""

    role: ReporterRole | None = None
    organisation: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    #: A professional who gave an e-mail address asked to be told when it is picked up and closed.
    feedback: bool = False


@dataclass
class ReferralDraft:
    """Everything a shell collected, before triage and routing.

    ``area`` is free text as the reporter gave it ("Erith", "Kent"); routing
    resolves it. ``indicators`` are taxonomy codes the reporter chose; more are
    extracted from ``description`` during triage.
    """

    kind: Kind
    channel: Channel
    description: str
    immediate_danger: Tristate = None
    indicators: list[str] = field(default_factory=list)
    area: str | None = None
    place: str | None = None
    when: str | None = None
    reporter: ReporterDraft | None = None
    people: list[PersonDraft] = field(default_factory=list)
    consent_to_contact: Tristate = None
    details: dict[str, str] = field(default_factory=dict)

    @property
    def subject(self) -> PersonDraft | None:
        """The first at-risk person, whom triage is mostly about."""
        for person in self.people:
            if person.role.at_risk:
                return person
        return None

    @property
    def subject_age(self) -> int | None:
        subject = self.subject
        return subject.age if subject else None

    @property
    def reporter_role(self) -> ReporterRole | None:
        return self.reporter.role if self.reporter else None


#: The reason that flags a referral for a person's judgement: stored with the other reasons and
#: shown on the queue, the referral's page and in the API.
JUDGEMENT_REASON = "Needs a person's judgement: "


def needs_judgement(reasons: tuple[str, ...] | list[str]) -> bool:
    """True when triage flagged a referral for a person's judgement (one of its reasons says why)."""
    return any(reason.startswith(JUDGEMENT_REASON) for reason in reasons)


@dataclass(frozen=True)
class TriageResult:
    """Urgency with its human-readable reasons and the indicators it used."""

    urgency: Urgency
    reasons: tuple[str, ...]
    indicators: tuple[str, ...]
    #: Signals conflict, or the words are too thin to judge: a person must look (shown on the queue).
    needs_judgement: bool = False


@dataclass(frozen=True)
class Route:
    """Where a referral goes: one owning inbox and info-only copies."""

    inbox: str
    copies: tuple[str, ...]
    area: str | None
    reasons: tuple[str, ...] = ()
    #: The out-of-hours contact that also has a red referral received while the
    #: owning inbox was closed (also in ``copies``).
    out_of_hours: str | None = None


@dataclass(frozen=True)
class Submission:
    """What the reporter is told after a referral is stored."""

    reference: str
    urgency: Urgency
    reasons: tuple[str, ...]
    inbox_id: str
    inbox_name: str
    due_at: datetime
    area_name: str | None
    #: For anonymous reports with follow-up: the placeholder a message carries
    #: instead of the follow-up code (see frontdoor.services.followup).
    followup_placeholder: str | None = None
    #: Red and the owning inbox closed: the out-of-hours contact acting now ...
    out_of_hours_name: str | None = None
    #: ... and when the owning inbox opens (UTC).
    owner_opens_at: datetime | None = None
    #: The inboxes given an info-only copy (not the out-of-hours contact, which acts), and their names.
    copies: tuple[str, ...] = ()
    copy_names: tuple[str, ...] = ()

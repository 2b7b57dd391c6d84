"""The directory's model: needs, organisations, services, their hours and eligibility, and a match."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from frontdoor.errors import InvalidInput

#: The need taxonomy (vocabulary ``frontdoor-needs``), with display names.
NEEDS: Mapping[str, str] = {
    "exit_support": "Getting out of a gang or county lines",
    "debt_or_threats": "Owing money, threats or being forced",
    "violence": "Violence, weapons or feeling unsafe",
    "sexual_exploitation": "Sexual exploitation",
    "mental_health": "Mental health and wellbeing",
    "education_employment": "Education, training and work",
    "family_support": "Support for families and carers",
    "reporting": "Reporting a crime or information",
}
#: Taxonomy term marking a service offered whenever nothing else matches.
SAFETY_NET = "safety_net"
NEEDS_VOCABULARY = "frontdoor-needs"
NATIONAL = "national"
GENDERS = ("female", "male")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: File name of an imported directory under the instance home directory.
STORED_NAME = "directory.json"


class InvalidDirectory(InvalidInput):
    """A directory file has problems; ``problems`` lists every one, naming its record."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the services directory: "
                         + "; ".join(self.problems))


# --- the model ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Organisation:
    """An organisation running services (ORUK ``organization``)."""

    id: str
    name: str
    description: str = ""
    url: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Phone:
    """A phone number exactly as it should be shown, with what it is for."""

    number: str
    description: str | None = None


@dataclass(frozen=True)
class RegularSchedule:
    """An ORUK ``regular_schedule`` entry: weekday 1 (Monday) to 7 (Sunday), HH:MM local times."""

    weekday: int
    opens_at: str | None = None
    closes_at: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Schedule:
    """Opening hours: structured entries, each optionally with ORUK's human-readable text."""

    regular: tuple[RegularSchedule, ...] = ()

    @property
    def hours(self) -> str | None:
        """Return the human-readable hours: the entries' descriptions, else a summary of the
        entries (``Mon-Fri 09:00-17:00``), else None when nothing is known."""
        texts = list(dict.fromkeys(e.description for e in self.regular if e.description))
        if texts:
            return "; ".join(texts)
        if not self.regular:
            return None
        groups: list[tuple[list[int], str]] = []
        for entry in sorted(self.regular, key=lambda e: e.weekday):
            times = f"{entry.opens_at or '?'}-{entry.closes_at or '?'}"
            if groups and groups[-1][1] == times and groups[-1][0][-1] == entry.weekday - 1:
                groups[-1][0].append(entry.weekday)
            else:
                groups.append(([entry.weekday], times))
        parts = []
        for days, times in groups:
            span = WEEKDAYS[days[0] - 1] if len(days) == 1 else f"{WEEKDAYS[days[0] - 1]}-{WEEKDAYS[days[-1] - 1]}"
            parts.append(f"{span} {times}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Eligibility:
    """Who may use a service: an age range (inclusive), optionally one gender and other rules."""

    minimum_age: int | None = None
    maximum_age: int | None = None
    gender: str | None = None
    other: str | None = None

    def admits(self, age: int | None, gender: str | None = None) -> bool:
        """Return True when a person of ``age`` and ``gender`` (None: not known) is eligible."""
        if age is not None:
            if self.minimum_age is not None and age < self.minimum_age:
                return False
            if self.maximum_age is not None and age > self.maximum_age:
                return False
        if gender is not None and self.gender is not None and gender != self.gender:
            return False
        return True


@dataclass(frozen=True)
class Service:
    """A service (ORUK ``service``) with its contacts, hours, eligibility, areas and needs."""

    id: str
    organisation_id: str
    name: str
    description: str = ""
    url: str | None = None
    email: str | None = None
    status: str = "active"
    phones: tuple[Phone, ...] = ()
    schedule: Schedule = field(default_factory=Schedule)
    eligibility: Eligibility = field(default_factory=Eligibility)
    #: Area ids, region ids or ``national``.
    areas: tuple[str, ...] = ()
    #: ISO 639 language codes.
    languages: tuple[str, ...] = ()
    #: Need taxonomy terms (:data:`NEEDS`).
    needs: tuple[str, ...] = ()
    #: How to get help: self-referral, professional referral, phone, online form.
    how_to_refer: str | None = None
    safety_net: bool = False


@dataclass(frozen=True)
class Match:
    """One ranked result of :meth:`Directory.match`."""

    service: Service
    organisation: Organisation
    #: ``local`` (the area's own), ``regional`` or ``national``.
    reach: str
    #: The requested needs this service meets.
    needs: tuple[str, ...]


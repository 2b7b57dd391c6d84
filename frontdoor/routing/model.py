"""The routing table's parts: inboxes, areas, rules and the facts a referral is routed on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from frontdoor.hours import OpeningHours
from frontdoor.model import Kind, ReporterRole, Urgency


@dataclass(frozen=True)
class Inbox:
    """An inbox of the table: who it belongs to, how to reach it and when it is staffed."""

    id: str
    name: str
    agency: str
    email: str | None = None
    phone: str | None = None
    second_contact: str | None = None
    #: The hours as written in the table, for people.
    hours: str | None = None
    #: The hours as read: when the inbox is staffed.
    opening: OpeningHours = field(default_factory=lambda: OpeningHours.parse(None), compare=False)


@dataclass(frozen=True)
class Area:
    """An area: its place names (the gazetteer), the inbox of each agency there, its out-of-hours contact."""

    id: str
    name: str
    region: str | None
    places: tuple[str, ...]
    agencies: Mapping[str, str]
    #: The inbox that acts on red referrals while the owning inbox is closed.
    out_of_hours: str = ""


@dataclass(frozen=True)
class Condition:
    """All given fields must match; a list matches any of its values."""

    kinds: frozenset[str] = frozenset()
    urgencies: frozenset[str] = frozenset()
    indicators: frozenset[str] = frozenset()
    reporter_roles: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    possibly_child: bool | None = None

    def matches(self, facts: RoutingFacts) -> bool:
        """Return True when ``facts`` meet every condition given."""
        if self.kinds and facts.kind.value not in self.kinds:
            return False
        if self.urgencies and facts.urgency.value not in self.urgencies:
            return False
        if self.indicators and not (self.indicators & set(facts.indicators)):
            return False
        if self.reporter_roles and (
            facts.reporter_role is None or facts.reporter_role.value not in self.reporter_roles
        ):
            return False
        if self.channels and facts.channel not in self.channels:
            return False
        if self.possibly_child is not None and facts.possibly_child is not self.possibly_child:
            return False
        return True


@dataclass(frozen=True)
class Rule:
    """A rule: when it applies, the owning agency it chooses (None for a copy rule), the agencies copied."""

    name: str
    when: Condition
    primary: str | None
    copies: tuple[str, ...]


@dataclass(frozen=True)
class RoutingFacts:
    """What routing needs to know about a referral."""

    kind: Kind
    urgency: Urgency
    area_id: str | None
    indicators: tuple[str, ...] = ()
    reporter_role: ReporterRole | None = None
    possibly_child: bool = True
    channel: str = "web"
    #: Areas that get an info-only copy whatever the rules say (e.g. a
    #: handover's area of origin).
    copy_areas: tuple[str, ...] = ()
    #: When the referral arrived (None: hours are not considered).
    received_at: datetime | None = None


@dataclass(frozen=True)
class AreaMatch:
    """The area a text names, and the words that named it."""

    area: Area
    matched: str


@dataclass(frozen=True)
class KnownDomain:
    """A professional e-mail domain (and its subdomains): the organisation, its area and its people's role."""

    domain: str
    organisation: str
    area: str | None = None
    role: ReporterRole | None = None

    def covers(self, domain: str) -> bool:
        """True when ``domain`` is this domain or one of its subdomains."""
        domain = domain.lower()
        return domain == self.domain or domain.endswith("." + self.domain)

"""The routing table: loading it, looking up inboxes and areas, and routing a referral (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontdoor.errors import ConfigurationError
from frontdoor.extraction import Analyser
from frontdoor.hours import WorkingCalendar
from frontdoor.model import Route, Urgency
from frontdoor.routing.loading import (
    read_agencies,
    read_areas,
    read_inboxes,
    read_known_domains,
    read_partnership,
    read_rules,
    read_table_file,
)
from frontdoor.routing.model import Area, AreaMatch, Inbox, KnownDomain, RoutingFacts, Rule


@dataclass(frozen=True)
class RoutingTable:
    """Areas, agencies, inboxes and the rules that choose a referral's owning inbox and its copies."""

    partnership_inbox: str
    #: Out-of-hours contact for referrals whose area is not known.
    out_of_hours: str
    agencies: Mapping[str, str]
    areas: Mapping[str, Area]
    inboxes: Mapping[str, Inbox]
    rules: tuple[Rule, ...]
    copy_rules: tuple[Rule, ...]
    source: str = field(default="", compare=False)
    #: Professional e-mail domains: an e-mail from one naming no place goes to its organisation's area.
    known_domains: Mapping[str, KnownDomain] = field(default_factory=dict)

    # --- loading -------------------------------------------------------------
    @classmethod
    def from_mapping(cls, data: Any, source: str = "") -> RoutingTable:
        """Build and validate a table from parsed YAML.

        Raises:
            ConfigurationError: naming the first problem found.
        """
        agencies = read_agencies(data)
        inboxes = read_inboxes(data, agencies)
        partnership, partnership_ooh = read_partnership(data, inboxes)
        areas = read_areas(data, agencies, inboxes)
        rules, copy_rules = read_rules(data, agencies)
        return cls(
            partnership_inbox=partnership,
            out_of_hours=partnership_ooh,
            agencies=dict(agencies),
            areas=areas,
            inboxes=inboxes,
            rules=rules,
            copy_rules=copy_rules,
            source=source,
            known_domains=read_known_domains(data, areas),
        )

    @classmethod
    def load(cls, path: str | Path | None = None) -> RoutingTable:
        """Load a table from ``path`` (the packaged demo table when None).

        Raises:
            ConfigurationError: the file is missing, not YAML, or invalid.
        """
        data, source = read_table_file(path)
        return cls.from_mapping(data, source)

    # --- lookups -------------------------------------------------------------
    def gazetteer(self) -> list[tuple[str, str]]:
        """Return ``(place name, area id)`` for every place and area name."""
        entries: list[tuple[str, str]] = []
        for area in self.areas.values():
            entries.extend((place, area.id) for place in area.places)
        return entries

    def known_domain(self, domain: str) -> KnownDomain | None:
        """Return the known professional domain covering ``domain`` (the longest match), or None."""
        matches = [d for d in self.known_domains.values() if d.covers(domain)]
        return max(matches, key=lambda d: len(d.domain), default=None)

    def inbox(self, inbox_id: str) -> Inbox:
        """Return the inbox ``inbox_id``.

        Raises:
            ConfigurationError: there is no such inbox in the table.
        """
        try:
            return self.inboxes[inbox_id]
        except KeyError:
            raise ConfigurationError(f"unknown inbox {inbox_id!r}") from None

    def inbox_for(self, area_id: str | None, agency: str) -> str:
        """Return the inbox serving ``agency`` in ``area_id``.

        Falls back to the area's community safety inbox, and to the partnership
        inbox when the area is unknown.
        """
        area = self.areas.get(area_id or "")
        if area is None:
            return self.partnership_inbox
        return area.agencies.get(agency) or area.agencies["community_safety"]

    def resolve_area(self, text: str | None, analyser: Analyser) -> AreaMatch | None:
        """Return the area ``text`` names: an area id or name, else its first place name.

        ``None`` when nothing in the text is known (the referral then goes to the
        partnership inbox).
        """
        if not text or not text.strip():
            return None
        cleaned = text.strip()
        key = cleaned.lower().replace(" ", "_").replace("-", "_")
        if key in self.areas:
            return AreaMatch(self.areas[key], cleaned)
        for area in self.areas.values():
            if area.name.lower() == cleaned.lower():
                return AreaMatch(area, cleaned)
        places = analyser.places(cleaned)
        if places:
            written, area_id = places[0]
            return AreaMatch(self.areas[area_id], written)
        return None

    def out_of_hours_for(self, area_id: str | None) -> Inbox:
        """Return the out-of-hours contact of ``area_id`` (the partnership's when unknown)."""
        area = self.areas.get(area_id or "")
        return self.inboxes[area.out_of_hours if area else self.out_of_hours]

    def out_of_hours_for_inbox(self, inbox_id: str, prefer_area: str | None = None) -> Inbox:
        """Return the out-of-hours contact for a referral owned by ``inbox_id``.

        That of the area the inbox serves (``prefer_area`` when it serves several, as a police BCU does),
        the partnership's when it serves none (partnership triage).
        """
        serving = [a for a in self.areas.values() if inbox_id in a.agencies.values()]
        if not serving:
            return self.inboxes[self.out_of_hours]
        area = next((a for a in serving if a.id == prefer_area), serving[0])
        return self.inboxes[area.out_of_hours]

    # --- routing -------------------------------------------------------------
    def route(self, facts: RoutingFacts, calendar: WorkingCalendar | None = None) -> Route:
        """Return the owning inbox and info-only copies for ``facts`` (pure).

        With a ``calendar`` and ``facts.received_at``, a red referral that
        arrives while the owning inbox is closed also goes to the area's
        out-of-hours contact (``Route.out_of_hours``).
        """
        reasons: list[str] = []
        area = self.areas.get(facts.area_id or "")
        if area is None:
            reasons.append("Area not known: sent to partnership triage")
        rule = next(r for r in self.rules if r.when.matches(facts))
        assert rule.primary is not None
        owner = self.inbox_for(facts.area_id, rule.primary)
        reasons.append(f"{rule.name}: {self.agencies[rule.primary]}")
        copies: list[str] = []

        def add(inbox_id: str) -> None:
            """Copy the referral to ``inbox_id`` unless it owns it or has it already."""
            if inbox_id != owner and inbox_id not in copies:
                copies.append(inbox_id)

        if area is not None:
            for agency in rule.copies:
                add(self.inbox_for(area.id, agency))
            for copy_rule in self.copy_rules:
                if copy_rule.when.matches(facts):
                    before = len(copies)
                    for agency in copy_rule.copies:
                        if agency in area.agencies:
                            add(area.agencies[agency])
                    if len(copies) > before:
                        reasons.append(f"Copy: {copy_rule.name}")
        for other in facts.copy_areas:
            if other in self.areas and other != facts.area_id:
                add(self.inbox_for(other, rule.primary))
                reasons.append(f"Copy: {self.areas[other].name} (origin)")
        out_of_hours = None
        owner_inbox = self.inboxes[owner]
        if (facts.urgency is Urgency.RED and calendar is not None and facts.received_at is not None
                and not calendar.is_open(owner_inbox.opening, facts.received_at)):
            contact = self.out_of_hours_for(area.id if area else None)
            if contact.id != owner:
                out_of_hours = contact.id
                if contact.id not in copies:
                    copies.insert(0, contact.id)
                reasons.append(f"Out of hours: {owner_inbox.name} is closed "
                               f"({owner_inbox.opening.describe()}), so {contact.name} has it too")
        return Route(inbox=owner, copies=tuple(copies), area=area.id if area else None,
                     reasons=tuple(reasons), out_of_hours=out_of_hours)

    def inbox_ids(self) -> Iterable[str]:
        """Return the ids of every inbox in the table."""
        return self.inboxes.keys()

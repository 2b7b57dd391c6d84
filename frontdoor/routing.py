"""Routing (DESIGN §5): referral facts + routing table → owning inbox and copies.

The table is data (``data/routing.yaml`` by default, any file through the
``ROUTING_TABLE`` setting): areas with their gazetteer of place names, the inbox
serving each agency in each area, each area's out-of-hours contact, ordered
rules choosing the owning agency, and copy rules adding info-only copies.
:meth:`RoutingTable.route` is pure.

Out of hours: every inbox's ``hours`` are read (:mod:`frontdoor.hours`). A red
referral received while its owning inbox is closed is also sent to the area's
out-of-hours contact (the police gangs SPOC or an emergency duty team, which
must be open around the clock), who is alerted and may acknowledge it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from frontdoor.errors import ConfigurationError
from frontdoor.extraction import Analyser
from frontdoor.hours import OpeningHours, WorkingCalendar
from frontdoor.model import Kind, ReporterRole, Route, Urgency

#: libyaml's safe loader when PyYAML has it (ten times faster on the demo table).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Inbox:
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
    area: Area
    matched: str


_CONDITION_KEYS = {
    "kind": "kinds",
    "urgency": "urgencies",
    "indicators": "indicators",
    "reporter_role": "reporter_roles",
    "channel": "channels",
}


def _condition(raw: Any, where: str, agencies: Mapping[str, str]) -> Condition:
    if raw is None:
        return Condition()
    if not isinstance(raw, Mapping):
        raise ConfigurationError(f"{where}: 'when' must be a mapping")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "possibly_child":
            if not isinstance(value, bool):
                raise ConfigurationError(f"{where}: possibly_child must be true or false")
            values["possibly_child"] = value
            continue
        if key not in _CONDITION_KEYS:
            raise ConfigurationError(f"{where}: unknown condition {key!r}")
        items = value if isinstance(value, list) else [value]
        values[_CONDITION_KEYS[key]] = frozenset(str(v) for v in items)
    kinds = {k.value for k in Kind}
    if "kinds" in values and not values["kinds"] <= kinds:
        raise ConfigurationError(f"{where}: unknown kind in {sorted(values['kinds'])}")
    if "urgencies" in values and not values["urgencies"] <= {u.value for u in Urgency}:
        raise ConfigurationError(f"{where}: unknown urgency in {sorted(values['urgencies'])}")
    return Condition(**values)


def _out_of_hours(raw: Any, where: str, inboxes: Mapping[str, Inbox]) -> str:
    """Return the out-of-hours inbox named by ``raw``, which must be open around the clock.

    Raises:
        ConfigurationError: it is missing, unknown or not open 24/7.
    """
    if not raw:
        raise ConfigurationError(
            f"{where}: needs an out_of_hours contact (an inbox open 24/7, such as the police gangs SPOC "
            "or an emergency duty team), so a red referral reaches someone at night")
    inbox = inboxes.get(str(raw))
    if inbox is None:
        raise ConfigurationError(f"{where}: unknown out_of_hours inbox {raw!r}")
    if not inbox.opening.always:
        raise ConfigurationError(
            f"{where}: out_of_hours inbox {raw!r} is not open around the clock (hours: {inbox.hours!r})")
    if not inbox.email or not inbox.phone:
        raise ConfigurationError(
            f"{where}: out_of_hours inbox {raw!r} needs an e-mail address and an alert phone, so its alerts go out")
    return inbox.id


def _agency_list(raw: Any, where: str, agencies: Mapping[str, str]) -> tuple[str, ...]:
    items = raw or []
    if not isinstance(items, list):
        raise ConfigurationError(f"{where}: copies must be a list of agencies")
    for item in items:
        if item not in agencies:
            raise ConfigurationError(f"{where}: unknown agency {item!r}")
    return tuple(items)


@dataclass(frozen=True)
class RoutingTable:
    partnership_inbox: str
    #: Out-of-hours contact for referrals whose area is not known.
    out_of_hours: str
    agencies: Mapping[str, str]
    areas: Mapping[str, Area]
    inboxes: Mapping[str, Inbox]
    rules: tuple[Rule, ...]
    copy_rules: tuple[Rule, ...]
    source: str = field(default="", compare=False)

    # --- loading -------------------------------------------------------------
    @classmethod
    def from_mapping(cls, data: Any, source: str = "") -> RoutingTable:
        """Build and validate a table from parsed YAML.

        Raises:
            ConfigurationError: naming the first problem found.
        """
        if not isinstance(data, Mapping):
            raise ConfigurationError("routing table must be a mapping")
        agencies = data.get("agencies") or {}
        if not isinstance(agencies, Mapping) or "community_safety" not in agencies:
            raise ConfigurationError("routing table: 'agencies' must include community_safety")
        inboxes: dict[str, Inbox] = {}
        for inbox_id, raw in (data.get("inboxes") or {}).items():
            if not isinstance(raw, Mapping) or not raw.get("name"):
                raise ConfigurationError(f"inbox {inbox_id!r}: needs a name")
            if raw.get("agency") not in agencies:
                raise ConfigurationError(f"inbox {inbox_id!r}: unknown agency {raw.get('agency')!r}")
            hours = None if raw.get("hours") is None else str(raw.get("hours"))
            inboxes[str(inbox_id)] = Inbox(
                id=str(inbox_id),
                name=str(raw["name"]),
                agency=str(raw["agency"]),
                email=raw.get("email"),
                phone=None if raw.get("phone") is None else str(raw.get("phone")),
                second_contact=None if raw.get("second_contact") is None else str(raw.get("second_contact")),
                hours=hours,
                opening=OpeningHours.parse(hours, f"inbox {inbox_id!r}"),
            )
        partnership = data.get("partnership_inbox")
        if partnership not in inboxes:
            raise ConfigurationError(f"partnership_inbox {partnership!r} is not an inbox")
        partnership_ooh = _out_of_hours(data.get("out_of_hours"), "the partnership (out_of_hours)", inboxes)
        areas: dict[str, Area] = {}
        seen_places: dict[str, str] = {}
        for area_id, raw in (data.get("areas") or {}).items():
            where = f"area {area_id!r}"
            if not isinstance(raw, Mapping) or not raw.get("name"):
                raise ConfigurationError(f"{where}: needs a name")
            area_agencies = dict(raw.get("agencies") or {})
            if "community_safety" not in area_agencies:
                raise ConfigurationError(f"{where}: needs a community_safety inbox")
            for agency, inbox_id in area_agencies.items():
                if agency not in agencies:
                    raise ConfigurationError(f"{where}: unknown agency {agency!r}")
                if inbox_id not in inboxes:
                    raise ConfigurationError(f"{where}: unknown inbox {inbox_id!r}")
            places = tuple(str(p) for p in raw.get("places") or [])
            for place in places:
                key = place.lstrip("=").lower()
                if key in seen_places and seen_places[key] != area_id:
                    raise ConfigurationError(
                        f"{where}: place {place!r} is already in area {seen_places[key]!r}"
                    )
                seen_places[key] = str(area_id)
            areas[str(area_id)] = Area(
                id=str(area_id),
                name=str(raw["name"]),
                region=raw.get("region"),
                places=places,
                agencies=area_agencies,
                out_of_hours=_out_of_hours(raw.get("out_of_hours"), where, inboxes),
            )
        rules = []
        for index, raw in enumerate(data.get("rules") or []):
            where = f"rule {index + 1} ({raw.get('name', 'unnamed')})"
            primary = raw.get("primary")
            if primary not in agencies:
                raise ConfigurationError(f"{where}: unknown primary agency {primary!r}")
            rules.append(Rule(str(raw.get("name", where)), _condition(raw.get("when"), where, agencies),
                              primary, _agency_list(raw.get("copies"), where, agencies)))
        if not rules or rules[-1].when != Condition():
            raise ConfigurationError("routing table: the last rule must have no 'when' (the default)")
        copy_rules = []
        for index, raw in enumerate(data.get("copies") or []):
            where = f"copy rule {index + 1} ({raw.get('name', 'unnamed')})"
            copy_rules.append(Rule(str(raw.get("name", where)), _condition(raw.get("when"), where, agencies),
                                   None, _agency_list(raw.get("copies"), where, agencies)))
        return cls(
            partnership_inbox=str(partnership),
            out_of_hours=partnership_ooh,
            agencies=dict(agencies),
            areas=areas,
            inboxes=inboxes,
            rules=tuple(rules),
            copy_rules=tuple(copy_rules),
            source=source,
        )

    @classmethod
    def load(cls, path: str | Path | None = None) -> RoutingTable:
        """Load a table from ``path`` (the packaged demo table when None).

        Raises:
            ConfigurationError: the file is missing, not YAML, or invalid.
        """
        try:
            if path is None:
                text = resources.files("frontdoor.data").joinpath("routing.yaml").read_text("utf-8")
                source = "demo routing table"
            else:
                text = Path(path).read_text("utf-8")
                source = str(path)
            data = yaml.load(text, Loader=_YAML_LOADER)
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigurationError(f"cannot read routing table: {exc}") from exc
        return cls.from_mapping(data, source)

    # --- lookups -------------------------------------------------------------
    def gazetteer(self) -> list[tuple[str, str]]:
        """Return ``(place name, area id)`` for every place and area name."""
        entries: list[tuple[str, str]] = []
        for area in self.areas.values():
            entries.extend((place, area.id) for place in area.places)
        return entries

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
        return self.inboxes.keys()

"""Reading and validating the routing table's data (``data/routing.yaml`` or the ``ROUTING_TABLE`` file).

Each reader returns one part of the table and raises :class:`ConfigurationError`
naming the first problem found.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from frontdoor.datafiles import read_data_file
from frontdoor.errors import ConfigurationError
from frontdoor.hours import OpeningHours
from frontdoor.model import Kind, ReporterRole, Urgency
from frontdoor.routing.model import Area, Condition, Inbox, KnownDomain, Rule

#: libyaml's safe loader when PyYAML has it (ten times faster on the demo table).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CONDITION_KEYS = {
    "kind": "kinds",
    "urgency": "urgencies",
    "indicators": "indicators",
    "reporter_role": "reporter_roles",
    "channel": "channels",
}


def _condition(raw: Any, where: str, agencies: Mapping[str, str]) -> Condition:
    """Return the condition ``raw`` (a rule's ``when``); raises ConfigurationError when it is malformed."""
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
    """Return the agencies ``raw`` lists; raises ConfigurationError for an unknown one."""
    items = raw or []
    if not isinstance(items, list):
        raise ConfigurationError(f"{where}: copies must be a list of agencies")
    for item in items:
        if item not in agencies:
            raise ConfigurationError(f"{where}: unknown agency {item!r}")
    return tuple(items)



def read_agencies(data: Any) -> Mapping[str, str]:
    """Return the table's agencies (id → name).

    Raises:
        ConfigurationError: the table is not a mapping, or has no community_safety agency.
    """
    if not isinstance(data, Mapping):
        raise ConfigurationError("routing table must be a mapping")
    agencies = data.get("agencies") or {}
    if not isinstance(agencies, Mapping) or "community_safety" not in agencies:
        raise ConfigurationError("routing table: 'agencies' must include community_safety")
    return agencies


def read_inboxes(data: Mapping[str, Any], agencies: Mapping[str, str]) -> dict[str, Inbox]:
    """Return the table's inboxes by id, each with its opening hours read.

    Raises:
        ConfigurationError: an inbox has no name, an unknown agency or unreadable hours.
    """
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
    return inboxes


def read_partnership(data: Mapping[str, Any], inboxes: Mapping[str, Inbox]) -> tuple[str, str]:
    """Return the partnership inbox and its out-of-hours contact.

    Raises:
        ConfigurationError: the partnership inbox is unknown, or its out-of-hours contact is not valid.
    """
    partnership = data.get("partnership_inbox")
    if partnership not in inboxes:
        raise ConfigurationError(f"partnership_inbox {partnership!r} is not an inbox")
    return str(partnership), _out_of_hours(data.get("out_of_hours"), "the partnership (out_of_hours)", inboxes)


def read_areas(data: Mapping[str, Any], agencies: Mapping[str, str], inboxes: Mapping[str, Inbox]) -> dict[str, Area]:
    """Return the table's areas by id, each place name in one area only.

    Raises:
        ConfigurationError: an area has no name, an unknown agency or inbox, no community_safety inbox,
            a place of another area, or no valid out-of-hours contact.
    """
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
    return areas


def read_rules(data: Mapping[str, Any], agencies: Mapping[str, str]) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """Return the owning rules (the last one the default) and the copy rules.

    Raises:
        ConfigurationError: a rule names an unknown agency or condition, or the last rule has a condition.
    """
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
    return tuple(rules), tuple(copy_rules)


def read_known_domains(data: Mapping[str, Any], areas: Mapping[str, Area]) -> dict[str, KnownDomain]:
    """Return the professional e-mail domains (``known_domains``: domain -> organisation, area, role).

    Raises:
        ConfigurationError: an entry is not a mapping, has no organisation, or names an unknown area or role.
    """
    raw = data.get("known_domains") or {}
    if not isinstance(raw, Mapping):
        raise ConfigurationError("known_domains must be a mapping of e-mail domains")
    roles = {r.value for r in ReporterRole}
    domains: dict[str, KnownDomain] = {}
    for domain, entry in raw.items():
        where = f"known domain {domain!r}"
        name = str(domain).strip().lower().lstrip("@")
        if not name or "." not in name or "@" in name or " " in name:
            raise ConfigurationError(f"{where}: not an e-mail domain")
        if not isinstance(entry, Mapping) or not entry.get("organisation"):
            raise ConfigurationError(f"{where}: needs an organisation")
        area = entry.get("area")
        if area is not None and str(area) not in areas:
            raise ConfigurationError(f"{where}: unknown area {area!r}")
        role = entry.get("role")
        if role is not None and str(role) not in roles:
            raise ConfigurationError(f"{where}: unknown role {role!r} (one of {', '.join(sorted(roles))})")
        domains[name] = KnownDomain(name, str(entry["organisation"]), None if area is None else str(area),
                                    None if role is None else ReporterRole(str(role)))
    return domains


def read_table_file(path: str | Path | None) -> tuple[Any, str]:
    """Return the parsed YAML of the table at ``path`` (the packaged demo table when None), and its source.

    Raises:
        ConfigurationError: the file is missing or not YAML.
    """
    try:
        text = read_data_file(path, "routing.yaml")
        data = yaml.load(text, Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"cannot read routing table: {exc}") from exc
    return data, "demo routing table" if path is None else str(path)

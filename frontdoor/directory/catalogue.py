"""The directory: loading and storing it, and matching services to a person's age, area and needs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontdoor.datafiles import read_data_file
from frontdoor.directory.model import (
    GENDERS,
    NATIONAL,
    NEEDS,
    STORED_NAME,
    InvalidDirectory,
    Match,
    Organisation,
    Service,
)
from frontdoor.directory.oruk import read_records, service_mapping
from frontdoor.errors import ConfigurationError, InvalidInput

if TYPE_CHECKING:
    from frontdoor.config import Settings
    from frontdoor.routing import RoutingTable


def region_id(name: str) -> str:
    """Return the id of a routing-table region name (``Kent and Medway`` → ``kent_and_medway``)."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def area_regions(table: RoutingTable) -> dict[str, str | None]:
    """Return ``{area id: region id or None}`` for the areas of a routing table."""
    return {area.id: (region_id(area.region) if area.region else None) for area in table.areas.values()}


# --- the directory --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Directory:
    """Organisations and their services, with the areas they may cover."""

    organisations: Mapping[str, Organisation]
    services: tuple[Service, ...]
    #: ``{area id: region id or None}`` from the routing table.
    areas: Mapping[str, str | None] = field(default_factory=dict, compare=False)
    source: str = field(default="", compare=False)

    # loading ----------------------------------------------------------------------------------
    @classmethod
    def from_mapping(cls, data: Any, areas: Mapping[str, str | None],
                     names: Mapping[str, str] | None = None, source: str = "") -> Directory:
        """Build and validate a directory from parsed ORUK JSON (see :mod:`frontdoor.directory.oruk`).

        ``areas`` maps each known area id to its region id; ``names`` optionally maps
        further names (area and region names) to ids.

        Returns:
            The directory, services in file order.

        Raises:
            InvalidDirectory: listing every problem, each naming its record.
        """
        organisations, services = read_records(data, areas, names)
        return cls(organisations, services, dict(areas), source)

    @classmethod
    def from_json(cls, text: str, table: RoutingTable, source: str = "") -> Directory:
        """Parse and validate JSON text against the areas of ``table``.

        Raises:
            InvalidDirectory: the text is not JSON or has problems (every one listed).
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidDirectory([f"not valid JSON: {exc}"]) from exc
        names: dict[str, str] = {}
        for area in table.areas.values():
            names[area.name] = area.id
            if area.region:
                names[area.region] = region_id(area.region)
        return cls.from_mapping(data, area_regions(table), names, source)

    @classmethod
    def load(cls, path: str | Path | None, table: RoutingTable) -> Directory:
        """Load a directory file (the packaged demo dataset when ``path`` is None).

        Raises:
            ConfigurationError: the file cannot be read or has problems.
        """
        source = "demo services directory" if path is None else str(path)
        try:
            text = read_data_file(path, "directory.json")
        except OSError as exc:
            raise ConfigurationError(f"cannot read the services directory: {exc}") from exc
        try:
            return cls.from_json(text, table, source)
        except InvalidDirectory as exc:
            raise ConfigurationError(f"{source}: {exc}") from exc

    @classmethod
    def for_settings(cls, settings: Settings, table: RoutingTable) -> Directory:
        """Return the imported directory (``<home>/directory.json``) if there is one, else the demo.

        Raises:
            ConfigurationError: the file cannot be read or has problems.
        """
        path = stored_path(settings)
        return cls.load(path if path.exists() else None, table)

    # exporting --------------------------------------------------------------------------------
    def to_mapping(self) -> dict[str, Any]:
        """Return the directory as ORUK JSON data: ``{"services": [...]}``, organisations nested."""
        return {"services": [service_mapping(s, self.organisations[s.organisation_id]) for s in self.services]}

    def to_json(self) -> str:
        """Return :meth:`to_mapping` as indented JSON text ending in a newline."""
        return json.dumps(self.to_mapping(), indent=2, ensure_ascii=False) + "\n"


    # matching ---------------------------------------------------------------------------------
    def service(self, service_id: str) -> Service:
        """Return the service with ``service_id``.

        Raises:
            InvalidInput: there is no such service.
        """
        for service in self.services:
            if service.id == service_id:
                return service
        raise InvalidInput(f"no service {service_id!r} in the directory", field="service")

    def match(self, age: int | None, area_id: str | None, needs: Iterable[str], limit: int = 5,
              gender: str | None = None) -> tuple[Match, ...]:
        """Rank the active services for a person of ``age`` in ``area_id`` with ``needs``.

        The area's own services come first, then services covering its region, then
        national ones; within each, specialist services before safety-net helplines,
        more of the needs met first, then file order. Services the person is too
        young or too old for (or of the other gender, when ``female`` or ``male`` is
        given) are left out. An
        unknown or missing area gets national services only. When nothing fits,
        the national safety-net services (999, 101, Childline...) are returned,
        so the result is never empty.

        Returns:
            At most ``limit`` matches, best first.

        Raises:
            InvalidInput: an unknown need, a negative age, or a limit below 1.
        """
        wanted = set(needs)
        unknown = sorted(wanted - set(NEEDS))
        if unknown:
            raise InvalidInput(f"unknown need {unknown[0]!r} (known: {', '.join(NEEDS)})", field="need")
        if age is not None and not 0 <= age <= 130:
            raise InvalidInput("age must be between 0 and 130", field="age")
        if limit < 1:
            raise InvalidInput("limit must be at least 1", field="limit")
        gender = gender if gender in GENDERS else None  # other answers: no gender filter
        region = self.areas.get(area_id) if area_id else None
        known_area = area_id in self.areas if area_id else False
        ranked: list[tuple[tuple[int, int, int, int], Match]] = []
        for index, service in enumerate(self.services):
            if service.status != "active" or not service.eligibility.admits(age, gender):
                continue
            if known_area and area_id in service.areas:
                tier, reach = 0, "local"
            elif region and region in service.areas:
                tier, reach = 1, "regional"
            elif NATIONAL in service.areas:
                tier, reach = 2, "national"
            else:
                continue
            met = tuple(n for n in service.needs if n in wanted)
            if wanted and not met:
                continue
            key = (tier, int(service.safety_net), -len(met), index)
            ranked.append((key, Match(service, self.organisations[service.organisation_id], reach, met)))
        ranked.sort(key=lambda item: item[0])
        result = tuple(match for _, match in ranked[:limit])
        if result:
            return result
        nets = [s for s in self.services if s.safety_net and s.status == "active" and NATIONAL in s.areas]
        fitting = [s for s in nets if s.eligibility.admits(age, gender)] or nets
        return tuple(Match(s, self.organisations[s.organisation_id], "national", ()) for s in fitting[:max(limit, 1)])



def stored_path(settings: Settings) -> Path:
    """Return where an imported directory is kept: ``<FRONTDOOR_HOME>/directory.json``."""
    return Path(settings.home) / STORED_NAME


def store(directory: Directory, settings: Settings) -> Path:
    """Write ``directory`` as the instance's directory, replacing the demo dataset (atomically).

    Returns:
        The path written.

    Raises:
        ConfigurationError: the home directory cannot be written.
    """
    path = stored_path(settings)
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(directory.to_json(), "utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise ConfigurationError(f"cannot store the services directory at {path}: {exc}") from exc
    return path

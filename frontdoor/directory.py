"""Services directory (signposting) in the Open Referral UK shape.

Young people and the adults around them are signposted to services that can
help: local youth services and YOTs first, then services covering the wider
region, then national helplines. The directory is data: a JSON file in the
Open Referral UK (ORUK) shape, the packaged demo dataset
(``data/directory.json``) until an administrator imports their own with
``frontdoor directory import FILE``.

Accepted JSON shapes (all produce the same :class:`Directory`):

* ``{"services": [service, ...]}`` (also ``{"content": [...]}``, an ORUK API
  page, or a bare list), each service with a nested ``organization`` object or
  an ``organization_id`` naming an entry of a top-level ``organizations`` list;
* ``{"organizations": [{..., "services": [service, ...]}, ...]}``;
* ORUK's tables, one list per table linked by ids: ``organization``, ``service``
  (``organization_id``), ``phone``, ``service_area``, ``eligibility``, ``language``,
  ``regular_schedule``, ``service_taxonomy`` (``taxonomy_id``) and ``taxonomy``,
  each child row with a ``service_id``.

A service uses the ORUK fields ``id``, ``name``, ``description``, ``url``,
``email``, ``status``, ``regular_schedules``, ``eligibilities``,
``service_areas``, ``languages`` and ``service_taxonomies``, plus from HSDS 3
``phones`` (also read from ``contacts[].phones``), ``application_process``
(how to refer) and ``eligibility_description``. Service areas are area ids of
the routing table, region ids (the routing table's region names in
lower case with ``_`` for spaces, e.g. ``london``) or ``national``; area and
region names are accepted too. Needs are taxonomy terms of the
``frontdoor-needs`` vocabulary (:data:`NEEDS`), plus ``safety_net`` for the
services always offered when nothing else fits (999, 101, Childline).

:meth:`Directory.to_mapping` writes the first shape back; loading an export
gives an equal directory and exporting it again gives the same JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontdoor.errors import ConfigurationError, InvalidInput

if TYPE_CHECKING:
    from frontdoor.config import Settings
    from frontdoor.routing import RoutingTable

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
STATUSES = ("active", "inactive", "defunct", "temporarily closed")
GENDERS = ("female", "male")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: File name of an imported directory under the instance home directory.
STORED_NAME = "directory.json"

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_SHORT_CODES = {"999", "112", "101", "111", "105", "119"}


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


# --- helpers --------------------------------------------------------------------------------------
def region_id(name: str) -> str:
    """Return the id of a routing-table region name (``Kent and Medway`` → ``kent_and_medway``)."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def area_regions(table: RoutingTable) -> dict[str, str | None]:
    """Return ``{area id: region id or None}`` for the areas of a routing table."""
    return {area.id: (region_id(area.region) if area.region else None) for area in table.areas.values()}


def valid_phone(number: str) -> bool:
    """Return True when ``number`` looks like a UK number (``020 7946 0000``, ``0800 11 11``, 999)."""
    if not re.fullmatch(r"\+?[0-9 ()-]+", number):
        return False
    digits = re.sub(r"[ ()-]", "", number)
    if digits in _SHORT_CODES or re.fullmatch(r"116\d{3}", digits):
        return True
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    return bool(re.fullmatch(r"0[1-9]\d{6,9}", digits))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


class _Reader:
    """Turns parsed JSON into organisations and services, collecting every problem."""

    def __init__(self, areas: Mapping[str, str | None]) -> None:
        self.problems: list[str] = []
        self.organisations: dict[str, Organisation] = {}
        self.services: list[Service] = []
        self.service_ids: set[str] = set()
        self.org_record = 0
        self.service_record = 0
        self.aliases: dict[str, str] = {NATIONAL: NATIONAL}
        for area_id, region in areas.items():
            self.aliases[area_id.lower()] = area_id
            if region:
                self.aliases[region.lower()] = region

    def add_names(self, names: Mapping[str, str]) -> None:
        for name, target in names.items():
            self.aliases.setdefault(name.lower(), target)

    # organisations
    def organisation(self, raw: Any) -> Organisation | None:
        self.org_record += 1
        where = f"organization (record {self.org_record})"
        if not isinstance(raw, Mapping):
            self.problems.append(f"{where}: must be an object")
            return None
        org_id = _text(raw.get("id"))
        if org_id:
            where = f"organization {org_id!r} (record {self.org_record})"
        problems = []
        if not org_id:
            problems.append(f"{where}: needs an id")
        name = _text(raw.get("name"))
        if not name:
            problems.append(f"{where}: needs a name")
        url, email = _text(raw.get("url")), _text(raw.get("email"))
        if url and not _URL.match(url):
            problems.append(f"{where}: url {url!r} must start with http:// or https://")
        if email and not _EMAIL.match(email):
            problems.append(f"{where}: email {email!r} is not an e-mail address")
        org = Organisation(id=org_id or "", name=name or "", description=_text(raw.get("description")) or "",
                           url=url, email=email)
        if org_id and org_id in self.organisations:
            if self.organisations[org_id] != org:
                problems.append(f"{where}: duplicate id (another organization has the same id "
                                "with different details)")
            self.problems.extend(problems)
            return self.organisations[org_id] if not problems else None
        self.problems.extend(problems)
        if problems:
            return None
        self.organisations[org.id] = org
        return org

    # services
    def service(self, raw: Any, organisation: Organisation | None) -> None:
        self.service_record += 1
        where = f"service (record {self.service_record})"
        if not isinstance(raw, Mapping):
            self.problems.append(f"{where}: must be an object")
            return
        sid = _text(raw.get("id"))
        if sid:
            where = f"service {sid!r} (record {self.service_record})"
        problems: list[str] = []
        if not sid:
            problems.append(f"{where}: needs an id")
        elif sid in self.service_ids:
            problems.append(f"{where}: duplicate id")
        name = _text(raw.get("name"))
        if not name:
            problems.append(f"{where}: needs a name")
        if organisation is None:
            nested = raw.get("organization", raw.get("organisation"))
            if isinstance(nested, Mapping):
                before = len(self.problems)
                organisation = self.organisation(nested)
                if organisation is None and len(self.problems) == before:
                    problems.append(f"{where}: its organization is invalid")
            else:
                org_id = _text(raw.get("organization_id", raw.get("organisation_id")))
                if org_id is None:
                    problems.append(f"{where}: needs an organization (nested, or organization_id)")
                elif org_id not in self.organisations:
                    problems.append(f"{where}: unknown organization_id {org_id!r}")
                else:
                    organisation = self.organisations[org_id]
        url, email = _text(raw.get("url")), _text(raw.get("email"))
        if url and not _URL.match(url):
            problems.append(f"{where}: url {url!r} must start with http:// or https://")
        if email and not _EMAIL.match(email):
            problems.append(f"{where}: email {email!r} is not an e-mail address")
        status = _text(raw.get("status")) or "active"
        if status not in STATUSES:
            problems.append(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
        phones, listed = self._phones(raw, where, problems)
        if not listed and not url and not email:
            problems.append(f"{where}: needs a phone, url or email (no way to contact it)")
        schedule = self._schedule(raw.get("regular_schedules"), where, problems)
        eligibility = self._eligibility(raw, where, problems)
        areas = self._areas(raw.get("service_areas"), where, problems)
        languages = self._languages(raw.get("languages"), where, problems)
        needs, safety_net = self._needs(raw, where, problems)
        self.problems.extend(problems)
        if sid:
            self.service_ids.add(sid)
        if problems or organisation is None or not sid:
            return
        self.services.append(Service(
            id=sid, organisation_id=organisation.id, name=name or "",
            description=_text(raw.get("description")) or "", url=url, email=email, status=status,
            phones=phones, schedule=schedule, eligibility=eligibility, areas=areas, languages=languages,
            needs=needs, how_to_refer=_text(raw.get("application_process", raw.get("how_to_refer"))),
            safety_net=safety_net,
        ))

    def _list(self, raw: Any, what: str, where: str, problems: list[str]) -> list[Any]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            problems.append(f"{where}: {what} must be a list")
            return []
        return raw

    def _phones(self, raw: Mapping[str, Any], where: str,
                problems: list[str]) -> tuple[tuple[Phone, ...], bool]:
        entries = list(self._list(raw.get("phones"), "phones", where, problems))
        for contact in self._list(raw.get("contacts"), "contacts", where, problems):
            if isinstance(contact, Mapping):
                entries.extend(self._list(contact.get("phones"), "contacts[].phones", where, problems))
        phones = []
        for entry in entries:
            if not isinstance(entry, Mapping) or not _text(entry.get("number")):
                problems.append(f"{where}: a phone needs a number")
                continue
            number = str(entry["number"]).strip()
            if not valid_phone(number):
                problems.append(f"{where}: phone {number!r} is not a UK phone number")
                continue
            phones.append(Phone(number, _text(entry.get("description"))))
        return tuple(phones), bool(entries)

    def _schedule(self, raw: Any, where: str, problems: list[str]) -> Schedule:
        entries = []
        for entry in self._list(raw, "regular_schedules", where, problems):
            if not isinstance(entry, Mapping):
                problems.append(f"{where}: a regular_schedule must be an object")
                continue
            weekday = entry.get("weekday")
            if isinstance(weekday, bool) or not isinstance(weekday, int) or not 1 <= weekday <= 7:
                problems.append(f"{where}: regular_schedule weekday {weekday!r} must be 1 (Monday) to 7 (Sunday)")
                continue
            times = []
            for key in ("opens_at", "closes_at"):
                value = _text(entry.get(key))
                if value is not None and not _TIME.match(value):
                    problems.append(f"{where}: regular_schedule {key} {value!r} must be HH:MM")
                    value = None
                times.append(value)
            if times[0] and times[1] and times[1] <= times[0]:
                problems.append(f"{where}: regular_schedule closes_at {times[1]} is not after opens_at {times[0]}")
            entries.append(RegularSchedule(weekday, times[0], times[1], _text(entry.get("description"))))
        return Schedule(tuple(entries))

    def _eligibility(self, raw: Mapping[str, Any], where: str, problems: list[str]) -> Eligibility:
        entries = self._list(raw.get("eligibilities"), "eligibilities", where, problems)
        minimum = maximum = gender = None
        for entry in entries:
            if not isinstance(entry, Mapping):
                problems.append(f"{where}: an eligibility must be an object")
                continue
            for key in ("minimum_age", "maximum_age"):
                value = entry.get(key)
                if value is None:
                    continue
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) \
                        or not 0 <= value <= 130:
                    problems.append(f"{where}: {key} {value!r} must be a whole number of years")
                    continue
                if key == "minimum_age":
                    minimum = int(value) if minimum is None else min(minimum, int(value))
                else:
                    maximum = int(value) if maximum is None else max(maximum, int(value))
            kind = _text(entry.get("eligibility"))
            if kind in GENDERS:
                gender = kind
        if minimum is not None and maximum is not None and maximum < minimum:
            problems.append(f"{where}: maximum_age {maximum} is below minimum_age {minimum}")
        return Eligibility(minimum, maximum, gender, _text(raw.get("eligibility_description")))

    def _areas(self, raw: Any, where: str, problems: list[str]) -> tuple[str, ...]:
        areas: list[str] = []
        entries = self._list(raw, "service_areas", where, problems)
        if not entries:
            problems.append(f"{where}: needs at least one service_area (an area id, a region or 'national')")
        for entry in entries:
            value = _text(entry.get("service_area")) if isinstance(entry, Mapping) else _text(entry)
            area = self.aliases.get((value or "").lower())
            if area is None:
                problems.append(f"{where}: unknown area {value!r} (not an area id or region of the "
                                "routing table, nor 'national')")
            elif area not in areas:
                areas.append(area)
        return tuple(areas)

    def _languages(self, raw: Any, where: str, problems: list[str]) -> tuple[str, ...]:
        languages = []
        for entry in self._list(raw, "languages", where, problems):
            value = _text(entry.get("language")) if isinstance(entry, Mapping) else _text(entry)
            if value is None or not _LANGUAGE.match(value):
                problems.append(f"{where}: language {value!r} is not an ISO 639 code such as 'en'")
            elif value not in languages:
                languages.append(value)
        return tuple(languages)

    def _needs(self, raw: Mapping[str, Any], where: str, problems: list[str]) -> tuple[tuple[str, ...], bool]:
        needs: list[str] = []
        safety_net = False
        key = "service_taxonomies" if "service_taxonomies" in raw else "service_taxonomys"
        for entry in self._list(raw.get(key), key, where, problems):
            term = entry.get("taxonomy", entry) if isinstance(entry, Mapping) else None
            if not isinstance(term, Mapping):
                problems.append(f"{where}: a service_taxonomy needs a taxonomy object")
                continue
            vocabulary = _text(term.get("vocabulary"))
            if vocabulary not in (None, NEEDS_VOCABULARY):
                continue  # another vocabulary (e.g. LGA services list): kept out of matching
            term_id = _text(term.get("id"))
            if term_id == SAFETY_NET:
                safety_net = True
            elif term_id is not None and term_id in NEEDS:
                if term_id not in needs:
                    needs.append(term_id)
            else:
                problems.append(f"{where}: unknown need {term_id!r} (known: {', '.join(NEEDS)})")
        if not needs and not safety_net:
            problems.append(f"{where}: needs at least one need taxonomy term ({', '.join(NEEDS)})")
        return tuple(needs), safety_net


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
        """Build and validate a directory from parsed ORUK JSON.

        ``areas`` maps each known area id to its region id; ``names`` optionally maps
        further names (area and region names) to ids.

        Returns:
            The directory, services in file order.

        Raises:
            InvalidDirectory: listing every problem, each naming its record.
        """
        reader = _Reader(areas)
        reader.add_names(names or {})
        if isinstance(data, list):
            data = {"services": data}
        if isinstance(data, Mapping) and isinstance(data.get("service"), list):
            data = _from_tables(data)
        if not isinstance(data, Mapping):
            raise InvalidDirectory(["the directory must be a JSON object with 'services' or 'organizations'"])
        org_key = "organizations" if "organizations" in data else "organisations"
        service_key = "services" if "services" in data else "content"
        orgs, services = data.get(org_key), data.get(service_key)
        if orgs is None and services is None:
            raise InvalidDirectory(["the directory has no 'services' and no 'organizations'"])
        for raw in orgs if isinstance(orgs, list) else []:
            organisation = reader.organisation(raw)
            nested = raw.get("services") if isinstance(raw, Mapping) else None
            if nested is not None and not isinstance(nested, list):
                reader.problems.append(f"organization (record {reader.org_record}): services must be a list")
                continue
            for service in nested or []:
                if organisation is None:
                    reader.service_record += 1
                    continue
                reader.service(service, organisation)
        if orgs is not None and not isinstance(orgs, list):
            reader.problems.append(f"'{org_key}' must be a list")
        if services is not None and not isinstance(services, list):
            reader.problems.append(f"'{service_key}' must be a list")
        for service in services if isinstance(services, list) else []:
            reader.service(service, None)
        if reader.problems:
            raise InvalidDirectory(reader.problems)
        if not reader.services:
            raise InvalidDirectory(["the directory has no services"])
        if not any(s.safety_net and s.status == "active" and NATIONAL in s.areas for s in reader.services):
            raise InvalidDirectory(["the directory needs at least one active national service marked "
                                    f"{SAFETY_NET!r} (e.g. 999 or Childline), offered when nothing else fits"])
        used = {s.organisation_id for s in reader.services}
        organisations = {k: v for k, v in reader.organisations.items() if k in used}
        return cls(organisations, tuple(reader.services), dict(areas), source)

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
        try:
            if path is None:
                text = resources.files("frontdoor.data").joinpath("directory.json").read_text("utf-8")
                source = "demo services directory"
            else:
                text = Path(path).read_text("utf-8")
                source = str(path)
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
        return {"services": [self._service_mapping(s) for s in self.services]}

    def to_json(self) -> str:
        """Return :meth:`to_mapping` as indented JSON text ending in a newline."""
        return json.dumps(self.to_mapping(), indent=2, ensure_ascii=False) + "\n"

    def _service_mapping(self, service: Service) -> dict[str, Any]:
        org = self.organisations[service.organisation_id]
        sid = service.id
        out: dict[str, Any] = {"id": sid, "organization": _compact({
            "id": org.id, "name": org.name, "description": org.description, "url": org.url, "email": org.email,
        }, keep=("description",))}
        out.update(_compact({"name": service.name, "description": service.description, "url": service.url,
                             "email": service.email, "status": service.status,
                             "application_process": service.how_to_refer}, keep=("description",)))
        if service.phones:
            out["phones"] = [_compact({"id": f"{sid}-phone-{i}", "number": p.number, "description": p.description})
                             for i, p in enumerate(service.phones, 1)]
        if service.schedule.regular:
            out["regular_schedules"] = [
                _compact({"id": f"{sid}-schedule-{i}", "weekday": e.weekday, "opens_at": e.opens_at,
                          "closes_at": e.closes_at, "description": e.description})
                for i, e in enumerate(service.schedule.regular, 1)]
        el = service.eligibility
        if el.minimum_age is not None or el.maximum_age is not None or el.gender:
            out["eligibilities"] = [_compact({"id": f"{sid}-eligibility-1", "eligibility": el.gender,
                                              "minimum_age": el.minimum_age or 0, "maximum_age": el.maximum_age})]
        if el.other:
            out["eligibility_description"] = el.other
        out["service_areas"] = [{"id": f"{sid}-area-{i}", "service_area": a}
                                for i, a in enumerate(service.areas, 1)]
        if service.languages:
            out["languages"] = [{"id": f"{sid}-language-{i}", "language": code}
                                for i, code in enumerate(service.languages, 1)]
        terms = list(service.needs) + ([SAFETY_NET] if service.safety_net else [])
        out["service_taxonomies"] = [
            {"id": f"{sid}-need-{i}", "taxonomy": {
                "id": term, "name": NEEDS.get(term, "Offered whenever nothing else fits"),
                "vocabulary": NEEDS_VOCABULARY}}
            for i, term in enumerate(terms, 1)]
        return out

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


_TABLES = {"phone": "phones", "service_area": "service_areas", "eligibility": "eligibilities",
           "language": "languages", "regular_schedule": "regular_schedules"}


def _from_tables(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return ORUK's table shape (one list per table, rows linked by ids) as nested services."""
    def rows(name: str) -> list[Mapping[str, Any]]:
        value = data.get(name)
        return [r for r in value if isinstance(r, Mapping)] if isinstance(value, list) else []

    taxonomy = {str(t.get("id")): dict(t) for t in rows("taxonomy")}
    services = []
    for raw in data["service"]:
        if not isinstance(raw, Mapping):
            services.append(raw)
            continue
        sid = raw.get("id")
        service = dict(raw)
        for table, key in _TABLES.items():
            linked = [r for r in rows(table) if r.get("service_id") == sid]
            if linked:
                service[key] = linked
        service["service_taxonomies"] = [
            {"id": r.get("id"), "taxonomy": taxonomy.get(str(r.get("taxonomy_id")), {"id": r.get("taxonomy_id")})}
            for r in rows("service_taxonomy") if r.get("service_id") == sid]
        services.append(service)
    return {"organizations": data.get("organization", []), "services": services}


def _compact(values: Mapping[str, Any], keep: Sequence[str] = ()) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and (v != "" or k in keep)}


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

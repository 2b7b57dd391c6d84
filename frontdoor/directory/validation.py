"""Reading and validating directory records: parsed ORUK JSON into organisations and services.

Every problem is collected, each naming its record, so an administrator sees them all at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import phonenumbers
from phonenumbers import shortnumberinfo

from frontdoor.directory.model import (
    GENDERS,
    NATIONAL,
    NEEDS,
    NEEDS_VOCABULARY,
    SAFETY_NET,
    Eligibility,
    Organisation,
    Phone,
    RegularSchedule,
    Schedule,
    Service,
)
from frontdoor.fields import DEFAULT_REGION, is_phone

#: The statuses a service may have (ORUK ``service.status``); only active ones are matched.
STATUSES = ("active", "inactive", "defunct", "temporarily closed")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def valid_phone(number: str) -> bool:
    """Return True when ``number`` is a UK number a service can be called on: a full number
    (``020 7946 0000``, ``0800 11 11``) or a short one (emergency, non-emergency, 116 helplines).
    """
    if not re.fullmatch(r"\+?[0-9 ()-]+", number):
        return False
    try:
        parsed = phonenumbers.parse(number, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return False
    return (shortnumberinfo.is_valid_short_number_for_region(parsed, DEFAULT_REGION)
            or phonenumbers.is_valid_number(parsed) or is_phone(number, international=False))


def _text(value: Any) -> str | None:
    """Return ``value`` as stripped text, None when missing or blank."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


class RecordReader:
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
        """Accept further names (area and region names) for the ids they map to."""
        for name, target in names.items():
            self.aliases.setdefault(name.lower(), target)

    # organisations
    def organisation(self, raw: Any) -> Organisation | None:
        """Return the organisation of record ``raw``, or None (its problems noted) when it is invalid."""
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
        url, email = self._contact(raw, where, problems)
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
        """Read service record ``raw`` of ``organisation`` (None: named by the record) into :attr:`services`, noting its problems."""
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
        url, email = self._contact(raw, where, problems)
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

    def _contact(self, raw: Mapping[str, Any], where: str, problems: list[str]) -> tuple[str | None, str | None]:
        """Return the record's url and e-mail address, noting any that is not one."""
        url, email = _text(raw.get("url")), _text(raw.get("email"))
        if url and not _URL.match(url):
            problems.append(f"{where}: url {url!r} must start with http:// or https://")
        if email and not _EMAIL.match(email):
            problems.append(f"{where}: email {email!r} is not an e-mail address")
        return url, email

    def _list(self, raw: Any, what: str, where: str, problems: list[str]) -> list[Any]:
        """Return ``raw`` as a list (empty when missing), noting it when it is not one."""
        if raw is None:
            return []
        if not isinstance(raw, list):
            problems.append(f"{where}: {what} must be a list")
            return []
        return raw

    def _phones(self, raw: Mapping[str, Any], where: str,
                problems: list[str]) -> tuple[tuple[Phone, ...], bool]:
        """Return the record's valid phones, and whether it listed any."""
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
        """Return the record's regular schedule, noting entries that are not valid."""
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
        """Return the record's eligibility: the widest age range of its entries, and a gender."""
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
        """Return the record's service areas as area ids, region ids or ``national``."""
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
        """Return the record's ISO 639 language codes."""
        languages = []
        for entry in self._list(raw, "languages", where, problems):
            value = _text(entry.get("language")) if isinstance(entry, Mapping) else _text(entry)
            if value is None or not _LANGUAGE.match(value):
                problems.append(f"{where}: language {value!r} is not an ISO 639 code such as 'en'")
            elif value not in languages:
                languages.append(value)
        return tuple(languages)

    def _needs(self, raw: Mapping[str, Any], where: str, problems: list[str]) -> tuple[tuple[str, ...], bool]:
        """Return the record's need terms, and whether it is a safety net."""
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


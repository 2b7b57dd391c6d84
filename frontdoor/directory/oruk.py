"""The Open Referral UK shapes a directory file may take, read into records and written back.

Accepted JSON shapes (all produce the same records):

* ``{"services": [service, ...]}`` (also ``{"content": [...]}``, an ORUK API
  page, or a bare list), each service with a nested ``organization`` object or
  an ``organization_id`` naming an entry of a top-level ``organizations`` list;
* ``{"organizations": [{..., "services": [service, ...]}, ...]}``;
* ORUK's tables, one list per table linked by ids: ``organization``, ``service``
  (``organization_id``), ``phone``, ``service_area``, ``eligibility``, ``language``,
  ``regular_schedule``, ``service_taxonomy`` (``taxonomy_id``) and ``taxonomy``,
  each child row with a ``service_id``.

:func:`service_mapping` writes the first shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from frontdoor.directory.model import (
    NATIONAL,
    NEEDS,
    NEEDS_VOCABULARY,
    SAFETY_NET,
    InvalidDirectory,
    Organisation,
    Service,
)
from frontdoor.directory.validation import RecordReader


def read_records(data: Any, areas: Mapping[str, str | None],
                 names: Mapping[str, str] | None = None) -> tuple[dict[str, Organisation], tuple[Service, ...]]:
    """Return the organisations (those with services) and the services of parsed ORUK JSON, in file order.

    ``areas`` maps each known area id to its region id; ``names`` optionally maps
    further names (area and region names) to ids.

    Raises:
        InvalidDirectory: listing every problem, each naming its record.
    """
    reader = RecordReader(areas)
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
                                f"{SAFETY_NET!r} (the national emergency and helpline services), offered when nothing else fits"])
    used = {s.organisation_id for s in reader.services}
    organisations = {k: v for k, v in reader.organisations.items() if k in used}
    return organisations, tuple(reader.services)


def service_mapping(service: Service, org: Organisation) -> dict[str, Any]:
    """Return ``service`` of ``org`` as an ORUK service record with its organisation nested."""
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


_TABLES = {"phone": "phones", "service_area": "service_areas", "eligibility": "eligibilities",
           "language": "languages", "regular_schedule": "regular_schedules"}


def _from_tables(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return ORUK's table shape (one list per table, rows linked by ids) as nested services."""
    def rows(name: str) -> list[Mapping[str, Any]]:
        """Return the rows of table ``name`` that are objects."""
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
    """Return ``values`` without the empty ones (None, and "" unless the key is in ``keep``)."""
    return {k: v for k, v in values.items() if v is not None and (v != "" or k in keep)}

"""Assessment: triage and routing of a draft together, without storing it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from frontdoor.extraction import Analyser
from frontdoor.hours import WorkingCalendar
from frontdoor.learned import LearnedReader
from frontdoor.model import Kind, ReferralDraft, Route, TriageResult
from frontdoor.routing import AreaMatch, RoutingFacts, RoutingTable
from frontdoor.triage import triage


@dataclass(frozen=True)
class Assessment:
    """Triage and routing of one draft."""

    triage: TriageResult
    route: Route
    area: AreaMatch | None


def assess(draft: ReferralDraft, table: RoutingTable, analyser: Analyser, *,
           received_at: datetime | None = None, calendar: WorkingCalendar | None = None,
           reader: LearnedReader | None = None) -> Assessment:
    """Return the urgency, reasons and route of ``draft`` (pure: nothing stored).

    With ``received_at`` and a ``calendar``, a red referral arriving while its
    owning inbox is closed is also routed to the area's out-of-hours contact.
    With a ``reader``, triage includes the second reading (:mod:`frontdoor.learned`).

    The area is the draft's ``area`` if the table knows it, else its ``place``,
    else (for concerns, tips and hospital presentations) the first place named
    in the description ("dealing in Penge"). A handover's ``from_area`` detail
    gets an info-only copy.

    Raises:
        InvalidInput: the draft names an unknown indicator.
    """
    result = triage(draft, analyser, reader)
    area = table.resolve_area(draft.area, analyser)
    if area is None and draft.place:
        area = table.resolve_area(draft.place, analyser)
    if area is None and draft.kind in (Kind.TIP, Kind.CONCERN, Kind.HEALTH):
        places = analyser.places(draft.description or "")
        if places:
            written, area_id = places[0]
            area = AreaMatch(table.areas[area_id], written)
    subject = draft.subject
    copy_areas: tuple[str, ...] = ()
    origin = draft.details.get("from_area") if draft.details else None
    if origin:
        origin_match = table.resolve_area(origin, analyser)
        if origin_match:
            copy_areas = (origin_match.area.id,)
    facts = RoutingFacts(
        kind=draft.kind,
        urgency=result.urgency,
        area_id=area.area.id if area else None,
        indicators=result.indicators,
        reporter_role=draft.reporter_role,
        possibly_child=subject is None or subject.age is None or subject.age < 18,
        channel=draft.channel.value,
        copy_areas=copy_areas,
        received_at=received_at,
    )
    return Assessment(triage=result, route=table.route(facts, calendar), area=area)

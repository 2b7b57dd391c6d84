"""What the administration pages show: audit log pages, staff accounts and the routing overview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AuditEntryView:
    id: int
    at: datetime
    actor: str
    action: str
    reference: str | None
    detail: str | None


@dataclass(frozen=True)
class AuditPage:
    entries: tuple[AuditEntryView, ...]
    has_next: bool


@dataclass(frozen=True)
class StaffAccount:
    id: int
    email: str
    name: str | None
    is_admin: bool
    active: bool
    inboxes: tuple[str, ...]
    locked: bool
    two_factor: bool
    tokens: int
    created_at: datetime


@dataclass(frozen=True)
class RoutingCheck:
    ok: bool
    message: str


@dataclass(frozen=True)
class InboxRow:
    id: str
    name: str
    agency: str
    email: str | None
    phone: str | None
    second_contact: str | None
    hours: str | None


@dataclass(frozen=True)
class AreaRow:
    id: str
    name: str
    region: str | None
    places: tuple[str, ...]
    agencies: tuple[tuple[str, str], ...]
    out_of_hours: str = ""


@dataclass(frozen=True)
class RoutingOverview:
    check: RoutingCheck
    partnership_inbox: str
    inboxes: tuple[InboxRow, ...]
    areas: tuple[AreaRow, ...]

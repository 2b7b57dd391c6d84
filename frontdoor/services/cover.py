"""Out-of-hours cover: who also has a red referral while its owning inbox is closed.

One home for the decision and its timeline note, used when a referral arrives
(:mod:`frontdoor.services.referrals`), when it is transferred or raised to red at
night, and by the alert sweep when a red referral is still unacknowledged as its
owner closes (:mod:`frontdoor.services.alerts`).
"""

from __future__ import annotations

from datetime import datetime

from frontdoor.answers import describe_time
from frontdoor.hours import WorkingCalendar
from frontdoor.routing import RoutingTable
from frontdoor.store.models import Referral, ReferralCopy, ReferralEvent

#: Why cover began, for the timeline: the referral arrived, was transferred, was raised to red, or was
#: still unacknowledged when its owner closed.
ARRIVED, TRANSFERRED, RAISED, STILL_OPEN = "arrived", "transferred", "raised", "still_open"
_HOW = {
    ARRIVED: "Received out of hours",
    TRANSFERRED: "Transferred out of hours",
    RAISED: "Raised to red out of hours",
    STILL_OPEN: "Still unacknowledged when the owning inbox closed",
}


def note(table: RoutingTable, calendar: WorkingCalendar, owner_id: str, duty_id: str, now: datetime,
         how: str = ARRIVED) -> str:
    """Return the timeline note of out-of-hours cover: why, who has it, and when the owner opens."""
    owner = table.inbox(owner_id)
    duty = table.inbox(duty_id)
    opens = calendar.next_open(owner.opening, now)
    when = f"; {owner.name} opens at {describe_time(opens, now, calendar.tz)}" if opens else ""
    return (f"{_HOW[how]} ({owner.name}: {owner.opening.describe()}). "
            f"Also sent to {duty.name}, who can acknowledge it{when}")


def cover(row: Referral, table: RoutingTable, calendar: WorkingCalendar, now: datetime, how: str) -> str | None:
    """Give red ``row`` to the out-of-hours contact of its owning inbox if that inbox is closed at ``now``.

    Adds the contact's copy and a timeline note and records it on the row.

    Returns:
        The contact's inbox id, or None when no cover is needed (the owner is open, or is itself the contact).
    """
    owner = table.inboxes.get(row.inbox_id)
    if owner is None or calendar.is_open(owner.opening, now):
        return None
    duty = table.out_of_hours_for_inbox(row.inbox_id, row.area_id)
    if duty.id == row.inbox_id:
        return None
    row.out_of_hours_inbox_id = duty.id
    if not any(c.inbox_id == duty.id for c in row.copies):
        row.copies.append(ReferralCopy(inbox_id=duty.id, created_at=now))
    row.events.append(ReferralEvent(at=now, actor="system", action="out_of_hours",
                                    body=note(table, calendar, row.inbox_id, duty.id, now, how)))
    return duty.id

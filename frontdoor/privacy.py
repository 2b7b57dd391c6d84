"""The facts of the privacy notice (UK GDPR Articles 13 and 14), gathered from the configuration in force.

The notice's wording is the web template's (``web/templates/public/privacy.html``);
what it states about who the controller is, who receives a report and how long
things are kept comes from here, so it follows the settings, the routing table
and the retention policy the code itself runs on:

- :class:`~frontdoor.controller.Controller` (a setting): the controller's name, address and
  contacts, and the data protection officer's;
- :func:`recipients`: every agency of the routing table with the reports it owns
  or gets a copy of, and its out-of-hours role;
- :func:`keeping`: how long each kind of record is kept, from the retention policy
  (the per-outcome periods of the workflow file and the other periods);
- :func:`notice`: all of it, with the information-sharing agreements, in one :class:`PrivacyNotice`.

Nothing here reads files or the environment itself: callers pass what they loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from frontdoor.controller import Controller

if TYPE_CHECKING:  # pragma: no cover
    from frontdoor.routing import RoutingTable, Rule
    from frontdoor.services.retention import RetentionPolicy
    from frontdoor.sharing import Agreement


@dataclass(frozen=True)
class Recipient:
    """An agency that receives reports: which ones, and on what terms."""

    agency: str
    #: What it owns (acts on), by the routing rules' names.
    owns: tuple[str, ...]
    #: What it gets an information-only copy of, by the rules' names.
    copied: tuple[str, ...]
    #: It acts on urgent (red) reports while the owning team is closed.
    out_of_hours: bool


@dataclass(frozen=True)
class Sharing:
    """An information-sharing agreement: its name and the agencies that signed it."""

    name: str
    agencies: tuple[str, ...]


@dataclass(frozen=True)
class Kept:
    """A period closed referrals are kept for, and the outcomes that give it."""

    period: str
    #: The labels of the outcomes kept this long.
    what: tuple[str, ...]
    #: It is also the period of a referral closed without an outcome that has its own.
    others: bool = False


@dataclass(frozen=True)
class Keeping:
    """Every retention period the purge applies, described for people."""

    #: Closed referrals, longest period first, each with the outcomes that give it (one is ``others``).
    referrals: tuple[Kept, ...]
    #: The period of a referral closed without an outcome that has its own (also the STOP opt-out's).
    default: str
    #: A closed referral that had further work is reviewed before deletion.
    review: bool
    chat: str
    sms_conversation: str
    staff_sessions: str


@dataclass(frozen=True)
class PrivacyNotice:
    """What the privacy notice states that comes from the configuration."""

    controller: Controller
    #: The areas Front Door serves, by name.
    areas: tuple[str, ...]
    #: Who gets a report whose area is not known.
    triage: str
    recipients: tuple[Recipient, ...]
    #: The agreements under which a team may share a report further.
    agreements: tuple[Sharing, ...]
    keeping: Keeping


def describe(period: timedelta) -> str:
    """Return ``period`` in words: "6 years", "30 days", "1 day", "12 hours" or "45 minutes"."""
    minutes = round(period.total_seconds() / 60)
    days, rest = divmod(minutes, 24 * 60)
    if days and not rest:
        years, extra = divmod(days, 365)
        return _count(years, "year") if years and not extra else _count(days, "day")
    if minutes >= 24 * 60:
        return f"{minutes / (24 * 60):.1f} days"
    return _count(minutes // 60, "hour") if minutes >= 60 and not minutes % 60 else _count(minutes, "minute")


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" + ("" if number == 1 else "s")


def _rule_name(rule: Rule) -> str:
    """Return the rule's name, or "any other report" for the catch-all rule (no condition)."""
    condition = rule.when
    empty = not (condition.kinds or condition.urgencies or condition.indicators or condition.reporter_roles
                 or condition.channels or condition.possibly_child is not None)
    return "Any other report" if empty else rule.name


def recipients(table: RoutingTable) -> tuple[Recipient, ...]:
    """Return every agency of ``table`` (in its order) with what it receives; agencies receiving nothing are left out."""
    out_of_hours = {table.inboxes[table.out_of_hours].agency}
    out_of_hours |= {table.inboxes[area.out_of_hours].agency for area in table.areas.values() if area.out_of_hours}
    found = []
    for agency, name in table.agencies.items():
        owns = tuple(_rule_name(rule) for rule in table.rules if rule.primary == agency)
        copied = tuple(_rule_name(rule) for rule in (*table.rules, *table.copy_rules) if agency in rule.copies)
        if owns or copied or agency in out_of_hours:
            found.append(Recipient(agency=name, owns=owns, copied=copied, out_of_hours=agency in out_of_hours))
    return tuple(found)


def keeping(policy: RetentionPolicy) -> Keeping:
    """Return the periods of ``policy`` (with its workflow's per-outcome periods) in words."""
    workflow = policy.workflow
    by_period: dict[timedelta, list[str]] = {policy.referrals: []}
    for outcome in workflow.outcomes.values() if workflow else ():
        by_period.setdefault(outcome.retention or policy.referrals, []).append(outcome.label)
    referrals = tuple(Kept(describe(period), tuple(labels), others=period == policy.referrals)
                      for period, labels in sorted(by_period.items(), reverse=True))
    return Keeping(
        referrals=referrals,
        default=describe(policy.referrals),
        review=bool(workflow and workflow.review),
        chat=describe(policy.trackers),
        sms_conversation=describe(policy.sms_conversations),
        staff_sessions=describe(policy.staff_sessions),
    )


def notice(controller: Controller, table: RoutingTable, agreements: Mapping[str, Agreement],
           policy: RetentionPolicy) -> PrivacyNotice:
    """Return the notice's facts for ``controller``, the routing ``table``, its ``agreements`` and ``policy``."""
    return PrivacyNotice(
        controller=controller,
        areas=tuple(area.name for area in table.areas.values()),
        triage=table.inboxes[table.partnership_inbox].name,
        recipients=recipients(table),
        agreements=tuple(Sharing(a.name, tuple(table.agencies[i] for i in a.agencies)) for a in agreements.values()),
        keeping=keeping(policy),
    )

"""Who seems to be writing: the role a writer claims, and the strongest evidence of who they are."""

from __future__ import annotations

import re
from collections.abc import Sequence

from frontdoor.answers import parse_reporter_role, role_named_by
from frontdoor.model import ReporterRole
from frontdoor.support import age_from_text
from frontdoor.understanding.reading import Writer
from frontdoor.understanding.writer_words import (
    CHILD_IN_PASSING,
    CHILD_SAID,
    FAMILY_HOME,
    FIRST_PERSON,
    FRIEND,
    HEALTH,
    JARGON,
    LEADING_ROLE,
    PARENT,
    PARENT_WEAK,
    PROFESSIONAL,
    RESIDENT,
    RESIDENT_STRONG,
    ROLE_CLAIM,
    SELF_AGE,
    SELF_STRONG,
    SELF_WEAK,
    THIRD_PERSON,
    TRAILING_ROLE,
)

#: Roles a writer can claim for themselves that make them a professional.
_PROFESSIONAL_ROLES = frozenset({ReporterRole.TEACHER, ReporterRole.SOCIAL_WORKER, ReporterRole.HEALTH,
                                 ReporterRole.HOUSING, ReporterRole.YOUTH_WORKER, ReporterRole.POLICE,
                                 ReporterRole.PROBATION})


def claimed_role(plain: str) -> ReporterRole | None:
    """Return a role the writer says is theirs.

    "I'm a teacher at ...", "social worker here", or a self-introduction that
    opens the message ("Social worker, Hackney CSC.", "GP in Dartford.",
    "YOT worker - ...").
    """
    for match in ROLE_CLAIM.finditer(plain):
        words = next((g for g in match.groups() if g), "")
        if re.match(r"(?:retired|former|ex-?|off[- ]duty)\b", words):
            return ReporterRole.RESIDENT  # "I'm a retired teacher": writing as a member of the public
        role = parse_reporter_role(words) if words else None
        if role is not None:
            return role
    leading = LEADING_ROLE.match(plain)
    trailing = TRAILING_ROLE.search(plain)
    for phrase in (leading.group(1) if leading else None, trailing.group(1) if trailing else None):
        if phrase and not re.match(r"(?:my|our|his|her|their|a|an|the)\b", phrase):
            role = role_named_by(phrase)
            if role in _PROFESSIONAL_ROLES or role is ReporterRole.OTHER:
                return role  # a professional introducing themselves; "my mum's neighbour" is nobody's role
    return None


def _own_child_at_issue(plain: str, role: ReporterRole | None = None) -> bool:
    """True when the writer speaks of their own child other than only in passing (:data:`CHILD_IN_PASSING`).

    A professional's "our lad" or "our 14 year old" is a child in their care at work, not their own.
    """
    passing = [(m.start(), m.end()) for m in CHILD_IN_PASSING.finditer(plain)]
    working = role in _PROFESSIONAL_ROLES or role is ReporterRole.OTHER
    return any(not any(start <= m.start() < end for start, end in passing)
               and not (working and plain.startswith("our", m.start()))
               for m in PARENT.finditer(plain))


def writer_of(plain: str, role: ReporterRole | None, injury: bool, handover: bool,
            indicators: Sequence[str]) -> tuple[Writer, bool]:
    """Return who seems to be writing, and whether the evidence is strong; strongest evidence first."""
    if role is ReporterRole.PARENT:
        return Writer.PARENT, True
    if _own_child_at_issue(plain, role):
        return Writer.PARENT, True
    if injury and (role is ReporterRole.HEALTH or HEALTH.search(plain)):
        return Writer.HEALTH, True
    if role in _PROFESSIONAL_ROLES or role is ReporterRole.OTHER:
        return Writer.PROFESSIONAL, True
    if role is ReporterRole.RESIDENT:
        return Writer.RESIDENT, True  # a landlord's "my tenants" or a pensioner's "my road"
    if role is ReporterRole.YOUNG_PERSON or SELF_AGE.search(plain):
        return Writer.YOUNG_PERSON, True
    if PROFESSIONAL.search(plain):
        return Writer.PROFESSIONAL, True
    if RESIDENT_STRONG.search(plain):
        return Writer.RESIDENT, True
    first_person = bool(FIRST_PERSON.search(plain))
    if first_person and SELF_STRONG.search(plain):
        return Writer.YOUNG_PERSON, True
    if FRIEND.search(plain) and indicators:
        return Writer.FRIEND, True
    if JARGON.search(plain):
        return Writer.PROFESSIONAL, True
    resident = bool(RESIDENT.search(plain))
    if THIRD_PERSON.search(plain) and not resident and (FAMILY_HOME.search(plain) or (
            PARENT_WEAK.search(plain) and (CHILD_SAID.search(plain) or age_from_text(plain) is not None))):
        return Writer.PARENT, False
    if first_person and SELF_WEAK.search(plain) and not resident:
        return Writer.YOUNG_PERSON, False
    if resident:
        return Writer.RESIDENT, False
    if handover and role is not None:
        return Writer.PROFESSIONAL, False
    return Writer.UNKNOWN, False

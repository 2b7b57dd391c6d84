"""Cross-borough relocation handover (London Gang Member Referral Guide): the field model.

When a person known to gang services moves from one area to another, the
agencies working with them in the area of origin notify the area they move to
with one notification form: the person, where from and where to, whether the
move is planned or urgent (an urgent move because of evidenced gang violence
or threats is red), the agencies involved and how to reach them, court orders
or injunction conditions with their positive requirements, the risks to and
from the person, their aspirations, and who is making the handover.

The package is pure: :mod:`.model` holds the choices, :class:`Handover` and
:meth:`Handover.to_draft`; :mod:`.validation` checks the answers; :mod:`.chat`
reads answers typed into a chat; :mod:`.summary` reads a stored handover back.
:func:`handover_problems` checks the answers (a :class:`HandoverAnswers`, or
plain text as a web form or a chat action collects them) and returns every problem by
field; :func:`parse_handover` returns a validated :class:`Handover` or raises
:class:`~frontdoor.errors.InvalidInput` naming the first bad field;
:meth:`Handover.to_draft` turns it into a referral draft of kind ``handover``.
The destination area owns the referral and the origin area gets an info-only
copy: the routing table's "Relocation handover" rule picks the destination's
community safety inbox, and the ``from_area`` detail adds the origin's copy.
:func:`summary_from_detail` reads a stored handover back for the printable form.
"""

from frontdoor.fields import MAX_SHORT, MAX_TEXT, Consent
from frontdoor.handover.chat import (
    areas_in_opening,
    parse_agency_lines,
    parse_birth_or_age,
    parse_consent,
    parse_move,
    parse_person_role,
    parse_urgent_because,
)
from frontdoor.handover.model import (
    AGENCIES,
    FIELDS,
    MAX_AGENCIES,
    PERSON_ROLES,
    REFERRER_ROLES,
    URGENT_INDICATOR,
    AgencyContact,
    Handover,
    Move,
    UrgentBecause,
)
from frontdoor.handover.summary import HandoverSummary, summary_from_detail
from frontdoor.handover.validation import HandoverAnswers, age_on, handover_problems, parse_handover

__all__ = [
    "AGENCIES", "FIELDS", "MAX_AGENCIES", "MAX_SHORT", "MAX_TEXT", "PERSON_ROLES", "REFERRER_ROLES",
    "URGENT_INDICATOR", "AgencyContact", "Consent", "Handover", "HandoverAnswers", "HandoverSummary", "Move",
    "UrgentBecause", "age_on", "areas_in_opening", "handover_problems", "parse_agency_lines", "parse_birth_or_age",
    "parse_consent", "parse_handover", "parse_move", "parse_person_role", "parse_urgent_because",
    "summary_from_detail",
]

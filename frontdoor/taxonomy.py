"""The indicator taxonomy: the codes triage reasons about.

Each indicator has a stable code (stored on referrals and accepted by
``frontdoor triage``), a label for people, and a group. The phrases that find an
indicator in free text live in ``data/lexicon.yaml``; the rules that weigh them
live in :mod:`frontdoor.triage`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from frontdoor.errors import InvalidInput


class Group(str, enum.Enum):
    SERIOUS_HARM = "serious_harm"
    EXPLOITATION = "exploitation"
    EARLY_SIGN = "early_sign"
    CONTEXT = "context"


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    group: Group


INDICATORS: tuple[Indicator, ...] = (
    # Serious harm: red on their own or in combination (see triage).
    Indicator("weapon", "Weapon carried or seen", Group.SERIOUS_HARM),
    Indicator("firearm", "Firearm carried or seen", Group.SERIOUS_HARM),
    Indicator("threats", "Threats made", Group.SERIOUS_HARM),
    Indicator("threat_to_life", "Threat to life or of serious harm", Group.SERIOUS_HARM),
    Indicator("serious_injury", "Stabbed, shot or badly beaten", Group.SERIOUS_HARM),
    Indicator("missing_now", "Missing now", Group.SERIOUS_HARM),
    Indicator("trafficked_now", "Being moved or trafficked now", Group.SERIOUS_HARM),
    Indicator("sexual_exploitation", "Sexual exploitation", Group.SERIOUS_HARM),
    Indicator("urgent_relocation", "Urgent move because of threats", Group.SERIOUS_HARM),
    Indicator("continuing_threats", "Continuing threats after a violent injury", Group.SERIOUS_HARM),
    # Exploitation: amber.
    Indicator("drug_running", "Running or selling drugs", Group.EXPLOITATION),
    Indicator("county_lines", "County lines travel", Group.EXPLOITATION),
    Indicator("trap_house", "Trap house", Group.EXPLOITATION),
    Indicator("missing_episodes", "Repeated missing episodes", Group.EXPLOITATION),
    Indicator("cuckooing", "Cuckooing", Group.EXPLOITATION),
    Indicator("debt_bondage", "Debt bondage", Group.EXPLOITATION),
    Indicator("recruitment", "Recruitment or grooming", Group.EXPLOITATION),
    Indicator("violence_victim", "Victim of gang violence", Group.EXPLOITATION),
    # Early signs: green alone, amber when three or more about a child.
    Indicator("older_associates", "Older associates", Group.EARLY_SIGN),
    # Each distinct early sign counts once: cash, new things, phones and lifts are four signs.
    Indicator("unexplained_money", "Unexplained money", Group.EARLY_SIGN),
    Indicator("unexplained_items", "Unexplained new clothes, trainers or gifts", Group.EARLY_SIGN),
    Indicator("multiple_phones", "Several phones or a new phone", Group.EARLY_SIGN),
    Indicator("lifts_in_cars", "Picked up or dropped off by cars", Group.EARLY_SIGN),
    Indicator("behaviour_change", "Change in behaviour", Group.EARLY_SIGN),
    Indicator("gang_content_online", "Gang content online", Group.EARLY_SIGN),
    Indicator("falling_attendance", "Falling attendance or exclusion", Group.EARLY_SIGN),
    Indicator("gang_association", "Gang association", Group.EARLY_SIGN),
    Indicator("drug_use", "Drug or alcohol use", Group.EARLY_SIGN),
    # Context: recorded, not weighed on their own.
    Indicator("wants_exit", "Wants to leave a gang", Group.CONTEXT),
    Indicator("care_and_support_needs", "Adult with care and support needs", Group.CONTEXT),
    Indicator("looked_after", "Looked after or known to children's social care", Group.CONTEXT),
)

_BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}

CODES: frozenset[str] = frozenset(_BY_CODE)


def get(code: str) -> Indicator:
    """Return the indicator for ``code``.

    Raises:
        InvalidInput: ``code`` is not in the taxonomy.
    """
    try:
        return _BY_CODE[code]
    except KeyError:
        raise InvalidInput(f"Unknown indicator code {code!r}", field="indicators") from None


def label(code: str) -> str:
    """Return the human label of ``code`` (the code itself if unknown)."""
    indicator = _BY_CODE.get(code)
    return indicator.label if indicator else code


def validate_codes(codes: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Return ``codes`` de-duplicated in taxonomy order.

    Raises:
        InvalidInput: naming the first code that is not in the taxonomy.
    """
    for code in codes:
        get(code)
    wanted = set(codes)
    return tuple(i.code for i in INDICATORS if i.code in wanted)


def in_group(codes: set[str] | frozenset[str], group: Group) -> list[str]:
    """Return the codes among ``codes`` that belong to ``group``, in taxonomy order."""
    return [i.code for i in INDICATORS if i.group is group and i.code in codes]

"""The basis for sharing a referral: consent, the lawful basis without it, and the agreements in force.

The partnership's information-sharing agreements are configured beside the
routing table, under its own top-level key::

    sharing_agreements:
      bexley-isa:
        name: Bexley safeguarding information-sharing agreement (2025)
        agencies: [police_gangs, community_safety, health]

Each needs a name and lists the table's agencies that signed it.
:func:`load_agreements` reads and validates them (``frontdoor routing check``
runs it); :func:`check_basis` validates what a SPOC records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontdoor.errors import ConfigurationError, InvalidInput
from frontdoor.routing.loading import read_table_file

#: Consent of the person the referral is about (or their parent or carer).
CONSENT: Mapping[str, str] = {
    "given": "Consent given",
    "refused": "Consent refused",
    "not_asked": "Consent not asked",
}

#: The lawful basis for sharing, with consent or without it.
BASES: Mapping[str, str] = {
    "consent": "Consent (UK GDPR Article 6(1)(a) and 9(2)(a))",
    "safeguarding_child": "Safeguarding a child: UK GDPR Article 9(2)(g), DPA 2018 Schedule 1 paragraph 18",
    "safeguarding_adult": ("Safeguarding an adult at risk: UK GDPR Article 9(2)(g), "
                           "DPA 2018 Schedule 1 paragraph 18"),
    "public_interest": "Public interest, without consent (the reason is recorded)",
}

#: Most characters of a recorded reason.
MAX_REASON = 1000


@dataclass(frozen=True)
class Agreement:
    """An information-sharing agreement of the partnership."""

    id: str
    name: str
    agencies: tuple[str, ...]


@dataclass(frozen=True)
class Basis:
    """What was recorded: consent, the basis, why, and the agreement (all checked)."""

    consent: str
    basis: str
    reason: str | None
    agreement: str | None


def agreements_from_mapping(data: Any, agencies: Mapping[str, str]) -> dict[str, Agreement]:
    """Return the agreements under ``sharing_agreements`` of parsed routing YAML (none when absent).

    Raises:
        ConfigurationError: naming the first agreement with a problem.
    """
    raw = data.get("sharing_agreements") if isinstance(data, Mapping) else None
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ConfigurationError("sharing_agreements must map agreement ids to their name and agencies")
    found: dict[str, Agreement] = {}
    for key, entry in raw.items():
        where = f"sharing agreement {key!r}"
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise ConfigurationError(f"{where}: needs a name")
        listed = entry.get("agencies") or []
        if not isinstance(listed, list) or not listed:
            raise ConfigurationError(f"{where}: list the agencies that signed it")
        unknown = [a for a in listed if a not in agencies]
        if unknown:
            raise ConfigurationError(f"{where}: unknown agency {unknown[0]!r}")
        found[str(key)] = Agreement(str(key), entry["name"].strip(), tuple(listed))
    return found


def load_agreements(path: str | Path | None, agencies: Mapping[str, str]) -> dict[str, Agreement]:
    """Return the agreements in the routing table file at ``path`` (the demo table when None).

    Raises:
        ConfigurationError: the file cannot be read, or an agreement is invalid.
    """
    data, _source = read_table_file(path)
    return agreements_from_mapping(data, agencies)


def check_basis(consent: str | None, basis: str | None, reason: str | None, agreement: str | None,
                agreements: Mapping[str, Agreement]) -> Basis:
    """Return the basis for sharing as recorded, checked.

    Consent given may be the basis; without consent a reason is needed (why
    it was refused or not asked), and the basis must be one that allows
    sharing without it. The public-interest basis always needs its reason.

    Raises:
        InvalidInput: naming the field to put right.
    """
    if consent is None or consent not in CONSENT:
        raise InvalidInput("Say whether consent was given, refused or not asked.", "consent")
    if basis is None or basis not in BASES:
        raise InvalidInput("Choose the basis for sharing from the list.", "basis")
    text = " ".join((reason or "").split())[:MAX_REASON] or None
    if basis == "consent" and consent != "given":
        raise InvalidInput("Consent is the basis only when it was given; choose the basis for sharing "
                           "without it.", "basis")
    if (consent != "given" or basis == "public_interest") and text is None:
        raise InvalidInput("Give the reason: why consent was refused or not asked, or the public interest.",
                           "reason")
    if agreement and agreement not in agreements:
        raise InvalidInput("Choose an information-sharing agreement from the list.", "agreement")
    return Basis(consent, basis, text, agreement or None)

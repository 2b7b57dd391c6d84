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

A referral whose form asks about consent (a hospital presentation, a
handover) has its basis recorded at once from the answers,
:func:`reported_basis`: consent given is the basis; declined or not asked,
with the referrer's reason, it is shared without consent on the basis the
form names (safeguarding a child, or an adult at risk, or the public
interest). Without a reason nothing is recorded: the SPOC records it. The
agreement recorded with it is the one the sharing agency (the hospital's)
signed with every agency the referral goes to, the narrowest when several
do (:func:`agreement_for`). The SPOC sees it filled in and can change it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontdoor.errors import ConfigurationError, InvalidInput
from frontdoor.fields import Consent
from frontdoor.routing.loading import read_table_file

#: Consent of the person the referral is about (or their parent or carer).
CONSENT: Mapping[str, str] = {
    "given": "Consent given",
    "refused": "Consent refused",
    "not_asked": "Consent not asked",
}

#: What a form's consent answer records as consent (the codes of :data:`CONSENT`).
ANSWERED: Mapping[Consent, str] = {
    Consent.CONSENTED: "given",
    Consent.NOT_CONSENTED: "refused",
    Consent.NOT_ASKED: "not_asked",
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


@dataclass(frozen=True)
class ReportedConsent:
    """What a referrer answered about consent, from which the basis for sharing is recorded at once.

    ``without_consent`` is the basis (a :data:`BASES` code) when it is shared
    without consent; ``sharer`` the routing table's agency sharing it (the
    hospital's: ``health``), None when the referrer is no agency of the table.
    """

    answer: Consent
    reason: str | None
    without_consent: str
    sharer: str | None = None


def agreement_for(agreements: Mapping[str, Agreement], agencies: Iterable[str]) -> str | None:
    """Return the id of the agreement every one of ``agencies`` signed: the narrowest (fewest signatories)
    when several are, None when none is or two are equally narrow."""
    needed = set(agencies)
    signed = sorted((len(a.agencies), a.id) for a in agreements.values() if needed <= set(a.agencies))
    if not signed or (len(signed) > 1 and signed[0][0] == signed[1][0]):
        return None
    return signed[0][1]


def reported_basis(reported: ReportedConsent, recipients: Iterable[str],
                   agreements: Mapping[str, Agreement]) -> Basis | None:
    """Return the basis for sharing the referrer's answer gives, checked, or None when it does not give one
    (consent declined or not asked, with no reason).

    ``recipients`` are the agencies the referral goes to (its owner's and its
    copies'); the agreement is the one the sharer signed with all of them
    (none without a sharer).

    Raises:
        InvalidInput: ``without_consent`` is not a basis for sharing without consent.
    """
    consented = reported.answer is Consent.CONSENTED
    if not consented and not (reported.reason or "").strip():
        return None
    agreement = agreement_for(agreements, {reported.sharer, *recipients}) if reported.sharer else None
    return check_basis(ANSWERED[reported.answer], "consent" if consented else reported.without_consent,
                       None if consented else reported.reason, agreement, agreements)

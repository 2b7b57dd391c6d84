"""The partnership's own workflow: its outcomes per area and how long closed referrals are kept.

The configuration is data beside the routing table (``data/workflow.yaml`` by
default, any file through the ``FRONTDOOR_WORKFLOW`` setting), validated by
``frontdoor routing check``. Each outcome has an id, a label, whether recording
it closes the referral, whether it is further action (everything but "no
further action"), its retention period, and the areas offered it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

from frontdoor.datafiles import read_data_file
from frontdoor.errors import ConfigurationError

#: libyaml's safe loader when PyYAML has it.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OUTCOME_KEYS = {"label", "closes", "further_action", "retention_days", "areas"}
_MAX_LABEL = 120


@dataclass(frozen=True)
class Outcome:
    """One outcome a SPOC may record."""

    id: str
    label: str
    #: Recording it closes the referral.
    closes: bool = False
    #: False only for "no further action": such a referral is deleted without review.
    further_action: bool = True
    #: How long a referral closed with it is kept (None: the default period).
    retention: timedelta | None = None
    #: The areas offered it (empty: every area).
    areas: frozenset[str] = frozenset()

    def offered_in(self, area_id: str | None) -> bool:
        """Return whether a referral of ``area_id`` (None: area not known) may record it."""
        return not self.areas or area_id in self.areas


@dataclass(frozen=True)
class WorkflowConfig:
    """The outcomes (in the file's order) and whether closed referrals with further work are reviewed."""

    outcomes: Mapping[str, Outcome]
    #: A closed referral that had further work goes to review at the end of its period.
    review: bool = True
    source: str = "demo workflow"

    def vocabulary(self, area_id: str | None) -> tuple[Outcome, ...]:
        """Return the outcomes offered to a referral of ``area_id``, in the file's order."""
        return tuple(o for o in self.outcomes.values() if o.offered_in(area_id))

    def label(self, outcome_id: str | None) -> str | None:
        """Return the label of ``outcome_id`` (the id itself when no longer configured; None for None)."""
        if outcome_id is None:
            return None
        found = self.outcomes.get(outcome_id)
        return found.label if found else outcome_id

    def retention(self, outcome_ids: Iterable[str], default: timedelta) -> timedelta:
        """Return how long a referral closed with ``outcome_ids`` is kept: the longest of their periods.

        Outcomes without a period of their own, no longer configured, or none at all count as ``default``.
        """
        periods = [o.retention or default if (o := self.outcomes.get(i)) else default for i in outcome_ids]
        return max(periods, default=default)

    def shortest_retention(self, default: timedelta) -> timedelta:
        """Return the shortest period any referral can have (``default`` included)."""
        return min([default] + [o.retention for o in self.outcomes.values() if o.retention is not None])

    @classmethod
    def load(cls, path: str | Path | None = None, areas: Iterable[str] | None = None) -> WorkflowConfig:
        """Return the workflow at ``path`` (the packaged demo workflow when None).

        ``areas``, when given, are the routing table's area ids every outcome's areas must be among.

        Raises:
            ConfigurationError: the file cannot be read, is not YAML, or names the first problem found.
        """
        try:
            data = yaml.load(read_data_file(path, "workflow.yaml"), Loader=_YAML_LOADER)
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigurationError(f"cannot read workflow file: {exc}") from exc
        return parse(data, None if areas is None else frozenset(areas),
                     "demo workflow" if path is None else str(path))


def parse(data: Any, areas: frozenset[str] | None, source: str = "workflow") -> WorkflowConfig:
    """Return the workflow in ``data`` (the parsed YAML), checked against the routing ``areas`` when given.

    Raises:
        ConfigurationError: naming the first problem found.
    """
    if not isinstance(data, Mapping):
        raise ConfigurationError("workflow file must be a mapping")
    groups = _groups(data.get("area_groups"), areas)
    raw_outcomes = data.get("outcomes")
    if not isinstance(raw_outcomes, Mapping) or not raw_outcomes:
        raise ConfigurationError("workflow file: 'outcomes' must map outcome ids to their label and settings")
    outcomes = {str(key): _outcome(str(key), raw, groups, areas) for key, raw in raw_outcomes.items()}
    if not any(o.closes for o in outcomes.values()):
        raise ConfigurationError("workflow file: no outcome closes a referral (give one 'closes: true')")
    everywhere = [o for o in outcomes.values() if not o.areas]
    if not any(o.closes for o in everywhere):
        raise ConfigurationError("workflow file: every area needs an outcome that closes a referral "
                                 "(give one offered everywhere, without 'areas', 'closes: true')")
    if not any(not o.further_action for o in everywhere):
        raise ConfigurationError("workflow file: every area needs a 'no further action' outcome "
                                 "(further_action: false, offered everywhere)")
    retention = data.get("retention") or {}
    if not isinstance(retention, Mapping) or not isinstance(retention.get("review", True), bool):
        raise ConfigurationError("workflow file: 'retention' must be a mapping whose review is true or false")
    return WorkflowConfig(outcomes=outcomes, review=bool(retention.get("review", True)), source=source)


def _groups(raw: Any, areas: frozenset[str] | None) -> dict[str, frozenset[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ConfigurationError("workflow file: 'area_groups' must map group names to lists of area ids")
    groups = {}
    for name, members in raw.items():
        if not isinstance(members, list) or not members:
            raise ConfigurationError(f"area group {name!r}: must be a list of area ids")
        groups[str(name)] = frozenset(_known_areas(members, f"area group {name!r}", {}, areas))
    return groups


def _known_areas(items: list[Any], where: str, groups: Mapping[str, frozenset[str]],
                 areas: frozenset[str] | None) -> set[str]:
    found: set[str] = set()
    for item in items:
        name = str(item)
        if name in groups:
            found |= groups[name]
        elif areas is not None and name not in areas:
            raise ConfigurationError(f"{where}: unknown area {name!r} (not in the routing table)")
        else:
            found.add(name)
    return found


def _outcome(key: str, raw: Any, groups: Mapping[str, frozenset[str]], areas: frozenset[str] | None) -> Outcome:
    where = f"outcome {key!r}"
    if not key.replace("_", "").isalnum() or not key.islower() or len(key) > 64:
        raise ConfigurationError(f"{where}: ids are lower-case letters, digits and underscores (up to 64)")
    if not isinstance(raw, Mapping):
        raise ConfigurationError(f"{where}: must be a mapping with a label")
    unknown = set(raw) - _OUTCOME_KEYS
    if unknown:
        raise ConfigurationError(f"{where}: unknown setting {sorted(unknown)[0]!r}")
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip() or len(label) > _MAX_LABEL:
        raise ConfigurationError(f"{where}: needs a label (up to {_MAX_LABEL} characters)")
    for flag in ("closes", "further_action"):
        if not isinstance(raw.get(flag, True), bool):
            raise ConfigurationError(f"{where}: {flag} must be true or false")
    days = raw.get("retention_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, (int, float)) or days <= 0):
        raise ConfigurationError(f"{where}: retention_days must be a positive number of days")
    listed = raw.get("areas")
    if listed is not None and (not isinstance(listed, list) or not listed):
        raise ConfigurationError(f"{where}: areas must be a list of area ids (leave it out for every area)")
    further = bool(raw.get("further_action", True))
    closes = bool(raw.get("closes", False))
    if not further and not closes:
        raise ConfigurationError(f"{where}: an outcome that is no further action must close the referral")
    return Outcome(id=key, label=label.strip(), closes=closes, further_action=further,
                   retention=None if days is None else timedelta(days=days),
                   areas=frozenset(_known_areas(listed or [], where, groups, areas)))

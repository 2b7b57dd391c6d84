"""Labelled triage corpora: JSON lines of referral drafts, each with the urgency a careful SPOC gave.

``data/eval/triage.jsonl`` is held out: it measures triage and is never fitted
on. The development corpora ``data/dev*/triage.jsonl`` are for error analysis
and for fitting the second reading (:mod:`frontdoor.learned`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from frontdoor.answers import parse_reporter_role
from frontdoor.errors import ConfigurationError
from frontdoor.extraction import Analyser
from frontdoor.learned import Example
from frontdoor.model import (
    Channel,
    Kind,
    PersonDraft,
    PersonRole,
    ReferralDraft,
    ReporterDraft,
    ReporterRole,
    Urgency,
)
from frontdoor.triage import triage

ROOT = Path(__file__).resolve().parents[1]
#: The held-out corpus, and the directory name that marks any held-out corpus.
HELD_OUT = ROOT / "data" / "eval" / "triage.jsonl"
HELD_OUT_DIR = "eval"
#: The corpora's kinds of report and the referral kinds they are.
KINDS = {"concern": Kind.CONCERN, "parent": Kind.CONCERN, "tip": Kind.TIP, "support": Kind.SELF_REFERRAL,
         "handover": Kind.HANDOVER, "hospital": Kind.HEALTH}


def development_corpora(root: Path = ROOT) -> list[Path]:
    """Return the development corpora under ``root/data`` (``dev*/triage.jsonl``), in name order."""
    return sorted((root / "data").glob("dev*/triage.jsonl"))


def draft_from_corpus(data: dict[str, Any]) -> ReferralDraft:
    """Return the referral draft a corpus item describes (its ``draft`` object)."""
    kind = KINDS[data["kind"]]
    role_text = data.get("reporter_role")
    role = parse_reporter_role(role_text) if role_text else None
    if data["kind"] == "parent":
        role = ReporterRole.PARENT
    age = data.get("subject_age")
    people = []
    if age is not None or data.get("looked_after") is not None:
        at_risk = (PersonRole.VULNERABLE_ADULT_AT_RISK if age is not None and age >= 18
                   else PersonRole.YOUNG_PERSON_AT_RISK)
        people.append(PersonDraft(role=at_risk, age=age, looked_after=data.get("looked_after")))
    return ReferralDraft(
        kind=kind,
        channel=Channel(data.get("channel") or "web"),
        description=str(data.get("description") or ""),
        immediate_danger=data.get("immediate_danger"),
        area=data.get("area"),
        reporter=ReporterDraft(role=role) if role else None,
        people=people,
        consent_to_contact=True if kind is Kind.SELF_REFERRAL else None,
    )


def load(path: Path) -> list[dict[str, Any]]:
    """Return the items of the corpus at ``path`` (one JSON object per line).

    Raises:
        ConfigurationError: the file cannot be read or a line is not a JSON object.
    """
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise ConfigurationError(f"cannot read the corpus {path}: {exc}") from exc
    items = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise ConfigurationError(f"{path}:{number}: not JSON: {exc}") from exc
        if not isinstance(item, dict) or "draft" not in item or "urgency" not in item:
            raise ConfigurationError(f"{path}:{number}: a corpus line needs a draft and an urgency")
        items.append(item)
    return items


def examples(paths: Sequence[Path], analyser: Analyser) -> list[Example]:
    """Return fitting examples from the corpora at ``paths``: each draft, what the rules make of it, its label.

    Raises:
        ConfigurationError: a path is a held-out corpus (it must never be fitted on), or a corpus is unreadable.
    """
    out = []
    for path in paths:
        if path.resolve().parent.name == HELD_OUT_DIR:
            raise ConfigurationError(f"{path} is the held-out corpus: it measures triage and is never fitted on")
        for item in load(path):
            draft = draft_from_corpus(item["draft"])
            rules = triage(draft, analyser)  # the rule table alone: what the second reading sees
            out.append(Example(draft, rules.urgency, rules.indicators, rules.needs_judgement,
                               Urgency(item["urgency"])))
    return out


"""What a reader of a referral's casework sees: its actions, the basis for sharing, and overdue work."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime


@dataclass(frozen=True)
class ActionView:
    """One action on a referral."""

    id: int
    title: str
    owner: str
    owner_label: str
    due_at: datetime
    done_at: datetime | None
    overdue: bool

    def to_json(self) -> dict[str, object]:
        """Return the action as JSON-ready values (times in ISO 8601)."""
        return {**asdict(self), "due_at": self.due_at.isoformat(),
                "done_at": self.done_at.isoformat() if self.done_at else None}


@dataclass(frozen=True)
class SharingView:
    """The basis on which the referral is shared (all None until recorded)."""

    consent: str | None
    consent_label: str | None
    basis: str | None
    basis_label: str | None
    reason: str | None
    agreement: str | None
    agreement_label: str | None


@dataclass(frozen=True)
class CaseworkView:
    """A referral's casework as its reader sees it."""

    reference: str
    lead_agency: str | None
    lead_agency_label: str | None
    review_at: datetime | None
    review_overdue: bool
    actions: tuple[ActionView, ...]
    sharing: SharingView
    feedback_wanted: bool

    def to_json(self) -> dict[str, object]:
        """Return the casework as JSON-ready values (times in ISO 8601)."""
        return {"lead_agency": self.lead_agency, "lead_agency_label": self.lead_agency_label,
                "review_at": self.review_at.isoformat() if self.review_at else None,
                "review_overdue": self.review_overdue, "actions": [a.to_json() for a in self.actions],
                "sharing": asdict(self.sharing), "feedback_wanted": self.feedback_wanted}


@dataclass(frozen=True)
class OverdueItem:
    """An overdue action or review, for a queue or a digest (never the referral's content)."""

    reference: str
    kind: str  # "action" or "review"
    due_at: datetime
    owner_label: str

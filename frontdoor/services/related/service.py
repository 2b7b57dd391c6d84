"""Related referrals: propose, confirm or dismiss, and the chronology of confirmed links.

Proposals come from shared match keys (:mod:`frontdoor.services.related.keys`);
nothing is ever merged. A referral the caller may not see (their inboxes
neither own it nor hold a copy, the rule of every referral read) is never
named, proposed or put in a chronology: only how many there are is said.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, aliased, selectinload

from frontdoor.errors import AccessDenied, InvalidInput
from frontdoor.model import Channel, PersonRole
from frontdoor.pseudonyms import Pseudonymiser
from frontdoor.routing import RoutingTable
from frontdoor.services import audit
from frontdoor.services.referrals.access import REFUSALS, ReferralAccess
from frontdoor.services.related.keys import REASONS, Subject, born_on, match_keys, match_values, normalise
from frontdoor.sla import SlaPolicy
from frontdoor.store.db import Database
from frontdoor.store.models import InboundMessage, Referral, SmsConversation
from frontdoor.store.related import CONFIRMED, DISMISSED, MatchKey, RelatedLink
from frontdoor.views import Principal
from frontdoor.workflow_config import WorkflowConfig

#: The most keyed matches read for one referral (the newest first).
MAX_MATCHES = 500
#: Timeline entries left out of a chronology: conversation and housekeeping, not events in the case.
NOT_IN_CHRONOLOGY = frozenset({"note", "question", "reporter_reply", "assigned", "copied", "copy_removed"})


#: The text channels, whose senders have a keyed pseudonym (one per channel).
TEXT = frozenset({Channel.SMS.value, Channel.WHATSAPP.value})


@dataclass(frozen=True)
class RelatedReferral:
    """A referral the caller may see that is proposed as, or confirmed to be, related."""

    reference: str
    urgency: str
    status: str
    inbox_name: str
    created_at: datetime
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ChronologyEntry:
    """One key event of a linked referral: when, which referral, what (and the outcome of a closure)."""

    at: datetime
    reference: str
    action: str
    outcome: str | None = None


@dataclass(frozen=True)
class RelatedPanel:
    """What the referral page shows about related referrals."""

    #: Matching is on (FRONTDOOR_PSEUDONYM_KEY is set).
    enabled: bool
    proposals: tuple[RelatedReferral, ...]
    linked: tuple[RelatedReferral, ...]
    #: Proposed referrals in inboxes the caller may not see (only counted).
    hidden_proposals: int
    #: Confirmed links to referrals the caller may not see (only counted).
    hidden_linked: int
    #: This referral's and its visible linked referrals' key events, oldest first (empty without links).
    chronology: tuple[ChronologyEntry, ...]


class RelatedService(ReferralAccess):
    """Match keys on submission and backfill; proposals, decisions and chronology for staff (all audited)."""

    def __init__(self, db: Database, table: RoutingTable, sla: SlaPolicy, clock: Callable[[], datetime],
                 keys: Pseudonymiser | None, workflow: WorkflowConfig | None = None) -> None:
        super().__init__(db, table, sla, clock, workflow)
        self._keys = keys
        #: Area and town names: a place that is only one of these links nothing.
        self._broad = frozenset(normalise(name) for name, _area in table.gazetteer()) | frozenset(
            normalise(area.name) for area in table.areas.values())

    @property
    def enabled(self) -> bool:
        """Whether referrals are matched (a pseudonym key is configured)."""
        return self._keys is not None

    # --- match keys ------------------------------------------------------------------
    def index(self, session: Session, row: Referral, conversation: str | None = None) -> None:
        """Write the match keys of the just-stored ``row`` in ``session`` (nothing without a pseudonym key).

        ``conversation`` is the conversation it was submitted in (an SMS sender's gives the sender key).
        """
        sms = row.channel in TEXT and conversation
        self._write(session, row, self._conversation_sender(session, conversation) if sms else None)

    def _write(self, session: Session, row: Referral, sender: str | None) -> None:
        if self._keys is None:
            return
        born = born_on((row.details or {}).get("date_of_birth"))
        at_risk = [p for p in row.people if PersonRole(p.role).at_risk]
        subjects = [Subject(p.name, p.age, born if i == 0 else None, p.school) for i, p in enumerate(at_risk)]
        values = match_values(subjects, row.place, sender, row.created_at.date(), self._broad)
        session.add_all(MatchKey(referral_id=row.id, kind=kind, key=key)
                        for key, kind in match_keys(self._keys, values).items())

    @staticmethod
    def _conversation_sender(session: Session, conversation: str | None) -> str | None:
        """Return the pseudonym of the SMS sender whose current conversation is ``conversation``."""
        return session.scalar(select(SmsConversation.sender).where(SmsConversation.conversation_id == conversation))

    def _senders(self, session: Session, rows: list[Referral]) -> dict[int, str | None]:
        """Return the SMS sender pseudonym of each SMS referral in ``rows``: from its message, else its conversation."""
        sms = [r for r in rows if r.channel in TEXT]
        by_reference = dict(session.execute(select(InboundMessage.reference, InboundMessage.sender)
                                            .where(InboundMessage.reference.in_([r.reference for r in sms]))).all())
        senders: dict[int, str | None] = {}
        for row in sms:
            senders[row.id] = by_reference.get(row.reference)
            if senders[row.id] is None and (row.source_key or "").startswith("chat:"):  # "chat:<conversation>:<n>"
                senders[row.id] = self._conversation_sender(session, (row.source_key or "").split(":")[1])
        return senders

    def backfill(self, batch: int = 500) -> int:
        """Write the match keys of every stored referral afresh (after an upgrade or a new pseudonym key).

        Returns how many referrals were indexed (0 without a pseudonym key).

        Raises:
            ConfigurationError: the data keys cannot read the referrals.
            Unavailable: the database is down.
        """
        if self._keys is None:
            return 0
        done, last = 0, 0
        while True:
            with self._db.session() as session:
                rows = list(session.scalars(select(Referral).where(Referral.id > last).order_by(Referral.id)
                                            .limit(batch).options(selectinload(Referral.people))).all())
                if not rows:
                    return done
                session.execute(delete(MatchKey).where(MatchKey.referral_id.in_([r.id for r in rows])))
                senders = self._senders(session, rows)
                for row in rows:
                    self._write(session, row, senders.get(row.id))
                audit.record(session, at=self._clock(), actor="system", action="related.backfill",
                             detail=f"n={len(rows)}")
            done, last = done + len(rows), rows[-1].id

    # --- proposals and links -----------------------------------------------------------
    def panel(self, principal: Principal, reference: str) -> RelatedPanel:
        """Return the related referrals of ``reference`` for ``principal`` (audited as ``related.view``).

        Raises:
            NotFound: no such referral, or not visible to ``principal``.
        """
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._load(session, principal, reference, "related.view")
            matches = self._matches(session, row.id)
            links = self._links(session, row.id)
            others = self._referrals(session, set(matches) | set(links))
            visible = {i: r for i, r in others.items()
                       if principal.can_read(r.inbox_id, [c.inbox_id for c in r.copies])}
            proposed = [i for i in matches if i not in links]
            linked = [i for i, link in links.items() if link.state == CONFIRMED]
            panel = RelatedPanel(
                enabled=self.enabled,
                proposals=tuple(self._related(visible[i], matches[i]) for i in proposed if i in visible),
                linked=tuple(self._related(visible[i], links[i].reasons.split(",") if links[i].reasons else ())
                             for i in linked if i in visible),
                hidden_proposals=sum(1 for i in proposed if i not in visible),
                hidden_linked=sum(1 for i in linked if i not in visible),
                chronology=self._chronology([row, *(visible[i] for i in linked if i in visible)])
                if any(i in visible for i in linked) else (),
            )
            audit.record(session, at=self._clock(), actor=principal.email, action="related.view",
                         reference=row.reference,
                         detail=f"proposed={len(panel.proposals)} linked={len(panel.linked)} "
                                f"hidden={panel.hidden_proposals + panel.hidden_linked}")
            return panel

    def confirm(self, principal: Principal, reference: str, other: str) -> None:
        """Record that ``other`` is related to ``reference`` (audited ``related.confirm``).

        Raises:
            NotFound: either referral is not visible to ``principal``.
            AccessDenied: ``principal``'s inboxes do not own ``reference``.
            InvalidInput: ``other`` is ``reference`` itself.
        """
        self._decide(principal, reference, other, CONFIRMED)

    def dismiss(self, principal: Principal, reference: str, other: str) -> None:
        """Record that ``other`` is not related to ``reference``: never proposed again (audited ``related.dismiss``).

        Dismissing a confirmed link undoes it.

        Raises:
            NotFound: either referral is not visible to ``principal``.
            AccessDenied: ``principal``'s inboxes do not own ``reference``.
            InvalidInput: ``other`` is ``reference`` itself.
        """
        self._decide(principal, reference, other, DISMISSED)

    def _decide(self, principal: Principal, reference: str, other: str, state: str) -> None:
        action = "related.confirm" if state == CONFIRMED else "related.dismiss"
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._load(session, principal, reference, action)
            if row.inbox_id not in principal.inboxes:
                audit.record(session, at=self._clock(), actor=principal.email, action=f"{action}.denied",
                             reference=row.reference, detail="info-only copy")
                raise AccessDenied("Only the owning inbox can link or dismiss related referrals.")
            that = self._load(session, principal, other, action)
            if that.id == row.id:
                raise InvalidInput("A referral cannot be related to itself.", "other")
            first, second = sorted((row.id, that.id))
            link = session.scalar(select(RelatedLink).where(RelatedLink.first_id == first,
                                                            RelatedLink.second_id == second))
            if link is None:
                link = RelatedLink(first_id=first, second_id=second)
                session.add(link)
            link.state, link.decided_by, link.decided_at = state, principal.email, self._clock()
            link.reasons = ",".join(sorted(self._matches(session, row.id).get(that.id, ())))
            audit.record(session, at=self._clock(), actor=principal.email, action=action,
                         reference=row.reference, detail=that.reference)

    # --- reading ---------------------------------------------------------------------------
    @staticmethod
    def _matches(session: Session, referral_id: int) -> dict[int, tuple[str, ...]]:
        """Return ``{other referral id: match kinds}`` sharing a key with ``referral_id``, newest first."""
        mine, theirs = aliased(MatchKey), aliased(MatchKey)
        pairs = session.execute(
            select(theirs.referral_id, theirs.kind).join(mine, mine.key == theirs.key)
            .where(mine.referral_id == referral_id, theirs.referral_id != referral_id)
            .order_by(theirs.referral_id.desc()).limit(MAX_MATCHES)).all()
        found: dict[int, set[str]] = {}
        for other, kind in pairs:
            found.setdefault(other, set()).add(kind)
        return {other: tuple(sorted(kinds)) for other, kinds in found.items()}

    @staticmethod
    def _links(session: Session, referral_id: int) -> dict[int, RelatedLink]:
        """Return ``{other referral id: decision}`` of every pair ``referral_id`` is in."""
        rows = session.scalars(select(RelatedLink).where(
            (RelatedLink.first_id == referral_id) | (RelatedLink.second_id == referral_id))).all()
        return {(r.second_id if r.first_id == referral_id else r.first_id): r for r in rows}

    @staticmethod
    def _referrals(session: Session, ids: set[int]) -> dict[int, Referral]:
        if not ids:
            return {}
        rows = session.scalars(select(Referral).where(Referral.id.in_(ids))
                               .options(selectinload(Referral.copies))).all()
        return {r.id: r for r in rows}

    def _related(self, row: Referral, kinds: Iterable[str]) -> RelatedReferral:
        return RelatedReferral(reference=row.reference, urgency=row.urgency, status=row.status,
                               inbox_name=self._inbox_name(row.inbox_id), created_at=row.created_at,
                               reasons=tuple(REASONS.get(k, k) for k in kinds))

    def _chronology(self, rows: Iterable[Referral]) -> tuple[ChronologyEntry, ...]:
        events = sorted(((e, row) for row in rows for e in row.events if e.action not in NOT_IN_CHRONOLOGY),
                        key=lambda pair: (pair[0].at, pair[0].id))  # at the same time, in the order recorded
        return tuple(ChronologyEntry(at=e.at, reference=row.reference, action=e.action,
                                     outcome=self.workflow_config.label(row.outcome) if e.action == "closed" else None)
                     for e, row in events)

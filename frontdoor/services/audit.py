"""The audit log: who did what to which referral, when — never the content.

The log is append-only and hash-chained. Each entry's ``entry_hash`` is the
SHA-256 of the previous entry's hash and this entry's own fields
(:func:`chain_hash`), so deleting, reordering or editing any entry breaks the
chain from that point on, which :func:`verify` reports. The database refuses
DELETE on the table and UPDATE of a sealed entry (triggers from migration
0003). Writers are serialised while they append (an advisory lock on
PostgreSQL; SQLite's single writer), so the chain has no forks.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from frontdoor.store.models import AuditEntry

#: Key of the PostgreSQL advisory lock held while an entry is appended.
_LOCK_KEY = 0x46445F41  # "FD_A"
#: How much of a value typed by someone outside (a sign-in e-mail) is kept.
UNTRUSTED_LIMIT = 120


def printable(value: str, limit: int | None = None) -> str:
    """Return ``value`` with control and format characters written as ``\\xNN`` escapes, cut to ``limit``.

    Audit entries are printed on terminals: an escape sequence typed into a
    sign-in form must not reach one as it is. A cut value ends with "…".
    """
    out = []
    for char in value:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Zl", "Zp") or char in "\t\r\n":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    cleaned = "".join(out)
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned


def untrusted(value: str | None) -> str:
    """Return a value typed by someone outside, made safe to store as an audit actor or detail."""
    return printable((value or "").strip(), UNTRUSTED_LIMIT)


def chain_hash(prev_hash: str | None, entry_id: int, at: datetime, actor: str, action: str,
               reference: str | None, detail: str | None) -> str:
    """Return the hex SHA-256 sealing one entry onto the chain after ``prev_hash``."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    fields = [prev_hash or "", entry_id, at.astimezone(timezone.utc).isoformat(timespec="microseconds"),
              actor, action, reference or "", detail or ""]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    reference: str | None = None,
    detail: str | None = None,
) -> None:
    """Append a sealed audit entry in ``session`` (committed with the caller's work).

    ``detail`` is for identifiers only (an inbox id, a count), never free text
    from a referral.
    """
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    entry = AuditEntry(at=at, actor=printable(actor, 255), action=printable(action, 40), reference=reference,
                       detail=(detail or None) and printable(detail, 255))
    session.add(entry)
    session.flush()  # takes SQLite's write lock and gives the entry its id
    prev = session.scalar(
        select(AuditEntry.entry_hash).where(AuditEntry.id < entry.id).order_by(AuditEntry.id.desc()).limit(1)
    )
    sealed = chain_hash(prev, entry.id, entry.at, entry.actor, entry.action, entry.reference, entry.detail)
    session.execute(
        update(AuditEntry).where(AuditEntry.id == entry.id).values(prev_hash=prev, entry_hash=sealed)
        .execution_options(synchronize_session=False)
    )
    # Reflect the sealed values without making the object dirty (a second UPDATE would be refused).
    set_committed_value(entry, "prev_hash", prev)
    set_committed_value(entry, "entry_hash", sealed)


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify` found: entries checked and the first broken one, if any."""

    checked: int
    first_broken_id: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify(session: Session, batch: int = 5000) -> ChainReport:
    """Recompute the whole chain in id order; return where (if anywhere) it breaks."""
    prev: str | None = None
    checked = 0
    last_id = 0
    while True:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
        ).all()
        if not rows:
            return ChainReport(checked)
        for entry in rows:
            if entry.prev_hash != prev:
                return ChainReport(checked, entry.id, "its link to the previous entry does not match "
                                   "(an entry before it was removed or changed)")
            expected = chain_hash(prev, entry.id, entry.at, entry.actor, entry.action, entry.reference,
                                  entry.detail)
            if entry.entry_hash != expected:
                return ChainReport(checked, entry.id, "its contents do not match its seal (it was edited)")
            prev = entry.entry_hash
            checked += 1
            last_id = entry.id

"""The files attached to e-mails about a referral: listed on its page, downloaded by its SPOCs (audited)."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from sqlalchemy import select

from frontdoor.errors import NotFound
from frontdoor.services import audit
from frontdoor.services.referrals.access import REFUSALS, ReferralAccess
from frontdoor.store.mail import MailAttachment
from frontdoor.views import Principal


@dataclass(frozen=True)
class AttachmentView:
    """One attached file as the referral page lists it (``refused``: why it was not kept)."""

    id: int
    filename: str
    content_type: str
    size: int
    refused: str | None = None


@dataclass(frozen=True)
class AttachmentFile:
    """A kept file's name, declared type and bytes."""

    filename: str
    content_type: str
    data: bytes


class MailAttachments(ReferralAccess):
    """The attachments of the referrals a member may see."""

    def for_referral(self, principal: Principal, reference: str) -> list[AttachmentView]:
        """Return the files attached to e-mails about ``reference``, oldest first.

        Raises:
            NotFound: no such referral, or not visible to ``principal``.
        """
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._load(session, principal, reference, "attachment.list")
            found = session.scalars(select(MailAttachment).where(MailAttachment.referral_id == row.id)
                                    .order_by(MailAttachment.id))
            return [AttachmentView(a.id, a.filename, a.content_type, a.size, a.refused) for a in found]

    def download(self, principal: Principal, reference: str, attachment_id: int) -> AttachmentFile:
        """Return the kept file ``attachment_id`` of ``reference`` (audited as ``attachment.download``).

        Raises:
            NotFound: no such referral or file, the referral is not visible to ``principal``, or the file was refused.
        """
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._load(session, principal, reference, "attachment.download")
            attachment = session.get(MailAttachment, attachment_id)
            if attachment is None or attachment.referral_id != row.id or attachment.data is None:
                raise NotFound("No such attachment")
            audit.record(session, at=self._clock(), actor=principal.email, action="attachment.download",
                         reference=row.reference, detail=f"attachment={attachment.id}")
            return AttachmentFile(attachment.filename, attachment.content_type, base64.b64decode(attachment.data))

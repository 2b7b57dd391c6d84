"""The SPOC inbox: sign-in, the triage queue and the referral page (server-rendered)."""

from web.inbox import attachments, casework, handover, outcomes, related
from web.inbox.views import bp

handover.register(bp)  # "Start a handover" and the printable handover summary
outcomes.register(bp)  # status and outcomes on the referral page
related.register(bp)  # possibly related referrals: confirm, dismiss, the linked chronology
casework.register(bp)  # lead agency, actions, review, basis for sharing, questions by e-mail
attachments.register(bp)  # files attached to the reporter's e-mails: listed and downloaded (audited)

__all__ = ["bp"]

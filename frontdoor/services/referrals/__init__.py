"""Referral services: submission, queries and the SPOC workflow on stored referrals.

Every method that reads or changes a stored referral takes the
:class:`~frontdoor.views.Principal` doing it, checks that they may see it
(their inboxes own it or hold a copy), and writes an audit entry in the same
transaction; every change also goes on the referral's timeline. Working a
referral (acknowledge, change urgency, assign, transfer, copies, close) is for
its owning inbox; an info-only copy holder may read it and add notes
(:class:`~frontdoor.errors.AccessDenied` otherwise). A referral the caller may not see is reported as
:class:`~frontdoor.errors.NotFound`, exactly as one that does not exist, so
references cannot be probed.

- :class:`SubmissionService` (``core.submissions``): assess and store new referrals.
- :class:`ReferralQueries` (``core.queries``): the queue, one referral, the inbox directory.
- :class:`ReferralWorkflow` (``core.workflow``): acknowledge, notes, urgency, assignment,
  transfer, copies, questions to the reporter; statuses, the area's outcomes (several per
  referral), close and reopen (the outcomes come from :mod:`frontdoor.workflow_config`).
"""

from frontdoor.services.referrals.outcomes import OutcomesView
from frontdoor.services.referrals.queries import ASSIGNED, SCOPES, ReferralQueries
from frontdoor.services.referrals.submission import ALERTS_HELD, VOLUME_REASON, SubmissionService
from frontdoor.services.referrals.workflow import ReferralWorkflow

__all__ = ["ALERTS_HELD", "ASSIGNED", "SCOPES", "VOLUME_REASON", "OutcomesView", "ReferralQueries",
           "ReferralWorkflow", "SubmissionService"]

"""The SPOC inbox: sign-in, the triage queue and the referral page (server-rendered)."""

from web.inbox.views import bp

__all__ = ["bp"]

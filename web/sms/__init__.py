"""The Twilio SMS webhook: ``POST /sms/twilio``."""

from web.sms.views import bp

__all__ = ["bp"]

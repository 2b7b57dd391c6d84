"""Front Door core: referrals, triage, routing, staff and audit.

This package never imports Flask, Rasa or Twilio. Shells build a
:class:`frontdoor.services.Core` from :class:`frontdoor.config.Settings` and call
its services.
"""

__version__ = "0.1.0"

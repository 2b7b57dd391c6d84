"""Outbound shell: adapters that reach providers outside the core, and the worker.

- :mod:`outbound.twilio_sms`: the core's :class:`~frontdoor.ports.SmsSender`
  over Twilio's REST API.
- :mod:`outbound.worker`: ``python -m outbound.worker [--once]`` builds the
  core, plugs the adapters in and runs the background worker (queued jobs,
  red-referral alerts, SMS retries).
"""

"""The background worker with every adapter plugged in: ``python -m outbound.worker [--once]``.

Builds the core from the environment with the Twilio SMS adapter for alerts
(when ``TWILIO_*`` is set; otherwise SMS alerts are recorded as skipped), and
runs the worker :func:`frontdoor.bootstrap.worker_for` composes: queued jobs
(alert deliveries, replies to e-mails) and the periodic jobs (alert sweep, SMS
retries, retention, and polling the shared mailbox when ``FRONTDOOR_IMAP_HOST`` is set). ``--once`` runs
one pass and prints what it did. SIGTERM stops it after the current pass.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence

from frontdoor.bootstrap import Core, run_worker
from frontdoor.config import Settings
from frontdoor.errors import FrontDoorError
from outbound.twilio_sms import TwilioSms

log = logging.getLogger("outbound.worker")


def build(environ: Mapping[str, str] | None = None) -> Core:
    """Return the core built from ``environ`` (the process environment when None) with the SMS adapter.

    Raises:
        ConfigurationError: a setting is malformed, or Twilio is half configured.
    """
    env = os.environ if environ is None else environ
    return Core.from_settings(Settings.from_env(env), sms_sender=TwilioSms.from_env(env))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the worker; return the exit status (2 on a configuration or start-up error)."""
    parser = argparse.ArgumentParser(prog="python -m outbound.worker", description=__doc__.splitlines()[0])
    parser.add_argument("--once", action="store_true", help="run one pass and exit")
    parser.add_argument("--tick", type=float, default=1.0, help="seconds between passes (default 1)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        core = build()
    except FrontDoorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    run_worker(core, once=args.once, tick=args.tick, echo=lambda line: print(line, flush=True))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

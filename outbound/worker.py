"""The background worker with every adapter plugged in: ``python -m outbound.worker [--once]``.

Builds the core from the environment, plugs the Twilio SMS adapter into the
alerts (when ``TWILIO_*`` is set; otherwise SMS alerts are recorded as
skipped), and runs :class:`frontdoor.jobs.Worker`: queued jobs (alert
deliveries) and the periodic jobs (alert sweep, SMS retries). ``--once`` runs
one pass and prints what it did. SIGTERM stops it after the current pass.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Mapping, Sequence

from frontdoor.config import Settings
from frontdoor.errors import FrontDoorError
from frontdoor.jobs import Worker, worker_for
from frontdoor.services import Core
from outbound.twilio_sms import TwilioSms

log = logging.getLogger("outbound.worker")


def build(environ: Mapping[str, str] | None = None, core: Core | None = None) -> tuple[Core, Worker]:
    """Return the core (built from ``environ`` unless given) and its worker with the SMS adapter.

    Raises:
        ConfigurationError: a setting is malformed, or Twilio is half configured.
    """
    env = os.environ if environ is None else environ
    core = core or Core.from_settings(Settings.from_env(env))
    sms = TwilioSms.from_env(env)
    if core.alerts is not None:
        core.alerts.sms = sms
    return core, worker_for(core)


def describe(core: Core) -> str:
    """Return one line saying which queue and alert channels the worker uses."""
    queue = "redis" if core.settings.redis_url else "database"
    alerts = core.alerts
    email = "on" if alerts is not None and alerts.email is not None else "off (SMTP_HOST not set)"
    sms = "on" if alerts is not None and alerts.sms is not None else "off (TWILIO_* not set)"
    return f"queue={queue} email alerts {email}, SMS alerts {sms}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the worker; return the exit status (2 on a configuration or start-up error)."""
    parser = argparse.ArgumentParser(prog="python -m outbound.worker", description=__doc__.splitlines()[0])
    parser.add_argument("--once", action="store_true", help="run one pass and exit")
    parser.add_argument("--tick", type=float, default=1.0, help="seconds between passes (default 1)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        core, worker = build()
    except FrontDoorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.once:
        report = worker.run_once()
        for name, result in report.periodic.items():
            print(f"{name}: {result}")
        print(f"jobs: done={report.done} retried={report.retried} failed={report.failed}")
        return 0
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"worker running: {', '.join(j.name for j in worker.scheduler.jobs) or 'no periodic jobs'}; "
          f"{describe(core)}", flush=True)
    try:
        worker.run_forever(stop, tick=args.tick)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""Start the action server on 127.0.0.1 unless ``SANIC_HOST`` names another interface.

rasa_sdk listens on every interface (0.0.0.0) by default, and the action server
has no authentication: anyone who reached it could post a forged tracker and
create referrals. ``python -m actions.serve`` takes rasa_sdk's own arguments,
and builds the core before serving so the first turn is as quick as the rest.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any

log = logging.getLogger(__name__)

#: The interface the action server listens on when ``SANIC_HOST`` is unset or empty.
DEFAULT_HOST = "127.0.0.1"
#: Set (to anything) by the chat-turn benchmark: log how long each action ran, by name (never what it read).
TIMING = "FRONTDOOR_ACTION_TIMING"


def time_actions() -> None:
    """Log each action's own running time (the executor's work, without HTTP) as ``action-timing``."""
    from rasa_sdk.executor import ActionExecutor

    untimed = ActionExecutor.run

    async def run(self: ActionExecutor, action_call: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await untimed(self, action_call, *args, **kwargs)
        finally:
            log.warning("action-timing %s %.3f ms", action_call.get("next_action"),
                        (time.perf_counter() - started) * 1000)

    ActionExecutor.run = run  # type: ignore[method-assign]


def warm_up() -> None:
    """Build the core (routing table, analyser, triage model) now, so the first person's turn does not wait.

    A failure is logged and left for the first action to retry (the core is built lazily).
    """
    from actions.runtime import core
    from frontdoor.errors import FrontDoorError

    try:
        core()
    except FrontDoorError as exc:
        log.warning("the core could not be built at start (%s); the first action will try again", exc)


def main() -> None:
    """Run rasa_sdk's command line with the safe default interface, after warming up the core."""
    if not os.environ.get("SANIC_HOST", "").strip():
        os.environ["SANIC_HOST"] = DEFAULT_HOST
    if "-h" not in sys.argv and "--help" not in sys.argv:
        warm_up()
    if os.environ.get(TIMING):
        time_actions()
    from rasa_sdk.__main__ import main as rasa_sdk_main

    rasa_sdk_main()


if __name__ == "__main__":
    main()

"""Start the action server on 127.0.0.1 unless ``SANIC_HOST`` names another interface.

rasa_sdk listens on every interface (0.0.0.0) by default, and the action server
has no authentication: anyone who reached it could post a forged tracker and
create referrals. ``python -m actions.serve`` takes rasa_sdk's own arguments.
"""

from __future__ import annotations

import os

#: The interface the action server listens on when ``SANIC_HOST`` is unset or empty.
DEFAULT_HOST = "127.0.0.1"


def main() -> None:
    """Run rasa_sdk's command line with the safe default interface."""
    if not os.environ.get("SANIC_HOST", "").strip():
        os.environ["SANIC_HOST"] = DEFAULT_HOST
    from rasa_sdk.__main__ import main as rasa_sdk_main

    rasa_sdk_main()


if __name__ == "__main__":
    main()

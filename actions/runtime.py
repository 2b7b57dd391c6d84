"""The action server's link to the core, built on first use (never at import).

Tests install their own :class:`~frontdoor.services.Core` with :func:`use_core`.
"""

from __future__ import annotations

import threading

from frontdoor.config import Settings
from frontdoor.services import Core

_lock = threading.Lock()
_core: Core | None = None


def core() -> Core:
    """Return the process-wide core, building it from the environment the first time."""
    global _core
    if _core is None:
        with _lock:
            if _core is None:
                _core = Core.from_settings(Settings.from_env())
    return _core


def use_core(instance: Core | None) -> None:
    """Use ``instance`` from now on (None: rebuild from the environment next time)."""
    global _core
    with _lock:
        _core = instance

"""Services: the only way shells touch referrals, staff and the audit log.

The services are built together by the composition root,
:class:`frontdoor.bootstrap.Core` (``Core.from_settings``). This package
imports nothing itself, so a service module can be imported on its own;
``from frontdoor.services import Core`` still works and loads the root on use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frontdoor.bootstrap import Core

__all__ = ["Core"]


def __getattr__(name: str) -> Any:
    """Return :class:`frontdoor.bootstrap.Core` for ``Core``.

    Raises:
        AttributeError: any other name.
    """
    if name == "Core":
        from frontdoor.bootstrap import Core

        return Core
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

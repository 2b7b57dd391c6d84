"""The one exception hierarchy of Front Door.

Every error the core raises on purpose derives from :class:`FrontDoorError`, so a
shell (the web app, the action server, the console command) can catch that one
class and turn it into a clear answer. The subclasses say *what kind* of failure
it is, which is what a shell needs to choose a status code or a reply::

    FrontDoorError
    ├── ConfigurationError      settings or data files are wrong (fail at start-up)
    ├── InvalidInput            a caller's input cannot be used; ``.field`` names it
    ├── NotFound                no such referral/staff member *visible to the caller*
    ├── AccessDenied            the caller may not do this (authenticated, not allowed)
    ├── AuthenticationFailed    credentials missing, wrong, expired or locked out
    ├── Conflict                the action does not fit the current state
    └── Unavailable             a dependency (database, Rasa, action server) is down
"""

from __future__ import annotations


class FrontDoorError(Exception):
    """Base class of every error Front Door raises deliberately."""


class ConfigurationError(FrontDoorError):
    """Settings, the routing table or another data file is invalid."""


class InvalidInput(FrontDoorError):
    """Input from a user or caller cannot be used.

    ``field`` names the offending field when there is one, so a form or API can
    point at it; the message is safe to show to the person who typed it.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(FrontDoorError):
    """The thing asked for does not exist, or the caller may not know it does."""


class AccessDenied(FrontDoorError):
    """The caller is known but not allowed to do this."""


class AuthenticationFailed(FrontDoorError):
    """Credentials are missing, wrong, expired or locked out."""


class Conflict(FrontDoorError):
    """The requested change does not fit the referral's current state."""


class Unavailable(FrontDoorError):
    """A dependency is down or too slow; the caller may retry later."""

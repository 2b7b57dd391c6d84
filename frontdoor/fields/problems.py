"""Collecting problems with a set of answers, field by field."""

from __future__ import annotations

from typing import NoReturn

from frontdoor.errors import InvalidInput


class Problems(dict[str, str]):
    """Problems with a set of answers, as field → message; the first message for a field is kept."""

    def add(self, key: str, message: str) -> None:
        """Record ``message`` for ``key`` unless that field already has a problem."""
        self.setdefault(key, message)

    def raise_first(self, key: str, message: str) -> NoReturn:
        """Raise the first problem recorded, or ``message`` for ``key`` when there is none.

        Raises:
            InvalidInput: always; ``field`` names the field.
        """
        if self:
            key, message = next(iter(self.items()))
        raise InvalidInput(message, key)

"""What both job queue adapters share: the retry policy and the checks on a job before it is stored."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from frontdoor.errors import InvalidInput
from frontdoor.ports import FAILED, QUEUED

#: Longest error text kept with a job.
MAX_ERROR = 2000


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how soon a failing job is tried again."""

    max_attempts: int = 5
    base_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(hours=1)
    #: How long a claimed job belongs to its worker before another may claim it again.
    lease: timedelta = timedelta(minutes=10)

    def delay(self, attempts: int) -> timedelta:
        """Return the wait before the next attempt after ``attempts`` failed ones (doubling)."""
        delay: timedelta = self.base_delay * (2 ** max(0, attempts - 1))
        return min(delay, self.max_delay)

    def after_failure(self, attempts: int, now: datetime) -> tuple[str, datetime]:
        """Return what becomes of a job whose attempt number ``attempts`` failed at ``now``.

        ``("queued", when to try again)`` or, its attempts used up, ``("failed", now)``.
        """
        if attempts >= self.max_attempts:
            return FAILED, now
        return QUEUED, now + self.delay(attempts)


def checked_job(kind: str, payload: Mapping[str, Any] | None, dedupe_key: str | None) -> tuple[dict[str, Any], str]:
    """Return the payload as a dict and its JSON text.

    Raises:
        InvalidInput: the kind, payload or key cannot be stored.
    """
    if not kind or len(kind) > 40:
        raise InvalidInput("a job kind is 1 to 40 characters", "kind")
    if dedupe_key is not None and not 0 < len(dedupe_key) <= 128:
        raise InvalidInput("a dedupe key is 1 to 128 characters", "dedupe_key")
    data = dict(payload or {})
    try:
        text = json.dumps(data, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"a job payload must be JSON: {exc}", "payload") from exc
    return data, text


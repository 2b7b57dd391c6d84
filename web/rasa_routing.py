"""Which Rasa instance serves a conversation.

Every turn of a conversation goes to the same instance (Rasa's Redis lock store
keeps a conversation's turns in order only within one instance). The instance is
chosen by rendezvous (highest-random-weight) hashing of the conversation id over
the instances' URLs: each instance scores ``sha256(url, conversation id)`` and the
highest score wins. Removing an instance moves only the conversations it served;
every other conversation keeps its instance, and the order of ``RASA_URL`` does not
matter.

An instance that refused a connection is set aside for a while (``down_seconds``):
its conversations go to the next instance in their own order, and continue from
the shared tracker store. It is tried again after that time, or at once when every
other instance is set aside too.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Instance", "Instances", "rendezvous_order"]

#: How long an instance that refused a connection is passed over.
DOWN_SECONDS = 30.0


def _score(node: str, key: str) -> int:
    digest = hashlib.sha256(f"{node}\0{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def rendezvous_order(key: str, nodes: Sequence[str]) -> list[int]:
    """Return the indexes of ``nodes``, best first, for ``key`` (rendezvous hashing)."""
    return sorted(range(len(nodes)), key=lambda i: (_score(nodes[i], key), nodes[i]), reverse=True)


@dataclass(frozen=True)
class Instance:
    """One Rasa instance: where it listens and the ``/health`` of its action server (if known)."""

    url: str
    actions_health_url: str | None = None


class Instances:
    """The Rasa instances of one client, and which of them are set aside.

    Thread-safe: the web app's threads share one.

    Args:
        instances: at least one.
        down_seconds: how long an instance that refused a connection is passed over.
        clock: monotonic seconds (tests pass their own).

    Raises:
        ValueError: no instances, or two with the same URL.
    """

    def __init__(self, instances: Sequence[Instance], *, down_seconds: float = DOWN_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if not instances:
            raise ValueError("at least one Rasa instance is needed")
        self.all = tuple(instances)
        self._urls = [instance.url for instance in self.all]
        if len(set(self._urls)) != len(self._urls):
            raise ValueError("the same Rasa instance is listed twice")
        self.down_seconds = down_seconds
        self._clock = clock
        self._down_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def route(self, key: str | None) -> list[Instance]:
        """Return every instance in the order to try for conversation ``key``.

        Instances set aside come last (still in their order), so a request is
        tried everywhere before it fails. Without a key the order of the list is used.
        """
        order = rendezvous_order(key, self._urls) if key is not None else list(range(len(self.all)))
        now = self._clock()
        with self._lock:
            down = {url for url, until in self._down_until.items() if until > now}
        ranked = [self.all[i] for i in order]
        return [i for i in ranked if i.url not in down] + [i for i in ranked if i.url in down]

    def set_down(self, instance: Instance) -> None:
        """Pass over ``instance`` for ``down_seconds``."""
        with self._lock:
            self._down_until[instance.url] = self._clock() + self.down_seconds

    def set_up(self, instance: Instance) -> None:
        """``instance`` answered: no longer pass over it."""
        with self._lock:
            self._down_until.pop(instance.url, None)

    def is_down(self, instance: Instance) -> bool:
        """Return True while ``instance`` is passed over."""
        with self._lock:
            return self._down_until.get(instance.url, 0.0) > self._clock()

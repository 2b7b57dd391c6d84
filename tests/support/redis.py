"""A throwaway Redis server for tests (started by :mod:`devservers.redis`).

:func:`redis_server` yields the URL of an empty server and removes its files
afterwards; set ``FRONTDOOR_TEST_REDIS_URL`` to use a server you run yourself.
"""

from __future__ import annotations

from devservers.redis import ENV_URL, RedisMissing, RedisUnavailable, redis_server

__all__ = ["ENV_URL", "RedisMissing", "RedisUnavailable", "redis_server"]

"""A throwaway PostgreSQL server for tests (started by :mod:`devservers.postgres`).

:func:`postgres_server` yields the URL of a fresh, empty database and removes
everything afterwards; set ``FRONTDOOR_TEST_POSTGRES_URL`` to use a server you
run yourself instead.
"""

from __future__ import annotations

from devservers.postgres import DATABASE, ENV_URL, PostgresUnavailable, find_bindir, postgres_server

__all__ = ["DATABASE", "ENV_URL", "PostgresUnavailable", "find_bindir", "postgres_server"]

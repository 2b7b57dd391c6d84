"""Services: the only way shells touch referrals, staff and the audit log.

:class:`Core` wires settings, database, routing table and analyser together
once per process; shells build it in their factory (never at import time)::

    core = Core.from_settings(Settings.from_env())
    core.referrals.submit(draft)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from frontdoor.config import Settings
from frontdoor.extraction import Analyser, default_analyser
from frontdoor.routing import RoutingTable
from frontdoor.services.referrals import ReferralService
from frontdoor.services.staff import StaffService
from frontdoor.store.db import Database


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Core:
    settings: Settings
    db: Database
    table: RoutingTable
    analyser: Analyser
    referrals: ReferralService
    staff: StaffService
    clock: Callable[[], datetime]

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utc_now,
        db: Database | None = None,
    ) -> "Core":
        """Wire the core for ``settings``.

        Raises:
            ConfigurationError: the routing table or lexicon is invalid.
        """
        table = RoutingTable.load(settings.routing_table)
        analyser = default_analyser(table.gazetteer(), settings.lexicon)
        database = db or Database(settings.database_url,
                                  sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms)
        return cls(
            settings=settings,
            db=database,
            table=table,
            analyser=analyser,
            referrals=ReferralService(database, table, analyser, settings.sla, clock),
            staff=StaffService(database, table, clock),
            clock=clock,
        )

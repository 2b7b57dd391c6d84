"""Services: the only way shells touch referrals, staff and the audit log.

:class:`Core` wires settings, database, routing table and analyser together
once per process; shells build it in their factory (never at import time)::

    core = Core.from_settings(Settings.from_env())
    core.referrals.submit(draft)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from frontdoor.config import Settings
from frontdoor.extraction import Analyser, default_analyser
from frontdoor.routing import RoutingTable
from frontdoor.errors import ConfigurationError
from frontdoor.pseudonyms import Pseudonymiser
from frontdoor.services.followup import FollowUpService
from frontdoor.services.referrals import ReferralService
from frontdoor.services.sms import SmsPolicy, SmsService, SpoolDir
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
    followup_service: FollowUpService | None = None
    sms_service: SmsService | None = None

    @property
    def followup(self) -> FollowUpService:
        """The anonymous follow-up service.

        Raises:
            ConfigurationError: FRONTDOOR_PSEUDONYM_KEY is not set.
        """
        if self.followup_service is None:
            raise ConfigurationError("follow-up needs FRONTDOOR_PSEUDONYM_KEY")
        return self.followup_service

    @property
    def sms(self) -> SmsService:
        """The SMS channel (without a conversation engine: see SmsService.with_engine).

        Raises:
            ConfigurationError: FRONTDOOR_PSEUDONYM_KEY is not set.
        """
        if self.sms_service is None:
            raise ConfigurationError("the SMS channel needs FRONTDOOR_PSEUDONYM_KEY")
        return self.sms_service

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
        keys = Pseudonymiser(settings.pseudonym_key) if settings.pseudonym_key else None
        followup = FollowUpService(database, keys, clock) if keys else None
        referrals = ReferralService(database, table, analyser, settings.sla, clock, followup)
        sms = None
        if keys and followup:
            policy = SmsPolicy(conversation_ttl=timedelta(minutes=settings.sms_conversation_minutes),
                               engine_budget_s=settings.sms_engine_budget_s)
            sms = SmsService(database, referrals, followup, keys, None, clock,
                             SpoolDir(settings.home / "spool" / "sms"), policy)
        return cls(
            settings=settings,
            db=database,
            table=table,
            analyser=analyser,
            referrals=referrals,
            staff=StaffService(database, table, clock),
            clock=clock,
            followup_service=followup,
            sms_service=sms,
        )

"""Services: the only way shells touch referrals, staff and the audit log.

:class:`Core` wires settings, database, routing table and analyser together
once per process; shells build it in their factory (never at import time)::

    core = Core.from_settings(Settings.from_env())
    core.referrals.submit(draft)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from frontdoor.config import Settings
from frontdoor.errors import ConfigurationError
from frontdoor.extraction import Analyser, default_analyser
from frontdoor.jobs import JobQueue, build_queue
from frontdoor.learned import reader_at
from frontdoor.notify import SmtpEmail
from frontdoor.pseudonyms import Pseudonymiser
from frontdoor.routing import RoutingTable
from frontdoor.services.alerts import AlertPolicy, AlertService
from frontdoor.services.followup import FollowUpService
from frontdoor.services.referrals import ReferralService
from frontdoor.services.sms import SmsPolicy, SmsService, SpoolDir
from frontdoor.services.staff import StaffService
from frontdoor.store.db import Database

if TYPE_CHECKING:
    from frontdoor.directory import Directory
    from frontdoor.services.admin import AdminService
    from frontdoor.services.dashboard import DashboardService
    from frontdoor.services.handovers import HandoverService
    from frontdoor.services.hospital import HospitalService
    from frontdoor.services.retention import RetentionService
    from frontdoor.understanding import Reader


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
    #: The job queue (the database's, or Redis when REDIS_URL is set).
    jobs: JobQueue | None = None
    #: Alerts for red referrals (e-mail from SMTP_*; SMS plugged in by outbound.worker).
    alerts: AlertService | None = None
    admin_service: AdminService | None = None
    dashboard_service: DashboardService | None = None
    directory_cache: Directory | None = None

    @property
    def directory(self) -> Directory:
        """The services directory: the imported one under FRONTDOOR_HOME, else the demo dataset.

        Raises:
            ConfigurationError: the directory file cannot be read or has problems.
        """
        if self.directory_cache is None:
            from frontdoor.directory import Directory

            self.directory_cache = Directory.for_settings(self.settings, self.table)
        return self.directory_cache

    @property
    def dashboard(self) -> DashboardService:
        """Aggregate figures for partnership leads (built on first use)."""
        if self.dashboard_service is None:
            from frontdoor.services.dashboard import DashboardService

            self.dashboard_service = DashboardService(self.db, self.table, self.settings.sla, self.clock)
        return self.dashboard_service

    @property
    def retention(self) -> RetentionService:
        """The purge of everything past its retention period (FRONTDOOR_RETENTION_DAYS)."""
        from frontdoor.services.retention import RetentionService

        return RetentionService.for_core(self)

    @property
    def reader(self) -> Reader:
        """Reads people's messages: kind, language, indicators, places, who is writing (built on first use)."""
        from frontdoor.languages import default_screen
        from frontdoor.understanding import Reader

        built = self.__dict__.get("_reader")
        if built is None:
            screen = default_screen(tuple(sorted(self.analyser.vocabulary)))
            built = self.__dict__["_reader"] = Reader(self.analyser, screen)
        return built

    @property
    def handovers(self) -> HandoverService:
        """Cross-borough relocation handovers and their printable summaries (built on first use)."""
        from frontdoor.services.handovers import HandoverService

        built = self.__dict__.get("_handovers")
        if built is None:
            built = self.__dict__["_handovers"] = HandoverService(self.db, self.table, self.referrals,
                                                                  self.clock, self.settings.sla)
        return built

    @property
    def hospital(self) -> HospitalService:
        """Hospital presentations from health staff (built on first use)."""
        from frontdoor.services.hospital import HospitalService

        built = self.__dict__.get("_hospital")
        if built is None:
            built = self.__dict__["_hospital"] = HospitalService(self.table, self.referrals)
        return built

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

    @property
    def admin(self) -> AdminService:
        """Administration: the audit log viewer, staff management, the routing overview."""
        if self.admin_service is None:
            from frontdoor.services.admin import AdminService

            self.admin_service = AdminService(self.db, self.table, self.staff, self.clock,
                                              routing_path=self.settings.routing_table, tz=self.settings.sla.tz)
        return self.admin_service

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        clock: Callable[[], datetime] | None = None,
        db: Database | None = None,
    ) -> Core:
        """Wire the core for ``settings``.

        Raises:
            ConfigurationError: the routing table, lexicon, triage model or a data key is invalid.
        """
        clock = clock or settings.clock()
        table = RoutingTable.load(settings.routing_table)
        analyser = default_analyser(table.gazetteer(), settings.lexicon)
        database = db or Database(settings.database_url,
                                  sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms)
        if settings.data_keys:
            database.use_keyring(settings.keyring())
        keys = Pseudonymiser(settings.pseudonym_key) if settings.pseudonym_key else None
        followup = FollowUpService(database, keys, clock) if keys else None
        jobs = build_queue(settings, database, clock)
        alerts = AlertService(database, table, jobs, clock,
                              AlertPolicy(timedelta(minutes=settings.alert_escalate_minutes),
                                          settings.public_base_url),
                              email=SmtpEmail(settings.smtp) if settings.smtp else None,
                              calendar=settings.sla.calendar)
        if followup is not None:
            followup.on_locked = alerts.on_followup_locked
        referrals = ReferralService(database, table, analyser, settings.sla, clock, followup,
                                    on_submitted=alerts.on_submitted, reader=reader_at(settings.triage_model),
                                    volume_per_minute=settings.volume_per_minute,
                                    on_unusual_volume=alerts.on_unusual_volume)
        sms = None
        if keys and followup:
            policy = SmsPolicy(conversation_ttl=timedelta(minutes=settings.sms_conversation_minutes),
                               engine_budget_s=settings.sms_engine_budget_s)
            sms = SmsService(database, referrals, followup, keys, None, clock,
                             SpoolDir(settings.home / "spool" / "sms", settings.keyring()), policy)
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
            jobs=jobs,
            alerts=alerts,
        )

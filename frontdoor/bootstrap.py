"""The composition root: every service and adapter of the core, built in one place.

Shells build the core once per process in their factory (never at import time)::

    core = Core.from_settings(Settings.from_env())
    core.submissions.submit(draft)

:meth:`Core.from_settings` is the only way services are built: it picks the
adapters (:func:`build_queue`, SMTP when ``SMTP_HOST`` is set, the SMS sender a
shell passes in) and hands each service what it needs. :func:`worker_for`
composes the background worker's jobs; ``frontdoor worker`` and ``python -m
outbound.worker`` both run it through :func:`run_worker`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher

from frontdoor.adapters.db_queue import DatabaseQueue
from frontdoor.adapters.imap import ImapFolder
from frontdoor.adapters.queueing import RetryPolicy
from frontdoor.adapters.redis_queue import RedisQueue
from frontdoor.adapters.smtp import SmtpEmail
from frontdoor.config import Settings
from frontdoor.errors import ConfigurationError
from frontdoor.extraction import Analyser, default_analyser
from frontdoor.jobs import Handler, Job, Scheduler, Worker
from frontdoor.learned import reader_at
from frontdoor.ports import Clock, JobQueue, MailFolder, SmsSender
from frontdoor.pseudonyms import Pseudonymiser
from frontdoor.routing import RoutingTable
from frontdoor.services.admin import AdminService
from frontdoor.services.alert_messages import AlertPolicy
from frontdoor.services.alerts import ALERT_JOB, FOLLOWUP_LOCKED_JOB, UNUSUAL_VOLUME_JOB, AlertService
from frontdoor.services.casework import CaseworkService
from frontdoor.services.casework_mail import DIGEST_JOB, FEEDBACK_JOB, CaseworkMail
from frontdoor.services.dashboard import DashboardService
from frontdoor.services.followup import FollowUpService
from frontdoor.services.handovers import HandoverService
from frontdoor.services.hospital import HospitalService
from frontdoor.services.mail import REPLY_JOB, MailPoller, MailService
from frontdoor.services.mail_attachments import MailAttachments
from frontdoor.services.referrals import ReferralQueries, ReferralWorkflow, SubmissionService
from frontdoor.services.related import RelatedService
from frontdoor.services.retention import RetentionPolicy, RetentionService
from frontdoor.services.sms import SmsPolicy, SmsService, SpoolDir
from frontdoor.services.staff import StaffService
from frontdoor.sharing import load_agreements
from frontdoor.store.db import Database
from frontdoor.workflow_config import WorkflowConfig

if TYPE_CHECKING:
    from frontdoor.directory import Directory
    from frontdoor.understanding import Reader


@dataclass
class Core:
    """The wired core: settings, database, routing table and every service."""

    settings: Settings
    db: Database
    table: RoutingTable
    analyser: Analyser
    clock: Clock
    #: The job queue (the database's, or Redis when REDIS_URL is set).
    jobs: JobQueue
    #: Alerts for red referrals (e-mail from SMTP_*; SMS when a shell passes a sender).
    alerts: AlertService
    submissions: SubmissionService
    queries: ReferralQueries
    workflow: ReferralWorkflow
    staff: StaffService
    admin: AdminService
    dashboard: DashboardService
    handovers: HandoverService
    hospital: HospitalService
    retention: RetentionService
    #: Related referrals: match keys, proposals, confirmed links (matching needs FRONTDOOR_PSEUDONYM_KEY).
    related: RelatedService
    #: Lead agency, actions, reviews and the basis for sharing; and their e-mail (digests, feedback).
    casework: CaseworkService
    casework_mail: CaseworkMail
    #: E-mail intake: messages to the shared mailbox become referrals (stored encrypted: needs FRONTDOOR_DATA_KEYS).
    mail: MailService
    #: The files attached to e-mails about a referral, for its SPOCs (downloads audited).
    mail_attachments: MailAttachments
    #: The shared mailbox the worker polls (FRONTDOOR_IMAP_*; None: intake off).
    mail_folder: MailFolder | None = None
    followup_service: FollowUpService | None = None
    sms_service: SmsService | None = None
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
        clock: Callable[[], datetime] | None = None,
        db: Database | None = None,
        table: RoutingTable | None = None,
        analyser: Analyser | None = None,
        sms_sender: SmsSender | None = None,
        hasher: PasswordHasher | None = None,
    ) -> Core:
        """Wire the core for ``settings``.

        ``db``, ``table`` and ``analyser`` default to those the settings
        name; ``sms_sender`` is the SMS adapter for alerts (a shell's: the
        core has none); ``hasher`` the staff password hasher (argon2's default).

        Raises:
            ConfigurationError: the routing table, lexicon, triage model, a data
                key or ``REDIS_URL`` is invalid.
        """
        now = clock or settings.clock()
        table = table or RoutingTable.load(settings.routing_table)
        analyser = analyser or default_analyser(table.gazetteer(), settings.lexicon)
        if db is None:
            db = Database(settings.database_url, sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms)
        if settings.data_keys:
            db.use_keyring(settings.keyring())
        keys = Pseudonymiser(settings.pseudonym_key) if settings.pseudonym_key else None
        followup = FollowUpService(db, keys, now) if keys else None
        jobs = build_queue(settings, db, now)
        alerts = AlertService(db, table, jobs, now,
                              AlertPolicy(timedelta(minutes=settings.alert_escalate_minutes),
                                          settings.public_base_url),
                              email=SmtpEmail(settings.smtp) if settings.smtp else None, sms=sms_sender,
                              calendar=settings.sla.calendar)
        if followup is not None:
            followup.on_locked = alerts.on_followup_locked
        submissions = SubmissionService(db, table, analyser, settings.sla, now, followup,
                                        on_submitted=alerts.on_submitted, reader=reader_at(settings.triage_model),
                                        volume_per_minute=settings.volume_per_minute,
                                        on_unusual_volume=alerts.on_unusual_volume)
        workflow = WorkflowConfig.load(settings.workflow, table.areas)
        queries = ReferralQueries(db, table, settings.sla, now, workflow)
        related = RelatedService(db, table, settings.sla, now, keys, workflow)
        submissions.on_stored = related.index
        staff = StaffService(db, table, now, hasher=hasher)
        sms = None
        if keys and followup:
            policy = SmsPolicy(conversation_ttl=timedelta(minutes=settings.sms_conversation_minutes),
                               engine_budget_s=settings.sms_engine_budget_s)
            sms = SmsService(db, submissions, followup, keys, None, now,
                             SpoolDir(settings.home / "spool" / "sms", settings.keyring()), policy)
        casework = CaseworkService(db, table, settings.sla, now, load_agreements(settings.routing_table, table.agencies))
        if settings.imap is not None and not settings.data_keys:
            raise ConfigurationError("e-mail intake (FRONTDOOR_IMAP_HOST) needs FRONTDOOR_DATA_KEYS: messages are "
                                     "stored encrypted")
        own = {a for a in (settings.smtp.from_address if settings.smtp else None,
                           settings.imap.address if settings.imap else None) if a}
        mail = MailService(db, table, analyser, submissions, alerts, jobs, now, keys, frozenset(own))
        return cls(
            settings=settings, db=db, table=table, analyser=analyser, clock=now, jobs=jobs, alerts=alerts,
            submissions=submissions, queries=queries, workflow=ReferralWorkflow(db, table, settings.sla, now, workflow),
            staff=staff,
            admin=AdminService(db, table, staff, now, routing_path=settings.routing_table, tz=settings.sla.tz),
            dashboard=DashboardService(db, table, settings.sla, now),
            handovers=HandoverService(db, table, submissions, queries, now, settings.sla, casework),
            hospital=HospitalService(table, submissions, casework),
            retention=build_retention(settings, db, now, jobs), related=related,
            casework=casework,
            casework_mail=CaseworkMail(db, table, jobs, now, casework, alerts, keys, settings.sms_number),
            followup_service=followup, sms_service=sms, mail=mail,
            mail_attachments=MailAttachments(db, table, settings.sla, now, workflow),
            mail_folder=ImapFolder(settings.imap) if settings.imap else None,
        )


def build_queue(settings: Settings, db: Database, clock: Callable[[], datetime]) -> JobQueue:
    """Return the configured queue: Redis when ``settings.redis_url`` is set, else the database.

    Raises:
        ConfigurationError: ``REDIS_URL`` is malformed or redis-py is missing.
    """
    retry = RetryPolicy(max_attempts=settings.job_max_attempts)
    if settings.redis_url:
        return RedisQueue.from_url(settings.redis_url, clock, retry)
    return DatabaseQueue(db, clock, retry)


def build_retention(settings: Settings, db: Database, clock: Callable[[], datetime],
                    jobs: JobQueue | None = None) -> RetentionService:
    """Return the retention purge for ``settings`` on ``db`` (``jobs``: the queue whose jobs it also purges).

    Without ``jobs`` the configured queue is used.

    Raises:
        ConfigurationError: ``REDIS_URL`` is malformed or redis-py is missing.
    """
    return RetentionService(db, clock, RetentionPolicy.from_settings(settings),
                            tracker_url=settings.rasa_tracker_url,
                            jobs=jobs if jobs is not None else build_queue(settings, db, clock))


def worker_for(core: Core, *, sweep_every: float = 60, sms_retry_every: float = 60,
               rollup_every: float = 300) -> Worker:
    """Return the worker of ``core``: alert deliveries, the alert sweep, SMS retries, the retention
    purge, e-mail intake (polling the shared mailbox, replies with the reference, purging ignored mail), feedback to professionals, each inbox's daily casework digest, the dashboard's daily roll-ups (every five minutes: only
    changed days are rolled up again) and (database queue) a daily purge of jobs finished over 30 days ago."""
    handlers: dict[str, Handler] = {
        ALERT_JOB: core.alerts.deliver,
        UNUSUAL_VOLUME_JOB: core.alerts.deliver_unusual_volume,
        FOLLOWUP_LOCKED_JOB: core.alerts.deliver_followup_locked,
        FEEDBACK_JOB: core.casework_mail.deliver_feedback,
        DIGEST_JOB: core.casework_mail.deliver_digest,
        REPLY_JOB: core.mail.deliver_reply,
    }
    periodic = [Job("alerts.sweep", sweep_every, core.alerts.sweep),
                Job("feedback.sweep", sweep_every, core.casework_mail.sweep),
                Job("casework.digest", 24 * 3600, core.casework_mail.queue_digests)]
    if core.sms_service is not None:
        periodic.append(Job("sms.retry_pending", sms_retry_every, core.sms_service.retry_pending))
    if core.mail_folder is not None:
        poll = core.settings.imap.poll_seconds if core.settings.imap else 60
        periodic.append(Job("mail.poll", poll, MailPoller(core.mail_folder, core.mail).poll))
    periodic.append(Job("retention.purge", 3600, core.retention.purge))
    periodic.append(Job("dashboard.rollups", rollup_every, core.dashboard.rollups.refresh))
    periodic.append(Job("mail.purge_ignored", 24 * 3600, core.mail.purge_ignored))
    if isinstance(core.jobs, DatabaseQueue):  # Redis expires finished jobs itself
        periodic.append(Job("jobs.purge", 24 * 3600, core.jobs.purge))
    return Worker(core.jobs, handlers, Scheduler(periodic))


def describe(core: Core) -> str:
    """Return one line saying which queue and alert channels the worker uses."""
    queue = "redis" if core.settings.redis_url else "database"
    email = "on" if core.alerts.email is not None else "off (SMTP_HOST not set)"
    sms = "on" if core.alerts.sms is not None else "off (TWILIO_* not set)"
    return f"queue={queue} email alerts {email}, SMS alerts {sms}"


def run_worker(core: Core, *, once: bool, tick: float = 1.0, echo: Callable[[str], object] = print) -> None:
    """Run the worker of ``core``: one pass (``once``, its results echoed) or until SIGTERM or Ctrl-C."""
    import signal

    running = worker_for(core)
    if once:
        report = running.run_once()
        for name, result in report.periodic.items():
            echo(f"{name}: {result}")
        echo(f"jobs: done={report.done} retried={report.retried} failed={report.failed}")
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    echo(f"worker running: {', '.join(j.name for j in running.scheduler.jobs)}; {describe(core)}")
    try:
        running.run_forever(stop, tick=tick)
    except KeyboardInterrupt:
        pass

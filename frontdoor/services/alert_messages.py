"""The words of alerts: red referral alerts and escalations, the flood warning, the follow-up lock.

Alert text carries the reference, urgency, inbox and a link to the referral,
never anything about the child or the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

#: Alert levels kept in ``Referral.alert_level``.
NONE, ALERTED, ESCALATED = 0, 1, 2


@dataclass(frozen=True)
class AlertPolicy:
    """When to escalate and where links point."""

    escalate_after: timedelta = timedelta(minutes=30)
    public_base_url: str = "http://127.0.0.1:8000"

    def link(self, reference: str) -> str:
        """Return the inbox address of referral ``reference``."""
        return f"{self.public_base_url.rstrip('/')}/inbox/r/{reference}"


@dataclass(frozen=True)
class AlertMessage:
    """The words of one alert: a subject for e-mail, and a body for both channels."""

    subject: str
    body: str


#: (out of hours, escalated) → the subject and body of a red referral's alert, filled in by :func:`alert_message`.
_RED_ALERTS = {
    (True, True): (
        "ESCALATION: out-of-hours RED referral {reference} not acknowledged",
        "Front Door ESCALATION: out-of-hours RED referral {reference} ({on_duty_for} is closed) has not been "
        "acknowledged. You are the out-of-hours contact. Please act now: {link}",
    ),
    (True, False): (
        "Out of hours: RED referral {reference} ({on_duty_for} is closed)",
        "Front Door: new RED (urgent) referral {reference} received out of hours. {on_duty_for} is closed and you "
        "are the out-of-hours contact. Please acknowledge it: {link}",
    ),
    (False, True): (
        "ESCALATION: RED referral {reference} not acknowledged ({inbox})",
        "Front Door ESCALATION: RED referral {reference} for {inbox} has not been acknowledged after {minutes} "
        "minutes. Please act now: {link}",
    ),
    (False, False): (
        "RED referral {reference} for {inbox}",
        "Front Door: new RED (urgent) referral {reference} for {inbox}. Please acknowledge it: {link}",
    ),
}


def alert_message(reference: str, inbox_name: str, level: int, policy: AlertPolicy,
                  on_duty_for: str | None = None) -> AlertMessage:
    """Return the text of a level-``level`` alert about ``reference`` (no referral content).

    ``on_duty_for`` names the closed owning inbox when the alert goes to the
    out-of-hours contact covering it.
    """
    subject, body = _RED_ALERTS[(on_duty_for is not None, level >= ESCALATED)]
    fields = {"reference": reference, "inbox": inbox_name, "on_duty_for": on_duty_for, "link": policy.link(reference),
              "minutes": int(policy.escalate_after.total_seconds() // 60)}
    return AlertMessage(subject=subject.format(**fields), body=body.format(**fields))


def unusual_volume_message(count: int, at: datetime, policy: AlertPolicy) -> AlertMessage:
    """Return the message telling the partnership inbox that ``count`` anonymous reports came in a minute."""
    return AlertMessage(
        subject="Front Door: unusual volume of anonymous reports",
        body=(f"Front Door: {count} anonymous reports arrived within a minute at "
              f"{at.astimezone(timezone.utc):%H:%M} UTC, more than the partnership expects. Reports over the "
              f"limit are held in the partnership triage queue, not sent to area teams or alerted, until "
              f"someone checks them: {policy.public_base_url.rstrip('/')}/inbox/"),
    )


def followup_locked_message(reference: str, policy: AlertPolicy) -> AlertMessage:
    """Return the message telling the owning inbox that the follow-up of ``reference`` was locked."""
    return AlertMessage(
        subject=f"Follow-up locked for referral {reference}",
        body=(f"Front Door: several wrong follow-up codes were tried for referral {reference}, so the "
              f"anonymous reporter's follow-up has been closed. Someone may be trying to read or answer "
              f"as the reporter. If the reporter gets in touch again it will be as a new report. "
              f"{policy.link(reference)}"),
    )

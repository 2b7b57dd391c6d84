"""Hospital service: health staff refer a patient who presented with a violent injury.

Shells (the web chat's hospital form) pass the answers as a
:class:`~frontdoor.hospital.PresentationAnswers`;
:meth:`HospitalService.submit_presentation` validates them
(:mod:`frontdoor.hospital`), builds a referral draft of kind ``health`` and
stores it through :meth:`SubmissionService.submit`, so triage, routing, red
alerts and the audit trail work exactly as for any other referral. The
patient's area's community safety inbox owns it and the police gangs SPOC gets
an info-only copy (the routing table's "Hospital presentation" rule). The
patient's consent answer records the referral's basis for sharing at once
(:meth:`CaseworkService.record_reported_basis`), so the SPOC finds it filled in.
"""

from __future__ import annotations

from frontdoor.assessment import Assessment
from frontdoor.hospital import PresentationAnswers, parse_presentation, presentation_problems
from frontdoor.model import Channel, Submission
from frontdoor.routing import RoutingTable
from frontdoor.services.casework import CaseworkService
from frontdoor.services.referrals import SubmissionService


class HospitalService:
    """Validate and submit hospital presentations."""

    def __init__(self, table: RoutingTable, submissions: SubmissionService,
                 casework: CaseworkService | None = None) -> None:
        self._table = table
        self._submissions = submissions
        #: Records the basis for sharing the consent answer gives (None: left to the SPOC).
        self._casework = casework

    def problems(self, answers: PresentationAnswers) -> dict[str, str]:
        """Return every problem with ``answers`` as field → message (empty when they can be submitted)."""
        return presentation_problems(answers, self._table)

    def assess(self, answers: PresentationAnswers, *, channel: Channel = Channel.WEB) -> Assessment:
        """Return the urgency, reasons and route ``answers`` would get; nothing is stored.

        Raises:
            InvalidInput: an answer is missing or unusable; ``field`` names it.
        """
        return self._submissions.assess(parse_presentation(answers, self._table).to_draft(self._table, channel))

    def submit_presentation(self, answers: PresentationAnswers, *, channel: Channel = Channel.WEB,
                            source_key: str | None = None) -> Submission:
        """Validate ``answers``, store the referral and return what to tell the health worker.

        The submission names the inboxes given an info-only copy (``copies``,
        ``copy_names``), so nothing is triaged twice to tell them.

        ``answers`` are the presentation's answers as the form collected them;
        ``source_key`` makes a repeated submission return the first instead of
        storing another.

        Raises:
            InvalidInput: an answer is missing or unusable; ``field`` names it.
            Conflict: no reference could be allocated.
            Unavailable: the database is down.
        """
        presentation = parse_presentation(answers, self._table)
        submission = self._submissions.submit(presentation.to_draft(self._table, channel), source_key=source_key)
        if self._casework is not None:
            self._casework.record_reported_basis(submission.reference, presentation.reported_consent)
        return submission

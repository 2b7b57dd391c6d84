"""Checks on what reporters and staff write: a referral draft, notes, reasons and questions."""

from __future__ import annotations

from frontdoor import taxonomy
from frontdoor.errors import InvalidInput
from frontdoor.extraction import normalise
from frontdoor.fields import is_email
from frontdoor.model import Kind, PersonDraft, PersonRole, ReferralDraft

MAX_DESCRIPTION = 10_000
MAX_FIELD = 500
MAX_NOTE = 5_000
MAX_REASON = 1_000


def clean(text: str | None, field: str, limit: int = MAX_FIELD) -> str | None:
    """Return ``text`` normalised and stripped (None when empty).

    Raises:
        InvalidInput: it is not text or is longer than ``limit``.
    """
    if text is None:
        return None
    if not isinstance(text, str):
        raise InvalidInput(f"{field} must be text", field)
    cleaned = normalise(text).strip()
    if len(cleaned) > limit:
        raise InvalidInput(f"{field} is too long (at most {limit} characters)", field)
    return cleaned or None


def validated(draft: ReferralDraft) -> ReferralDraft:
    """Return a copy of ``draft`` with its text cleaned.

    Raises:
        InvalidInput: the draft is unusable; ``field`` says which part.
    """
    description = clean(draft.description, "description", MAX_DESCRIPTION)
    if not description:
        raise InvalidInput("Please describe what happened or what worries you.", "description")
    if not isinstance(draft.kind, Kind):
        raise InvalidInput("Unknown kind of report", "kind")
    people: list[PersonDraft] = []
    for person in draft.people:
        if not isinstance(person.role, PersonRole):
            raise InvalidInput("Every person needs a role", "people")
        if person.age is not None and not (0 <= person.age <= 120):
            raise InvalidInput("Age must be between 0 and 120", "age")
        people.append(
            PersonDraft(
                role=person.role,
                name=clean(person.name, "name"),
                age=person.age,
                age_band=clean(person.age_band, "age band", 20),
                school=clean(person.school, "school"),
                home_area=clean(person.home_area, "home area"),
                known_to_social_care=person.known_to_social_care,
                looked_after=person.looked_after,
                parent_carer_aware=person.parent_carer_aware,
                description=clean(person.description, "description", MAX_DESCRIPTION),
            )
        )
    reporter = draft.reporter
    if reporter is not None:
        email = clean(reporter.email, "email")
        if email and not is_email(email):
            raise InvalidInput("That e-mail address does not look right", "email")
        reporter = type(reporter)(
            role=reporter.role,
            organisation=clean(reporter.organisation, "organisation"),
            name=clean(reporter.name, "name"),
            email=email,
            phone=clean(reporter.phone, "phone", 40), feedback=reporter.feedback,
        )
    return ReferralDraft(
        kind=draft.kind,
        channel=draft.channel,
        description=description,
        immediate_danger=draft.immediate_danger,
        indicators=list(taxonomy.validate_codes(draft.indicators)),
        area=clean(draft.area, "area"),
        place=clean(draft.place, "place"),
        when=clean(draft.when, "when", 200),
        reporter=reporter,
        people=people,
        consent_to_contact=draft.consent_to_contact,
        details={str(k)[:64]: (clean(str(v), k, MAX_DESCRIPTION) or "") for k, v in draft.details.items()},
    )



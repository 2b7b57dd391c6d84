"""A complete, valid hospital presentation the hospital tests change one answer of, and triage wording."""

from __future__ import annotations

from tests.frontdoor.changed import changed

NURSE = "I'm an A&E nurse at Queen Elizabeth Hospital, we have a 16 year old from Erith with a stab wound"
VICTIM = "Victim of gang violence"
CONTINUING = "Continuing threats to a patient after a violent injury"
RECENT_INJURY = "Serious violence or injury (stabbed, shot or beaten), recent or ongoing"


def answers(**changes):
    """A complete, valid presentation (a 16-year-old from Erith with a stab wound), ``changes`` applied.

    A change to None removes the key.
    """
    base = {
        "injury": "stab",
        "age": "16",
        "area": "bexley",
        "place": "Erith",
        "police_aware": "yes",
        "consent": "consented",
        "continuing_threats": "no",
        "discharge_concerns": "Going back to the same estate; his mum is worried.",
        "patient_name": "Tyrone Example",
        "referrer_name": "Sam Patel",
        "referrer_organisation": "Queen Elizabeth Hospital, A&E",
        "referrer_email": "sam.patel@nhs.example",
        "referrer_phone": "020 7946 0123",
    }
    return changed(base, changes)

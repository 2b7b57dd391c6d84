"""A complete, valid handover the handover tests change one answer of."""

from __future__ import annotations

from datetime import date

from tests.frontdoor.changed import changed

TODAY = date(2026, 3, 2)


def answers(**changes):
    """A complete, valid handover from Hackney to Bexley, with ``changes`` applied (None removes a key)."""
    base = {
        "person_name": "Jay Example",
        "date_of_birth": "2002-06-15",
        "gender": "Male",
        "person_role": "vulnerable_adult_at_risk",
        "consent": "consented",
        "from_area": "hackney",
        "to_area": "bexley",
        "move": "planned",
        "move_reason": "Wants to leave the gang lifestyle and make a fresh start; housing found by leaving care.",
        "move_date": "2026-04-01",
        "agencies": [
            {"agency": "probation", "name": "A. Officer", "phone": "020 7946 0101",
             "email": "officer@probation.example"},
            {"agency": "voluntary", "name": "St Giles Trust caseworker", "phone": "020 7946 0102", "email": ""},
            {"agency": "", "name": "", "phone": "", "email": ""},
        ],
        "court_orders": "Gang injunction for two years: not to enter Hackney; not to associate with 20 named people.",
        "positive_requirements": "Attend meetings with the gangs worker; keep a job-seekers application.",
        "risks_to_person": "Home address attacked with a firearm in 2025.",
        "risks_from_person": "History of violence against rival group members.",
        "aspirations": "Plumbing apprenticeship.",
        "referrer_name": "Pat Referrer",
        "referrer_role": "probation",
        "referrer_agency": "National Probation Service, Hackney",
        "referrer_email": "pat@probation.example",
        "referrer_phone": "020 7946 0100",
    }
    return changed(base, changes)


#: A planned move with no risks or orders that show threats.
QUIET = answers(court_orders=None, risks_to_person=None, risks_from_person=None)

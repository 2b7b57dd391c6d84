"""What the benchmarks type: the web chat journeys, one list of messages each.

- ``TEACHER``: a teacher refers a pupil who is going country (the whole referral form),
  as in tests/e2e/test_teacher_journey.py.
- ``TIP``: a resident's anonymous tip about dealing, as in the SMS and WhatsApp
  end-to-end tests, typed into the web chat.
- ``YOUNG_PERSON``: a 15-year-old in Hackney who wants out asks a youth worker to
  call back, as in tests/e2e/test_young_person_journey.py.

``SCRIPTS`` names them; each ends with the message that sends the referral or tip.
"""

from __future__ import annotations

TEACHER = [
    "hello",
    "I'm a teacher and I'm worried about one of my pupils",
    "Erith Academy",
    "Sam Jones",
    "s.jones@erith-academy.example.org.uk",
    "yes",  # updates by e-mail when it is picked up and closed
    "Tyrone",
    "14",
    "same as mine",
    "Erith",
    "He's been going country with older boys, came back with two phones and a lot of cash, "
    "and keeps going missing at weekends.",
    "no",
    "not sure",
    "yes",
    "Yes, send it",
]

TIP = [
    "there's lads shotting from a trap house on the high street in Penge",
    "every night after 10",
    "no",
]

YOUNG_PERSON = [
    "i want out but i owe them",
    "15",
    "Hackney",
    "Ask a youth worker to contact me",
    "text me on 07700 900123",
    "yes",
    "after 4pm",
    "yes",
]

#: Every journey by name, in a fixed order (so a seeded choice between them is repeatable).
SCRIPTS: dict[str, list[str]] = {"teacher": TEACHER, "tip": TIP, "young_person": YOUNG_PERSON}

"""How to reach the person answering: an e-mail address, a phone number, or both."""

from __future__ import annotations

from collections.abc import Mapping

from frontdoor.fields.emails import EMAIL_PROBLEM, is_email
from frontdoor.fields.phones import PHONE_PROBLEM, holds_phone
from frontdoor.fields.problems import Problems
from frontdoor.fields.text import text_answer

#: Longest phone number answer.
MAX_PHONE = 40


def contact_answers(data: Mapping[str, object], problems: Problems, missing: str, *,
                    email_key: str = "referrer_email", phone_key: str = "referrer_phone",
                    collapse: bool = False) -> tuple[str | None, str | None]:
    """Return ``(e-mail address, phone number)`` from the answers, each as written, or None.

    A bad e-mail address or phone number (other countries' numbers accepted)
    is recorded in ``problems``; when neither is given, ``missing`` is
    recorded for ``email_key``.
    """
    email = text_answer(data, email_key, problems, "Your e-mail address", collapse=collapse)
    if email and not is_email(email):
        problems.add(email_key, EMAIL_PROBLEM)
    phone = text_answer(data, phone_key, problems, "Your phone number", MAX_PHONE, collapse=collapse)
    if phone and not holds_phone(phone):
        problems.add(phone_key, PHONE_PROBLEM)
    if not email and not phone and email_key not in problems and phone_key not in problems:
        problems.add(email_key, missing)
    return email, phone


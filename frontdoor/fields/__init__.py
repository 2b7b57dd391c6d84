"""The field toolkit: reading and checking the answers people give, one kind of field at a time.

Text (trimmed, length-limited), choices and yes/no/not known (with the one
consent answer the handover and the hospital forms ask), e-mail addresses
(one pattern for the whole tree), phone numbers (``phonenumbers``, UK by
default, and written for people to dial), dates in people's words
(``dateparser``, day first) and a collector of problems by field. All pure;
dates count from the caller's day.
"""

from frontdoor.fields.choice import UNKNOWN_WORDS, Consent, choice_answer, tristate_answer
from frontdoor.fields.contact import contact_answers
from frontdoor.fields.dates import DATE_PROBLEM, NO_SUCH_DATE, date_answer, parse_date_phrase
from frontdoor.fields.emails import EMAIL_PATTERN, EMAIL_PROBLEM, find_email, is_email, remove_emails
from frontdoor.fields.phones import (
    DEFAULT_REGION,
    PHONE_PROBLEM,
    Phone,
    find_phone,
    find_phones,
    holds_phone,
    is_phone,
    parse_phone,
    spoken_phone,
)
from frontdoor.fields.problems import Problems
from frontdoor.fields.text import MAX_SHORT, MAX_TEXT, clean_text, required_text, text_answer
from frontdoor.fields.typed import given_answers

__all__ = [
    "DATE_PROBLEM", "DEFAULT_REGION", "EMAIL_PATTERN", "EMAIL_PROBLEM", "MAX_SHORT", "MAX_TEXT", "NO_SUCH_DATE",
    "PHONE_PROBLEM", "UNKNOWN_WORDS", "Consent", "Phone", "Problems", "choice_answer", "clean_text", "contact_answers",
    "date_answer", "find_email", "find_phone", "find_phones", "given_answers", "holds_phone", "is_email",
    "is_phone", "parse_date_phrase", "parse_phone", "remove_emails", "required_text", "spoken_phone",
    "text_answer", "tristate_answer",
]

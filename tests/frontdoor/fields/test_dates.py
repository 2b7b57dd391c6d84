"""Dates in people's words, day first, counted from the caller's day."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from frontdoor.errors import InvalidInput
from frontdoor.fields import DATE_PROBLEM, NO_SUCH_DATE, Problems, date_answer, parse_date_phrase

#: A Saturday.
TODAY = date(2026, 11, 21)

PHRASES = {
    "next-monday": ("next Monday", "future", date(2026, 11, 23)),
    "monday": ("Monday", "future", date(2026, 11, 23)),
    "monday-past": ("Monday", "past", date(2026, 11, 16)),
    "in-two-weeks": ("in two weeks", "future", date(2026, 12, 5)),
    "in-a-fortnight": ("in a fortnight", "future", date(2026, 12, 5)),
    "in-3-days": ("in 3 days", "future", date(2026, 11, 24)),
    "day-first-short-year": ("3/4/26", "future", date(2026, 4, 3)),
    "day-first": ("03/04/2026", "future", date(2026, 4, 3)),
    "day-first-dots": ("12.12.26", "future", date(2026, 12, 12)),
    "iso": ("2026-12-01", "future", date(2026, 12, 1)),
    "ordinal-month": ("4th March", "future", date(2027, 3, 4)),
    "ordinal-month-past": ("4th March", "past", date(2026, 3, 4)),
    "month-ordinal": ("December 1st", "future", date(2026, 12, 1)),
    "the-of": ("on the 3rd of January", "future", date(2027, 1, 3)),
    "today-without-year": ("21 November", "future", TODAY),
    "yesterday-without-year": ("20 November", "future", date(2027, 11, 20)),
    "with-year": ("3 May 2008", "future", date(2008, 5, 3)),
    "birth-short-year": ("3/5/08", "past", date(2008, 5, 3)),
    "no-year-numeric": ("1/12", "future", date(2026, 12, 1)),
    "no-year-numeric-past": ("1/12", "past", date(2025, 12, 1)),
    "yesterday": ("yesterday", "future", date(2026, 11, 20)),
    "last-friday": ("last Friday", "future", date(2026, 11, 20)),
    "today": ("today", "future", TODAY),
    "tonight": ("tonight", "future", TODAY),
    "tomorrow": ("Tomorrow.", "future", date(2026, 11, 22)),
    "days-ago": ("3 days ago", "past", date(2026, 11, 18)),
    "a-week-on-monday": ("a week on Monday", "future", date(2026, 11, 30)),
    "monday-week": ("Monday week", "future", date(2026, 11, 30)),
    "a-week-from-tomorrow": ("a week from tomorrow", "future", date(2026, 11, 29)),
    "in-a-sentence": ("moving on 1 December", "future", date(2026, 12, 1)),
    "hedged": ("probably 3 Jan", "future", date(2027, 1, 3)),
    "relative-in-a-sentence": ("he moves next Monday I think", "future", date(2026, 11, 23)),
}


@pytest.mark.parametrize(("text", "prefer", "expected"), PHRASES.values(), ids=PHRASES.keys())
def test_phrases_people_use(text, prefer, expected):
    assert parse_date_phrase(text, TODAY, prefer=prefer) == expected


REFUSED = {
    "nonsense": ("purple", DATE_PROBLEM),
    "empty": ("", DATE_PROBLEM),
    "vague-week": ("next week", DATE_PROBLEM),
    "vague-month": ("next month", DATE_PROBLEM),
    "vague-in-a-sentence": ("he moves next week", DATE_PROBLEM),
    "may-be-is-not-may": ("may be", DATE_PROBLEM),
    "month-only": ("March 2026", DATE_PROBLEM),
    "bare-number": ("17", DATE_PROBLEM),
    "no-30-february": ("31/2/2026", NO_SUCH_DATE),
    "no-13th-month": ("13/13/2026", NO_SUCH_DATE),
    "too-long": ("the day after " * 10, DATE_PROBLEM),
}


@pytest.mark.parametrize(("text", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_what_is_not_a_date_is_refused(text, message):
    with pytest.raises(InvalidInput) as caught:
        parse_date_phrase(text, TODAY)
    assert str(caught.value) == message and caught.value.field == "date"


def test_relative_dates_count_from_the_callers_day_not_the_clock():
    assert parse_date_phrase("tomorrow", date(2031, 2, 28)) == date(2031, 3, 1)
    assert parse_date_phrase("next Monday", date(2040, 1, 1)) == date(2040, 1, 2)


@pytest.mark.parametrize(("value", "expected"), [
    (date(2026, 3, 31), date(2026, 3, 31)), ("2026-03-31", date(2026, 3, 31)), (" 2026-03-31 ", date(2026, 3, 31)),
    ("", None), (None, None)])
def test_form_dates(value, expected):
    problems = Problems()
    assert date_answer({"when": value}, "when", problems, "The date") == expected and not problems


@pytest.mark.parametrize("value", ["31/03/2026", "next Monday", 20260331])
def test_form_dates_are_iso(value):
    problems = Problems()
    assert date_answer({"when": value}, "when", problems, "The date") is None
    assert problems == {"when": "The date must be a date written as YYYY-MM-DD, for example 2026-03-31."}


def test_dateparser_is_not_imported_with_the_core():
    code = "import sys, frontdoor.fields, frontdoor.answers, frontdoor.handover; print('dateparser' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"

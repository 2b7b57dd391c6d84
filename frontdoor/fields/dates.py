"""Dates in people's words, read with ``dateparser``: day first, as written in the UK.

"3/4/2026" is 3 April; "next Monday", "in two weeks", "yesterday" and "last
Friday" count from the caller's ``today`` (never the machine's clock). A date
without a year is the next such date from ``today`` (or the last, for
answers about the past). Vague periods ("next week", "March") and bare
numbers are not dates; a date in a sentence ("moving on 1 December") is
found in it. ``dateparser`` is imported on first use, for English only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from frontdoor.errors import InvalidInput
from frontdoor.fields.problems import Problems

Prefer = Literal["future", "past"]

DATE_PROBLEM = "Please give a date, for example 12/12/2026, 12 December or next Monday, or say 'not known'."
NO_SUCH_DATE = "That date does not exist; please check the day and month."
#: Longest answer read as a date.
_LONGEST = 80
_HAS_YEAR = re.compile(r"\b\d{4}\b|\d[/.-]\d{1,2}[/.-]\d{2}\b")
_NUMERIC = re.compile(r"\d{1,4}(?:[/.-]\d{1,4}){1,2}")
#: "a week on Monday", "Monday week", "a week from tomorrow": seven days after the day named.
_WEEK_AFTER = re.compile(r"(?:a )?week (?:on|from) (?P<day>.+)"
                         r"|(?P<named>(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|tomorrow) week")
_VAGUE = re.compile(r"(?:(?:next|last|this|the|coming|following|past)\s+)*(?:week|weekend|month|year|fortnight)")


def _read(text: str, today: date, prefer: str) -> tuple[date | None, str]:
    """Return ``(date or None, dateparser's period)`` of ``text`` counted from ``today``."""
    from dateparser.date import DateDataParser  # imported on first use: it loads its language data

    settings: dict[str, Any] = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": prefer,
        "RELATIVE_BASE": datetime.combine(today, time(12)),
        "PREFER_DAY_OF_MONTH": "first",
    }
    found = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    return (found.date_obj.date() if found.date_obj else None), str(found.period or "day")


def _search(text: str, today: date) -> str | None:
    """Return the first part of ``text`` that names a date ("moving on 1 December": "on 1 December"), or None."""
    from dateparser.search import search_dates  # imported on first use, as in _read

    settings = {"DATE_ORDER": "DMY", "RELATIVE_BASE": datetime.combine(today, time(12))}
    found = search_dates(text, languages=["en"], settings=settings)
    return str(found[0][0]) if found else None


def _whole(simple: str, today: date, prefer: Prefer) -> date:
    """Return the date the whole of ``simple`` (lower case, trimmed) names; see :func:`parse_date_phrase`."""
    if simple.isdigit() or _VAGUE.fullmatch(simple):
        raise InvalidInput(DATE_PROBLEM, "date")
    week = _WEEK_AFTER.fullmatch(simple)
    if week:
        return _whole(week.group("day") or week.group("named"), today, prefer) + timedelta(days=7)
    as_written, period = _read(simple, today, "current_period")
    if as_written is None:
        raise InvalidInput(NO_SUCH_DATE if _NUMERIC.fullmatch(simple) else DATE_PROBLEM, "date")
    if period in {"month", "year"}:
        raise InvalidInput(DATE_PROBLEM, "date")
    if _HAS_YEAR.search(simple):
        return as_written
    if as_written >= today if prefer == "future" else as_written <= today:
        return as_written
    preferred, _period = _read(simple, today, prefer)
    return preferred or as_written


def parse_date_phrase(text: str, today: date, *, prefer: Prefer = "future") -> date:
    """Return the date ``text`` names: "3/4/2026", "3 April", "next Monday", "in two weeks", "yesterday".

    ``prefer`` says which way a date without a year goes from ``today``. A
    date in a sentence ("moving on 1 December") is found in it.

    Raises:
        InvalidInput: no date could be read (``field`` is ``date``), or the date does not exist.
    """
    simple = re.sub(r"\s+", " ", (text or "").strip().lower()).strip(" .!,;:")
    if not simple or len(simple) > _LONGEST:
        raise InvalidInput(DATE_PROBLEM, "date")
    try:
        return _whole(simple, today, prefer)
    except InvalidInput as error:
        part = None if _NUMERIC.fullmatch(simple) else _search(simple, today)
        if part is None or part.strip(" .!,;:") == simple:
            raise error from None
        return _whole(part.strip(" .!,;:"), today, prefer)


def date_answer(data: Mapping[str, object], key: str, problems: Problems, label: str) -> date | None:
    """Return a form's date answer ``data[key]``: a date or an ISO date ("2026-03-31"); None when blank.

    A form's date field sends ISO dates, so anything else (a date in words
    belongs to a chat, see :func:`parse_date_phrase`) records a problem for
    ``key`` (the message starts with ``label``) and returns None.
    """
    value = data.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.add(key, f"{label} must be a date written as YYYY-MM-DD, for example 2026-03-31.")
    return None

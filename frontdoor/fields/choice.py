"""Answers chosen from a list, and yes/no/not known answers."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypeVar

from frontdoor.fields.problems import Problems
from frontdoor.model import Tristate

E = TypeVar("E", bound=enum.Enum)

#: Answers that mean "not known" in a form's yes/no/not known question (and a blank answer).
UNKNOWN_WORDS = frozenset({"", "not known", "not_known", "not sure", "not_sure", "unknown", "don't know",
                           "dont know"})


class Consent(str, enum.Enum):
    """Whether the person agreed to their information being shared: the one set of codes the handover and
    the hospital presentation ask with. The words depend on who is asked about: :attr:`label` for a person
    a referrer speaks about, :attr:`patient_label` for a hospital patient."""

    CONSENTED = "consented"
    NOT_CONSENTED = "not_consented"
    NOT_ASKED = "not_asked"

    @property
    def label(self) -> str:
        """The answer about a person ("Consented")."""
        return {"consented": "Consented", "not_consented": "Not consented", "not_asked": "Not asked"}[self.value]

    @property
    def patient_label(self) -> str:
        """The answer about a hospital patient ("Patient agreed")."""
        return {"consented": "Patient agreed", "not_consented": "Patient did not agree",
                "not_asked": "Not asked"}[self.value]

    @property
    def tristate(self) -> Tristate:
        """True (consented), False (not consented) or None (not asked)."""
        return {"consented": True, "not_consented": False, "not_asked": None}[self.value]

    @classmethod
    def from_tristate(cls, answer: Tristate) -> Consent:
        """Return the consent a yes (True), no (False) or not known (None) answer states."""
        return {True: cls.CONSENTED, False: cls.NOT_CONSENTED, None: cls.NOT_ASKED}[answer]


def choice_answer(data: Mapping[str, object], key: str, choices: type[E], problems: Problems,
                  message: str) -> E | None:
    """Return the member of ``choices`` whose value ``data[key]`` is, or None when blank.

    A value that is none of them records ``message`` in ``problems`` and returns None.
    """
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        return choices(value)
    except (ValueError, TypeError):
        problems.add(key, message)
        return None


def tristate_answer(data: Mapping[str, object], key: str, problems: Problems, message: str) -> Tristate:
    """Return True, False or None (not known) for ``data[key]``: a bool, "yes", "no" or "not known".

    Anything else records ``message`` in ``problems`` and returns None.
    """
    value = data.get(key)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        simple = value.strip().lower()
        if simple in UNKNOWN_WORDS:
            return None
        if simple in {"yes", "true"}:
            return True
        if simple in {"no", "false"}:
            return False
    problems.add(key, message)
    return None

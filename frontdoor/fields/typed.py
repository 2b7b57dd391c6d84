"""Typed answers: a dataclass of answers read as the mapping the checks take."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


def given_answers(answers: DataclassInstance) -> dict[str, Any]:
    """Return the dataclass ``answers`` as field → value, leaving out those not given (None or empty)."""
    values = {item.name: getattr(answers, item.name) for item in fields(answers)}
    return {key: value for key, value in values.items() if value is not None and value != ()}

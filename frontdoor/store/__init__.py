"""Persistence: SQLAlchemy 2 models and the database handle."""

from frontdoor.store import workflow as _workflow  # noqa: F401  (its tables join the metadata)
from frontdoor.store.db import Database

__all__ = ["Database"]

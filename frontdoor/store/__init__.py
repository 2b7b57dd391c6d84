"""Persistence: SQLAlchemy 2 models and the database handle."""

from frontdoor.store.db import Database

__all__ = ["Database"]

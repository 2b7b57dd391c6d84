"""Persistence: SQLAlchemy 2 models and the database handle."""

# The tables of casework, mail intake, related referrals and the workflow live in their own modules: importing them here
# puts them in Base.metadata wherever the store is used.
from frontdoor.store import casework as _casework  # noqa: F401
from frontdoor.store import mail as _mail  # noqa: F401
from frontdoor.store import related as _related  # noqa: F401
from frontdoor.store import rollups as _rollups  # noqa: F401
from frontdoor.store import workflow as _workflow  # noqa: F401
from frontdoor.store.db import Database

__all__ = ["Database"]

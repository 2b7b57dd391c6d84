"""What the staff service tests share: the test account, a fast password hasher and the stored row."""

from __future__ import annotations

from argon2 import PasswordHasher
from sqlalchemy import select

from frontdoor.services import Core
from frontdoor.store.models import Staff

PASSWORD = "correct horse battery staple"
EMAIL = "spoc@bexley.example.gov.uk"


def cheap_hasher() -> PasswordHasher:
    """Return an argon2 hasher cheap enough for tests."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def stored(core: Core, email: str = EMAIL) -> Staff:
    """Return the stored row of the account ``email``."""
    with core.db.session() as session:
        row = session.scalar(select(Staff).where(Staff.email == email))
        assert row is not None
        return row

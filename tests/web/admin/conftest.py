"""Fixtures for the admin pages: an administrator account signed in like any staff member."""

from __future__ import annotations

import pytest

ADMIN_EMAIL = "admin@frontdoor.example"
ADMIN_PASSWORD = "correct horse battery staple"


@pytest.fixture
def admin(core, staff) -> str:
    """Create an administrator with no inboxes; ``sign_in(client, "admin")`` then works."""
    core.staff.add(ADMIN_EMAIL, (), is_admin=True, name="Ada Admin", password=ADMIN_PASSWORD)
    staff["admin"] = ADMIN_EMAIL
    return ADMIN_EMAIL


@pytest.fixture
def admin_client(client, sign_in, admin):
    """A test client signed in as the administrator."""
    sign_in(client, "admin")
    return client

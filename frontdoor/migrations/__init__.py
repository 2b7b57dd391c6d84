"""Alembic migrations of the Front Door database (run with `frontdoor db upgrade`)."""

"""Alembic migrations of a user's store and of the accounts registry, configured from code."""

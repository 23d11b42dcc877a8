"""Alembic migrations of the Giveback schema (configured from code by ``models.db``)."""

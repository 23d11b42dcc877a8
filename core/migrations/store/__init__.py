"""Alembic migrations of the Giveback schema (configured from code by ``giveback.core.db``)."""

"""Alembic environment of a store, configured from code (:func:`models.db.alembic_config`)."""

from __future__ import annotations

from alembic import context

from models.migrate_env import run_environment
from models.tables import Base

run_environment(context, Base.metadata)

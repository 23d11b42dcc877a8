"""A store's Alembic environment, configured from code (:func:`giveback.core.db.alembic_config`)."""

from __future__ import annotations

from alembic import context

from giveback.core.migrations.environment import run_environment
from giveback.core.tables import Base

run_environment(context, Base.metadata)

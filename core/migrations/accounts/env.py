"""Alembic environment of the accounts registry (:func:`giveback.core.db.init_accounts_db`)."""

from __future__ import annotations

from alembic import context

from giveback.core.accounts_tables import AccountsBase
from giveback.core.migrations.environment import run_environment

run_environment(context, AccountsBase.metadata)

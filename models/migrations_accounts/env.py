"""Alembic environment of the accounts registry (:func:`models.db.init_accounts_db`)."""

from __future__ import annotations

from alembic import context

from models.accounts import AccountsBase
from models.migrate_env import run_environment

run_environment(context, AccountsBase.metadata)

"""Opening the store a command works on: the default one, a file given by ``--db``, or a
user's (``--user``), each migrated to the newest schema first."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from giveback.core.db import init_accounts_db, make_session_factory, open_store
from giveback.engine.accounts.registry import UserStores, get_user


def session_factory(db_url: str | None, user_name: str | None) -> sessionmaker[Session]:
    """Sessions on the user's store when a user is named, else on ``db_url`` (default:
    settings)."""
    if user_name is not None:
        with accounts_session() as accounts:
            return UserStores().sessions(get_user(accounts, user_name))
    return open_store(db_url)


def accounts_session() -> Session:
    """A session on the accounts registry, migrated to its newest schema."""
    return make_session_factory(init_accounts_db())()

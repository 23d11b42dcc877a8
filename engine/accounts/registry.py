"""Users, their bearer tokens, and the way to each user's own store.

A user is a name in the accounts registry (:mod:`giveback.core.accounts_tables`) and a store of
their own. Tokens are random, shown once, and kept only as a SHA-256 digest: a leaked registry
gives no usable token. The id range of a user's store starts at ``user.id * ID_RANGE``, so ids never
coincide across users.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from giveback.core.accounts_tables import ApiToken, User
from giveback.core.db import init_db, make_session_factory, reserve_id_range
from giveback.core.errors import InvalidInput, NotFound, Unauthorized
from giveback.core.postgres import is_postgres, shares_pool, user_schema_url
from giveback.core.settings import get_settings
from giveback.core.tables import utcnow
from giveback.engine.digest.schedule import WEEKDAY_NAMES, local_moment

TOKEN_PREFIX = "gb_"
ID_RANGE = 1_000_000_000
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def hash_token(token: str) -> str:
    """The digest a token is stored and looked up by."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def clean_user_name(name: str) -> str:
    """A user name: lower-case letters, digits, dot, dash, underscore; at most 64 characters."""
    cleaned = (name or "").strip().lower()
    if not _NAME.match(cleaned):
        raise InvalidInput(
            f"user name {name!r} is not valid: use 1-64 lower-case letters, digits, '.', '-' "
            "or '_', starting with a letter or digit"
        )
    return cleaned


def clean_email(email: str | None) -> str | None:
    """One plain email address (something@domain.tld), or ``None``.

    Anything a mail header could read as several addresses or a display name (commas,
    semicolons, angle brackets, quotes, spaces) is refused: the digest goes to this one address.
    """
    if email is None or not email.strip():
        return None
    cleaned = email.strip()
    if len(cleaned) > 320 or not _EMAIL.match(cleaned) or any(c in cleaned for c in ',;<>"()'):
        raise InvalidInput(f"{email!r} is not an email address")
    return cleaned


def clean_timezone(name: str) -> str:
    """An IANA time zone name such as ``Europe/Berlin``."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"unknown time zone {name!r} (use a name like Europe/Berlin)") from None
    return name


def default_store_url(user_id: int) -> str:
    """Where a user's store lives unless told otherwise: ``$GIVEBACK_HOME/users/<id>/``, or
    the schema ``giveback_user_<id>`` when the database is PostgreSQL."""
    settings = get_settings()
    if is_postgres(settings.database_url):
        return user_schema_url(user_id)
    return f"sqlite:///{settings.home / 'users' / str(user_id) / 'giveback.db'}"


def find_user(session: Session, name: str) -> User | None:
    """The user of that name, or ``None``."""
    return session.scalar(select(User).where(User.name == (name or "").strip().lower()))


def get_user(session: Session, name: str) -> User:
    """The user of that name; :class:`NotFound` names the known users when there is none."""
    user = find_user(session, name)
    if user is None:
        known = ", ".join(session.scalars(select(User.name).order_by(User.name).limit(10)))
        raise NotFound(f"no user named {name!r}" + (f" (users: {known})" if known else ""))
    return user


def add_user(
    session: Session, name: str, email: str | None = None, store: str | Path | None = None
) -> User:
    """Register a user (committed); their store is created on first use.

    ``store`` adopts an existing store file (for example the one the CLI used before there
    were users); its existing rows keep their ids, new rows are numbered in the user's range.
    """
    cleaned = clean_user_name(name)
    if find_user(session, cleaned) is not None:
        raise InvalidInput(f"a user named {cleaned!r} already exists")
    if store is not None and is_postgres(get_settings().database_url):
        raise InvalidInput(
            "a store file cannot be adopted while the stores are in PostgreSQL "
            "(GIVEBACK_DATABASE_URL)"
        )
    adopted = f"sqlite:///{Path(store).expanduser().resolve()}" if store is not None else None
    if adopted is not None:
        _check_adoptable(session, adopted)
    # A unique placeholder until the id (which names the default store) is known.
    user = User(name=cleaned, email=clean_email(email), store_url=f"pending:{secrets.token_hex(8)}")
    session.add(user)
    try:
        session.flush()
        user.store_url = adopted or default_store_url(user.id)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return user


def _check_adoptable(session: Session, store_url: str) -> None:
    registry = make_url(str(session.get_bind().engine.url)).database
    if registry and Path(registry).resolve() == Path(make_url(store_url).database or "").resolve():
        raise InvalidInput("a user's store cannot be the accounts registry itself")
    owner = session.scalar(select(User.name).where(User.store_url == store_url))
    if owner is not None:
        raise InvalidInput(f"that store already belongs to user {owner!r}: one store, one user")


def list_users(session: Session) -> list[User]:
    """Every user, by name."""
    return list(session.scalars(select(User).order_by(User.name)))


@dataclass(frozen=True, slots=True)
class NewToken:
    """A freshly created token: the secret is only ever available here."""

    token: str
    token_id: int
    user_name: str


def create_token(session: Session, user: User, label: str = "") -> NewToken:
    """A new bearer token for ``user`` (committed; only its hash is stored)."""
    if len(label) > 100:
        raise InvalidInput("a token label has at most 100 characters")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=hash_token(secret), label=label.strip())
    session.add(row)
    session.commit()
    return NewToken(secret, row.id, user.name)


def revoke_token(session: Session, user: User, token_id: int) -> None:
    """Revoke one of ``user``'s tokens (committed); it stops working at once."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound(f"{user.name} has no token {token_id}")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.commit()


def authenticate(session: Session, token: str | None) -> User:
    """The user a bearer token belongs to; :class:`Unauthorized` for anything else."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        raise Unauthorized("a valid bearer token is required")
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        raise Unauthorized("a valid bearer token is required")
    user = session.get(User, row.user_id)
    if user is None:
        raise Unauthorized("a valid bearer token is required")
    return user


def set_digest_preferences(
    session: Session,
    user: User,
    *,
    email: str | None = None,
    weekday: str | int | None = None,
    hour: int | None = None,
    timezone: str | None = None,
    opt_out: bool | None = None,
) -> User:
    """Change when and where a user's weekly digest goes (committed); ``None`` keeps a value."""
    if email is not None:
        user.email = clean_email(email)
    if weekday is not None:
        user.digest_weekday = _weekday_number(weekday)
    if hour is not None:
        if not 0 <= hour <= 23:
            raise InvalidInput(f"hour {hour} is not between 0 and 23")
        user.digest_hour = hour
    if timezone is not None:
        user.timezone = clean_timezone(timezone)
    if opt_out is not None:
        user.digest_opt_out = opt_out
    session.commit()
    return user


def _weekday_number(weekday: str | int) -> int:
    if isinstance(weekday, int):
        if 0 <= weekday <= 6:
            return weekday
    else:
        text = weekday.strip().lower()
        matches = [
            i
            for i, day in enumerate(WEEKDAY_NAMES)
            if len(text) >= 2 and day.lower().startswith(text)
        ]
        if len(matches) == 1:
            return matches[0]
    raise InvalidInput(f"{weekday!r} is not a weekday (monday ... sunday)")


def local_time(user: User, at: datetime) -> datetime:
    """``at`` in the user's own time zone (naive: taken as UTC)."""
    return local_moment(user, at)


def user_today(user: User) -> date:
    """Today's date where the user is (their time zone), not where the server is."""
    return local_time(user, utcnow()).date()


class UserStores:
    """Session factories of users' stores, each migrated and given its id range once.

    At most ``max_open`` SQLite stores keep connections open (the least recently used is
    closed first), so a service with thousands of users never runs out of file descriptors.
    Stores in PostgreSQL share one pool (:mod:`giveback.core.postgres`).
    Thread-safe: the service's worker threads share one instance.
    """

    def __init__(self, max_open: int = 64) -> None:
        self.max_open = max_open
        self._open: OrderedDict[int, tuple[Engine, sessionmaker[Session]]] = OrderedDict()
        self._lock = threading.Lock()

    def sessions(self, user: User) -> sessionmaker[Session]:
        """The session factory of ``user``'s store (created and migrated on first use)."""
        with self._lock:
            found = self._open.get(user.id)
            if found is not None:
                self._open.move_to_end(user.id)
                return found[1]

            engine = init_db(user.store_url)
            reserve_id_range(engine, user.id * ID_RANGE)
            factory = make_session_factory(engine)
            self._open[user.id] = (engine, factory)
            while len(self._open) > self.max_open:
                # Sessions still using it keep their connection until they close.
                _, (old, _) = self._open.popitem(last=False)
                if not shares_pool(old):  # a schema's connections serve the other stores too
                    old.dispose()
            return factory

    def engine(self, user: User) -> Engine:
        """The engine of ``user``'s store (opened and migrated on first use)."""
        bind: Engine = self.sessions(user).kw["bind"]
        return bind

    def dispose(self) -> None:
        """Close every store's connections."""
        with self._lock:
            for engine, _ in self._open.values():
                if not shares_pool(engine):
                    engine.dispose()
            self._open.clear()

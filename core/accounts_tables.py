"""The accounts registry: users, their API tokens, digest preferences and the digest sent-log.

Each user's network (contacts, notes, catalog, ledger) lives in a store of its own (a SQLite
file under ``$GIVEBACK_HOME/users/``), so no query can reach another user's records. This
registry is the one database shared by all users; it holds only what the service needs to
authenticate a request, find the user's store and send the weekly digest. Its schema has its
own Alembic history in ``models/migrations_accounts``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from giveback.core.tables import NAMING_CONVENTION, UTCDateTime, utcnow


class AccountsBase(DeclarativeBase):
    """Declarative base of the registry (a metadata separate from the stores')."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012 - read by SQLAlchemy


class User(AccountsBase):
    """Someone with a network of their own, and when they want their weekly digest."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("digest_weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("digest_hour BETWEEN 0 AND 23", name="hour_range"),
        # A user's store folder is named by their id: ids are never reused (migration a0003).
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(320))
    # Absolute SQLAlchemy URL of the user's own store.
    store_url: Mapped[str] = mapped_column(Text, unique=True)  # one store, one user
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    digest_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)
    # Monday is 0, as in ``date.weekday()``; the hour is in the user's own time zone.
    digest_weekday: Mapped[int] = mapped_column(Integer, default=0)
    digest_hour: Mapped[int] = mapped_column(Integer, default=8)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", passive_deletes=True)


class ApiToken(AccountsBase):
    """A bearer token, stored only as its SHA-256 (the token itself is shown once)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship(back_populates="tokens")


class DigestSend(AccountsBase):
    """The sent-log: one row per user and ISO week once that week's digest went out."""

    __tablename__ = "digest_sends"
    __table_args__ = (UniqueConstraint("user_id", "iso_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    iso_week: Mapped[str] = mapped_column(String(10))  # "2026-W48"
    # sending (claimed, in flight) | sent | failed (retried later) | rejected (refused for good)
    status: Mapped[str] = mapped_column(String(10), default="sent")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    message_id: Mapped[str | None] = mapped_column(Text, default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    # When it was last claimed or tried (migration a0002): later retries back off from it.
    last_attempt_at: Mapped[datetime | None] = mapped_column(default=None)

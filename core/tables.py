"""The relational schema: SQLAlchemy 2 declarative tables.

Every change to these classes needs an Alembic migration in ``models/migrations/versions``:
the database is only ever created and changed through migrations (``giveback.core.db.init_db``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints keep batch migrations on SQLite (which recreate tables) deterministic.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Ids are never reused and a store can number from a base of its own (migration 0003).
_AUTOINCREMENT = {"sqlite_autoincrement": True}
# How a closure resolves a signal (the rest take it back: no longer wanted, declined, ...).
RESOLVING = frozenset({"met", "given_by_other", "done_by_user"})
# The columns of a signal that record the later note that closed it.
CLOSURE_COLUMNS = (
    "closed_by_note_id",
    "closed_start",
    "closed_end",
    "closed_evidence",
    "closed_how",
    "closed_confidence",
)


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and read back timezone-aware.

    SQLite has no timezone type; storing naive UTC everywhere and re-attaching UTC on the way
    out keeps comparisons and sorting right on every backend.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class Base(DeclarativeBase):
    """Declarative base with the naming convention and our column types."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute as is
        # Ids run past 2^31 (each user's store numbers from user id x 10^9): BIGINT on
        # PostgreSQL (migration 0008); SQLite's INTEGER is 64-bit, and must stay INTEGER for
        # AUTOINCREMENT.
        int: BigInteger().with_variant(Integer(), "sqlite"),
        datetime: UTCDateTime(),
        list[str]: JSON(),
        dict[str, Any]: JSON(),
    }


class Contact(Base):
    """A person in the user's network. Catalog items of type contact point at the same row."""

    __tablename__ = "contacts"
    __table_args__ = (_AUTOINCREMENT,)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    # Case-folded, whitespace-collapsed name: the unique key names are looked up by.
    name_key: Mapped[str] = mapped_column(Text, unique=True)
    aliases: Mapped[list[str]] = mapped_column(default=list)
    email: Mapped[str | None] = mapped_column(Text, index=True)
    tags: Mapped[list[str]] = mapped_column(default=list)
    # How close the relationship is, as the user names it ("close", "regular", "occasional").
    tier: Mapped[str | None] = mapped_column(String(40))
    # Days between touches the user wants with this person; unset: the tier's default.
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    notes: Mapped[list[Note]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"Contact(id={self.id!r}, name={self.name!r})"


class Note(Base):
    """A note the user wrote about a conversation. Stored before it is processed."""

    __tablename__ = "notes"
    __table_args__ = (
        Index("ix_notes_contact_date", "contact_id", "note_date"),
        Index("ix_notes_extractor_version", "extractor_version"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    note_date: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200), default="cli")
    # The id a note had in the tool it was imported from: re-imports update nothing twice.
    external_id: Mapped[str | None] = mapped_column(Text, unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column()
    extractor_version: Mapped[str | None] = mapped_column(String(40))
    error: Mapped[str | None] = mapped_column(Text)

    contact: Mapped[Contact] = relationship(back_populates="notes")

    def __repr__(self) -> str:
        return f"Note(id={self.id!r}, contact_id={self.contact_id!r}, date={self.note_date!s})"


class SignalRow(Base):
    """One stored signal of a note. Replaced as a whole whenever its note is re-processed."""

    __tablename__ = "signals"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('interest', 'need', 'event', 'commitment', 'caution')", name="kind"
        ),
        CheckConstraint("about IN ('contact', 'third_party', 'user')", name="about"),
        CheckConstraint("status IN ('active', 'negated', 'resolved', 'hedged')", name="status"),
        Index("ix_signals_contact_kind", "contact_id", "kind"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    # Whose relationship the signal belongs to: the note's contact, or a known third party.
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    phrase: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    about: Mapped[str] = mapped_column(String(20), default="contact")
    who: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="active")
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    event_date: Mapped[date | None] = mapped_column(Date)
    extractor_version: Mapped[str] = mapped_column(String(40))
    # Heard only because its clause closes an earlier signal ("got the job!!", a need met): the
    # ranker reads that closed signal in its place.
    restates_closure: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Set when a later note closed this signal: which note, which sentence of it, how, and how
    # sure the listener was. The stored status stays what this signal's own note said.
    closed_by_note_id: Mapped[int | None] = mapped_column(
        ForeignKey("notes.id", ondelete="SET NULL"), index=True
    )
    closed_start: Mapped[int | None] = mapped_column(Integer)
    closed_end: Mapped[int | None] = mapped_column(Integer)
    closed_evidence: Mapped[str | None] = mapped_column(Text)
    closed_how: Mapped[str | None] = mapped_column(String(20))
    closed_confidence: Mapped[float | None] = mapped_column(Float)
    # A note whose closure the user took back: listening to it again never closes this again.
    reopened_note_id: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    note: Mapped[Note] = relationship(foreign_keys=[note_id])

    @property
    def effective_status(self) -> str:
        """The status now: a closed signal is ``resolved`` (met, given, done) or ``negated``
        (no longer wanted, declined, postponed, moot); else as heard."""
        if self.closed_by_note_id is None:
            return self.status
        return "resolved" if self.closed_how in RESOLVING else "negated"

    def __repr__(self) -> str:
        return f"SignalRow(id={self.id!r}, kind={self.kind!r}, phrase={self.phrase!r})"


class MentionRow(Base):
    """A person or organisation named in a note, linked to a contact when known."""

    __tablename__ = "mentions"
    __table_args__ = (_AUTOINCREMENT,)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(20))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )


class CatalogItem(Base):
    """A give: an article, a contact to introduce, or an offer of the user's own."""

    __tablename__ = "catalog_items"
    __table_args__ = (
        CheckConstraint("type IN ('article', 'contact', 'offer')", name="type"),
        Index("ix_catalog_items_type", "type"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(Text, unique=True)
    type: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(default=list)
    email: Mapped[str | None] = mapped_column(Text)
    # A catalog contact is the same person as a contact: one person record, two roles.
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    published: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Embedding(Base):
    """A stored vector, keyed by the hash of the text it embeds and the model that made it."""

    __tablename__ = "embeddings"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(String(200), primary_key=True)
    dims: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class LedgerEntry(Base):
    """A favor given to or received from a contact: the reciprocity ledger."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint("direction IN ('given', 'received')", name="direction"),
        CheckConstraint(
            "origin IN ('manual', 'suggestion', 'introduction', 'today')", name="origin"
        ),
        Index("ix_ledger_entries_contact_date", "contact_id", "entry_date"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalog_items.id", ondelete="SET NULL"), index=True
    )
    value: Mapped[float | None] = mapped_column(Float)
    entry_date: Mapped[date] = mapped_column(Date)
    # Where the entry came from: typed in, a suggestion marked done, an introduction, today's act.
    origin: Mapped[str] = mapped_column(String(20), default="manual", server_default="manual")
    intro_id: Mapped[int | None] = mapped_column(
        ForeignKey("introductions.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Feedback(Base):
    """What the user did with a suggestion: done, dismissed, or snoozed until a date."""

    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint("action IN ('done', 'dismiss', 'snooze')", name="action"),
        CheckConstraint(
            "reason IS NULL OR reason IN ('not_relevant', 'already_has', 'wrong_person')",
            name="reason",
        ),
        Index("ix_feedback_contact_item", "contact_id", "item_id"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(
        ForeignKey("catalog_items.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(10))
    until: Mapped[date | None] = mapped_column(Date)
    # Why a dismissal (DismissReason); none for done and snooze, and for older dismissals.
    reason: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Introduction(Base):
    """Two people introduced to each other, and by whom. ``None`` stands for the user.

    ``person_a_id`` is ``None`` when someone introduced the user to ``person_b_id``;
    ``introducer_id`` is ``None`` when the user made the introduction.
    """

    __tablename__ = "introductions"
    __table_args__ = (
        CheckConstraint("person_a_id IS NULL OR person_a_id <> person_b_id", name="two_people"),
        CheckConstraint("person_a_id IS NOT NULL OR introducer_id IS NOT NULL", name="introducer"),
        CheckConstraint(
            "introducer_id IS NULL OR (introducer_id <> person_b_id AND "
            "(person_a_id IS NULL OR introducer_id <> person_a_id))",
            name="not_introducing_self",
        ),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_a_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    person_b_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    introducer_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    intro_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IntroOutcome(Base):
    """What came of an introduction, as of a date: met, a deal, a job, or nothing."""

    __tablename__ = "intro_outcomes"
    __table_args__ = (
        CheckConstraint("outcome IN ('met', 'deal', 'job', 'nothing')", name="outcome"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    intro_id: Mapped[int] = mapped_column(
        ForeignKey("introductions.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(10))
    outcome_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ThankItem(Base):
    """A thank-you the user may want to send: open until ``thanked_on`` is set.

    A favor received opens one (``entry_id``); a good outcome opens one for each person on the
    trail of introductions that led to it (``intro_id``); a thank-you sent for nothing open is
    stored already closed, so it still counts as keeping in touch.
    """

    __tablename__ = "thanks"
    __table_args__ = (
        UniqueConstraint("contact_id", "intro_id"),
        Index("ix_thanks_contact_thanked", "contact_id", "thanked_on"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("ledger_entries.id", ondelete="CASCADE"), unique=True
    )
    intro_id: Mapped[int | None] = mapped_column(
        ForeignKey("introductions.id", ondelete="CASCADE"), index=True
    )
    opened_on: Mapped[date] = mapped_column(Date)
    thanked_on: Mapped[date | None] = mapped_column(Date)
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DailyAct(Base):
    """The one small networking act proposed for a day, and whether it was done (the challenge)."""

    __tablename__ = "daily_acts"
    __table_args__ = (
        CheckConstraint("kind IN ('give', 'thank', 'check_in', 'other')", name="kind"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    act_date: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalog_items.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    draft: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class UserNeed(Base):
    """One of the user's own needs: typed in (``giveback need add``) or heard in a note (a
    signal about the user). Asks are made for these."""

    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint("source IN ('manual', 'note')", name="source"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    need_date: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(10), default="manual")
    # The signal it was heard as; a note heard again makes new signals, so the note and the
    # evidence are kept too, to find the need's signal again (and keep its id and state).
    signal_id: Mapped[int | None] = mapped_column(
        ForeignKey("signals.id", ondelete="SET NULL"), unique=True
    )
    note_id: Mapped[int | None] = mapped_column(
        ForeignKey("notes.id", ondelete="SET NULL"), index=True
    )
    evidence: Mapped[str | None] = mapped_column(Text)
    done_on: Mapped[date | None] = mapped_column(Date)
    done_evidence: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AskRow(Base):
    """An ask the user made of a contact, and how it went. A granted ask is a favor received."""

    __tablename__ = "asks"
    __table_args__ = (
        CheckConstraint(
            "outcome IN ('pending', 'granted', 'declined', 'no_answer')", name="outcome"
        ),
        Index("ix_asks_contact_date", "contact_id", "asked_on"),
        _AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int | None] = mapped_column(
        ForeignKey("needs.id", ondelete="SET NULL"), index=True
    )
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(Text)
    asked_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(10), default="pending")
    outcome_on: Mapped[date | None] = mapped_column(Date)
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("ledger_entries.id", ondelete="SET NULL"), index=True
    )
    draft: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoreRevision(Base):
    """One row: a number the database itself bumps on every write that can change a ranking
    (triggers, migration 0006), so rankings are reused until the store changes."""

    __tablename__ = "store_revision"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger)

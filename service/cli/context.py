"""What every command holds: the app context, the one error line, warnings and JSON.

Light on purpose: the root command group imports this, so nothing here loads SQLAlchemy or a
model at import. The store opens with the first :meth:`App.session`; a command that only
lists may read a SQLite store without it (:meth:`App.read_only_store`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn

import click

from giveback.core.settings import get_settings
from giveback.core.store_files import read_only_store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from giveback.engine.catalog.embedding_cache import Encoder
    from giveback.engine.listening.notes import NoteListener


@dataclass
class App:
    """What commands share: where the store is and how to get a listener (tests swap both)."""

    db_url: str | None = None
    user_name: str | None = None
    listener_factory: Callable[[], NoteListener] | None = None
    extractor_version: str | None = None
    _sessions: sessionmaker[Session] | None = field(default=None, init=False, repr=False)

    def session(self) -> Session:
        """A session on the store, migrated to the newest schema on first use."""
        if self._sessions is None:
            # SQLAlchemy and the table mappings load here, with the first session (0.12 s):
            # a command that only lists reads a SQLite store through read_only_store().
            from giveback.service.cli.stores import session_factory

            self._sessions = session_factory(self.db_url, self.user_name)
        return self._sessions()

    def read_only_store(self) -> sqlite3.Connection | None:
        """A read-only connection to the store, for a command that only lists, when it is a
        SQLite file at the newest schema; ``None`` where it must be opened by :meth:`session`
        (a user's store, PostgreSQL, a store to migrate first)."""
        if self.user_name is not None:
            return None
        return read_only_store(self.db_url or get_settings().resolved_database_url())

    # The listening stack (spaCy, the trained listener, ONNX Runtime) is imported by the
    # methods below, when a command first needs it: `giveback contacts` never loads it.

    def listener(self) -> NoteListener:
        """The listener (the spaCy model loads on first use, once per process)."""
        if self.listener_factory is not None:
            return self.listener_factory()
        from giveback.pipelines.learned import get_listener

        return get_listener()

    def open_embedder_early(self) -> None:
        """Start opening the sentence embedder beside the command's other work (a command
        that will encode calls this first; see ``Embedder.open_in_background``)."""
        if self.listener_factory is not None:  # a listener of the caller's own (tests)
            return
        from giveback.pipelines.embedding.encoder import get_embedder

        get_embedder().open_in_background()

    def embedder(self) -> Encoder:
        """The sentence embedder (the model loads on first encode, once per process)."""
        from giveback.pipelines.embedding.encoder import get_embedder

        return get_embedder()

    def version(self) -> str:
        """The extractor version stamped on stored signals."""
        if self.extractor_version is None:
            from giveback.pipelines.learned import extractor_version

            self.extractor_version = extractor_version()
        return self.extractor_version


def fail(message: str) -> NoReturn:
    """Print one ``error:`` line on standard error and exit with code 2."""
    click.echo(f"error: {' '.join(message.split())}", err=True)
    raise click.exceptions.Exit(2)


def warn(message: str) -> None:
    """Print one ``warning:`` line on standard error."""
    click.echo(f"warning: {message}", err=True)


def emit_json(data: Any) -> None:
    """Print ``data`` as indented JSON (non-ASCII kept readable)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def app_of(ctx: click.Context) -> App:
    """The :class:`App` of this invocation (created with defaults when missing)."""
    return ctx.find_object(App) or ctx.ensure_object(App)

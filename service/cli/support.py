"""What the CLI commands share: the app context, error and warning lines, JSON, progress."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn

import click

from giveback.core.db import init_accounts_db, make_session_factory, open_store
from giveback.core.errors import GivebackError, InvalidInput, NotFound
from giveback.core.textio import clean_note_text, read_note_text, source_name
from giveback.engine.accounts.registry import UserStores, get_user
from giveback.engine.contacts.store import find_or_create_contact, get_contact, similar_contacts
from giveback.service.cli import render

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from giveback.core.tables import Contact
    from giveback.engine.catalog.embedding_cache import Encoder
    from giveback.engine.listening.notes import NoteListener, ProcessReport

FILE_ARG = click.Path(allow_dash=True, dir_okay=False, path_type=str)


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
            if self.user_name is not None:
                with accounts_session() as accounts:
                    self._sessions = UserStores().sessions(get_user(accounts, self.user_name))
            else:
                self._sessions = open_store(self.db_url)
        return self._sessions()

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


def warn_new_contact(session: Session, name: str) -> None:
    """Say that a contact was created, and whom the name may have meant."""
    similar = similar_contacts(session, name)
    hint = f"; did you mean {' or '.join(similar)}?" if similar else ""
    warn(f"created a new contact {name!r}{hint}")


def known_or_new_contact(session: Session, name: str) -> tuple[Contact, bool]:
    """The contact ``name`` finds (a name, an alias, a first name that fits one), else a new
    one, flushed not committed; ``(contact, created)``. Several that fit are an error."""
    try:
        return get_contact(session, name), False
    except NotFound:
        return find_or_create_contact(session, name)


def emit_json(data: Any) -> None:
    """Print ``data`` as indented JSON (non-ASCII kept readable)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def app_of(ctx: click.Context) -> App:
    """The :class:`App` of this invocation (created with defaults when missing)."""
    return ctx.find_object(App) or ctx.ensure_object(App)


def report_processing(report: ProcessReport, label: str = "note") -> None:
    """Print warnings, then fail with one line if any note could not be processed."""
    for note_id, warnings in sorted(report.warnings.items()):
        for warning in warnings:
            warn(f"{label} {note_id}: {warning}")
    if report.failed:
        first_id, first_error = next(iter(sorted(report.failed.items())))
        raise GivebackError(
            f"{render.plural(len(report.failed), 'note')} could not be processed (note "
            f"{first_id}: {first_error}); they are stored, `giveback reprocess` retries them"
        )


def read_note(path: str) -> str:
    """A note file's text (``-``: standard input), size-checked, decoded and validated.

    Every error names the file.
    """

    text = read_note_text(path)
    try:
        return clean_note_text(text)
    except InvalidInput as exc:
        raise InvalidInput(f"{source_name(path)}: {exc}") from None


def progressbar(length: int, label: str) -> Any:
    """A click progress bar for ``length`` steps."""
    # On standard error, so that --json output on standard output stays clean.
    return click.progressbar(length=length, label=label, file=sys.stderr)


class _NoBar:
    """Stands in for a progress bar where one would only flash by."""

    def update(self, n_steps: int) -> None:
        """Ignore progress."""


def progressbar_if(length: int, label: str, at_least: int) -> Any:
    """A progress bar for ``length`` steps when there are at least ``at_least``, else none."""
    if length >= at_least:
        return progressbar(length, label)
    return contextlib.nullcontext(_NoBar())


def accounts_session() -> Session:
    """A session on the accounts registry, migrated to its newest schema."""
    return make_session_factory(init_accounts_db())()

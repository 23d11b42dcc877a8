"""What commands that open the store share: contacts by name, note files, processing reports
and progress bars (the app context and the error line are in :mod:`.context`)."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Any

import click

from giveback.core.errors import GivebackError, InvalidInput, NotFound
from giveback.core.textio import clean_note_text, read_note_text, source_name
from giveback.engine.contacts.store import find_or_create_contact, get_contact, similar_contacts
from giveback.service.cli import render
from giveback.service.cli.context import warn

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from giveback.core.tables import Contact
    from giveback.engine.listening.notes import ProcessReport

FILE_ARG = click.Path(allow_dash=True, dir_okay=False, path_type=str)


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

"""``giveback extract`` and ``note add``: a note in, what was heard out (bulk: bulk_notes.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from giveback.core.domain import NoteInput
from giveback.core.errors import GivebackError, ModelUnavailable
from giveback.core.textio import source_name
from giveback.engine.contacts.store import clean_name, similar_contacts
from giveback.engine.listening.notes import add_note, parse_note_date
from giveback.service.cli import render
from giveback.service.cli.context import app_of, emit_json, warn
from giveback.service.cli.lazy import LazyGroup
from giveback.service.cli.support import FILE_ARG, read_note

# --- listening without storing -----------------------------------------------------------------


@click.command()
@click.argument("files", nargs=-1, required=True, type=FILE_ARG)
@click.option(
    "--date", "note_date", metavar="YYYY-MM-DD", help="Date of the notes (default today)."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per file.")
@click.pass_context
def extract(ctx: click.Context, files: Sequence[str], note_date: str | None, as_json: bool) -> None:
    """Print the signals heard in notes; stores nothing.

    '-' reads standard input. The model loads once for all files. Dates in the notes
    ("next Friday") are resolved against --date.

    \b
    Example:
      giveback extract meeting.txt call.txt --date 2024-05-31
      pbpaste | giveback extract - --json
    """

    day = parse_note_date(note_date)
    texts = [(path, read_note(path)) for path in files]
    extractions = app_of(ctx).listener().listen_many([NoteInput(text, day) for _, text in texts])
    results: list[dict[str, Any]] = []
    for (path, _), extraction in zip(texts, extractions, strict=True):
        for warning in extraction.warnings:
            warn(f"{source_name(path)}: {warning}")
        results.append({"source": path, "signals": [s.to_dict() for s in extraction.signals]})
    if as_json:
        emit_json(results)
        return
    for result in results:
        count = render.plural(len(result["signals"]), "signal")
        click.echo(f"{click.style(source_name(result['source']), bold=True)}  ({count})")
        render.echo_signals(result["signals"])


# --- storing notes -----------------------------------------------------------------------------


@click.group(cls=LazyGroup, lazy={"import": "bulk_notes:note_import"})
def note() -> None:
    """Store notes: one at a time, or in bulk.

    \b
    Example:
      giveback note add --contact "Maria Lopez" --date 2024-05-31 meeting.txt
      giveback note import notes.jsonl
    """


@note.command("add")
@click.argument("file", type=FILE_ARG)
@click.option("--contact", required=True, help="Whom the note is about (created if new).")
@click.option("--date", "note_date", metavar="YYYY-MM-DD", help="Date of the conversation.")
@click.option("--json", "as_json", is_flag=True, help="Print the stored note as JSON.")
@click.pass_context
def note_add(
    ctx: click.Context, file: str, contact: str, note_date: str | None, as_json: bool
) -> None:
    """Store a note about a contact and listen to it.

    '-' reads standard input. The contact is created if new. The note is saved before it is
    analysed, so nothing is lost if analysis fails; the same note added twice is stored once.

    \b
    Example:
      giveback note add --contact "Maria Lopez" --date 2024-05-31 meeting.txt
      echo "She is looking for a contracts lawyer." | giveback note add --contact Maria -
    """

    # Validate everything before the store is touched: bad input leaves no trace.
    day = parse_note_date(note_date)
    name = clean_name(contact)
    text = read_note(file)
    app = app_of(ctx)
    app.open_embedder_early()
    with app.session() as session:
        try:
            # The model is asked for once the note is stored: a broken one loses nothing.
            outcome = add_note(session, name, text, day, app.listener, app.extractor_version)
        except ModelUnavailable as exc:
            raise ModelUnavailable(f"{exc} (the note is stored; run `giveback reprocess`)") from exc
        similar = similar_contacts(session, name) if outcome.stored.contact_created else []
    stored = outcome.stored
    if similar:
        warn(f"created a new contact {name!r}; did you mean {' or '.join(similar)}?")
    signals = [s.to_dict() for s in outcome.signals]
    for warning in outcome.warnings:
        warn(f"note {stored.note_id}: {warning}")
    if as_json:
        emit_json(
            {
                "note_id": stored.note_id,
                "contact": stored.contact_name,
                "date": stored.note_date.isoformat(),
                "duplicate": stored.duplicate,
                "signals": signals,
                "warnings": list(outcome.warnings),
            }
        )
    elif stored.duplicate:
        click.echo(f"Already stored as note {stored.note_id} for {stored.contact_name}.")
    else:
        new = " (new contact)" if stored.contact_created else ""
        click.echo(
            f"Stored note {stored.note_id} for {stored.contact_name}{new}, "
            f"{stored.note_date.isoformat()}; heard {render.plural(len(signals), 'signal')}."
        )
        if signals:
            render.echo_signals(signals)
    if outcome.error:
        raise GivebackError(
            f"note {stored.note_id} is stored but could not be processed ({outcome.error}); "
            "`giveback reprocess` retries it"
        )

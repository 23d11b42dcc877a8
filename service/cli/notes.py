"""``giveback extract``, ``note add``, ``note import``, ``reprocess``: notes in, signals heard."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from giveback.core.domain import NoteInput
from giveback.core.errors import GivebackError, ModelUnavailable
from giveback.core.textio import source_name
from giveback.engine.contacts.store import clean_name, similar_contacts
from giveback.engine.listening.note_import import read_note_rows, store_rows
from giveback.engine.listening.notes import add_note, parse_note_date, process_notes, stale_note_ids
from giveback.service.cli import render
from giveback.service.cli.support import (
    FILE_ARG,
    app_of,
    emit_json,
    progressbar,
    read_note,
    report_processing,
    warn,
)

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


@click.group()
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


@note.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the import summary as JSON.")
@click.pass_context
def note_import(ctx: click.Context, file: str, as_json: bool) -> None:
    """Import notes from JSON Lines or CSV.

    Each note has the keys contact, date (YYYY-MM-DD) and text, and optionally id. The whole
    file is checked first: one bad row refuses it all, naming the line. Importing
    the same file again adds nothing twice (rows match by id, else by contact, date and text).

    \b
    Example:
      giveback note import exported-notes.jsonl
      giveback note import notes.csv --json
    """

    rows = read_note_rows(file)
    app = app_of(ctx)
    with app.session() as session:
        report = store_rows(session, rows, source=f"import:{Path(file).name}")
        if report.note_ids:
            listener = app.listener()
            with progressbar(len(report.note_ids), "Listening") as bar:
                report.processing = process_notes(
                    session, report.note_ids, listener, app.version(), progress=bar.update
                )
    processing = report.processing
    summary = {
        "file": file,
        "rows": report.rows,
        "added": report.added,
        "duplicates": report.duplicates,
        "new_contacts": report.new_contacts,
        "processed": processing.processed,
        "failed": len(processing.failed),
        "signals": processing.signals,
    }
    if as_json:
        emit_json(summary)
    else:
        click.echo(
            f"Imported {file}: {render.plural(report.added, 'new note')} "
            f"({report.duplicates} already stored), "
            f"{render.plural(report.new_contacts, 'new contact')}; "
            f"heard {render.plural(processing.signals, 'signal')}."
        )
    report_processing(processing)


@click.command()
@click.option(
    "--all", "everything", is_flag=True, help="Re-process every note, not only stale ones."
)
@click.pass_context
def reprocess(ctx: click.Context, everything: bool) -> None:
    """Listen again to stale or failed notes.

    Stale notes were never processed, failed, or were heard by an older extractor. A note's
    signals are replaced, never duplicated, so this is safe to run any time.

    \b
    Example:
      giveback reprocess
      giveback reprocess --all
    """

    app = app_of(ctx)
    with app.session() as session:
        ids = stale_note_ids(session, app.version(), everything)
        if not ids:
            click.echo("Every note is up to date.")
            return
        listener = app.listener()
        with progressbar(len(ids), "Listening") as bar:
            report = process_notes(session, ids, listener, app.version(), progress=bar.update)
    click.echo(
        f"Re-processed {render.plural(report.processed, 'note')}; "
        f"heard {render.plural(report.signals, 'signal')}."
    )
    report_processing(report)

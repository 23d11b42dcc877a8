"""The ``giveback`` command line: every command's docstring is its help.

Domain errors (``giveback.core.errors``) and undecodable input become one ``error: ...`` line on
standard error and exit code 2, in one place: :class:`GivebackGroup`. Module-level imports stay
light; the spaCy listener is imported inside the commands that listen, so ``giveback contacts``
or ``--help`` never load torch or spaCy.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from giveback.core.errors import GivebackError, ModelUnavailable
from giveback.service.cli import render
from giveback.service.cli.catalog import catalog
from giveback.service.cli.demo import demo
from giveback.service.cli.digest import digest
from giveback.service.cli.eval import eval_group
from giveback.service.cli.feedback import dismiss, done, snooze, today
from giveback.service.cli.ledger import give, ledger, received, thank, tier
from giveback.service.cli.serve import serve
from giveback.service.cli.suggest import next_gives, suggest
from giveback.service.cli.support import (
    FILE_ARG,
    App,
    app_of,
    emit_json,
    fail,
    progressbar,
    read_note,
    report_processing,
    warn,
)
from giveback.service.cli.trail import intro, trail
from giveback.service.cli.users import token, user
from sqlalchemy.exc import OperationalError


class GivebackGroup(click.Group):
    """The root group: maps every domain and decoding error to one line and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GivebackError as exc:
            fail(str(exc) or type(exc).__name__)
        except UnicodeDecodeError as exc:
            fail(f"input is not UTF-8 text (byte {exc.start}: {exc.reason}); save it as UTF-8")
        except OperationalError as exc:
            fail(f"the database cannot be used: {exc.orig}")


@click.group(cls=GivebackGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite file to use instead of $GIVEBACK_HOME/giveback.db (or GIVEBACK_DATABASE_URL).",
)
@click.option("--user", "user_name", metavar="NAME",
              help="Work on this user's store (see `giveback user`).")
@click.version_option(package_name="giveback")
@click.pass_context
def main(ctx: click.Context, db_path: Path | None, user_name: str | None) -> None:
    """Giveback: listen for the give. Notes in; what people need, love and live through out.

    \b
    Example:
      giveback note add --contact "Maria Lopez" notes/maria.txt
      giveback catalog import gives.jsonl
      giveback next
    """
    app = ctx.ensure_object(App)
    if db_path is not None:
        from giveback.core.db import sqlite_url_for_path

        app.db_url = sqlite_url_for_path(db_path)
    if user_name is not None:
        if db_path is not None:
            raise click.UsageError("give --db or --user, not both")
        app.user_name = user_name


# --- listening without storing -----------------------------------------------------------------


@main.command()
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
    from giveback.core.domain import NoteInput
    from giveback.core.textio import source_name
    from giveback.engine.listening.notes import parse_note_date

    day = parse_note_date(note_date)
    texts = [(path, read_note(path)) for path in files]
    extractions = app_of(ctx).listener().listen_many([NoteInput(text, day) for _, text in texts])
    results = []
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


@main.group()
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
    from giveback.engine.contacts.store import clean_name, similar_contacts
    from giveback.engine.listening.notes import add_note, parse_note_date

    # Validate everything before the store is touched: bad input leaves no trace.
    day = parse_note_date(note_date)
    name = clean_name(contact)
    text = read_note(file)
    app = app_of(ctx)
    with app.session() as session:
        try:
            outcome = add_note(session, name, text, day, app.listener(), app.version())
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
    from giveback.engine.listening.note_import import read_note_rows, store_rows
    from giveback.engine.listening.notes import process_notes

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


@main.command()
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
    from giveback.engine.listening.notes import process_notes, stale_note_ids

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


# --- reading the store -------------------------------------------------------------------------


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of contacts.")
@click.pass_context
def contacts(ctx: click.Context, as_json: bool) -> None:
    """List contacts with their note and signal counts.

    \b
    Example:
      giveback contacts
      giveback contacts --json | jq '.[].name'
    """
    from giveback.engine.contacts.store import list_contacts

    with app_of(ctx).session() as session:
        summaries = list_contacts(session)
    if as_json:
        emit_json([s.to_dict() for s in summaries])
        return
    if not summaries:
        click.echo("No contacts yet. Add a note: giveback note add --contact NAME FILE")
        return
    width = min(max(len(s.name) for s in summaries), 40)
    for s in summaries:
        last = s.last_note.isoformat() if s.last_note else "-"
        aliases = f"  aka {', '.join(s.aliases)}" if s.aliases else ""
        click.echo(
            f"{render.shorten(s.name, width):<{width}}  {s.tier or '-':<10} "
            f"{render.plural(s.notes, 'note'):>9}  {render.plural(s.signals, 'signal'):>11}  "
            f"last {last}{aliases}"
        )


@main.command()
@click.option("--contact", required=True, help="Name or alias of the contact.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of signals.")
@click.pass_context
def signals(ctx: click.Context, contact: str, as_json: bool) -> None:
    """Show what was heard about a contact.

    Signals are grouped by kind, each with its status now: a need a later note reported as
    met shows as resolved.

    \b
    Example:
      giveback signals --contact "Maria Lopez"
      giveback signals --contact Maria --json
    """
    from giveback.engine.contacts.store import get_contact
    from giveback.engine.listening.signals import signals_for

    with app_of(ctx).session() as session:
        person = get_contact(session, contact)
        found = [s.to_dict() for s in signals_for(session, person)]
        name = person.name
    if as_json:
        emit_json([{"contact": name, **s} for s in found])
        return
    click.echo(render.contact_heading(name, [render.plural(len(found), "signal")]))
    render.echo_signals(found, show_date=True)


for command in (catalog, suggest, next_gives, give, received, thank, ledger, tier, intro, trail,
                done, dismiss, snooze, today, eval_group, demo, user, token, serve, digest):
    main.add_command(command)

"""``giveback note import`` and ``reprocess``: many notes heard at once.

After the listening, what the new signals are searched by is embedded too (through the cache),
so the first ``giveback next`` after an import finds every vector made: the import waits for
them instead of the next command.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.errors import ModelUnavailable
from giveback.core.tables import Note
from giveback.engine.listening.note_import import read_note_rows, store_rows
from giveback.engine.listening.notes import process_notes, stale_note_ids
from giveback.engine.suggest.suggester import Suggester
from giveback.service.cli import render
from giveback.service.cli.context import App, app_of, emit_json, warn
from giveback.service.cli.support import progressbar, report_processing

_SLICE = 10_000


def embed_queries(app: App, session: Session, note_ids: Sequence[int]) -> None:
    """Embed the queries of the signals of these notes' contacts, and keep them."""
    ids = list(note_ids)
    contact_ids = sorted(
        {
            contact_id
            # In slices: SQLite takes at most 32,766 parameters in one statement.
            for i in range(0, len(ids), _SLICE)
            for contact_id in session.scalars(
                select(Note.contact_id).where(Note.id.in_(ids[i : i + _SLICE]))
            )
        }
    )
    if not contact_ids:
        return
    try:
        Suggester(session, app.embedder()).embed_queries(date.today(), contact_ids)
    except ModelUnavailable as exc:  # the notes are in; the first ranking embeds them instead
        warn(f"the new signals' vectors will be made by the next ranking ({exc})")
        return
    session.commit()


@click.command("import")
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
            embed_queries(app, session, report.note_ids)
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
        embed_queries(app, session, ids)
    click.echo(
        f"Re-processed {render.plural(report.processed, 'note')}; "
        f"heard {render.plural(report.signals, 'signal')}."
    )
    report_processing(report)

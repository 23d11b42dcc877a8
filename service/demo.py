"""``giveback demo``: the bundled sample network, ingested into a throwaway store and read back."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from sqlalchemy.orm import Session

from engine.errors import InvalidInput
from service import render
from service.cli_support import App, app_of, progressbar, report_processing

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"


def ingest_sample(session: Session, app: App, data_dir: Path) -> None:
    """Store the sample contacts and notes, then listen to every note (with a progress bar)."""
    from engine.contacts import import_contacts_jsonl
    from engine.note_import import read_note_rows, store_rows
    from engine.notes import process_notes

    contacts_file, notes_file = data_dir / "contacts.jsonl", data_dir / "notes.jsonl"
    for needed in (contacts_file, notes_file):
        if not needed.is_file():
            raise InvalidInput(
                f"{needed} is missing; the demo needs contacts.jsonl and notes.jsonl"
            )
    import_contacts_jsonl(session, contacts_file)
    report = store_rows(session, read_note_rows(notes_file), source="demo")
    listener = app.listener()
    with progressbar(len(report.note_ids), "Listening to the sample notes") as bar:
        processing = process_notes(
            session, report.note_ids, listener, app.version(), progress=bar.update
        )
    report_processing(processing)


def print_heard(session: Session) -> None:
    """For each contact, what was heard: signals grouped by kind, each with its status now."""
    from engine.contacts import list_contacts
    from engine.signals import signals_for

    total = 0
    for summary in list_contacts(session):
        heard = [s.to_dict() for s in signals_for(session, summary.id)]
        total += len(heard)
        details = [d for d in (summary.tier, render.plural(summary.notes, "note")) if d]
        click.echo()
        click.echo(render.contact_heading(summary.name, details))
        render.echo_signals(heard, indent="  ", show_date=True)
    click.echo()
    click.echo(f"Heard {render.plural(total, 'signal')} in all. Status: active, hedged, negated,")
    click.echo("or resolved (a later note said the need was met; needs never expire on their own).")


@click.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=SAMPLE_DIR,
    show_default=False,
    help="Folder with contacts.jsonl and notes.jsonl (default: the bundled sample).",
)
@click.pass_context
def demo(ctx: click.Context, data_dir: Path) -> None:
    """Listen to the bundled sample network.

    Ingests the sample contacts and notes and prints, for each person, what was heard. Uses a
    fresh temporary database: your own store is not touched.

    \b
    Example:
      giveback demo
    """
    from models.db import init_db, make_session_factory, sqlite_url_for_path

    app = app_of(ctx)
    with tempfile.TemporaryDirectory(prefix="giveback-demo-") as tmp:
        engine = init_db(sqlite_url_for_path(Path(tmp) / "demo.db"))
        try:
            with make_session_factory(engine)() as session:
                ingest_sample(session, app, data_dir)
                print_heard(session)
        finally:
            engine.dispose()

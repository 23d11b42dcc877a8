"""``giveback demo``: the bundled sample network, ingested into a throwaway store and read back."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import click
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from giveback.core.db import init_db, make_session_factory
from giveback.core.errors import InvalidInput
from giveback.core.settings import DATA_DIR
from giveback.core.store_files import sqlite_url_for_path
from giveback.core.tables import Note
from giveback.engine.catalog.importing import import_catalog_file
from giveback.engine.contacts.store import import_contacts_jsonl, list_contacts
from giveback.engine.listening.note_import import read_note_rows, store_rows
from giveback.engine.listening.notes import process_notes
from giveback.engine.listening.signals import signals_for
from giveback.engine.suggest.suggester import Suggester
from giveback.service.cli import render
from giveback.service.cli.catalog import embed_catalog
from giveback.service.cli.context import App, app_of, warn
from giveback.service.cli.support import progressbar, report_processing

SAMPLE_DIR = DATA_DIR / "sample"


def ingest_sample(session: Session, app: App, data_dir: Path) -> None:
    """Store the sample contacts and notes, then listen to every note (with a progress bar)."""

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


_HEARD_LABELS = {"need": "needs", "interest": "into", "event": "events", "commitment": "promised"}


def heard_phrases(signals: list[dict[str, Any]]) -> dict[str, list[str]]:
    """What was heard, per kind, as short phrases marked with who and a non-active status."""
    out: dict[str, list[str]] = {}
    for kind, items in render.grouped(signals).items():
        phrases: list[str] = []
        for s in items:
            phrase = s["phrase"]
            if s.get("about") == "third_party" and s.get("who"):
                phrase = f"{phrase} ({s['who']})"
            if s.get("event_date"):
                phrase = f"{phrase} ({s['event_date']})"
            if s["status"] != "active":
                phrase = f"{phrase} [{s['status']}]"
            if phrase not in phrases:
                phrases.append(phrase)
        out[_HEARD_LABELS.get(kind, kind)] = phrases
    return out


def print_heard(session: Session) -> None:
    """For each contact, compactly, what was heard: phrases per kind, status when not active."""

    total = 0
    click.echo(click.style("What it heard", bold=True, underline=True))
    for summary in list_contacts(session):
        heard = [s.to_dict() for s in signals_for(session, summary.id)]
        total += len(heard)
        details = [d for d in (summary.tier, render.plural(summary.notes, "note")) if d]
        click.echo(render.contact_heading(summary.name, details))
        for label, phrases in heard_phrases(heard).items():
            click.echo(render.wrap("; ".join(phrases), " " * 13, first=f"  {label:<10} "))
        if not heard:
            click.echo("  (nothing heard)")
    click.echo(
        render.wrap(
            f"Heard {render.plural(total, 'signal')} in all. [resolved]: a later note said the "
            "need was met (needs never expire on their own). Resolved and negated signals never "
            "lead to a give.",
            "",
        )
    )


def import_sample_catalog(session: Session, app: App, data_dir: Path) -> None:
    """Import the sample catalog of gives (if the folder has one) and embed it."""

    catalog_file = data_dir / "catalog.jsonl"
    if not catalog_file.is_file():
        return
    summary = import_catalog_file(session, catalog_file.read_bytes(), str(catalog_file))
    for warning in summary.warnings:
        warn(f"{catalog_file.name}: {warning}")
    embed_catalog(session, app)


def print_next(session: Session, app: App) -> None:
    """The next give per relationship, with its reason and drafted message."""

    # The sample is dated; rank as of today, or as of its last note if that is later.
    last_note = session.scalar(select(func.max(Note.note_date)))
    as_of = max(date.today(), last_note) if last_note else date.today()
    # The demo shows listening and matching alone: the sample's cadences would reorder it.
    gives = [s.to_dict() for s in Suggester(session, app.embedder()).next_gives(as_of)]
    session.commit()
    click.echo()
    click.echo(
        click.style(
            f"The next give for each relationship (as of {as_of.isoformat()})",
            bold=True,
            underline=True,
        )
    )
    if not gives:
        click.echo("  Nothing worth giving yet: no catalog item matches what was heard.")
        return
    render.echo_next(gives, details=True)


@click.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=SAMPLE_DIR,
    show_default=False,
    help="Folder with contacts.jsonl, notes.jsonl and catalog.jsonl (default: the bundled sample).",
)
@click.pass_context
def demo(ctx: click.Context, data_dir: Path) -> None:
    """Listen to the bundled sample network, then suggest the next give for each person.

    Ingests the sample contacts, notes and catalog of gives, prints what was heard about each
    person, then the next give for each relationship with its reason and a drafted message.
    Uses a fresh temporary database: your own store is not touched.

    \b
    Example:
      giveback demo
    """

    app = app_of(ctx)
    with tempfile.TemporaryDirectory(prefix="giveback-demo-") as tmp:
        engine = init_db(sqlite_url_for_path(Path(tmp) / "demo.db"))
        try:
            with make_session_factory(engine)() as session:
                ingest_sample(session, app, data_dir)
                import_sample_catalog(session, app, data_dir)
                print_heard(session)
                print_next(session, app)
        finally:
            engine.dispose()

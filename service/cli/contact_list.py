"""``giveback contacts``: everyone in the store, with what it holds about them.

Typed to look someone up, so it answers at once: a SQLite store at the newest schema is read
with the standard library alone (no SQLAlchemy, no table mappings, no model).
"""

from __future__ import annotations

from contextlib import closing

import click

from giveback.engine.contacts.summary import ContactSummary, contacts_in_file
from giveback.service.cli import render
from giveback.service.cli.context import App, app_of, emit_json


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of contacts.")
@click.pass_context
def contacts(ctx: click.Context, as_json: bool) -> None:
    """List contacts with their note and signal counts.

    \b
    Example:
      giveback contacts
      giveback contacts --json | jq '.[].name'
    """

    summaries = listed(app_of(ctx))
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


def listed(app: App) -> list[ContactSummary]:
    """Every contact of the app's store, by name: read directly from a SQLite file at the
    newest schema, else through the store's session (which migrates it first)."""
    connection = app.read_only_store()
    if connection is not None:
        with closing(connection):
            return contacts_in_file(connection)
    # A user's store, PostgreSQL, or a store to migrate: SQLAlchemy loads here, and only here.
    from giveback.engine.contacts.store import list_contacts

    with app.session() as session:
        return list_contacts(session)

"""``giveback signals`` and ``giveback reopen``: what was heard about a contact."""

from __future__ import annotations

import click

from giveback.core.domain import MAX_ID
from giveback.engine.contacts.store import get_contact
from giveback.engine.listening.signals import reopen_signal, signals_for
from giveback.service.cli import render
from giveback.service.cli.context import app_of, emit_json


@click.command()
@click.option("--contact", required=True, help="Name or alias of the contact.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of signals.")
@click.pass_context
def signals(ctx: click.Context, contact: str, as_json: bool) -> None:
    """Show what was heard about a contact.

    Signals are grouped by kind, each with its status now. A signal a later note closed
    shows the sentence that closed it ("closed by: ... (date, how)"), and `giveback reopen
    ID` takes a wrong closure back.

    \b
    Example:
      giveback signals --contact "Maria Lopez"
      giveback signals --contact Maria --json
    """

    with app_of(ctx).session() as session:
        person = get_contact(session, contact)
        found = [s.to_dict() for s in signals_for(session, person)]
        name = person.name
    if as_json:
        emit_json([{"contact": name, **s} for s in found])
        return
    click.echo(render.contact_heading(name, [render.plural(len(found), "signal")]))
    render.echo_signals(found, show_date=True)


@click.command()
@click.argument("signal_id", type=click.IntRange(1, MAX_ID))
@click.option("--json", "as_json", is_flag=True, help="Print the reopened signal as JSON.")
@click.pass_context
def reopen(ctx: click.Context, signal_id: int, as_json: bool) -> None:
    """Take back a wrong closure: signal SIGNAL_ID is open again.

    The later note that closed it will not close it again, even when it is listened to
    again; a newer note still can. The ids are in `giveback signals --json`.

    \b
    Example:
      giveback reopen 42
    """
    with app_of(ctx).session() as session:
        reopened = reopen_signal(session, signal_id).to_dict()
        session.commit()
    if as_json:
        emit_json(reopened)
        return
    click.echo(
        f'Reopened signal {signal_id}: {reopened["kind"]} "{reopened["phrase"]}" '
        f"is {reopened['status']} again."
    )

"""``giveback give``, ``received``, ``thank``, ``ledger`` and ``tier``: the reciprocity ledger.

The ledger is for noticing who helped you and whom you have not given to in a while; its
wording never keeps score. None of these commands loads a model.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import click

from giveback.core.errors import InvalidInput
from giveback.engine.catalog.store import get_item
from giveback.engine.contacts.store import get_contact
from giveback.engine.ledger.cadence import going_cold, keep_in_touch, set_tier
from giveback.engine.ledger.favors import (
    DEFAULT_WINDOW_DAYS,
    KINDS,
    balances,
    clean_kind,
    clean_value,
    entries,
    entry_view,
    helped_lately,
    kind_for_item_type,
    record_favor,
)
from giveback.engine.ledger.thanks import open_thanks, record_thanks
from giveback.engine.ledger.thanks import when as spelled
from giveback.engine.listening.notes import parse_note_date
from giveback.service.cli import render
from giveback.service.cli.context import app_of, emit_json
from giveback.service.cli.ledger_view import echo_contact_ledger, echo_ledger
from giveback.service.cli.support import known_or_new_contact, warn_new_contact

MAX_DESCRIPTION_CHARS = 2000
KIND_HELP = f'What kind of favor: {", ".join(KINDS)} ("referral" is a lead).'


def clean_description(what: str) -> str:
    """Free text with whitespace collapsed, at most ``MAX_DESCRIPTION_CHARS`` long."""
    description = " ".join(what.split())
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise InvalidInput(
            f"the description is {len(description):,} characters long; "
            f"the limit is {MAX_DESCRIPTION_CHARS:,}"
        )
    return description


def day_of(value: str | None, default: date | None = None) -> date:
    """A ``YYYY-MM-DD`` option as a date (default today)."""

    return parse_note_date(value, default)


def when(day: date | None) -> str:
    """ "Mar 1, 2026" (or "-")."""

    return spelled(day) if day else "-"


@click.command()
@click.argument("what", required=False, default="")
@click.option("--to", "to", required=True, help="Whom you gave it to (name or alias).")
@click.option("--kind", help=KIND_HELP + " Default with --item: from the item's type.")
@click.option("--item", "item_id", metavar="ID", help="The catalog item given (its id).")
@click.option("--value", type=float, help="What it was worth, if you keep such numbers.")
@click.option("--date", "given_on", metavar="YYYY-MM-DD", help="When (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print the ledger entry as JSON.")
@click.pass_context
def give(
    ctx: click.Context,
    what: str,
    to: str,
    kind: str | None,
    item_id: str | None,
    value: float | None,
    given_on: str | None,
    as_json: bool,
) -> None:
    """Record a favor you gave; a catalog item given is never suggested to them again.

    WHAT describes the favor; with --item it defaults to the item's title.

    \b
    Example:
      giveback give --to "Maria Lopez" --kind introduction --item con-priya-raman "Intro to Priya"
      giveback give --to Tom --kind advice --date 2026-05-02 "Reviewed his pitch deck"
    """

    day = day_of(given_on)
    description = clean_description(what)
    with app_of(ctx).session() as session:
        person = get_contact(session, to)
        item = get_item(session, item_id) if item_id else None
        if kind is None and item is not None:
            kind = kind_for_item_type(item.type)
        if kind is None:
            raise InvalidInput(f"say what kind of favor it was: --kind {'|'.join(KINDS)}")
        kind = clean_kind(kind)
        if not description:
            if item is None:
                raise InvalidInput(
                    "say what you gave, e.g. giveback give --to NAME --kind "
                    'advice "Reviewed the pitch deck", or name an --item'
                )
            description = item.title
        entry = record_favor(session, person.id, "given", kind, description, day, item_id, value)
        session.commit()
        result = entry_view(session, entry).to_dict()
    if as_json:
        emit_json(result)
        return
    click.echo(
        f"Recorded {result['kind']} given to {result['contact']} on {result['date']}: "
        f"{result['description']}"
    )
    if item_id:
        click.echo(f"{item_id} will not be suggested to {result['contact']} again.")


@click.command()
@click.argument("what", required=False, default="")
@click.option(
    "--from", "giver", required=True, help="Who helped you (name or alias; created if new)."
)
@click.option("--kind", required=True, help=KIND_HELP)
@click.option("--value", type=float, help="What it was worth, if you keep such numbers.")
@click.option("--date", "received_on", metavar="YYYY-MM-DD", help="When (default today).")
@click.option("--thanked", is_flag=True, help="You already thanked them: open no thank-you.")
@click.option("--json", "as_json", is_flag=True, help="Print the ledger entry as JSON.")
@click.pass_context
def received(
    ctx: click.Context,
    what: str,
    giver: str,
    kind: str,
    value: float | None,
    received_on: str | None,
    thanked: bool,
    as_json: bool,
) -> None:
    """Record a favor someone did for you; a thank-you stays open until you record one.

    A name you have no contact for becomes a new contact (a warning says so).

    \b
    Example:
      giveback received --from "Tom Becker" --kind advice "Reviewed my pitch deck"
      giveback received --from Ann --kind referral --date 2026-05-02 --thanked "Sent a client"
    """

    day = day_of(received_on)
    description = clean_description(what)
    kind, value = clean_kind(kind), clean_value(value)  # before a new contact is made
    with app_of(ctx).session() as session:
        person, created = known_or_new_contact(session, giver)
        entry = record_favor(
            session, person.id, "received", kind, description, day, value=value, thanked=thanked
        )
        session.commit()
        result = entry_view(session, entry).to_dict()
        if created:
            warn_new_contact(session, person.name)
    if as_json:
        emit_json(result)
        return
    text = f": {result['description']}" if result["description"] else ""
    click.echo(f"Recorded {result['kind']} from {result['contact']} on {result['date']}{text}")
    if not thanked:
        click.echo(f"When you have thanked them: giveback thank {render.quoted(result['contact'])}")


@click.command()
@click.argument("name")
@click.argument("message", required=False, default="")
@click.option(
    "--for",
    "entry_id",
    type=int,
    metavar="ENTRY_ID",
    help="Only the favor with this ledger id (see `giveback ledger NAME`).",
)
@click.option("--date", "thanked_on", metavar="YYYY-MM-DD", help="When (default today).")
@click.option("--draft", is_flag=True, help="Print drafted thank-you notes; record nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print what was closed as JSON.")
@click.pass_context
def thank(
    ctx: click.Context,
    name: str,
    message: str,
    entry_id: int | None,
    thanked_on: str | None,
    draft: bool,
    as_json: bool,
) -> None:
    """Record that you thanked someone: closes their open thank-yous (or just one with --for).

    MESSAGE, optional, is what you said. A thank-you with nothing open is recorded too: it
    counts as keeping in touch.

    \b
    Example:
      giveback thank "Tom Becker"
      giveback thank Tom --for 12 --date 2026-05-03
      giveback thank Tom --draft
    """

    day = day_of(thanked_on)
    text = clean_description(message)
    with app_of(ctx).session() as session:
        person = get_contact(session, name)
        if draft:
            pending = [
                t
                for t in open_thanks(session, person.id)
                if entry_id is None or t.entry_id == entry_id
            ]
            if as_json:
                emit_json([t.to_dict() for t in pending])
            elif not pending:
                click.echo(f"No thank-you open for {person.name}.")
            for t in pending if not as_json else ():
                click.echo(f"For {t.what}:")
                click.echo(render.wrap(t.draft, "  "))
            return
        result = record_thanks(session, person, day, entry_id, text)
        session.commit()
    if as_json:
        emit_json(
            {
                "contact": result.contact,
                "date": result.day.isoformat(),
                "closed": [t.to_dict() for t in result.closed],
                "already_thanked_on": result.already_thanked_on.isoformat()
                if result.already_thanked_on
                else None,
            }
        )
        return
    if result.already_thanked_on is not None:
        click.echo(
            f"You already thanked {result.contact} for that on {when(result.already_thanked_on)}."
        )
    elif result.closed:
        click.echo(f"Thanked {result.contact} on {when(result.day)} for:")
        for t in result.closed:
            click.echo(render.wrap(t.what, "    ", first="  - "))
    else:
        click.echo(f"Recorded a thank-you to {result.contact} on {when(result.day)}.")


@click.command()
@click.argument("name", required=False)
@click.option(
    "--days",
    type=click.IntRange(1, 36500),
    default=DEFAULT_WINDOW_DAYS,
    show_default=True,
    help="The window balances are taken over.",
)
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="As of this date (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print the ledger as JSON.")
@click.pass_context
def ledger(
    ctx: click.Context, name: str | None, days: int, as_of: str | None, as_json: bool
) -> None:
    """Favors given and received per relationship, and the thank-yous not sent yet.

    Balances weigh favors by kind (an introduction or a lead counts more than an article)
    over the window. Also listed: people who helped you lately and have not been given to
    since, and relationships past the cadence you set (see `giveback tier`).

    \b
    Example:
      giveback ledger
      giveback ledger "Tom Becker" --days 90 --json
    """

    day = day_of(as_of)
    since = day - timedelta(days=days - 1)
    with app_of(ctx).session() as session:
        if name:
            person = get_contact(session, name)
            found = balances(session, day, days, [person.id])
            data: dict[str, Any] = {
                "contact": person.name,
                "as_of": day.isoformat(),
                "window_days": days,
                "balance": found[0].to_dict() if found else None,
                "entries": [e.to_dict() for e in entries(session, day, person.id, since)],
                "not_thanked": [t.to_dict() for t in open_thanks(session, person.id, day)],
                "keep_in_touch": (lambda k: k.to_dict() if k else None)(
                    keep_in_touch(session, day, [person.id]).get(person.id)
                ),
            }
        else:
            data = {
                "as_of": day.isoformat(),
                "window_days": days,
                "balances": [b.to_dict() for b in balances(session, day, days)],
                "helped_lately": [b.to_dict() for b in helped_lately(session, day, days)],
                "not_thanked": [t.to_dict() for t in open_thanks(session, as_of=day)],
                "going_cold": [k.to_dict() for k in going_cold(session, day)],
            }
    if as_json:
        emit_json(data)
    elif name:
        echo_contact_ledger(data)
    else:
        echo_ledger(data)


@click.command()
@click.argument("name")
@click.argument(
    "tier_name",
    metavar="[close|regular|occasional|none]",
    required=False,
    type=click.Choice(["close", "regular", "occasional", "none"], case_sensitive=False),
)
@click.option(
    "--every",
    "every_days",
    type=int,
    metavar="DAYS",
    help="Your own cadence for this person, in days (overrides the tier's).",
)
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="As of this date (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print the contact's cadence as JSON.")
@click.pass_context
def tier(
    ctx: click.Context,
    name: str,
    tier_name: str | None,
    every_days: int | None,
    as_of: str | None,
    as_json: bool,
) -> None:
    """Set how close a relationship is; its cadence of keeping in touch follows.

    close: every 14 days, regular: every 45, occasional: every 120 (or --every DAYS). Any
    note, favor either way, thank-you or check-in resets the clock. Without a tier, only
    shows the current one.

    \b
    Example:
      giveback tier "Maria Lopez" close
      giveback tier Tom regular --every 30
      giveback tier Tom none
    """

    day = day_of(as_of)
    with app_of(ctx).session() as session:
        person = get_contact(session, name)
        if tier_name is not None or every_days is not None:
            label = (
                person.tier
                if tier_name is None
                else (None if tier_name.lower() == "none" else tier_name.lower())
            )
            set_tier(session, person, label, every_days)
            session.commit()
        keep = keep_in_touch(session, day, [person.id]).get(person.id)
        data = {
            "contact": person.name,
            "tier": person.tier,
            "cadence_days": keep.cadence_days if keep else None,
            "keep_in_touch": keep.to_dict() if keep else None,
        }
    if as_json:
        emit_json(data)
        return
    if keep is None:
        click.echo(f"{data['contact']} has no tier: no keep-in-touch reminders.")
        return
    label = f"{data['tier']}: " if data["tier"] else ""
    click.echo(f"{data['contact']} is {label}keep in touch every {keep.cadence_days} days.")
    if keep.due:
        click.echo(
            f"{keep.last_talked()} It has been a while; they will come up in "
            "`giveback next` and `giveback today`."
        )
    else:
        click.echo(f"{keep.last_talked()} Next touch around {when(keep.next_touch)}.")

"""``giveback suggest``, ``giveback next`` and ``giveback give``: the gives, and giving them.

Ranking needs the embedding model (loaded inside the commands); recording a give does not.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from engine.errors import InvalidInput, NotFound
from engine.ledger import KINDS
from service import render
from service.cli_support import App, app_of, emit_json

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from engine.suggest import Suggester

MAX_DESCRIPTION_CHARS = 2000
_AS_OF_HELP = "Rank as of this date, ignoring later notes (default today)."


def _suggester(session: Session, app: App) -> Suggester:
    from engine.suggest import Suggester

    return Suggester(session, app.embedder())


def _catalog_is_empty(session: Session) -> bool:
    from sqlalchemy import select

    from models.tables import CatalogItem

    return session.scalar(select(CatalogItem.id).limit(1)) is None


def _nothing_to_suggest(session: Session, day: date, whom: str = "") -> None:
    if _catalog_is_empty(session):
        click.echo("Nothing to suggest: the catalog is empty. "
                   "Import gives first: giveback catalog import FILE")
    else:
        click.echo(f"No give{whom} as of {day.isoformat()}: nothing heard by then matches "
                   "the catalog well enough (no suggestion is better than a junk one).")


@click.command()
@click.option("--contact", help="Only this contact (name or alias).")
@click.option(
    "--limit",
    type=click.IntRange(1, 100),
    default=5,
    show_default=True,
    help="Gives per contact.",
)
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help=_AS_OF_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of gives.")
@click.pass_context
def suggest(
    ctx: click.Context, contact: str | None, limit: int, as_of: str | None, as_json: bool
) -> None:
    """Ranked gives for one contact or for everyone, each with its reason and a draft.

    Gives come from what was heard in your notes (needs above interests, fresh above stale)
    matched against the catalog. Never suggested: anything tied to a need that was met or
    denied, what you already gave that person (see `giveback give`), or an introduction of
    a person to themselves.

    \b
    Example:
      giveback suggest --contact "Maria Lopez" --limit 3
      giveback suggest --as-of 2026-06-30 --json
    """
    from engine.contacts import get_contact
    from engine.notes import parse_note_date

    day = parse_note_date(as_of)
    app = app_of(ctx)
    with app.session() as session:
        person = get_contact(session, contact) if contact else None
        ids = [person.id] if person is not None else None
        gives = [s.to_dict() for s in _suggester(session, app).suggest(day, ids, limit)]
        session.commit()  # keep the vectors embedded on the way
        if not gives and not as_json:
            _nothing_to_suggest(session, day, f" for {person.name}" if person else "")
            return
    if as_json:
        emit_json(gives)
        return
    render.echo_suggestions(gives)


@click.command("next")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help=_AS_OF_HELP)
@click.option("--drafts", is_flag=True, help="Show the reason and the drafted message in full.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one give each.")
@click.pass_context
def next_gives(ctx: click.Context, as_of: str | None, drafts: bool, as_json: bool) -> None:
    """The one best give for each relationship, most worthwhile first.

    \b
    Example:
      giveback next
      giveback next --drafts --as-of 2026-06-30
    """
    from engine.notes import parse_note_date

    day = parse_note_date(as_of)
    app = app_of(ctx)
    with app.session() as session:
        gives = [s.to_dict() for s in _suggester(session, app).next_gives(day)]
        session.commit()
        if not gives and not as_json:
            _nothing_to_suggest(session, day)
            return
    if as_json:
        emit_json(gives)
        return
    render.echo_next(gives, details=drafts)


def _entry_dict(entry: Any, contact: str, item_id: str | None) -> dict[str, Any]:
    return {"id": entry.id, "contact": contact, "direction": entry.direction,
            "kind": entry.kind, "description": entry.description, "item_id": item_id,
            "date": entry.entry_date.isoformat()}


@click.command()
@click.argument("what", required=False, default="")
@click.option("--to", "to", required=True, help="Whom you gave it to (name or alias).")
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    help="What kind of favor (default with --item: from the item's type).",
)
@click.option("--item", "item_id", metavar="ID", help="The catalog item given (its id).")
@click.option("--date", "given_on", metavar="YYYY-MM-DD", help="When (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print the ledger entry as JSON.")
@click.pass_context
def give(
    ctx: click.Context,
    what: str,
    to: str,
    kind: str | None,
    item_id: str | None,
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
    from sqlalchemy import select

    from engine.contacts import get_contact
    from engine.ledger import kind_for_item_type, record_favor
    from engine.notes import parse_note_date
    from models.tables import CatalogItem

    day = parse_note_date(given_on)
    description = " ".join(what.split())
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise InvalidInput(
            f"the description is {len(description):,} characters long; "
            f"the limit is {MAX_DESCRIPTION_CHARS:,}"
        )
    with app_of(ctx).session() as session:
        person = get_contact(session, to)
        item = None
        if item_id:
            item = session.scalar(select(CatalogItem).where(CatalogItem.external_id == item_id))
            if item is None:
                raise NotFound(f"no catalog item with id {item_id!r}; see `giveback catalog list`")
        kind = kind or (kind_for_item_type(item.type) if item is not None else None)
        if kind is None:
            raise InvalidInput(f"say what kind of favor it was: --kind {'|'.join(KINDS)}")
        if not description:
            if item is None:
                raise InvalidInput('say what you gave, e.g. giveback give --to NAME --kind '
                                   'advice "Reviewed the pitch deck", or name an --item')
            description = item.title
        entry = record_favor(session, person.id, "given", kind, description, day, item_id)
        session.commit()
        result = _entry_dict(entry, person.name, item_id)
    if as_json:
        emit_json(result)
        return
    click.echo(f"Recorded {result['kind']} given to {result['contact']} on {result['date']}: "
               f"{result['description']}")
    if item_id:
        click.echo(f"{item_id} will not be suggested to {result['contact']} again.")

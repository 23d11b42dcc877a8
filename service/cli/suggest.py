"""``giveback suggest`` and ``giveback next``: the gives, weighed by the reciprocity ledger.

Ranking needs the embedding model (loaded inside the commands). Recording a give and the
rest of the ledger live in :mod:`giveback.service.cli.ledger`.
"""

from __future__ import annotations

from datetime import date

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.tables import CatalogItem
from giveback.engine.contacts.store import get_contact
from giveback.engine.ledger.reciprocity import LedgerWeights
from giveback.engine.listening.notes import parse_note_date
from giveback.engine.suggest.drafts import TONES, Tone
from giveback.engine.suggest.explain import Explanation
from giveback.engine.suggest.explain import explain as explain_gives
from giveback.engine.suggest.suggester import ledger_suggester
from giveback.service.cli import render
from giveback.service.cli.context import app_of, emit_json

_AS_OF_HELP = "Rank as of this date, ignoring later notes (default today)."


def _catalog_is_empty(session: Session) -> bool:
    return session.scalar(select(CatalogItem.id).limit(1)) is None


def _nothing_to_suggest(session: Session, day: date, whom: str = "") -> None:
    if _catalog_is_empty(session):
        click.echo(
            "Nothing to suggest: the catalog is empty. "
            "Import gives first: giveback catalog import FILE"
        )
    else:
        click.echo(
            f"No give{whom} as of {day.isoformat()}: nothing heard by then matches "
            "the catalog well enough (no suggestion is better than a junk one)."
        )


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
@click.option(
    "--tone",
    type=click.Choice(TONES),
    help="Drafts short, warm or formal (default: GIVEBACK_DRAFT_TONE, else warm).",
)
@click.option(
    "--explain",
    is_flag=True,
    help="With --contact: also the gives found and turned down, and why each one was.",
)
@click.pass_context
def suggest(
    ctx: click.Context,
    contact: str | None,
    limit: int,
    as_of: str | None,
    as_json: bool,
    tone: Tone | None,
    explain: bool,
) -> None:
    """Ranked gives for one contact or for everyone, each with its reason and a draft.

    Gives come from what was heard in your notes (needs above interests, fresh above stale)
    matched against the catalog. Never suggested: anything tied to a need that was met or
    denied, what you already gave that person (see `giveback give`), or an introduction of
    a person to themselves. A promise you made is kept with the item it names, or shown as
    "Keep your promise: ..." when no item does.

    \b
    Example:
      giveback suggest --contact "Maria Lopez" --limit 3
      giveback suggest --contact "Maria Lopez" --explain --tone formal
      giveback suggest --as-of 2026-06-30 --json
    """

    if explain and not contact:
        raise click.UsageError("--explain needs --contact: it explains one relationship.")
    day = parse_note_date(as_of)
    app = app_of(ctx)
    with app.session() as session:
        person = get_contact(session, contact) if contact else None
        ids = [person.id] if person is not None else None
        suggester = ledger_suggester(session, app.embedder(), tone=tone)
        if explain and person is not None:
            explained = explain_gives(suggester, day, person.id, limit)
            session.commit()  # keep the vectors embedded on the way
            _echo_explanation(explained, as_json)
            return
        gives = [s.to_dict() for s in suggester.suggest(day, ids, limit)]
        session.commit()  # keep the vectors embedded on the way
        if not gives and not as_json:
            _nothing_to_suggest(session, day, f" for {person.name}" if person else "")
            return
    if as_json:
        emit_json(gives)
        return
    render.echo_suggestions(gives)


def _echo_explanation(explained: Explanation, as_json: bool) -> None:
    if as_json:
        emit_json(
            {
                "gives": [s.to_dict() for s in explained.shown],
                "turned_down": [
                    {
                        "item_id": d.item.external_id,
                        "title": d.item.title,
                        "type": d.item.type,
                        "score": round(d.score, 4),
                        "evidence": d.signal.evidence,
                        "why": d.why,
                    }
                    for d in explained.turned_down
                ],
            }
        )
        return
    if explained.shown:
        render.echo_suggestions([s.to_dict() for s in explained.shown])
    else:
        click.echo("No give: none found passes the rules below.")
    click.echo()
    click.echo(click.style("Turned down", bold=True))
    if not explained.turned_down:
        click.echo("  nothing: every give found is shown above.")
    for d in explained.turned_down:
        kind = render.give_type(d.item.type)
        click.echo(f"  - {d.item.title}  ({kind}, score {d.score:.2f})")
        click.echo(f'      for "{render.shorten(d.signal.evidence, 90)}"')
        click.echo(f"      why: {d.why}")


@click.command("next")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help=_AS_OF_HELP)
@click.option("--drafts", is_flag=True, help="Show the reason and the drafted message in full.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one give each.")
@click.pass_context
def next_gives(ctx: click.Context, as_of: str | None, drafts: bool, as_json: bool) -> None:
    """The one best give for each relationship, most worthwhile first.

    People who helped you lately (and have not been given to since) and relationships past
    the cadence you set (`giveback tier`) come first, with why: "you last talked on ...".
    Only gives that fit well enough are listed; the ledger never fills a slot with a weak one.

    \b
    Example:
      giveback next
      giveback next --drafts --as-of 2026-06-30
    """

    day = parse_note_date(as_of)
    app = app_of(ctx)
    with app.session() as session:
        weights = LedgerWeights(session)
        gives = []
        for give in ledger_suggester(session, app.embedder(), weights=weights).next_gives(day):
            standing = weights.standing(give.contact_id, day)
            nudges = standing.nudges(give.contact)
            gives.append({**give.to_dict(), **standing.to_dict(), "nudge": " ".join(nudges)})
        session.commit()
        if not gives and not as_json:
            _nothing_to_suggest(session, day)
            return
    if as_json:
        emit_json(gives)
        return
    render.echo_next(gives, details=drafts)

"""``giveback done``, ``dismiss``, ``snooze`` and ``today``: what you did with the suggestions.

Feedback applies to ranking from the next call on. Only ``today`` may load the embedding
model, and only when it needs to rank gives (no thank-you is open).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from sqlalchemy.orm import Session

from giveback.core.domain import DismissReason
from giveback.core.errors import InvalidInput
from giveback.engine.catalog.store import get_item
from giveback.engine.contacts.store import get_contact
from giveback.engine.ledger.challenge import Act, mark_today_done
from giveback.engine.ledger.challenge import today as todays_act
from giveback.engine.ledger.gives import mark_done
from giveback.engine.ledger.reciprocity import LedgerWeights
from giveback.engine.ledger.thanks import first_name
from giveback.engine.suggest.feedback import dismiss as dismiss_item
from giveback.engine.suggest.feedback import snooze as snooze_item
from giveback.engine.suggest.feedback import undismiss
from giveback.engine.suggest.suggester import ledger_suggester
from giveback.service.cli import render
from giveback.service.cli.context import App, app_of, emit_json
from giveback.service.cli.ledger import clean_description, day_of, when

# The reasons for a dismissal as typed on the command line ("not-relevant").
REASONS = {reason.value.replace("_", "-"): reason for reason in DismissReason}


@click.command()
@click.argument("contact")
@click.argument("item_id", metavar="ITEM")
@click.argument("what", required=False, default="")
@click.option("--date", "done_on", metavar="YYYY-MM-DD", help="When you gave it (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def done(
    ctx: click.Context, contact: str, item_id: str, what: str, done_on: str | None, as_json: bool
) -> None:
    """Mark a suggestion done: you gave ITEM to CONTACT (it goes in the ledger).

    The item is never suggested to them again. Marking the same give done twice records it
    once.

    \b
    Example:
      giveback done "Maria Lopez" con-priya-raman
      giveback done Tom art-python-data-analysis --date 2026-05-02 --json
    """

    day = day_of(done_on)
    description = clean_description(what)
    with app_of(ctx).session() as session:
        person = get_contact(session, contact)
        result = mark_done(session, person, get_item(session, item_id), day, description)
        session.commit()
    if as_json:
        emit_json(result.to_dict())
    elif result.changed:
        click.echo(
            f"Recorded: you gave {result.contact} {result.title!r} on "
            f"{when(result.entry_date)} (ledger #{result.entry_id}). It will not be "
            f"suggested to {first_name(result.contact)} again."
        )
    else:
        click.echo(
            f"Already recorded: you gave {result.contact} {result.title!r} on "
            f"{when(result.entry_date)} (ledger #{result.entry_id})."
        )


@click.command()
@click.argument("contact")
@click.argument("item_id", metavar="ITEM")
@click.option(
    "--reason",
    type=click.Choice(list(REASONS)),
    default="not-relevant",
    show_default=True,
    help="Why: not-relevant (items like it rank lower for them), already-has (this one only) "
    "or wrong-person (items like it rank much lower for them).",
)
@click.option("--undo", is_flag=True, help="Take the dismissal back.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def dismiss(
    ctx: click.Context, contact: str, item_id: str, reason: str, undo: bool, as_json: bool
) -> None:
    """Never suggest ITEM to CONTACT again; by --reason, items like it less.

    Other people may still get ITEM. Dismissals as not relevant, against the gives you mark
    done, also raise the bar below which nothing is suggested. --undo takes it back.

    \b
    Example:
      giveback dismiss "Maria Lopez" art-contract-bridge
      giveback dismiss Maria art-pandas-book --reason already-has
      giveback dismiss Maria art-contract-bridge --undo
    """

    why = REASONS[reason]
    with app_of(ctx).session() as session:
        person = get_contact(session, contact)
        item = get_item(session, item_id)
        result = (
            undismiss(session, person, item) if undo else dismiss_item(session, person, item, why)
        )
        session.commit()
    if as_json:
        emit_json(result.to_dict())
        return
    first = first_name(result.contact)
    if undo:
        click.echo(
            f"{result.item_id} may be suggested to {result.contact} again."
            if result.changed
            else f"{result.item_id} was not dismissed for {first}."
        )
    elif result.changed:
        likes = {
            DismissReason.NOT_RELEVANT: f", and items like it rank lower for {first}",
            DismissReason.WRONG_PERSON: f", and items like it rank much lower for {first}",
            DismissReason.ALREADY_HAS: "",
        }[why]
        click.echo(
            f"Dismissed: {result.item_id} will not be suggested to {result.contact} again{likes}."
        )
    else:
        click.echo(f"{result.item_id} was already dismissed for {result.contact}.")


@click.command()
@click.argument("contact")
@click.argument("item_id", metavar="ITEM")
@click.option(
    "--until",
    "until",
    required=True,
    metavar="YYYY-MM-DD",
    help="Hide it until this date; it may come back from then on.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def snooze(ctx: click.Context, contact: str, item_id: str, until: str, as_json: bool) -> None:
    """Hide ITEM for CONTACT until a date (a new snooze replaces the last one).

    \b
    Example:
      giveback snooze "Maria Lopez" art-marathon-plan --until 2027-01-15
    """

    day = day_of(until)
    with app_of(ctx).session() as session:
        person = get_contact(session, contact)
        result = snooze_item(session, person, get_item(session, item_id), day)
        session.commit()
    if as_json:
        emit_json(result.to_dict())
        return
    click.echo(f"Snoozed {result.item_id} for {result.contact} until {when(result.until)}.")


def _weights_and_gives(session: Session, app: App, day: date) -> tuple[LedgerWeights, Any]:

    weights = LedgerWeights(session)

    def next_gives() -> Any:
        gives = ledger_suggester(session, app.embedder(), weights=weights).next_gives(day)
        session.commit()  # keep the vectors embedded on the way
        return gives

    return weights, next_gives


@click.command()
@click.argument("what", required=False, default="")
@click.option(
    "--done",
    "mark",
    is_flag=True,
    help="Mark today's act done (or, with WHAT, what you did instead).",
)
@click.option("--date", "on", metavar="YYYY-MM-DD", help="Act as of this day (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print the act and the streak as JSON.")
@click.pass_context
def today(ctx: click.Context, what: str, mark: bool, on: str | None, as_json: bool) -> None:
    """One small networking act for today: a give, a thank-you or a check-in.

    Thank-yous not sent yet come first, then a give to someone who helped you lately or
    whom you have not talked to in a while, then a check-in with a relationship past its
    cadence. Mark it done to keep the streak of the 30-day challenge.

    \b
    Example:
      giveback today
      giveback today --done
      giveback today --done "Called Ann to congratulate her"
    """

    day = day_of(on)
    text = clean_description(what)
    if text and not mark:
        raise InvalidInput('WHAT goes with --done: giveback today --done "what you did"')
    app = app_of(ctx)
    with app.session() as session:
        weights, next_gives = _weights_and_gives(session, app, day)
        newly = False
        act: Act | None
        if mark:
            act, progress, newly = mark_today_done(session, day, next_gives, weights, text or None)
        else:
            act, progress = todays_act(session, day, next_gives, weights)
        session.commit()
    data = {
        "date": day.isoformat(),
        "act": act.to_dict() if act else None,
        "progress": progress.to_dict(),
    }
    if as_json:
        emit_json(data)
        return
    _echo_today(data, mark, newly)


def _echo_today(data: dict[str, Any], mark: bool, newly: bool) -> None:
    act, progress = data["act"], data["progress"]
    if act is None:
        click.echo(
            "Nothing to propose today: no thank-you open, nobody past the cadence you "
            "set, and no give that fits well enough. `giveback tier NAME close` "
            "brings check-ins."
        )
    elif act["done"]:
        prefix = "Done for today" if newly or not mark else "Already done today"
        click.echo(f"{prefix}: {act['title']}")
    else:
        click.echo(click.style("One small act for today", bold=True) + f" ({data['date']})")
        click.echo(f"  {act['title']}")
        pad = " " * 9
        click.echo(render.wrap(act["reason"], pad, first="  why    "))
        if act["draft"]:
            click.echo(render.wrap(act["draft"], pad, first="  draft  "))
        click.echo("When it is done: giveback today --done")
    click.echo(_progress_line(progress))


def _progress_line(progress: dict[str, Any]) -> str:
    streak = progress["streak"]
    if progress["challenge_day"] is None:
        if streak:
            return f"Streak: {render.plural(streak, 'day')} in a row."
        return "One small act a day for 30 days: the challenge starts with your first one."
    done_days = progress["days_done"]
    line = (
        f"Challenge day {progress['challenge_day']} of {progress['challenge_days']}: "
        f"{render.plural(done_days, 'day')} done"
    )
    return line + (f", a streak of {render.plural(streak, 'day')}." if streak else ".")

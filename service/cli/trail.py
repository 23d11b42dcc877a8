"""``giveback intro`` and ``giveback trail``: who introduced whom, and where it led.

No model is loaded here.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from giveback.engine.contacts.store import clean_name, find_or_create_contact, get_contact
from giveback.engine.ledger.introductions import intro_list as list_intros
from giveback.engine.ledger.introductions import is_me
from giveback.engine.ledger.trail import record_intro, record_outcome
from giveback.engine.ledger.trail import trail as trail_of
from giveback.service.cli import render
from giveback.service.cli.context import app_of, emit_json
from giveback.service.cli.ledger import clean_description, day_of, when
from giveback.service.cli.support import warn_new_contact

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from giveback.core.tables import Contact

OUTCOME_WORDS = {
    "met": "they met",
    "deal": "a deal",
    "job": "a job",
    "nothing": "nothing came of it",
}


class _IntroGroup(click.Group):
    """``giveback intro A B`` records an introduction; ``outcome`` and ``list`` are commands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["add", *args]
        return super().parse_args(ctx, args)


@click.group("intro", cls=_IntroGroup)
def intro() -> None:
    """Record introductions, and what came of them.

    \b
    giveback intro A B [--by NAME]      A and B were introduced (by you, or by NAME);
                                        "me" as A or B: NAME introduced you
    giveback intro outcome ID met|deal|job|nothing
    giveback intro list [NAME]

    \b
    Example:
      giveback intro "Maria Lopez" "Priya Raman"
      giveback intro me "Lee Wong" --by "Sam Ode" --date 2026-05-10
      giveback intro outcome 3 deal --date 2026-09-01
    """


def _person(session: Session, name: str) -> tuple[Contact | None, bool]:
    """The contact named (created if new), or ``None`` for "me"; and whether it is new."""

    if is_me(name):
        return None, False
    contact, created = find_or_create_contact(session, clean_name(name))
    if created:
        warn_new_contact(session, contact.name)
    return contact, created


@intro.command("add")
@click.argument("person_a", metavar="A")
@click.argument("person_b", metavar="B")
@click.option("--by", "by", help="Who made the introduction (default: you).")
@click.option("--date", "on", metavar="YYYY-MM-DD", help="When (default today).")
@click.option("--note", default="", help="A word on why or how.")
@click.option("--json", "as_json", is_flag=True, help="Print the introduction as JSON.")
@click.pass_context
def intro_add(
    ctx: click.Context,
    person_a: str,
    person_b: str,
    by: str | None,
    on: str | None,
    note: str,
    as_json: bool,
) -> None:
    """Record that A and B were introduced, by you or by --by NAME ("me" is you).

    An introduction you make is a favor given to both; one made for you is a favor received
    (a thank-you opens). New names become contacts.

    \b
    Example:
      giveback intro "Maria Lopez" "Priya Raman"
      giveback intro me "Lee Wong" --by "Sam Ode"
    """

    day = day_of(on)
    text = clean_description(note)
    with app_of(ctx).session() as session:
        a, _ = _person(session, person_a)
        b, _ = _person(session, person_b)
        giver = _person(session, by)[0] if by else None
        result = record_intro(session, a, b, giver, day, text)
        session.commit()
    view = result.intro
    if as_json:
        emit_json(
            {
                **view.to_dict(),
                "ledger_entries": list(result.entry_ids),
                "duplicate": result.duplicate,
            }
        )
        return
    if result.duplicate:
        click.echo(
            f"Already recorded as introduction #{view.id}: {view.sentence()} ({when(view.date)})."
        )
        return
    click.echo(f"Recorded introduction #{view.id}: {view.sentence()} ({when(view.date)}).")
    if view.by is None:
        click.echo("It is in the ledger as a give to both.")
    elif view.a is None:
        click.echo(f"When you have thanked them: giveback thank {render.quoted(view.by)}")
    click.echo(f"When something comes of it: giveback intro outcome {view.id} met|deal|job|nothing")


@intro.command("outcome")
@click.argument("intro_id", metavar="ID", type=int)
@click.argument("outcome", type=click.Choice(["met", "deal", "job", "nothing"]))
@click.argument("note", required=False, default="")
@click.option("--date", "on", metavar="YYYY-MM-DD", help="When (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@click.pass_context
def intro_outcome(
    ctx: click.Context, intro_id: int, outcome: str, note: str, on: str | None, as_json: bool
) -> None:
    """Record what came of introduction ID: met, deal, job or nothing.

    A deal or a job opens a thank-you to each person on the trail that led to it.

    \b
    Example:
      giveback intro outcome 3 met
      giveback intro outcome 3 deal --date 2026-09-01 "Signed the pilot"
    """

    day = day_of(on)
    text = clean_description(note)
    with app_of(ctx).session() as session:
        result = record_outcome(session, intro_id, outcome, day, text)
        session.commit()
    if as_json:
        emit_json(
            {
                "intro": result.intro.to_dict(),
                "outcome": result.outcome.to_dict(),
                "duplicate": result.duplicate,
                "opened_thanks": list(result.opened),
                "trail": result.payoff.to_dict()["thank"] if result.payoff else [],
            }
        )
        return
    already = " (already recorded)" if result.duplicate else ""
    click.echo(
        f"Introduction #{result.intro.id} ({result.intro.sentence()}): "
        f"{OUTCOME_WORDS[outcome]}, {when(result.outcome.date)}{already}."
    )
    if result.payoff is not None:
        _echo_payoff_thanks(result.payoff.to_dict())


def _echo_payoff_thanks(payoff: dict[str, Any]) -> None:
    thanks = payoff["thank"]
    if not thanks:
        click.echo("  Nobody else is on the trail to thank.")
        return
    click.echo("  A thank-you to each person on the trail that led to it:")
    width = max(len(t["contact"]) for t in thanks)
    for t in thanks:
        state = f"thanked {when_iso(t['thanked_on'])}" if t["thanked_on"] else "not thanked yet"
        click.echo(f"    {t['contact']:<{width}}  {state}")
    if any(not t["thanked_on"] for t in thanks):
        click.echo("  Drafts: giveback thank NAME --draft; when sent: giveback thank NAME")


def when_iso(value: str | None) -> str:
    """An ISO date from JSON, spelled out."""

    return when(date.fromisoformat(value)) if value else "-"


@intro.command("list")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of introductions.")
@click.pass_context
def intro_list(ctx: click.Context, name: str | None, as_json: bool) -> None:
    """List introductions, newest first (with NAME: those they took part in or made).

    \b
    Example:
      giveback intro list
      giveback intro list "Sam Ode" --json
    """

    with app_of(ctx).session() as session:
        person = get_contact(session, name) if name else None
        found = [v.to_dict() for v in list_intros(session, person.id if person else None)]
    if as_json:
        emit_json(found)
        return
    if not found:
        click.echo("No introductions recorded yet. Record one: giveback intro A B [--by NAME]")
        return
    rows = [[f"#{v['id']}", v["date"], v["text"], v["outcome"] or "-"] for v in found]
    for line in render.table(
        ("id", "date", "introduction", "outcome"), rows, max_widths=(0, 0, None, 0)
    ):
        click.echo(line)


@click.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the trail as JSON.")
@click.pass_context
def trail(ctx: click.Context, name: str, as_json: bool) -> None:
    """How NAME came to you, hop by hop back to whoever started it, and whom to thank.

    When an introduction NAME took part in (or made) led to a deal or a job, a thank-you to
    each person on the trail is suggested, with a draft.

    \b
    Example:
      giveback trail "Lee Wong"
      giveback trail Lee --json
    """

    with app_of(ctx).session() as session:
        data = trail_of(session, get_contact(session, name)).to_dict()
    if as_json:
        emit_json(data)
        return
    click.echo(click.style(f"Trail to {data['contact']}", bold=True))
    if not data["hops"]:
        click.echo(f"  Nobody introduced you to {data['contact']}, as far as Giveback knows.")
    for n, hop in enumerate(data["hops"], 1):
        click.echo(f"  {n}. {hop['text']} ({when_iso(hop['date'])}){_outcome_of(hop)}")
    if data["started_by"]:
        click.echo(f"  {data['started_by']} started it.")
    for payoff in data["payoffs"]:
        hop = payoff["intro"]
        good = next(o for o in hop["outcomes"] if o["outcome"] in ("deal", "job"))
        click.echo()
        click.echo(
            click.style("Good outcome", bold=True) + f": {OUTCOME_WORDS[good['outcome']]}"
            f" on {when_iso(good['date'])}, after #{hop['id']}: {hop['text']}."
        )
        _echo_payoff_thanks(payoff)
    if data["introduced"]:
        click.echo()
        click.echo(click.style(f"Introductions {data['contact']} made", bold=True))
        for made in data["introduced"]:
            click.echo(
                f"  #{made['id']} {made['text']} ({when_iso(made['date'])}){_outcome_of(made)}"
            )


def _outcome_of(view: dict[str, Any]) -> str:
    latest = view["outcomes"][-1] if view["outcomes"] else None
    if latest is None:
        return ""
    return f"  · {OUTCOME_WORDS[latest['outcome']]} ({when_iso(latest['date'])})"

"""``giveback need`` and ``giveback ask``: the user's own needs, and whom to ask for help.

``need add``/``list``/``done`` keep the needs (no model loads for them unless a later note
must be compared with an open need); ``ask`` ranks people for the open needs and drafts each
ask (loads the embedding model); ``ask sent``/``granted``/``declined`` record what happened,
so the next ranking knows whom you asked lately, and a granted ask lands in the ledger.
"""

from __future__ import annotations

from typing import Any

import click

from giveback.core.domain import MAX_ID
from giveback.engine.asks.needs import add_need, list_needs, mark_done, open_needs, sync_heard_needs
from giveback.engine.asks.ranking import asker_for
from giveback.engine.asks.record import ask_history, get_ask, record_ask, settle_ask
from giveback.engine.contacts.store import get_contact
from giveback.engine.suggest.drafts import TONES, Tone
from giveback.service.cli import render
from giveback.service.cli.context import app_of, emit_json
from giveback.service.cli.ledger import KIND_HELP, clean_description, day_of, when

_AS_OF_HELP = "As of this date, ignoring later notes (default today)."


@click.group()
def need() -> None:
    """Your own needs: what you are looking for, so Giveback can find who could help.

    Needs come from `giveback need add` and from your notes, when you say what you need
    yourself ("I'm still looking for a bookkeeper"). A need closes with `giveback need done`,
    when an ask for it is granted, or when a later note says it was met.

    \b
    Example:
      giveback need add "accountant who knows sales tax for the studio"
      giveback need list
      giveback need done 12
    """


@need.command("add")
@click.argument("text")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Since when (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print the need as JSON.")
@click.pass_context
def need_add(ctx: click.Context, text: str, day: str | None, as_json: bool) -> None:
    """Add a need of yours, in your own words.

    \b
    Example:
      giveback need add "someone to look over a commercial lease" --date 2026-11-02
    """
    app = app_of(ctx)
    with app.session() as session:
        added = add_need(session, text, day_of(day))
        session.commit()
    if as_json:
        emit_json(added.to_dict())
        return
    click.echo(f"Need {added.id} added: {added.text}")
    click.echo(f"  see who could help: giveback ask --need {added.id}")


@need.command("list")
@click.option("--all", "show_all", is_flag=True, help="Also the needs that are done.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of needs.")
@click.pass_context
def need_list(ctx: click.Context, show_all: bool, as_json: bool) -> None:
    """Your open needs (typed in, or heard in your notes), newest first.

    \b
    Example:
      giveback need list
      giveback need list --all --json
    """
    app = app_of(ctx)
    with app.session() as session:
        sync_heard_needs(session)
        found = [n.to_dict() for n in list_needs(session, include_done=show_all)]
        session.commit()
    if as_json:
        emit_json(found)
        return
    if not found:
        click.echo('No open needs. Add one: giveback need add "what you need"')
        return
    rows = [
        [
            str(n["id"]),
            n["date"],
            n["status"],
            "note" if n["source"] == "note" else "typed",
            render.shorten(n["text"], 70),
        ]
        for n in found
    ]
    for line in render.table(("id", "since", "status", "from", "need"), rows, align="rllll"):
        click.echo(line)


@need.command("done")
@click.argument("need_id", type=click.IntRange(1, MAX_ID))
@click.option("--date", "day", metavar="YYYY-MM-DD", help="When it was met (default today).")
@click.pass_context
def need_done(ctx: click.Context, need_id: int, day: str | None) -> None:
    """Mark a need as met: nobody is asked for it any more.

    \b
    Example:
      giveback need done 12 --date 2026-11-30
    """
    app = app_of(ctx)
    with app.session() as session:
        done = mark_done(session, need_id, day_of(day))
        session.commit()
    click.echo(f"Need {done.id} done on {when(done.done_on)}: {done.text}")


@click.group(invoke_without_command=True)
@click.option(
    "--need",
    "need_ids",
    type=click.IntRange(1, MAX_ID),
    multiple=True,
    help="Only this need (its id).",
)
@click.option(
    "--limit", type=click.IntRange(1, 20), default=3, show_default=True, help="People per need."
)
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help=_AS_OF_HELP)
@click.option("--tone", type=click.Choice(TONES), help="Drafts short, warm or formal.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of asks, best first.")
@click.pass_context
def ask(
    ctx: click.Context,
    need_ids: tuple[int, ...],
    limit: int,
    as_of: str | None,
    tone: Tone | None,
    as_json: bool,
) -> None:
    """Who could help with your open needs, best first, each with why and a draft ask.

    People are ranked by how well what you know of them fits the need (your notes, their
    catalog entry, favors they did you), then by how close you are, and by the balance:
    people you gave to lately come first, people who helped you or were asked lately wait.
    Never asked: someone you asked in the last weeks (GIVEBACK_ASK_COOLDOWN_DAYS), someone
    going through a hard time now (a loss, an illness, a layoff, a new baby), someone
    looking for the same thing, or someone you have no relationship with.

    With --json: an array of objects with keys need, contact, item_id (their catalog entry,
    when the fit rests on it), score, reason and draft (and need_id, contact_id, offer_id,
    fit, evidence).

    \b
    Example:
      giveback ask
      giveback ask --need 12 --limit 5 --json
      giveback ask sent 12 "Ana Ruiz"
      giveback ask granted 7
    """
    if ctx.invoked_subcommand is not None:
        return
    app = app_of(ctx)
    day = day_of(as_of)
    with app.session() as session:
        asker = asker_for(session, app.embedder(), tone)
        needs = open_needs(session, app.embedder, day, need_ids)
        found = [a.to_dict() for a in asker.ask(day, limit=limit, needs=needs)]
        session.commit()
    if as_json:
        emit_json(found)
        return
    if not needs:
        click.echo('No open needs to ask for. Add one: giveback need add "what you need"')
        return
    if not found:
        click.echo(
            "Nobody to ask yet: nobody you know fits well enough, or those who do are best "
            "left alone for now (asked lately, a hard time, the same struggle)."
        )
        return
    _echo_asks(found)


def _echo_asks(found: list[dict[str, Any]]) -> None:
    for a in found:
        click.echo(click.style(f"Ask {a['contact']}", bold=True) + f"  for need {a['need_id']}: "
                   f"{a['need']}  (score {a['score']:.2f})")  # fmt: skip
        click.echo(render.wrap(a["reason"], "    ", first="  why: "))
        click.echo(render.wrap(a["draft"], "    ", first="  draft: "))
        click.echo(f'  sent it? giveback ask sent {a["need_id"]} "{a["contact"]}"')
        click.echo()


@ask.command("sent")
@click.argument("need_id", type=click.IntRange(1, MAX_ID))
@click.argument("contact")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="When you asked (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print the ask as JSON.")
@click.pass_context
def ask_sent(
    ctx: click.Context, need_id: int, contact: str, day: str | None, as_json: bool
) -> None:
    """Record that you asked CONTACT for need NEED_ID (so they are not asked again soon).

    \b
    Example:
      giveback ask sent 12 "Ana Ruiz" --date 2026-11-21
    """
    app = app_of(ctx)
    with app.session() as session:
        made = record_ask(session, get_contact(session, contact), day_of(day), need_id)
        session.commit()
    if as_json:
        emit_json(made.to_dict())
        return
    click.echo(f"Ask {made.id} recorded: {made.contact}, for {made.what} ({when(made.asked_on)}).")
    click.echo(f"  when you hear back: giveback ask granted {made.id}  (or declined)")


def _settle(ctx: click.Context, ask_id: int, outcome: str, day: str | None, what: str,
            kind: str | None, as_json: bool) -> None:  # fmt: skip
    app = app_of(ctx)
    with app.session() as session:
        made = get_ask(session, ask_id)
        # Without --date: today, or the day of the ask when it was recorded ahead of time.
        on = day_of(day) if day else max(made.asked_on, day_of(None))
        settled = settle_ask(
            session, ask_id, outcome, on, clean_description(what), kind or "advice"
        )
        session.commit()
    if as_json:
        emit_json(settled.to_dict())
        return
    click.echo(f"Ask {settled.id} ({settled.contact}): {settled.outcome.replace('_', ' ')}.")
    if settled.outcome == "granted":
        click.echo(f"  in your ledger as a favor received; thank {settled.contact}: giveback thank")


_WHAT_HELP = "What they did for you (default: the need)."


@ask.command("granted")
@click.argument("ask_id", type=click.IntRange(1, MAX_ID))
@click.argument("what", required=False, default="")
@click.option("--kind", help=KIND_HELP + " Default: advice.")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="When (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print the ask as JSON.")
@click.pass_context
def ask_granted(ctx: click.Context, ask_id: int, what: str, kind: str | None, day: str | None,
                as_json: bool) -> None:  # fmt: skip
    """They helped: the ask becomes a favor received (a thank-you opens) and its need closes.

    \b
    Example:
      giveback ask granted 7 "Sent me her accountant's number" --kind lead
    """
    _settle(ctx, ask_id, "granted", day, what, kind, as_json)


@ask.command("declined")
@click.argument("ask_id", type=click.IntRange(1, MAX_ID))
@click.option("--no-answer", is_flag=True, help="They never answered (not a no).")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="When (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print the ask as JSON.")
@click.pass_context
def ask_declined(ctx: click.Context, ask_id: int, no_answer: bool, day: str | None,
                 as_json: bool) -> None:  # fmt: skip
    """They said no (or never answered): the ledger stays as it is, and they are not asked
    again soon.

    \b
    Example:
      giveback ask declined 7
      giveback ask declined 8 --no-answer
    """
    _settle(ctx, ask_id, "no_answer" if no_answer else "declined", day, "", None, as_json)


@ask.command("history")
@click.option("--contact", help="Only asks of this contact.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def ask_history_command(ctx: click.Context, contact: str | None, as_json: bool) -> None:
    """The asks you recorded, newest first, and how each went.

    \b
    Example:
      giveback ask history --contact "Ana Ruiz"
    """
    app = app_of(ctx)
    with app.session() as session:
        person = get_contact(session, contact) if contact else None
        made = [m.to_dict() for m in ask_history(session, person.id if person else None)]
    if as_json:
        emit_json(made)
        return
    if not made:
        click.echo("No asks recorded yet.")
        return
    rows = [[str(m["id"]), m["asked_on"], m["contact"], m["outcome"].replace("_", " "),
             render.shorten(m["what"], 60)] for m in made]  # fmt: skip
    for line in render.table(("id", "asked", "contact", "outcome", "for"), rows, align="rllll"):
        click.echo(line)

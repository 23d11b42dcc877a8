"""How `giveback ledger` prints the reciprocity ledger: all of it, or one contact's."""

from __future__ import annotations

from typing import Any

import click

from giveback.service.cli import render


def _window(data: dict[str, Any]) -> str:
    return f"the last {render.plural(data['window_days'], 'day')} (to {data['as_of']})"


def echo_ledger(data: dict[str, Any]) -> None:
    """The whole ledger as `giveback ledger` prints it: favors per contact over the window,
    who helped lately, the thank-yous not sent and the relationships past their cadence."""
    rows = [
        [
            b["contact"],
            f"{b['given']:.1f}",
            f"{b['received']:.1f}",
            b["leaning"],
            b["last_given"] or "-",
            b["last_received"] or "-",
        ]
        for b in data["balances"]
    ]
    if not rows and not data["not_thanked"] and not data["going_cold"]:
        click.echo(
            f"No favors recorded over {_window(data)}. Record one: "
            'giveback give --to NAME --kind advice "what"'
        )
        return
    if rows:
        click.echo(click.style(f"Favors over {_window(data)}", bold=True))
        for line in render.table(
            ("contact", "given", "received", "lately", "last given", "last received"),
            rows,
            align="lrrlll",
            max_widths=(28, 0, 0, 0, 0, 0),
        ):
            click.echo(f"  {line}")
    if data["helped_lately"]:
        click.echo()
        click.echo(
            click.style("Helped you lately; nothing given back since", bold=True)
            + " (they come first in `giveback next` when a give fits)"
        )
        for b in data["helped_lately"]:
            click.echo(f"  {b['contact']}  (last helped you {b['last_received']})")
    _echo_thanks(data["not_thanked"], with_name=True)
    if data["going_cold"]:
        click.echo()
        click.echo(click.style("Been a while", bold=True) + " (past the cadence you set)")
        for k in data["going_cold"]:
            last = f"last talked {k['last_touch']}" if k["last_touch"] else "nothing logged yet"
            click.echo(
                f"  {k['contact']}  ({k['tier'] or 'own cadence'}, every "
                f"{k['cadence_days']} days; {last})"
            )


def _echo_thanks(pending: list[dict[str, Any]], with_name: bool) -> None:
    if not pending:
        return
    click.echo()
    click.echo(click.style("Not thanked yet", bold=True))
    for t in pending:
        ref = f"#{t['entry_id']} " if t["entry_id"] else ""
        who = f"{t['contact']}: " if with_name else ""
        flag = f" --for {t['entry_id']}" if t["entry_id"] else ""
        click.echo(render.wrap(f"{who}{t['for']}", "      ", first=f"  {ref:<4}"))
        click.echo(f"        giveback thank {render.quoted(t['contact'])}{flag}")


def echo_contact_ledger(data: dict[str, Any]) -> None:
    """One contact's ledger as `giveback ledger NAME` prints it: the cadence, the balance,
    every favor either way, and the thank-yous not sent."""
    keep = data["keep_in_touch"]
    details = []
    if keep:
        details.append(f"{keep['tier'] or 'own cadence'}, every {keep['cadence_days']} days")
        details.append(
            f"last talked {keep['last_touch']}" if keep["last_touch"] else "nothing logged yet"
        )
    click.echo(render.contact_heading(data["contact"], details))
    balance = data["balance"]
    if balance is None:
        click.echo(f"  No favors either way over {_window(data)}.")
    else:
        click.echo(
            f"  Over {_window(data)}: given {balance['given']:.1f}, received "
            f"{balance['received']:.1f} ({balance['leaning']})."
        )
        if balance["helped_lately"]:
            click.echo(
                render.wrap(
                    "They helped you lately and nothing was given back since; "
                    "a give for them comes first in `giveback next` when one "
                    "fits.",
                    "  ",
                )
            )
    rows = [
        [f"#{e['id']}", e["date"], e["direction"], e["kind"], e["description"], _thank_state(e)]
        for e in data["entries"]
    ]
    if rows:
        click.echo()
        for line in render.table(
            ("id", "date", "", "kind", "what", "thank-you"), rows, max_widths=(0, 0, 0, 0, None, 0)
        ):
            click.echo(f"  {line}")
    _echo_thanks(data["not_thanked"], with_name=False)
    if keep and keep["due"]:
        click.echo()
        last = (
            f"You last talked on {keep['last_touch']}"
            if keep["last_touch"]
            else "No conversation logged yet"
        )
        click.echo(f"{last}; a check-in would be welcome.")


def _thank_state(entry: dict[str, Any]) -> str:
    if entry["direction"] != "received":
        return ""
    return f"sent {entry['thanked_on']}" if entry.get("thanked_on") else "not yet"

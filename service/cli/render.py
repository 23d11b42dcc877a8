"""Plain-text rendering of signals and contacts for the terminal (the CLI's look, in one place)."""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

import click

KIND_ORDER = ("need", "interest", "event", "commitment", "caution")
KIND_TITLES = {
    "need": "Needs",
    "interest": "Interests",
    "event": "Events",
    "commitment": "You promised",
    "caution": "Careful",
}
STATUS_COLORS = {"active": "green", "hedged": "yellow", "negated": "red", "resolved": "blue"}


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 3].rstrip() + "..."


def status_label(status: str) -> str:
    """The status, padded and coloured (colour is dropped when output is not a terminal)."""
    return click.style(f"{status:<8}", fg=STATUS_COLORS.get(status))


def signal_line(signal: dict[str, Any], *, show_date: bool = False) -> str:
    """One signal as a line: kind-less (callers group by kind), phrase, status, evidence."""
    phrase = signal["phrase"]
    if signal.get("about") == "third_party" and signal.get("who"):
        phrase = f"{phrase} ({signal['who']})"
    if signal.get("event_date"):
        phrase = f"{phrase}, {signal['event_date']}"
    when = f"{signal['note_date']}  " if show_date and signal.get("note_date") else ""
    evidence = shorten(signal["evidence"], 50)
    return f'{shorten(phrase, 34):<34} {status_label(signal["status"])} {when}"{evidence}"'


def grouped(signals: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Signals grouped by kind, in the order needs, interests, events, commitments."""
    groups: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KIND_ORDER}
    for signal in signals:
        groups.setdefault(signal["kind"], []).append(signal)
    return {kind: items for kind, items in groups.items() if items}


def echo_signals(
    signals: Sequence[dict[str, Any]], *, indent: str = "  ", show_date: bool = False
) -> None:
    """Print signals grouped by kind under a title each; says so when there are none."""
    if not signals:
        click.echo(f"{indent}(nothing heard)")
        return
    for kind, items in grouped(signals).items():
        click.echo(f"{indent}{click.style(KIND_TITLES.get(kind, kind), bold=True)}")
        for signal in items:
            click.echo(f"{indent}  {signal_line(signal, show_date=show_date)}")
            closed = signal.get("closed_by")
            if closed:
                click.echo(f"{indent}    {closed_line(closed, signal.get('id'))}")


def closed_line(closed: dict[str, Any], signal_id: Any = None) -> str:
    """``closed by: "the seed closed last week" (2026-03-03, met)`` and how to take it back."""
    how = closed["how"].replace("_", " ")
    undo = f"; wrong? giveback reopen {signal_id}" if signal_id is not None else ""
    return f'closed by: "{shorten(closed["evidence"], 60)}" ({closed["note_date"]}, {how}){undo}'


def contact_heading(name: str, details: Sequence[str]) -> str:
    """A contact's name in bold with its details in brackets."""
    extra = f"  [{', '.join(details)}]" if details else ""
    return click.style(name, bold=True) + extra


def quoted(name: str) -> str:
    """A name as it would be typed in a shell command."""
    return f'"{name}"' if " " in name or "'" in name else name


def plural(n: int, word: str) -> str:
    """``"1 note"``, ``"3 notes"``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def term_width(default: int = 100) -> int:
    """Columns to lay tables out in: the terminal's (60 to 160), or ``default`` when piped."""
    if not sys.stdout.isatty():
        return default
    return max(60, min(shutil.get_terminal_size((default, 24)).columns, 160))


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: str = "",
    max_widths: Sequence[int | None] = (),
    width: int | None = None,
) -> list[str]:
    """Lines of a plain-text table: a bold header row, then one line per row.

    ``align`` has one letter per column (``l`` or ``r``; left by default). A column's width is
    its widest cell, capped by ``max_widths`` (0: no cap); a column whose cap is ``None``
    takes what is left of ``width`` (the terminal's). Cells that do not fit are shortened
    with an ellipsis.
    """
    n = len(headers)
    caps = [*max_widths, *([0] * (n - len(max_widths)))]
    natural = [
        max([len(headers[i]), *(len(" ".join(r[i].split())) for r in rows)]) for i in range(n)
    ]
    widths = [min(natural[i], cap) if cap else natural[i] for i, cap in enumerate(caps)]
    flexible = [i for i, cap in enumerate(caps) if cap is None]
    if flexible:
        # Share what is left among the flexible columns; a narrow one gives its spare away.
        fixed = sum(w for i, w in enumerate(widths) if i not in flexible) + 2 * (n - 1)
        room = max(8 * len(flexible), (width or term_width()) - fixed)
        pending = sorted(flexible, key=lambda i: natural[i])
        while pending:
            share = room // len(pending)
            i = pending.pop(0)
            widths[i] = max(len(headers[i]), min(natural[i], share))
            room -= widths[i]

    def line(cells: Sequence[str], style: bool = False) -> str:
        parts = []
        for i, cell in enumerate(cells):
            text = shorten(cell, widths[i])
            parts.append(
                text.rjust(widths[i]) if align[i : i + 1] == "r" else text.ljust(widths[i])
            )
        joined = "  ".join(parts).rstrip()
        return click.style(joined, bold=True) if style else joined

    return [line(headers, style=True), *(line(r) for r in rows)]


def wrap(text: str, indent: str, width: int | None = None, first: str | None = None) -> str:
    """``text`` wrapped to the terminal width, every line indented (the first by ``first``)."""
    return textwrap.fill(
        " ".join(text.split()),
        width=width or term_width(),
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_on_hyphens=False,
    )


GIVE_TYPE_LABELS = {
    "contact": "intro",
    "article": "article",
    "offer": "offer",
    "promise": "promise",
}


def give_type(item_type: str) -> str:
    """How a give's type reads in a table: an introduction, an article or an offer."""
    return GIVE_TYPE_LABELS.get(item_type, item_type)


def echo_give_details(give: dict[str, Any], indent: str) -> None:
    """The reason and the drafted message of a give, wrapped under labels."""
    pad = indent + " " * 7
    click.echo(wrap(_why(give), pad, first=f"{indent}why    "))
    click.echo(wrap(give["draft"], pad, first=f"{indent}draft  "))


def echo_suggestions(gives: Sequence[dict[str, Any]]) -> None:
    """Ranked gives grouped by contact: title, type and score, then reason and draft."""
    contact = None
    rank = 0
    for give in gives:
        if give["contact"] != contact:
            if contact is not None:
                click.echo()
            contact, rank = give["contact"], 0
            click.echo(click.style(contact, bold=True))
        rank += 1
        click.echo(
            f"  {rank}. {give['title']}  ({give_type(give['type'])}, score {give['score']:.2f})"
        )
        echo_give_details(give, "     ")
        if give.get("url") and give["url"] not in give["draft"]:
            click.echo(f"     url    {give['url']}")


def _why(give: dict[str, Any]) -> str:
    """The reason for a give, after what the ledger says about the relationship, if anything."""
    nudge = give.get("nudge")
    return f"{nudge} {give['reason']}" if nudge else give["reason"]


def echo_next(gives: Sequence[dict[str, Any]], *, details: bool = False) -> None:
    """One give per relationship as a table; with ``details``, reason and draft under each."""
    if not details:
        rows = [[g["contact"], g["title"], give_type(g["type"]), _why(g)] for g in gives]
        for line in table(("contact", "give", "type", "why"), rows, max_widths=(22, 30, 0, None)):
            click.echo(line)
        return
    rows = [[g["contact"], g["title"], give_type(g["type"]), f"{g['score']:.2f}"] for g in gives]
    header, *lines = table(
        ("contact", "give", "type", "score"), rows, align="lllr", max_widths=(24, None, 0, 0)
    )
    click.echo(header)
    for line, give in zip(lines, gives, strict=True):
        click.echo(line)
        echo_give_details(give, "    ")

"""Plain-text rendering of signals and contacts for the terminal (the CLI's look, in one place)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import click

KIND_ORDER = ("need", "interest", "event", "commitment")
KIND_TITLES = {
    "need": "Needs",
    "interest": "Interests",
    "event": "Events",
    "commitment": "You promised",
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


def contact_heading(name: str, details: Sequence[str]) -> str:
    """A contact's name in bold with its details in brackets."""
    extra = f"  [{', '.join(details)}]" if details else ""
    return click.style(name, bold=True) + extra


def plural(n: int, word: str) -> str:
    """``"1 note"``, ``"3 notes"``."""
    return f"{n} {word}{'' if n == 1 else 's'}"

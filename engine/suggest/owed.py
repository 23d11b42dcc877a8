"""Promises that a later note says are still owed: they count from that note.

Months after "I offered to look at her onboarding screens", a note that says "TestFlight for
onboarding arrived, I haven't looked yet (!)" says the promise stands, and the user knows it.
Read from its own note alone, the promise would have faded (a promise's half-life is four
months) and lost its place before the other gives; counted from the later note, it is as fresh
as that note, and its reason quotes it. The listener reads the same clause the same way: it
closes nothing (``pipelines/learned/closure/pending.py``). A promise a note was read as keeping
is open again when a note after that one says it is still owed: the later word wins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from giveback.engine.suggest.queries import sentences
from giveback.engine.suggest.standing import OPEN_STATUSES, Dated
from giveback.pipelines.learned.closure.pending import overtaken, owes


@dataclass(frozen=True, slots=True)
class StillOwed:
    """A later note's sentence that says a promise is still owed, and that note's date."""

    on: date
    said: str


def still_owed(
    phrase: str, evidence: str, made_on: date, notes: Sequence[tuple[date, str]]
) -> StillOwed | None:
    """The latest sentence of ``notes`` (date, text), written after the promise was made on
    ``made_on``, that says the promise (its ``phrase`` and ``evidence``) is still owed."""
    promised = f"{phrase} {evidence}"
    for note_date, text in sorted(notes, key=lambda n: n[0], reverse=True):
        if note_date <= made_on:
            break
        # "Never did send her the explainer; she got what she needed from comms" owes nothing.
        said = next(
            (s for s in reversed(sentences(text)) if owes(s, promised) and not overtaken(s)),
            None,
        )
        if said is not None:
            return StillOwed(note_date, said)
    return None


def closed_by_a_note(closed: list[Dated], closer_of: Mapping[int, date | None]) -> list[Dated]:
    """The promises among ``closed`` that a later note closed (not their own status)."""
    return [
        (row, d)
        for row, d in closed
        if row.kind == "commitment" and row.status in OPEN_STATUSES and closer_of.get(row.id)
    ]


def reopened(
    open_: list[Dated],
    closed: list[Dated],
    owed: Mapping[int, StillOwed],
    closer_of: Mapping[int, date | None],
) -> tuple[list[Dated], list[Dated]]:
    """Open and closed signals, with a promise a note closed open again when a note after
    that one says it is still owed: "still waiting for that certificate link from me", weeks
    after a note read as keeping it, is the later word."""
    back = {
        row.id
        for row, _ in closed
        if row.id in owed and (closer := closer_of.get(row.id)) is not None
        and owed[row.id].on > closer
    }  # fmt: skip
    if not back:
        return open_, closed
    return (
        [*open_, *((row, d) for row, d in closed if row.id in back)],
        [(row, d) for row, d in closed if row.id not in back],
    )

"""Which of a contact's open signals a new note closes, and by which of its clauses.

The closure model scores every (open signal, clause) pair; these rules decide with it: a
clause that says a promise is still owed closes nothing of it, nor does its note; one that says
a promise need not be kept closes it as moot or declined; thanks for what was promised close it
as done; a plan said to be put off or called off, by a word of it, ends so; a clause's far
weaker second closure that names nothing of what it closes is dropped; and two readings of one
clause by the same name close together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from giveback.core.domain import ClosedHow, Closure, OpenSignal, SignalKind
from giveback.pipelines.learned.clause import Clause
from giveback.pipelines.learned.closure.called_off import plans_called_off
from giveback.pipelines.learned.closure.model import (
    ClosureModel,
    PairExample,
    still_open,
    still_owed,
)
from giveback.pipelines.learned.closure.pending import (
    content_words,
    lets_off,
    overtaken,
)
from giveback.pipelines.learned.closure.thanks import thanks_for


def sentence_of(text: str, clause: Clause) -> str:
    """The sentence (or line) of a note's text a clause sits in."""
    start = max(text.rfind(end, 0, clause.start) for end in ".!?\n") + 1
    ends = [at for end in ".!?\n" if (at := text.find(end, clause.end)) >= 0]
    return text[start : min(ends) + 1 if ends else len(text)].strip()


def line_after(text: str, clause: Clause) -> str:
    """The line of a note's text after the one a clause ends on (the next turn of a chat)."""
    at = text.find("\n", clause.end)
    return "" if at < 0 else text[at + 1 :].split("\n", 1)[0]


def _overtaken_or_owed(
    clauses: Sequence[Clause], pairs: Sequence[PairExample], text: str
) -> tuple[set[int], dict[int, tuple[int, str]]]:
    """The open signals (by position) a note says are still owed, which it closes nowhere;
    and those its sentence says need not be kept, closed there with how ("Never did send
    her that explainer; she got what she needed from comms")."""
    owed: set[int] = set()
    ended: dict[int, tuple[int, str]] = {}
    for n, pair in enumerate(pairs):
        if still_owed(pair):
            s, c = divmod(n, len(clauses))
            how = overtaken(sentence_of(text, clauses[c])) if text else None
            if how is None and text and lets_off(line_after(text, clauses[c])):
                how = "declined"  # "Never got round to Brid, sorry" / "Eoin: All good haha"
            if how is not None:
                ended.setdefault(s, (c, how))
            owed.add(s)
    return owed | _owed_unnamed(clauses, pairs), ended


# The user saying they have not yet done what they point back to: "I still haven't made that
# connection", "because I haven't introduced them" (not "I haven't heard back about my own
# application", "I haven't booked the venue for the party yet": things of their own, named).
_USER_OWES = re.compile(
    r"\bI\s+(?:still\s+)?(?:haven['’]t|have\s+not|hadn['’]t|never)\s+(?:yet\s+)?(?:actually\s+)?"
    r"[a-z]+(?:ed|en|t|de|ne)\s+(?:that|it|them|him|her|this|those)\b"
)


def _owed_unnamed(clauses: Sequence[Clause], pairs: Sequence[PairExample]) -> set[int]:
    """The contact's one open promise, when a clause says the user has not yet done what it
    points back to, naming no open matter ("I still haven't made that connection"
    beside "he's found a tutor", which the model read as the introduction done)."""
    if not clauses:
        return set()
    signals = len(pairs) // len(clauses)
    promises = [s for s in range(signals) if pairs[s * len(clauses)].kind == "commitment"]
    if len(promises) != 1:
        return set()
    named = set().union(
        *(content_words(f"{pairs[s * len(clauses)].phrase} {pairs[s * len(clauses)].evidence}")
          for s in range(signals))
    )  # fmt: skip
    for clause in clauses:
        if _USER_OWES.search(clause.text) and not {
            w for w in content_words(clause.text) & named if "'" not in w
        }:
            return {promises[0]}
    return set()


def _thanked(
    open_signals: Sequence[OpenSignal], clauses: Sequence[Clause], skip: set[int]
) -> dict[int, tuple[int, str]]:
    """The promises (by position, none of ``skip``) a clause thanks the user for by a word of
    them, closed there as done ("Thanked me for the statement edits" of "I'll read her
    personal statement"), however the model scores them."""
    found: dict[int, tuple[int, str]] = {}
    for s, signal in enumerate(open_signals):
        if signal.kind is not SignalKind.COMMITMENT or s in skip:
            continue
        promised = f"{signal.phrase} {signal.evidence}"
        thanked = next(
            (c for c, clause in enumerate(clauses)
             if not clause.question and thanks_for(clause.text, promised)),
            None,
        )  # fmt: skip
        if thanked is not None:
            found[s] = (thanked, ClosedHow.DONE_BY_USER.value)
    return found


# How far below a clause's surest closure another of its closures may score and stand with no
# word in common with what it closes.
SECOND_CLOSURE_MARGIN = 0.15


def _one_matter_each(
    chosen: list[tuple[int, int]],
    scores: np.ndarray,
    open_signals: Sequence[OpenSignal],
    clauses: Sequence[Clause],
) -> list[tuple[int, int]]:
    """The closures chosen, without a clause's far weaker second one that names nothing of
    what it closes: "Mark said the seed closed last week" closes the seed round (0.997), not
    the tent as well (0.801)."""
    best: dict[int, float] = {}
    for s, c in chosen:
        best[c] = max(best.get(c, 0.0), float(scores[s, c]))
    return [
        (s, c)
        for s, c in chosen
        if scores[s, c] >= best[c] - SECOND_CLOSURE_MARGIN
        or content_words(f"{open_signals[s].phrase} {open_signals[s].evidence}")
        & content_words(clauses[c].text)
    ]


def decide_closures(
    model: ClosureModel,
    open_signals: Sequence[OpenSignal],
    clauses: Sequence[Clause],
    pairs: Sequence[PairExample],
    text: str = "",
) -> tuple[list[Closure], set[int]]:
    """For each open signal, the clause that closes it (the best above the threshold), if any;
    and the ids of the open signals the note says are still owed or still open, which nothing
    else may close.
    ``text`` is the note's, whose sentences say more than a clause alone."""
    if not pairs:
        return [], set()
    scores = model.scores(pairs).reshape(len(open_signals), len(clauses))
    owed, exact = _overtaken_or_owed(clauses, pairs, text)
    # "Tutor still a bust": a need said to be still open is no more closed by a denial
    held = owed | {n // len(clauses) for n, pair in enumerate(pairs) if still_open(pair)}
    chosen = _one_matter_each(
        [
            (s, int(scores[s].argmax()))
            for s in range(len(open_signals))
            if scores[s].max() >= model.threshold and s not in owed
        ],
        scores,
        open_signals,
        clauses,
    )
    exact |= _thanked(open_signals, clauses, owed | exact.keys() | {s for s, _ in chosen})
    exact |= plans_called_off(open_signals, clauses, held | exact.keys() | {s for s, _ in chosen})
    hows = model.how_of([pairs[s * len(clauses) + c] for s, c in chosen])
    ruled = [
        Closure(open_signals[s].id, clauses[c].start, clauses[c].end, clauses[c].text,
                ClosedHow(how), 1.0)
        for s, (c, how) in sorted(exact.items())
    ]  # fmt: skip
    modelled = [
        Closure(
            open_signals[s].id,
            clauses[c].start,
            clauses[c].end,
            clauses[c].text,
            ClosedHow(how),
            float(scores[s, c]),
        )
        for (s, c), how in zip(chosen, hows, strict=True)
    ]
    return ruled + modelled, {open_signals[s].id for s in held}


_TOPICAL = (SignalKind.NEED, SignalKind.EVENT, SignalKind.INTEREST)


def closed_together(
    open_signals: Sequence[OpenSignal], closures: Sequence[Closure]
) -> list[Closure]:
    """The open signals a note closes along with another reading of the same words by the
    same name: "She's planning a big Christmas market" heard as a need and as an event, both
    named "Christmas market", ends with "no Christmas market this year" however the model
    scores the event. Readings named otherwise stay apart: the interest "running" is not met
    by the "running buddy" found, nor the move to Lisbon by the removals firm booked."""
    closed = {c.signal_id: c for c in closures}
    by_id = {s.id: s for s in open_signals}
    found = []
    for signal in open_signals:
        if signal.id in closed or signal.kind not in _TOPICAL:
            continue
        twin = next(
            (c for sid, c in closed.items()
             if (other := by_id.get(sid)) is not None
             and other.kind in _TOPICAL
             and other.evidence == signal.evidence
             and other.note_date == signal.note_date
             and content_words(other.phrase) == content_words(signal.phrase)),
            None,
        )  # fmt: skip
        if twin is not None:
            found.append(replace(twin, signal_id=signal.id))
    return found

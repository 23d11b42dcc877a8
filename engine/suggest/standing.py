"""Where each signal and each give stands: open or closed as of a date, and shown or not.

A relationship's signals are split into the open ones, which call for gives, and the closed
ones, whose look-alikes the ranker drops. Its gives are then shown in one order: the recent
promises first, then best first. Pure: no database and no models.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from giveback.core.tables import SignalRow
from giveback.engine.suggest.deadlines import past_deadline
from giveback.engine.suggest.promise_said import reads_back
from giveback.engine.suggest.suggestion import Suggestion
from giveback.engine.suggest.values import Candidate, RankPolicy, TurnedDown, promised_first

OPEN_STATUSES = ("active", "hedged")
# An event this long past is over (its gives are stale); one this far ahead is not yet near.
EVENT_OVER_DAYS = 45
EVENT_NEAR_DAYS = 180

Dated = tuple[SignalRow, date]


def split_signals(
    signals: Sequence[tuple[SignalRow, date, date | None]],
    as_of: date,
    before: Mapping[int, str] | None = None,
) -> tuple[list[Dated], list[Dated]]:
    """Open and closed signals, as of a date, each with its note's date.

    A signal is closed by its own status (negated, resolved) or by a later note that closed
    it on or before ``as_of`` (the listener's decision, stored with the signal). Cautions
    are never gives: they go with the closed signals, whose look-alikes the ranker drops.
    A signal that only restates a closure is left out: the signal it closed stands for it.
    ``before``: by signal id, the turn before it, where a promise that leaves what it promises
    to that turn may find its deadline ("mock auditions before August?" / "let me look at the
    calendar").
    """
    open_: list[Dated] = []
    closed: list[Dated] = []
    for row, note_date, closed_on in signals:
        if row.restates_closure:
            # A closing sentence heard as the need it met ("got the estimator job!!"): the
            # closed signal stands for it, and is already among the closed ones. Read as a
            # closed need of its own, its good news would rule out the gives it calls for.
            continue
        if row.about == "user" and row.kind not in ("commitment", "caution"):
            continue  # the user's own needs are not gives to this contact
        if (
            row.kind == "caution"
            or row.status not in OPEN_STATUSES
            or (closed_on is not None and closed_on <= as_of)
        ):
            closed.append((row, note_date))
            continue
        if row.kind in ("need", "commitment") and past_deadline(row.evidence, note_date, as_of):
            closed.append((row, note_date))  # its deadline has passed: done or missed, it is over
            continue
        asked = (before or {}).get(row.id, "")
        if (
            row.kind == "commitment"
            and asked
            and reads_back(row.evidence, asked)
            and past_deadline(asked, note_date, as_of)
        ):
            closed.append((row, note_date))
            continue
        if row.kind == "event" and row.event_date is not None:
            if row.event_date < as_of - timedelta(days=EVENT_OVER_DAYS):
                closed.append((row, note_date))  # it happened: its gives are stale now
                continue
            if row.event_date > as_of + timedelta(days=EVENT_NEAR_DAYS):
                continue
        open_.append((row, note_date))
    return open_, closed


def _promised_first(give: Suggestion, as_of: date, policy: RankPolicy) -> bool:
    return promised_first(give.signal_kind, give.since or give.note_date, as_of, policy)


def shown_order(
    gives: Sequence[Suggestion], as_of: date, policy: RankPolicy, limit: int
) -> list[Suggestion]:
    """The gives shown, in order: recent promises first (their reasons open "You promised
    ..."), then best first, so the order is the scores' order after them. (Diversity chose
    which gives were ranked; it does not reorder them against their scores.)"""
    ordered = sorted(
        gives,
        key=lambda g: (not _promised_first(g, as_of, policy), -g.score),
    )
    return ordered[:limit]


def not_shown(
    found: Sequence[Candidate], shown: Sequence[Suggestion], as_of: date, policy: RankPolicy
) -> list[TurnedDown]:
    """The gives found and not shown, each with why: outranked by the gives shown, or by the
    promises shown before them."""
    ids = {g.item_id for g in shown}
    promised = sum(_promised_first(g, as_of, policy) for g in shown)
    ranked = len(shown) - promised
    if ranked and promised:
        why = f"below the {ranked} shown, after {promised} promised"
    elif promised:
        why = f"after the {promised} promised, which come first"
    else:
        why = f"below the {ranked} shown"
    return [
        TurnedDown(c.item, c.signal, c.score, f"outranked: {c.score:.2f}, {why}")
        for c in found
        if c.item.external_id not in ids
    ]

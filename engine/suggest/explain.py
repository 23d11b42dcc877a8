"""Why not: the gives found for a contact and turned down, each with the rule that did it.

An empty slot is better than a weak give, so the ranker turns many down; ``giveback suggest
--explain`` shows which, and why: too weak a match, closer to a need that is over, ruled out by
a caution, already given, not what a promise names, or outranked by the gives shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from giveback.engine.suggest.suggester import Suggester, Suggestion
from giveback.engine.suggest.values import TurnedDown


@dataclass(frozen=True, slots=True)
class Explanation:
    """A contact's gives, and the ones turned down for them."""

    shown: tuple[Suggestion, ...]
    turned_down: tuple[TurnedDown, ...]


def explain(suggester: Suggester, as_of: date, contact_id: int, limit: int = 5) -> Explanation:
    """A contact's gives and those turned down for them, each item once with its
    best-scored reason, the best first."""
    found: dict[int, list[TurnedDown]] = {}
    shown = suggester.suggest(as_of, [contact_id], limit, turned_down=found)
    keys = {s.item_id for s in shown}
    best: dict[str, TurnedDown] = {}
    for down in sorted(found.get(contact_id, []), key=lambda d: -d.score):
        if down.item.external_id not in keys:
            best.setdefault(down.item.external_id, down)
    return Explanation(tuple(shown), tuple(best.values()))

"""Recent promises kept come before the gives ranked on their scores (pure, no models)."""

from __future__ import annotations

from datetime import date

import numpy as np

from giveback.engine.catalog.index import RankItem
from giveback.engine.suggest.ranking import (
    Candidate,
    RankPolicy,
    RankSignal,
    Relationship,
    finish_ranking,
)
from giveback.engine.suggest.values import promised_first

AS_OF = date(2026, 6, 1)
POLICY = RankPolicy()


def _signal(kind: str, row: int) -> RankSignal:
    return RankSignal(row, kind, f"p{row}", "e", "active", "contact", None, date(2026, 5, 1), row)


def test_a_promise_is_first_for_as_many_days_as_the_policy_says() -> None:
    days = POLICY.promise_first_days
    assert promised_first("commitment", date(2026, 1, 1), date(2026, 1, 1), POLICY)
    made = date(2026, 1, 1)
    assert promised_first("commitment", made, date.fromordinal(made.toordinal() + days), POLICY)
    assert not promised_first(
        "commitment", made, date.fromordinal(made.toordinal() + days + 1), POLICY
    )
    assert not promised_first("need", AS_OF, AS_OF, POLICY)


def test_the_promise_is_shown_first_as_scored_and_a_give_like_it_is_scored_down() -> None:
    items = [RankItem(i, f"x{i}", "article", f"t{i}", "", None, None) for i in range(3)]
    # Item 1 is the promised one; item 0, much like it, scores higher on a need; item 2 is apart.
    item_vecs = np.array([[1.0, 0.0], [0.96, 0.28], [0.0, 1.0]], dtype=np.float32)
    found = {
        0: Candidate(items[0], _signal("need", 0), 0.7, 0.7),
        1: Candidate(items[1], _signal("commitment", 1), 0.2, 0.2, first=True),
        2: Candidate(items[2], _signal("need", 2), 0.5, 0.5),
    }
    rel = Relationship(7, "Ana", tuple(c.signal for c in found.values()))
    shown = finish_ranking(rel, found, item_vecs, item_vecs, POLICY, None, 3)
    assert [c.item.index for c in shown] == [1, 2, 0]
    assert shown[0].score == 0.2 and shown[0].like is None  # a promise is kept as it is
    assert shown[2].like == items[1] and shown[2].score < 0.5  # like the promise shown above
    # With no promise among them, the order is the scores'.
    plain = {k: c for k, c in found.items() if not c.first}
    assert [c.item.index for c in finish_ranking(rel, plain, item_vecs, item_vecs, POLICY)] == [
        0,
        2,
    ]

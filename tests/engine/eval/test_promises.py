"""The promise measure of the suggestion eval: the right item, or honestly none."""

from __future__ import annotations

from datetime import date

import pytest

from giveback.engine.eval.gold import GoldContact, GoldPromise
from giveback.engine.eval.suggest import promises_kept
from giveback.engine.suggest.suggester import Suggestion

DAY = date(2026, 11, 20)


def _give(item: str, evidence: str, kind: str = "commitment") -> Suggestion:
    return Suggestion("Maria", 1, item, "article", item, None, 0.5, "", evidence, DAY, "", kind)


def _gold(*promises: GoldPromise) -> list[GoldContact]:
    return [GoldContact("Maria", DAY, (), frozenset(), promises)]


PRIMER = GoldPromise("send her the term sheet primer", "art-primer")
GRANTS = GoldPromise("ask around for grant writers", None)


@pytest.mark.parametrize(
    ("gives", "expected"),
    [
        ([_give("art-primer", "I'll send her the term sheet primer.")], 1.0),
        ([_give("art-deck", "I'll send her the term sheet primer.")], 0.0),
        ([], 0.0),  # the promise was never offered
        # a give drawn from another signal does not count for the promise
        ([_give("art-primer", "She is raising a seed.", kind="need")], 0.0),
        # the first give drawn from the promise is the one judged
        ([_give("art-deck", "send her the term sheet primer"),
          _give("art-primer", "send her the term sheet primer")], 0.0),
    ],
)  # fmt: skip
def test_a_promise_with_an_item_is_kept_by_that_item(
    gives: list[Suggestion], expected: float
) -> None:
    assert promises_kept({"Maria": gives}, _gold(PRIMER)) == expected


def test_a_promise_nothing_keeps_is_right_when_nothing_is_offered_for_it() -> None:
    unrelated = _give("art-grant-wood", "I said I'd ask around for grant writers")
    assert promises_kept({"Maria": []}, _gold(GRANTS)) == 1.0
    assert promises_kept({"Maria": [unrelated]}, _gold(GRANTS)) == 0.0
    both = _gold(PRIMER, GRANTS)
    assert promises_kept({"Maria": [_give("art-primer", "term sheet primer")]}, both) == 1.0


def test_without_labeled_promises_there_is_no_measure() -> None:
    assert promises_kept({"Maria": []}, _gold()) is None

"""Reading the other side of an introduction only for people who can change the ranking."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from giveback.engine.catalog.index import RankItem
from giveback.engine.catalog.retrieval import Hit
from giveback.engine.suggest.ranking import (
    RankPolicy,
    RankSignal,
    Relationship,
    candidates,
    finish_ranking,
    intro_reach,
    rank_relationship,
)

AS_OF = date(2026, 6, 1)


# The ranked relationship, the catalog, the hits per signal row, the item and query vectors,
# and the other side of every person in the catalog.
World = tuple[
    Relationship,
    list[RankItem],
    dict[int, list[Hit]],
    np.ndarray,
    np.ndarray,
    dict[int, Relationship],
]


def _world(seed: int, n_items: int = 120, dims: int = 12) -> World:
    rng = np.random.default_rng(seed)
    item_vecs = rng.normal(size=(n_items, dims)).astype(np.float32)
    item_vecs /= np.linalg.norm(item_vecs, axis=1, keepdims=True)
    # Every third item is a person in the network (contact ids 1000 + index).
    items = [
        RankItem(
            i,
            f"x{i}",
            "contact" if i % 3 == 0 else "article",
            f"t{i}",
            "",
            None,
            1000 + i if i % 3 == 0 else None,
        )
        for i in range(n_items)
    ]
    # The ranked contact is item 1 of the catalog: people whose needs match it gain a bonus.
    signals = tuple(
        RankSignal(k, "need", f"p{k}", "e", "active", "contact", None, date(2026, 5, 1), k)
        for k in range(4)
    )
    rel = Relationship(7, "Ana", signals, catalog_index=1)
    hits = {}
    for sig in signals:
        picked = rng.choice(n_items, size=40, replace=False)
        scores = np.sort(rng.uniform(0.3, 0.9, size=40))[::-1]
        hits[sig.row] = [
            Hit(int(i), float(s), 0.0, float(s)) for i, s in zip(picked, scores, strict=True)
        ]
    # The other side: each person has one need, like or unlike Ana's catalog entry.
    query_vecs = [rng.normal(size=dims).astype(np.float32) for _ in signals]
    intro_side = {}
    for item in items:
        if item.contact_id is None:
            continue
        like = rng.random() < 0.5
        vec = item_vecs[1] + (0.2 if like else 3.0) * rng.normal(size=dims).astype(np.float32)
        query_vecs.append(vec / np.linalg.norm(vec))
        need = RankSignal(
            item.contact_id,
            "need",
            "n",
            "e",
            "active",
            "contact",
            None,
            date(2026, 5, 1),
            len(query_vecs) - 1,
        )
        intro_side[item.contact_id] = Relationship(
            item.contact_id, f"P{item.index}", (need,), catalog_index=item.index
        )
    return rel, items, hits, item_vecs, np.vstack(query_vecs).astype(np.float32), intro_side


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("limit", [1, 3, 5])
def test_reading_only_the_people_in_reach_ranks_exactly_as_reading_everyone(
    seed: int, limit: int
) -> None:
    rel, items, hits, item_vecs, query_vecs, intro_side = _world(seed)
    policy = RankPolicy()
    everyone = rank_relationship(
        rel, items, hits, item_vecs, query_vecs, AS_OF, policy, intro_side, limit
    )
    found = candidates(rel, items, hits, item_vecs, query_vecs, AS_OF, policy)
    reach = intro_reach(rel, found, policy, limit)
    assert reach < {r for r in intro_side}  # some people are never read
    only = finish_ranking(
        rel, found, item_vecs, query_vecs, policy, {p: intro_side[p] for p in reach}, limit
    )
    assert [(c.item.index, c.score, c.other_side) for c in only] == [
        (c.item.index, c.score, c.other_side) for c in everyone
    ]


def test_a_person_just_under_the_pool_is_in_reach_and_the_bonus_lifts_them() -> None:
    rel, items, hits, item_vecs, query_vecs, _ = _world(3)
    policy = RankPolicy(intro_bonus=0.3, redundancy_weight=0.0)
    found = candidates(rel, items, hits, item_vecs, query_vecs, AS_OF, policy)
    ranked = sorted(found.values(), key=lambda c: -c.score)
    pool = max(1 * 6, 20)
    below = [
        c
        for c in ranked[pool:]
        if c.item.type == "contact" and c.score + policy.intro_bonus >= ranked[pool - 1].score
    ]
    assert below, "the world should have a person just under the pool"
    reach = intro_reach(rel, found, policy, 1)
    assert all(c.item.contact_id in reach for c in below)
    floor = ranked[pool - 1].score
    assert all(
        c.item.contact_id not in reach
        for c in ranked
        if c.item.type == "contact" and c.score + policy.intro_bonus < floor
    )


def test_nobody_is_in_reach_for_a_contact_outside_the_catalog() -> None:
    rel, items, hits, item_vecs, query_vecs, _ = _world(1)
    outside = Relationship(rel.contact_id, rel.name, rel.open_signals)
    found = candidates(outside, items, hits, item_vecs, query_vecs, AS_OF, RankPolicy())
    assert found and intro_reach(outside, found, RankPolicy(), 5) == set()

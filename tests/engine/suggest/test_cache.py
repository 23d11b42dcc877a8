"""Rankings are reused while the store is unchanged, and only then."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from giveback.core.db import open_store
from giveback.engine.contacts.store import find_or_create_contact
from giveback.engine.suggest.cache import RankingCache


def test_a_ranking_is_computed_once_per_state_of_the_store(tmp_path: Path) -> None:
    sessions = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    cache = RankingCache()
    calls: list[int] = []

    def rank() -> list[str]:
        calls.append(1)
        return [f"ranking {len(calls)}"]

    with sessions() as session:
        first = cache.get_or_compute(session, ("next", 1), rank)
        assert cache.get_or_compute(session, ("next", 1), rank) is first
        assert len(calls) == 1
        cache.get_or_compute(session, ("next", 2), rank)  # asked otherwise: ranked again
        assert len(calls) == 2
    # A write by anyone else (another session, process or worker) is seen: ranked again.
    with sessions() as other:
        find_or_create_contact(other, "Ann Lee")
        other.commit()
    with sessions() as session:
        assert cache.get_or_compute(session, ("next", 1), rank) == ["ranking 3"]
        assert cache.get_or_compute(session, ("next", 1), rank) == ["ranking 3"]
    assert len(calls) == 3


def test_stores_do_not_share_rankings_and_old_ones_are_let_go(tmp_path: Path) -> None:
    cache = RankingCache(size=2)
    stores = [open_store(f"sqlite:///{tmp_path / f'{n}.db'}") for n in "abc"]
    for name, sessions in zip("abc", stores, strict=True):
        with sessions() as session:
            assert cache.get_or_compute(session, "next", partial(str, name)) == name
    with stores[0]() as session:  # the least recently used went first
        assert cache.get_or_compute(session, "next", lambda: "again") == "again"
    with stores[2]() as session:
        assert cache.get_or_compute(session, "next", lambda: "again") == "c"

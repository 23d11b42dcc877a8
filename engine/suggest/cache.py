"""Each user's rankings, computed once per state of their store and reused until it changes.

Ranking every relationship costs a tenth of a second and more; asking again for the same
answer costs nothing if the store has not changed. Whether it has is one number: the store's
revision, which the database bumps on every write that can change a ranking, whoever writes
(triggers, migration 0006). A ranking is kept under the store, its revision and whatever else
it was asked with (the day), so a write anywhere, by any process, makes the next
request rank again; nothing has to remember to invalidate.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.postgres import store_key
from giveback.core.tables import StoreRevision

T = TypeVar("T")


def store_revision(session: Session) -> int | None:
    """The store's revision (``None`` for a store without one: nothing is reused)."""
    return session.execute(select(StoreRevision.value).where(StoreRevision.id == 1)).scalar()


class RankingCache:
    """The most recently used rankings, a bounded number of them, safe across threads."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        """The ranking kept for ``key`` at the store's current revision, else ``compute()``'s.

        The revision is read before the ranking reads anything, so what is kept under a
        revision reflects the store at that revision or later, never earlier; a write that
        lands meanwhile has bumped the revision, and the next request ranks again.
        """
        revision = store_revision(session)
        if revision is None:
            return compute()
        full = (store_key(session.get_bind().engine), revision, key)
        with self._lock:
            if full in self._kept:
                self._kept.move_to_end(full)
                kept: T = self._kept[full]
                return kept
        value = compute()
        with self._lock:
            self._kept[full] = value
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return value

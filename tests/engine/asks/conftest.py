"""The asking tests' store: the small network of :mod:`tests.support.asks`."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.support.asks import seed_asks
from tests.support.fakes import FakeListener


@pytest.fixture
def store(session: Session, fake: FakeListener) -> Session:
    """A store holding the asking network."""
    return seed_asks(session, fake)

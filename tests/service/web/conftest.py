"""The web page tests' service: the real app on a temporary home, with users ann and bob."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.web import Service, service


@pytest.fixture
def svc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listener: Any, embedder: Any
) -> Iterator[Service]:
    """The service with two users, ann and bob."""
    with service(tmp_path, monkeypatch, listener, embedder) as made:
        yield made

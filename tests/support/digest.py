"""A small network for the digest tests, and a registry of users who each have a copy of it.

Notes go through the scripted listener (so each test states what was heard); the catalog,
ranking, ledger, thank-yous, cadence and challenge are the real thing. As of ``AS_OF`` the
store holds: gives for Tom and Ann (pandas) and Maria (a promised checklist), a thank-you
owed to Ann, Ode going cold (close tier, nothing fits him), promises in every state (open,
repeated, too old, fulfilled by a give, closed by a later note), a three-day streak, and
user text with markup in it (``<script>``, ``&``) in a contact's name and a promise.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from giveback.core.domain import CatalogRecord, ItemType
from giveback.core.tables import DailyAct, utcnow
from giveback.engine.catalog.store import ImportSummary, upsert_records
from giveback.engine.contacts.store import get_contact
from giveback.engine.ledger.cadence import set_tier
from giveback.engine.ledger.favors import record_favor
from giveback.engine.listening.notes import add_note
from tests.support.fakes import FakeListener

if TYPE_CHECKING:
    from giveback.core.settings import Settings

D = date
AS_OF = D(2026, 4, 1)
# Wednesday 1 April 2026, 10:00 UTC: a Monday-08:00 user in any European zone is due.
NOW = datetime(2026, 4, 1, 10, 0, tzinfo=UTC)
EVIL = "Rob <script>alert('x')</script> & Sons"
PANDAS = "[need:learn pandas for data analysis]"

CATALOG = [
    CatalogRecord(
        "art-pandas-book",
        ItemType.ARTICLE,
        "Python for data analysis with pandas",
        "A book on pandas for analysts who live in Excel: loading, merging, reshaping.",
        url="https://example.org/pandas-book",
    ),
    CatalogRecord(
        "art-pandas-cheatsheet",
        ItemType.ARTICLE,
        "Pandas cheat sheet for Excel users & <i>analysts</i>",
        "Every Excel operation and its pandas equivalent: merges, pivots, group by.",
        url="javascript:alert(document.cookie)",
    ),
    CatalogRecord(
        "off-pairing",
        ItemType.OFFER,
        "An hour of pair programming on your notebook",
        "I sit with you on your Python notebook and we debug it together.",
    ),
    CatalogRecord(
        "art-marathon",
        ItemType.ARTICLE,
        "Marathon training plan: 16 weeks",
        "A week-by-week plan to build mileage for your first marathon.",
        url="https://example.org/marathon",
    ),
    CatalogRecord(
        "off-deck-checklist",
        ItemType.OFFER,
        "My pitch-deck checklist",
        "The checklist I use to review a seed pitch deck before a fundraise: story, "
        "traction slide, the ask.",
    ),
]

NOTES: list[tuple[str, date, str]] = [
    ("Tom Becker", D(2026, 3, 1), f"Call. {PANDAS} [interest:marathon training]"),
    ("Ann Lee", D(2026, 3, 1), f"Coffee. {PANDAS}"),
    ("Ode Ali", D(2026, 3, 1), "Lunch. [need:pediatric dentist in Oakland]"),
    (
        "Maria Lopez",
        D(2026, 3, 20),
        "Call about her seed raise. I'll send her my checklist "
        "for the deck. [commitment:send the pitch-deck checklist]",
    ),
    ("Sam Park", D(2025, 9, 1), "Drinks. [commitment:introduce him to a patent attorney]"),
    (
        "Sam Park",
        D(2026, 3, 10),
        "Ride. I'll lend him my road bike [commitment:lend my road bike] for the race.",
    ),
    ("Lee Wong", D(2026, 3, 2), "[commitment:send the sourdough starter]"),
    ("Lee Wong", D(2026, 3, 25), "Said again I'd bring it. [commitment:send my sourdough starter]"),
    ("Kai Moss", D(2026, 3, 5), "[commitment:send the board treasurer guide]"),
    ("Rita Diaz", D(2026, 3, 5), "[commitment:intro to a contracts lawyer]"),
    ("Rita Diaz", D(2026, 3, 15), "Update: [resolved/need:contracts lawyer]"),
    (
        EVIL,
        D(2026, 3, 12),
        "Fish & chips. I'll bring <b>snacks</b> & <script>alert(1)</script> "
        "[commitment:bring the snacks to the game] to the game.",
    ),
]


def fill_store(session: Session, listener: FakeListener) -> None:
    """Write the network above into ``session``'s store (committed)."""
    upsert_records(session, CATALOG, ImportSummary("digest-test", "jsonl"), source="test")
    session.commit()
    for name, day, text in NOTES:
        add_note(session, name, text, day, listener)
    kai, ann, ode = (get_contact(session, n) for n in ("Kai Moss", "Ann Lee", "Ode Ali"))
    record_favor(session, kai.id, "given", "article", "Board treasurer guide", D(2026, 3, 10))
    record_favor(session, ann.id, "received", "advice", "read my essay", D(2026, 3, 10))
    set_tier(session, ode, "close")
    set_tier(session, get_contact(session, "Tom Becker"), "close")
    for back in range(3):  # a three-day streak up to AS_OF
        session.add(
            DailyAct(
                act_date=AS_OF - timedelta(days=back),
                kind="other",
                description="called someone",
                done_at=utcnow(),
            )
        )
    session.commit()


def template_store(folder: Path, listener: FakeListener, encoder: Any) -> Path:
    """A store file with the network (and its embeddings cached), made once per module."""
    from giveback.core.db import init_db, make_session_factory
    from giveback.core.store_files import sqlite_url_for_path
    from giveback.engine.digest.content import build_digest

    path = folder / "template" / "giveback.db"
    engine = init_db(sqlite_url_for_path(path))
    with make_session_factory(engine)() as session:
        fill_store(session, listener)
        build_digest(session, encoder, AS_OF)  # embeds signals and catalog once
        session.commit()
    engine.dispose()
    return path


_SHARED: dict[str, Path] = {}


def shared_template(encoder: Any) -> Path:
    """The template store, made once per test process (every test works on a copy of it)."""
    if "store" not in _SHARED:
        folder = Path(tempfile.mkdtemp(prefix="giveback-digest-"))
        atexit.register(shutil.rmtree, folder, True)
        _SHARED["store"] = template_store(folder, FakeListener(), encoder)
    return _SHARED["store"]


def copy_store(template: Path, store: Path) -> Path:
    """A copy of the template store (and its catalog index cache) at ``store``."""
    store.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, store)
    cache = template.parent / "index-cache"
    if cache.is_dir():
        shutil.copytree(cache, store.parent / "index-cache")
    return store


def registry(home: Path) -> sessionmaker[Session]:
    """A fresh accounts registry under ``home``."""
    from giveback.core.db import init_accounts_db, make_session_factory
    from giveback.core.store_files import sqlite_url_for_path

    return make_session_factory(init_accounts_db(sqlite_url_for_path(home / "accounts.db")))


def add_users(
    accounts: sessionmaker[Session], home: Path, template: Path, count: int, **prefs: Any
) -> list[str]:
    """``count`` users (``u01`` ...), each with their own copy of the template store."""
    from giveback.engine.accounts.registry import add_user, set_digest_preferences

    names = []
    with accounts() as session:
        for i in range(1, count + 1):
            name = f"u{i:02d}"
            store = copy_store(template, home / "users" / name / "giveback.db")
            user = add_user(session, name, f"{name}@example.org", store)
            set_digest_preferences(session, user, **prefs)
            names.append(name)
    return names


def configure(monkeypatch: Any, home: Path, port: int | None = None, **extra: str) -> Settings:
    """Point settings at ``home`` and a loopback SMTP server; returns the fresh settings."""
    from giveback.core.settings import get_settings

    env = {
        "GIVEBACK_HOME": str(home),
        "GIVEBACK_SMTP_HOST": "127.0.0.1",
        "GIVEBACK_SMTP_FROM": "Giveback <digest@giveback.test>",
        "GIVEBACK_BASE_URL": "https://giveback.test",
        "GIVEBACK_SECRET_KEY": "test-secret-key-with-enough-length-0123456789",
        "GIVEBACK_DIGEST_BACKOFF_SECONDS": "0",
        **extra,
    }
    if port is not None:
        env["GIVEBACK_SMTP_PORT"] = str(port)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    return get_settings()


# -- fixtures (registered as a plugin by tests/conftest.py) --------------------------------------
@pytest.fixture(scope="module")
def template(embedder: Any) -> Path:
    """The network, stored and embedded once per test run; each test works on a copy."""
    return shared_template(embedder)


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    """A GIVEBACK_HOME for one test (settings are read afresh in it and after it)."""
    from giveback.core.settings import get_settings

    get_settings.cache_clear()
    yield tmp_path / "home"
    get_settings.cache_clear()

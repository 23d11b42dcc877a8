"""Users, tokens and per-user stores: the registry, the CLI, and ids that never coincide."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.accounts_tables import ApiToken
from giveback.core.db import (
    ID_TABLES,
    alembic_config,
    init_accounts_db,
    init_db,
    make_engine,
    make_session_factory,
)
from giveback.core.domain import CatalogRecord, ItemType
from giveback.core.errors import InvalidInput, NotFound, Unauthorized
from giveback.core.settings import get_settings
from giveback.core.store_files import sqlite_url_for_path
from giveback.core.tables import MentionRow, Note
from giveback.engine.accounts.registry import (
    ID_RANGE,
    UserStores,
    add_user,
    authenticate,
    create_token,
    hash_token,
    revoke_token,
    set_digest_preferences,
)
from giveback.engine.catalog.store import ImportSummary, get_item, upsert_records
from giveback.engine.contacts.store import get_contact
from giveback.engine.ledger.favors import record_favor
from giveback.engine.ledger.gives import mark_done
from giveback.engine.ledger.trail import record_intro, record_outcome
from giveback.engine.listening.notes import add_note, store_note
from giveback.engine.suggest.feedback import dismiss
from giveback.service.cli.app import main
from giveback.service.cli.context import App
from tests.support.fakes import FakeListener

# The tables migration 0003 rebuilt: those of the store at the time (later ones came after).
ID_TABLES_AT_0003 = ID_TABLES[: ID_TABLES.index("daily_acts") + 1]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh GIVEBACK_HOME (settings re-read for this test and after it)."""
    monkeypatch.setenv("GIVEBACK_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    yield tmp_path / "home"
    get_settings.cache_clear()


@pytest.fixture
def accounts(home: Path) -> Iterator[Session]:
    """A session on a migrated accounts registry under ``home``."""
    engine = init_accounts_db()
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


def test_tokens_are_stored_hashed_and_authenticate_their_user(accounts: Session) -> None:
    ann = add_user(accounts, "Ann", "ann@example.org")
    new = create_token(accounts, ann, "laptop")
    stored = accounts.get(ApiToken, new.token_id)
    assert stored is not None and stored.token_hash == hash_token(new.token)
    assert new.token not in stored.token_hash
    assert authenticate(accounts, new.token).name == "ann"
    for bad in (None, "", "gb_nope", new.token + "x", "x" * 5000):
        with pytest.raises(Unauthorized):
            authenticate(accounts, bad)
    revoke_token(accounts, ann, new.token_id)
    with pytest.raises(Unauthorized):
        authenticate(accounts, new.token)


def test_user_names_and_preferences_are_validated(accounts: Session) -> None:
    add_user(accounts, "ann")
    with pytest.raises(InvalidInput, match="already exists"):
        add_user(accounts, "ANN")
    for bad in ("", "a b", "-x", "x" * 65, "ann<script>"):
        with pytest.raises(InvalidInput):
            add_user(accounts, bad)
    for address in ("not-an-address", "a,b@x.org", "a@x.org; c@y.org", "Ann <a@x.org>"):
        with pytest.raises(InvalidInput, match="email"):
            add_user(accounts, "bob", address)
    bob = add_user(accounts, "bob")
    set_digest_preferences(accounts, bob, weekday="fri", hour=7, timezone="Europe/Berlin")
    assert (bob.digest_weekday, bob.digest_hour, bob.timezone) == (4, 7, "Europe/Berlin")
    for kwargs in ({"weekday": "someday"}, {"hour": 24}, {"timezone": "Mars/Olympus"}):
        with pytest.raises(InvalidInput):
            set_digest_preferences(accounts, bob, **kwargs)
    with pytest.raises(NotFound):
        revoke_token(accounts, bob, 12345)


def test_a_store_has_one_user_and_user_ids_are_never_reused(accounts: Session, home: Path) -> None:
    ann = add_user(accounts, "ann", store=home / "mine.db")
    with pytest.raises(InvalidInput, match="already belongs to user 'ann'"):
        add_user(accounts, "bob", store=home / "mine.db")
    with pytest.raises(InvalidInput, match="accounts registry"):
        add_user(accounts, "bob", store=home / "accounts.db")
    bob = add_user(accounts, "bob")
    accounts.delete(bob)
    accounts.commit()
    carol = add_user(accounts, "carol")  # never bob's id, so never bob's store folder
    assert carol.id > bob.id > ann.id and carol.store_url != bob.store_url


def test_each_user_has_a_store_of_their_own_with_ids_of_their_own(accounts: Session) -> None:
    ann, bob = add_user(accounts, "ann"), add_user(accounts, "bob")
    stores = UserStores()
    try:
        with stores.sessions(ann)() as s:
            a = store_note(s, "Maria Lopez", "Maria wants a lawyer.", "2026-11-20")
        with stores.sessions(bob)() as s:
            b = store_note(s, "Maria Lopez", "Maria wants a lawyer.", "2026-11-20")
        assert a.note_id != b.note_id and a.contact_id != b.contact_id
        assert ann.id * ID_RANGE < a.note_id < bob.id * ID_RANGE < b.note_id
        with stores.sessions(ann)() as s:  # bob's id names nothing in ann's store
            assert s.get(Note, b.note_id) is None
    finally:
        stores.dispose()
    assert Path(ann.store_url.removeprefix("sqlite:///")).parent.name == str(ann.id)


def test_only_the_most_recently_used_stores_stay_open(accounts: Session) -> None:
    users = [add_user(accounts, f"u{i}") for i in range(3)]
    stores = UserStores(max_open=2)
    try:
        for k, user in enumerate([*users, users[0]]):  # u2 evicts u0; u0 again evicts u1
            with stores.sessions(user)() as s:
                store_note(s, "Ann Lee", f"Note {k} for {user.name}.", "2026-01-02")
        assert list(stores._open) == [users[2].id, users[0].id]
        with stores.sessions(users[0])() as s:
            assert len(list(s.scalars(select(Note)))) == 2  # nothing lost by closing
    finally:
        stores.dispose()


def test_adopting_an_existing_store_keeps_its_rows_and_numbers_new_ones_in_range(
    accounts: Session, tmp_path: Path
) -> None:
    old = tmp_path / "old.db"
    engine = init_db(sqlite_url_for_path(old))
    with make_session_factory(engine)() as s:
        first = store_note(s, "Ann Lee", "Ann plays chess.", "2026-01-02")
    engine.dispose()
    me = add_user(accounts, "me", store=old)
    stores = UserStores()
    try:
        with stores.sessions(me)() as s:
            second = store_note(s, "Ann Lee", "Ann wants a chess coach.", "2026-02-02")
    finally:
        stores.dispose()
    assert first.note_id < ID_RANGE and second.note_id > me.id * ID_RANGE
    assert second.contact_id == first.contact_id  # the same person, one record


def test_migration_0003_keeps_a_populated_0002_store(db_path: Path) -> None:
    url = sqlite_url_for_path(db_path)
    # Filled by today's code at the newest schema, then taken down to 0002 (later migrations
    # change the tables that today's code writes).
    engine = init_db(url)
    with make_session_factory(engine)() as s:  # rows in every table the rebuild touches
        add_note(
            s,
            "Ann Lee",
            "Ann needs [need:a chess coach] and loves @Bo Park.",
            "2026-01-02",
            FakeListener(),
            "fake-1",
        )
        add_note(s, "Bo Park", "Bo plays [interest:chess].", "2026-01-03", FakeListener(), "fake-1")
        upsert_records(
            s,
            [CatalogRecord("art-1", ItemType.ARTICLE, "Chess openings")],
            ImportSummary("t", "t"),
            source="t",
        )
        ann, bo = get_contact(s, "Ann Lee"), get_contact(s, "Bo Park")
        mark_done(s, ann, get_item(s, "art-1"), date(2026, 1, 5))
        dismiss(s, bo, get_item(s, "art-1"))
        record_favor(s, bo.id, "received", "advice", "chess tips", date(2026, 1, 6))
        intro = record_intro(s, ann, bo, None, date(2026, 1, 7))
        record_outcome(s, intro.intro.id, "met", date(2026, 1, 9))
        s.commit()
    command.downgrade(alembic_config(engine), "0002_reciprocity")
    engine.dispose()
    tables = ID_TABLES_AT_0003
    with sqlite3.connect(db_path) as conn:
        before = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    assert all(before[t] for t in tables if t != "daily_acts"), before
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0003_id_ranges")
    engine.dispose()
    with sqlite3.connect(db_path) as conn:
        after = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert all(
            "AUTOINCREMENT" in sql
            for (sql,) in conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN "
                f"({','.join('?' * len(tables))})",
                tables,
            )
        )
        with pytest.raises(sqlite3.IntegrityError):  # unique constraints survive the rebuild
            conn.execute(
                "INSERT INTO catalog_items (external_id, type, title, text, tags, "
                "content_hash, created_at, updated_at) VALUES ('art-1', 'article', "
                "'x', '', '[]', 'h', '2026-01-01', '2026-01-01')"
            )
        conn.execute("DELETE FROM mentions")  # a deleted id is never handed out again
        conn.commit()
    assert after == before
    engine = init_db(url)
    with make_session_factory(engine)() as s:
        again = add_note(
            s, "Ann Lee", "Ann met @Bo Park again.", "2026-02-02", FakeListener(), "fake-1"
        )
        mention_ids = list(s.scalars(select(MentionRow.id)))
    assert again.stored.note_id > max(r[0] for r in before["notes"])
    assert min(mention_ids) > max(r[0] for r in before["mentions"])
    engine.dispose()
    engine = make_engine(url)
    command.downgrade(alembic_config(engine), "0002_reciprocity")
    command.upgrade(alembic_config(engine), "head")
    engine.dispose()


def test_cli_adds_users_tokens_and_works_on_a_users_store(home: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    added = runner.invoke(main, ["user", "add", "maria", "--email", "maria@example.org"])
    assert added.exit_code == 0, added.output
    made = runner.invoke(main, ["token", "create", "maria", "--label", "laptop"])
    assert made.exit_code == 0 and made.stdout.strip().startswith("gb_")
    note = tmp_path / "n.txt"
    note.write_text("Sam is looking for a new apartment.", encoding="utf-8")
    fake = FakeListener()
    app = App(listener_factory=lambda: fake, extractor_version="fake-1")
    stored = runner.invoke(
        main,
        [
            "--user",
            "maria",
            "note",
            "add",
            "--contact",
            "Sam Lee",
            "--date",
            "2026-11-01",
            str(note),
        ],
        obj=app,
    )
    assert stored.exit_code == 0, stored.output
    listed = runner.invoke(main, ["--user", "maria", "contacts"])
    assert "Sam Lee" in listed.output
    assert "Sam Lee" not in runner.invoke(main, ["contacts"]).output  # the CLI's own store
    unknown = runner.invoke(main, ["--user", "nobody", "contacts"])
    assert unknown.exit_code == 2 and "no user named 'nobody'" in unknown.stderr
    prefs = runner.invoke(
        main,
        [
            "user",
            "set",
            "maria",
            "--digest-day",
            "tue",
            "--digest-hour",
            "9",
            "--timezone",
            "Asia/Tokyo",
        ],
    )
    assert "tuesday 09:00 Asia/Tokyo" in prefs.output
    bad = runner.invoke(main, ["user", "set", "maria", "--timezone", "Nowhere/City"])
    assert bad.exit_code == 2 and "unknown time zone" in bad.stderr
    assert runner.invoke(main, ["--db", "x.db", "--user", "maria", "contacts"]).exit_code == 2


def test_digest_links_point_at_where_the_service_listens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIVEBACK_PORT", "9001")
    monkeypatch.delenv("GIVEBACK_BASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        assert get_settings().base_url == "http://127.0.0.1:9001"
        monkeypatch.setenv("GIVEBACK_BASE_URL", "https://give.example.org")
        get_settings.cache_clear()
        assert get_settings().base_url == "https://give.example.org"
    finally:
        get_settings.cache_clear()

"""``giveback store migrate``: a home's SQLite stores copied into one PostgreSQL database, with
their ids, checked by counting, resumable and idempotent (issue 19)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from giveback.core.db import init_accounts_db, make_session_factory
from giveback.core.errors import CopyIncomplete, InvalidInput
from giveback.core.settings import get_settings
from giveback.core.tables import Contact, Note
from giveback.engine.accounts import moving
from giveback.engine.accounts.moving import move_to_postgres
from giveback.engine.accounts.registry import (
    ID_RANGE,
    UserStores,
    add_user,
    authenticate,
    create_token,
    get_user,
)
from giveback.engine.contacts.store import find_or_create_contact
from giveback.engine.listening.notes import store_note
from giveback.service.cli.app import main


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A GIVEBACK_HOME on SQLite with two users, their notes, and the CLI's own store."""
    home = tmp_path / "home"
    monkeypatch.setenv("GIVEBACK_HOME", str(home))
    monkeypatch.delenv("GIVEBACK_DATABASE_URL", raising=False)
    monkeypatch.delenv("GIVEBACK_ACCOUNTS_URL", raising=False)
    get_settings.cache_clear()
    accounts = make_session_factory(init_accounts_db())
    stores = UserStores()
    with accounts() as session:
        for name, notes in (("ann", 7), ("bob", 3)):
            user = add_user(session, name)
            create_token(session, user, "laptop")
            with stores.sessions(user)() as store:
                for i in range(notes):
                    store_note(store, f"Friend {i % 3}", f"{name} note {i}", date(2026, 11, i + 1))
                store.commit()
    stores.dispose()
    accounts.kw["bind"].dispose()
    assert CliRunner().invoke(main, ["need", "add", "a van for the move"]).exit_code == 0
    yield home
    get_settings.cache_clear()


def _use_postgres(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("GIVEBACK_DATABASE_URL", url)
    get_settings.cache_clear()


def _notes(user_name: str) -> list[tuple[int, str]]:
    accounts = make_session_factory(init_accounts_db())
    stores = UserStores()
    try:
        with accounts() as session:
            user = get_user(session, user_name)
        with stores.sessions(user)() as store:
            rows = store.execute(select(Note.id, Note.text).order_by(Note.id))
            return [(int(i), str(t)) for i, t in rows]
    finally:
        stores.dispose()
        accounts.kw["bind"].dispose()


def test_every_store_arrives_with_its_ids_and_works_there(
    home: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = {name: _notes(name) for name in ("ann", "bob")}
    said: list[str] = []
    report = move_to_postgres(postgres_url, said.append)
    assert report.differing == []
    assert {c.store for c in report.counts} == {
        "accounts",
        "ann (user 1)",
        "bob (user 2)",
        "own store",
    }
    assert said[0] == "accounts registry: 2 users"

    _use_postgres(monkeypatch, postgres_url)
    assert {name: _notes(name) for name in ("ann", "bob")} == here
    accounts = make_session_factory(init_accounts_db())
    stores = UserStores()
    try:
        with accounts() as session:
            ann = get_user(session, "ann")
            assert ann.store_url == "schema:giveback_user_1"
        with stores.sessions(ann)() as store:
            newest = store.scalar(select(func.max(Contact.id))) or 0
            assert newest > ID_RANGE  # the copied contacts, with their ids
            added, _ = find_or_create_contact(store, "Someone New")
            store.commit()
            assert newest < added.id < 2 * ID_RANGE  # after the copied ids, in ann's range
    finally:
        stores.dispose()
        accounts.kw["bind"].dispose()
    listed = CliRunner().invoke(main, ["need", "list"])
    assert "a van for the move" in listed.output  # the CLI's own store, in the default schema
    assert (home / "users" / "1" / "giveback.db").stat().st_size > 0  # the source stays


def test_tokens_still_sign_in_after_the_move(
    home: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts = make_session_factory(init_accounts_db())
    with accounts() as session:
        token = create_token(session, get_user(session, "bob"), "phone").token
    accounts.kw["bind"].dispose()
    move_to_postgres(postgres_url)
    _use_postgres(monkeypatch, postgres_url)
    accounts = make_session_factory(init_accounts_db())
    try:
        with accounts() as session:
            assert authenticate(session, token).name == "bob"
    finally:
        accounts.kw["bind"].dispose()


def test_an_interrupted_copy_resumes_and_a_second_run_changes_nothing(
    home: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = moving._batches
    seen = {"batches": 0}

    def cut_short(*args: Any) -> Any:
        for batch in real(*args):
            seen["batches"] += 1
            if seen["batches"] == 6:
                raise KeyboardInterrupt  # as if the machine went down mid-copy
            yield batch

    monkeypatch.setattr(moving, "BATCH_ROWS", 2)
    monkeypatch.setattr(moving, "_batches", cut_short)
    with pytest.raises(KeyboardInterrupt):
        move_to_postgres(postgres_url)
    monkeypatch.setattr(moving, "_batches", real)
    first = move_to_postgres(postgres_url)
    again = move_to_postgres(postgres_url)
    assert first.differing == [] and again.counts == first.counts
    _use_postgres(monkeypatch, postgres_url)
    assert len(_notes("ann")) == 7


def test_a_target_holding_other_data_is_an_error_not_a_success(
    home: Path, postgres_url: str
) -> None:
    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    move_to_postgres(postgres_url)
    with psycopg.connect(plain) as connection:
        connection.execute(
            "DELETE FROM giveback_user_1.notes "
            "WHERE id = (SELECT max(id) FROM giveback_user_1.notes)"
        )
        connection.execute(
            "INSERT INTO giveback_user_1.contacts (id, name, name_key, aliases, tags, "
            "created_at, updated_at) VALUES (1999999999, 'Not From Here', 'not from here', "
            "'[]', '[]', now(), now())"
        )
    with pytest.raises(CopyIncomplete, match=r"ann \(user 1\) contacts: 3 rows here, 4 there"):
        move_to_postgres(postgres_url)


def test_the_target_must_be_postgresql_and_the_source_sqlite(
    home: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(InvalidInput, match="postgresql"):
        move_to_postgres(f"sqlite:///{home / 'other.db'}")
    _use_postgres(monkeypatch, postgres_url)
    with pytest.raises(InvalidInput, match="in PostgreSQL already"):
        move_to_postgres(postgres_url)


def test_the_command_reports_what_it_copied(home: Path, postgres_url: str) -> None:
    result = CliRunner().invoke(main, ["store", "migrate", "--to", postgres_url])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("Copied 4 stores (")
    assert "set GIVEBACK_DATABASE_URL" in result.output

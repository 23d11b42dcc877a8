"""Everything in one PostgreSQL database: the registry in its schema, each user's store in one
of its own, no SQLite file anywhere (issue 19). The API's isolation suite runs on it too
(tests/service/api/test_isolation.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from giveback.core.db import init_accounts_db, make_session_factory
from giveback.core.errors import InvalidInput
from giveback.core.postgres import checked_schema, schema_of, store_key, user_schema_url
from giveback.core.settings import get_settings
from giveback.core.tables import Contact
from giveback.engine.accounts.registry import ID_RANGE, UserStores, add_user, get_user
from giveback.engine.contacts.store import find_or_create_contact
from giveback.service.cli.app import main


@pytest.fixture
def on_postgres(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """GIVEBACK_DATABASE_URL set to a new database; yields GIVEBACK_HOME."""
    home = tmp_path / "home"
    monkeypatch.setenv("GIVEBACK_HOME", str(home))
    monkeypatch.setenv("GIVEBACK_DATABASE_URL", postgres_url)
    monkeypatch.delenv("GIVEBACK_ACCOUNTS_URL", raising=False)
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


def _schemas(postgres_url: str) -> set[str]:
    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection:
        rows = connection.execute("SELECT schema_name FROM information_schema.schemata").fetchall()
    return {r[0] for r in rows if r[0].startswith("giveback")}


def test_the_registry_and_every_store_live_in_one_database(
    on_postgres: Path, postgres_url: str
) -> None:
    accounts = make_session_factory(init_accounts_db())
    stores = UserStores()
    try:
        with accounts() as session:
            ann, bob = add_user(session, "ann"), add_user(session, "bob")
            assert (ann.store_url, bob.store_url) == (
                user_schema_url(ann.id),
                user_schema_url(bob.id),
            )
        for user, name in ((ann, "Maria Lopez"), (bob, "Zelda Quince")):
            with stores.sessions(user)() as session:
                find_or_create_contact(session, name)
                session.commit()
        # Caches are keyed by the store (database and schema): they keep users apart.
        keys = {store_key(stores.engine(u)) for u in (ann, bob)}
        assert len(keys) == 2
        with stores.sessions(ann)() as session:
            names = session.scalars(select(Contact.name)).all()
            ids = session.scalars(select(Contact.id)).all()
        assert names == ["Maria Lopez"]  # bob's contact is in bob's schema only
        assert all(ann.id * ID_RANGE < i < (ann.id + 1) * ID_RANGE for i in ids)
    finally:
        stores.dispose()
        accounts.kw["bind"].dispose()
    assert _schemas(postgres_url) == {
        "giveback_accounts",
        f"giveback_user_{ann.id}",
        f"giveback_user_{bob.id}",
    }
    assert not [p for p in on_postgres.rglob("*") if p.is_file() and p.suffix == ".db"]


def test_the_cli_works_on_postgresql_and_writes_no_sqlite_file(
    on_postgres: Path, postgres_url: str
) -> None:
    runner = CliRunner()
    added = runner.invoke(main, ["user", "add", "ann"])
    assert added.exit_code == 0, added.output
    need = runner.invoke(main, ["--user", "ann", "need", "add", "a bookkeeper for the studio"])
    assert need.exit_code == 0, need.output
    listed = runner.invoke(main, ["--user", "ann", "need", "list"])
    assert "a bookkeeper for the studio" in listed.output
    # The store the CLI uses without --user is the database's own schema.
    own = runner.invoke(main, ["need", "add", "a van for the move"])
    assert own.exit_code == 0, own.output
    assert "a van for the move" not in runner.invoke(main, ["--user", "ann", "need", "list"]).output
    assert not [p for p in on_postgres.rglob("*") if p.is_file() and p.suffix == ".db"]


def test_workers_opening_a_new_store_at_once_migrate_it_once(on_postgres: Path) -> None:
    accounts = make_session_factory(init_accounts_db())
    with accounts() as session:
        user = add_user(session, "cam")
    workers = [UserStores() for _ in range(4)]  # as four processes would, each its own
    errors: list[BaseException] = []
    start = threading.Barrier(len(workers))

    def open_and_write(stores: UserStores, i: int) -> None:
        try:
            start.wait()
            with stores.sessions(user)() as session:
                find_or_create_contact(session, f"Person {i}")
                session.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_and_write, args=(w, i)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        with workers[0].sessions(user)() as session:
            assert session.scalar(select(func.count()).select_from(Contact)) == 4
    finally:
        for stores in workers:
            stores.dispose()
        accounts.kw["bind"].dispose()


def test_a_store_file_cannot_be_adopted_into_postgresql(on_postgres: Path, tmp_path: Path) -> None:
    accounts = make_session_factory(init_accounts_db())
    try:
        with accounts() as session, pytest.raises(InvalidInput, match="cannot be adopted"):
            add_user(session, "dee", store=tmp_path / "old.db")
        with accounts() as session, pytest.raises(Exception, match="no user named"):
            get_user(session, "dee")
    finally:
        accounts.kw["bind"].dispose()


@pytest.mark.parametrize(
    "name", ["", "Giveback", "1abc", "a-b", 'x"; DROP TABLE users; --', "a" * 64]
)
def test_schema_names_are_plain_identifiers(name: str) -> None:
    with pytest.raises(InvalidInput):
        checked_schema(name)
    with pytest.raises(InvalidInput):
        schema_of("schema:" + name)


def test_a_schema_store_needs_a_postgresql_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIVEBACK_HOME", str(tmp_path))
    monkeypatch.delenv("GIVEBACK_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        with pytest.raises(InvalidInput, match="set GIVEBACK_DATABASE_URL"):
            init_accounts_db("schema:giveback_accounts")
    finally:
        get_settings.cache_clear()

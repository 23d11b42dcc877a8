"""Done and dismiss at the same moment from two places (a double click, a digest link and the
web button): one ledger entry, one dismissal. Real SQLite file, real threads."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from giveback.core.db import init_db, make_session_factory
from giveback.core.domain import CatalogRecord, ItemType
from giveback.core.store_files import sqlite_url_for_path
from giveback.core.tables import Contact, Feedback, LedgerEntry
from giveback.engine.catalog.store import ImportSummary, get_item, upsert_records
from giveback.engine.contacts.store import find_or_create_contact
from giveback.engine.ledger.gives import mark_done
from giveback.engine.suggest.feedback import dismiss

CLICKS = 8


@pytest.fixture
def factory(db_path: Path) -> sessionmaker[Session]:
    engine = init_db(sqlite_url_for_path(db_path))
    sessions = make_session_factory(engine)
    with sessions() as session:
        find_or_create_contact(session, "Ann Lee")
        upsert_records(
            session,
            [CatalogRecord("art-1", ItemType.ARTICLE, "Pandas tips")],
            ImportSummary("t", "t"),
            source="t",
        )
        session.commit()
    return sessions


def _at_once(factory: sessionmaker[Session], act: str) -> None:
    start = threading.Barrier(CLICKS)
    errors: list[BaseException] = []

    def click() -> None:
        try:
            with factory() as session:
                contact = session.scalars(select(Contact)).one()
                item = get_item(session, "art-1")
                start.wait()
                if act == "done":
                    mark_done(session, contact, item, date(2026, 11, 20))
                else:
                    dismiss(session, contact, item)
                session.commit()
        except BaseException as exc:  # reported below, with the others
            errors.append(exc)

    threads = [threading.Thread(target=click) for _ in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_done_clicked_at_once_records_one_give(factory: sessionmaker[Session]) -> None:
    _at_once(factory, "done")
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(LedgerEntry)) == 1
        assert session.scalar(select(func.count()).select_from(Feedback)) == 1


def test_dismiss_clicked_at_once_records_one_dismissal(factory: sessionmaker[Session]) -> None:
    _at_once(factory, "dismiss")
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(Feedback)) == 1

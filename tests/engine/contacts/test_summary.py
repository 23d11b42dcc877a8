"""The contact listing read straight from a SQLite store is the store's own listing."""

from __future__ import annotations

from contextlib import closing
from datetime import date

from sqlalchemy.orm import Session

from giveback.core.settings import DATA_DIR
from giveback.core.store_files import read_only_store
from giveback.core.tables import Note, SignalRow
from giveback.engine.contacts.store import import_contacts_jsonl, list_contacts, upsert_contact
from giveback.engine.contacts.summary import contacts_in_file


def _note(session: Session, contact_id: int, day: date, heard: int) -> None:
    text = f"Coffee on {day}. Looking for a contracts lawyer."
    note = Note(
        contact_id=contact_id,
        note_date=day,
        text=text,
        source="test",
        content_hash=f"{contact_id}-{day}",
        extractor_version="test",
    )
    session.add(note)
    session.flush()
    for i in range(heard):
        session.add(
            SignalRow(
                note_id=note.id,
                contact_id=contact_id,
                kind="need",
                phrase=f"contracts lawyer {i}",
                evidence="Looking for a contracts lawyer",
                start=text.index("Looking"),
                end=len(text) - 1,
                about="contact",
                status="active",
                confidence=0.8,
                extractor_version="test",
            )
        )


def test_the_listing_read_from_the_file_is_the_stores_own(session: Session, db_url: str) -> None:
    import_contacts_jsonl(session, DATA_DIR / "sample" / "contacts.jsonl")
    zoe = upsert_contact(
        session, "Zoë Ångström", aliases=["Zo", "Zozo"], tags=["climbing", "ceramics"],
        email="zoe@example.org", tier="close",
    )  # fmt: skip
    adam = upsert_contact(session, "adam", aliases=[], tags=[])
    _note(session, zoe.id, date(2026, 3, 1), heard=2)
    _note(session, zoe.id, date(2026, 5, 9), heard=0)
    _note(session, adam.id, date(2025, 12, 31), heard=3)
    session.commit()

    connection = read_only_store(db_url)
    assert connection is not None
    with closing(connection):
        listed = contacts_in_file(connection)
    assert listed == list_contacts(session)
    by_name = {s.name: s for s in listed}
    assert by_name["Zoë Ångström"].to_dict() == {
        "id": zoe.id, "name": "Zoë Ångström", "aliases": ["Zo", "Zozo"],
        "email": "zoe@example.org", "tags": ["climbing", "ceramics"], "tier": "close",
        "notes": 2, "signals": 2, "last_note": "2026-05-09",
    }  # fmt: skip
    assert (by_name["adam"].notes, by_name["adam"].signals) == (1, 3)
    assert len(listed) > 10 and [s.name.casefold() for s in listed][:1] == ["adam"]


def test_an_empty_store_lists_no_one(session: Session, db_url: str) -> None:
    connection = read_only_store(db_url)
    assert connection is not None
    with closing(connection):
        assert contacts_in_file(connection) == [] == list_contacts(session)

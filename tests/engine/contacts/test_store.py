"""Contacts: validated names, lookup by name or alias, merging details, listing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from giveback.core.errors import ImportRefused, InvalidInput, NotFound
from giveback.core.settings import DATA_DIR
from giveback.core.tables import Contact
from giveback.engine.contacts.store import (
    ContactIndex,
    clean_name,
    find_contact,
    find_or_create_contact,
    get_contact,
    import_contacts_jsonl,
    list_contacts,
    upsert_contact,
)

SAMPLE = DATA_DIR / "sample"


def test_names_are_matched_case_insensitively_with_whitespace_collapsed(session: Session) -> None:
    maria, created = find_or_create_contact(session, "  Maria   Lopez ")
    assert created and maria.name == "Maria Lopez"
    again, created = find_or_create_contact(session, "maria lopez")
    assert again.id == maria.id and not created
    assert session.scalar(select(func.count(Contact.id))) == 1


def test_aliases_find_the_contact(session: Session) -> None:
    robert = upsert_contact(session, "Robert Chen", aliases=["Bob", "Bobby C"])
    bob = find_contact(session, "BOB")
    assert bob is not None and bob.id == robert.id
    assert find_or_create_contact(session, "bobby c")[0].id == robert.id
    assert find_contact(session, "Rob") is None
    with pytest.raises(NotFound, match="no contact named 'Rob'"):
        get_contact(session, "Rob")


def test_a_name_wins_over_another_contacts_alias(session: Session) -> None:
    upsert_contact(session, "Robert Chen", aliases=["Sam"])
    sam = upsert_contact(session, "Sam")
    found = find_contact(session, "sam")
    assert found is not None and found.id == sam.id


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "contact name is empty"), ("   \n\t", "contact name is empty"),
     ("x" * 10_000, "10,000 characters long; the limit is 200"),
     ("Maria\x00Lopez", "contact name contains a NUL character"),
     ("\x00", "contact name contains a NUL character")],
)  # fmt: skip
def test_bad_names_are_refused_clearly(session: Session, name: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        find_or_create_contact(session, name)
    assert session.scalar(select(func.count(Contact.id))) == 0


@pytest.mark.parametrize(
    "details",
    [{"aliases": ["Mar\x00ia"]}, {"tags": ["law\x00yer"]}, {"email": "m\x00@example.org"}],
)
def test_a_nul_in_an_alias_a_tag_or_the_email_is_refused(
    session: Session, details: dict[str, Any]
) -> None:
    with pytest.raises(InvalidInput, match="NUL character"):
        upsert_contact(session, "Maria Lopez", **details)
    assert session.scalar(select(func.count(Contact.id))) == 0


def test_name_limit_is_exactly_the_setting() -> None:
    assert clean_name("y" * 200) == "y" * 200
    with pytest.raises(InvalidInput):
        clean_name("y" * 201)


def test_upsert_merges_aliases_tags_and_details(session: Session) -> None:
    upsert_contact(session, "Priya Raman", aliases=["Priya"], tags=["lawyer"], tier="Close")
    priya = upsert_contact(
        session,
        "priya raman",
        aliases=["PR", "priya"],
        tags=["saas", "lawyer"],
        email="priya@example.com",
    )
    assert priya.aliases == ["Priya", "PR"]
    assert priya.tags == ["lawyer", "saas"]
    assert priya.tier == "close" and priya.email == "priya@example.com"


def test_index_resolves_names_and_aliases_in_memory(session: Session) -> None:
    upsert_contact(session, "Daniel Okafor", aliases=["Dan"])
    index = ContactIndex.load(session)
    assert index.lookup("dan") == index.lookup("Daniel  Okafor") is not None
    assert index.lookup("Danny") is None
    assert {r.name for r in index.refs()} == {"Daniel Okafor"}


def test_index_hands_the_listener_the_same_people_until_one_is_added(session: Session) -> None:
    upsert_contact(session, "Daniel Okafor")
    session.commit()
    first, again = ContactIndex.load(session), ContactIndex.load(session)
    assert first.refs() is again.refs()  # what the listener derived from it stays good
    first.add(Contact(id=10**6, name="Wen Li", name_key="wen li", aliases=[]))
    assert first.refs() is not again.refs()
    assert {r.name for r in first.refs()} == {"Daniel Okafor", "Wen Li"}
    assert {r.name for r in again.refs()} == {"Daniel Okafor"}


def test_index_follows_added_renamed_and_deleted_contacts(session: Session) -> None:
    dan = upsert_contact(session, "Daniel Okafor", aliases=["Dan"])
    session.commit()
    assert ContactIndex.load(session).lookup("Dan") == dan.id  # cached from here on
    priya = upsert_contact(session, "Priya Nair", aliases=["PN"])
    session.commit()
    index = ContactIndex.load(session)  # brought up to date with the new contact
    assert index.lookup("pn") == index.lookup("Priya Nair") == priya.id
    assert index.lookup("Dan") == dan.id
    dan.name, dan.name_key, dan.aliases = "Dana Okafor", "dana okafor", ["Dee"]
    session.commit()
    index = ContactIndex.load(session)  # a rename: the old name resolves no more
    assert index.lookup("Daniel Okafor") is None and index.lookup("Dan") is None
    assert index.lookup("Dee") == index.lookup("dana okafor") == dan.id
    session.delete(priya)
    upsert_contact(session, "Wen Li")
    session.commit()
    index = ContactIndex.load(session)  # one deleted, one added: the count alone hides it
    assert index.lookup("Priya Nair") is None and index.lookup("Wen Li") is not None
    index.add(Contact(id=10**6, name="Temp", name_key="temp", aliases=[]))
    assert ContactIndex.load(session).lookup("Temp") is None  # callers get private copies


def test_sample_contacts_import(session: Session) -> None:
    count = import_contacts_jsonl(session, SAMPLE / "contacts.jsonl")
    summaries = list_contacts(session)
    assert count == len(summaries) >= 10
    assert all(s.tier in {"close", "regular", "occasional"} for s in summaries)
    assert import_contacts_jsonl(session, SAMPLE / "contacts.jsonl") == count
    assert len(list_contacts(session)) == count  # importing again updates, never duplicates


def test_contacts_file_with_a_bad_line_stores_nothing(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "contacts.jsonl"
    lines = [{"name": "Ann"}, {"name": ""}, {"name": "Bo"}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match="line 2: contact name is empty"):
        import_contacts_jsonl(session, path)
    assert list_contacts(session) == []


def test_list_contacts_is_sorted_with_counts(session: Session) -> None:
    upsert_contact(session, "zoe")
    upsert_contact(session, "Adam")
    session.commit()
    assert [(s.name, s.notes, s.signals, s.last_note) for s in list_contacts(session)] == [
        ("Adam", 0, 0, None),
        ("zoe", 0, 0, None),
    ]


def test_a_first_name_alone_finds_the_only_contact_it_fits(session: Session) -> None:
    maria = upsert_contact(session, "Maria Lopez")
    upsert_contact(session, "Ana Maria Cruz")  # Maria is not her first name
    assert get_contact(session, "maria").id == maria.id
    assert get_contact(session, " MARIA ").id == maria.id
    with pytest.raises(NotFound, match="no contact named 'Lopez'"):
        get_contact(session, "Lopez")  # a last name alone is not enough
    with pytest.raises(NotFound, match="no contact named 'Maria L'"):
        get_contact(session, "Maria L")
    with pytest.raises(NotFound):
        get_contact(session, "M_ria")  # LIKE wildcards are plain characters here


def test_a_first_name_that_fits_several_names_them_all(session: Session) -> None:
    upsert_contact(session, "Maria Lopez")
    upsert_contact(session, "Maria Chen")
    with pytest.raises(InvalidInput) as refused:
        get_contact(session, "Maria")
    assert str(refused.value) == "'Maria' could be Maria Chen or Maria Lopez; give the full name"
    maria = upsert_contact(session, "Maria")  # a contact of that very name wins
    assert get_contact(session, "Maria").id == maria.id
    for n in range(6):
        upsert_contact(session, f"Sam Lee{n}")
    with pytest.raises(InvalidInput, match=r"could be Sam Lee0, .* or Sam Lee4 \(and more\)"):
        get_contact(session, "Sam")

"""The resolution rule: a note saying a need was met closes the contact's earlier matching needs."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.tables import Note, SignalRow
from giveback.engine.contacts.store import get_contact
from giveback.engine.listening.notes import add_note, reprocess, store_note
from giveback.engine.listening.signals import head_noun, phrases_match, signals_for
from tests.conftest import FAKE_VERSION
from tests.support.fakes import FakeListener


@pytest.mark.parametrize(
    ("a", "b"),
    [("contracts lawyer", "lawyer"), ("a lawyer", "lawyers"), ("Lawyer", "contracts lawyer"),
     ("nanny", "nannies"), ("intro to investors", "investors"), ("help", "marketing help"),
     ("new job", "a job")],
)  # fmt: skip
def test_matching_phrases(a: str, b: str) -> None:
    assert phrases_match(a, b) and phrases_match(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [("contracts lawyer", "accountant"), ("marketing help", "hiring help"),
     ("investor intro", "designer intro"), ("", "lawyer"), ("house", "housing")],
)  # fmt: skip
def test_phrases_that_do_not_match(a: str, b: str) -> None:
    assert not phrases_match(a, b)


def test_head_noun() -> None:
    assert head_noun("The contracts lawyers!") == "lawyer"
    assert head_noun("  ") is None


def statuses(session: Session, name: str) -> dict[str, str]:
    contact = get_contact(session, name)
    return {f"{s.note_date}:{s.phrase}": s.status for s in signals_for(session, contact)}


def test_a_resolved_need_resolves_earlier_open_matching_needs(
    session: Session, fake: FakeListener
) -> None:
    add_note(
        session,
        "Maria",
        "[need:contracts lawyer] [need:accountant]",
        date(2024, 1, 5),
        fake,
        FAKE_VERSION,
    )
    add_note(
        session, "Maria", "[hedged/need:lawyers for the MSA]", date(2024, 2, 1), fake, FAKE_VERSION
    )
    add_note(session, "Priya", "[need:lawyer]", date(2024, 1, 1), fake, FAKE_VERSION)
    add_note(
        session, "Maria", "Update: [resolved/need:lawyer]", date(2024, 3, 1), fake, FAKE_VERSION
    )
    assert statuses(session, "Maria") == {
        "2024-01-05:contracts lawyer": "resolved",
        "2024-01-05:accountant": "active",
        "2024-02-01:lawyers for the MSA": "resolved",
        "2024-03-01:lawyer": "resolved",
    }
    assert statuses(session, "Priya") == {"2024-01-01:lawyer": "active"}  # another person
    resolver = session.scalars(select(SignalRow).where(SignalRow.status == "resolved")).one()
    resolved = session.scalars(select(SignalRow).where(SignalRow.resolved_by_id.is_not(None))).all()
    assert {r.resolved_by_id for r in resolved} == {resolver.id}
    # The stored status stays what the note said: the link carries the resolution.
    assert {r.status for r in resolved} == {"active", "hedged"}


def test_negated_and_later_needs_are_not_resolved(session: Session, fake: FakeListener) -> None:
    add_note(session, "Maria", "[negated/need:lawyer]", date(2024, 1, 1), fake, FAKE_VERSION)
    add_note(session, "Maria", "[resolved/need:lawyer]", date(2024, 2, 1), fake, FAKE_VERSION)
    add_note(session, "Maria", "[need:lawyer] again", date(2024, 3, 1), fake, FAKE_VERSION)
    assert statuses(session, "Maria") == {
        "2024-01-01:lawyer": "negated",
        "2024-02-01:lawyer": "resolved",
        "2024-03-01:lawyer": "active",
    }


def test_needs_never_expire_with_time_alone(session: Session, fake: FakeListener) -> None:
    add_note(session, "Maria", "[need:cofounder]", date(2015, 1, 1), fake, FAKE_VERSION)
    add_note(session, "Maria", "[interest:chess]", date(2024, 1, 1), fake, FAKE_VERSION)
    assert statuses(session, "Maria")["2015-01-01:cofounder"] == "active"


def test_a_note_added_out_of_order_is_resolved_by_a_later_dated_note(
    session: Session, fake: FakeListener
) -> None:
    add_note(session, "Maria", "[resolved/need:lawyer]", date(2024, 3, 1), fake, FAKE_VERSION)
    add_note(session, "Maria", "[need:lawyer]", date(2024, 1, 1), fake, FAKE_VERSION)
    assert statuses(session, "Maria")["2024-01-01:lawyer"] == "resolved"


def test_resolution_survives_reprocessing(session: Session, fake: FakeListener) -> None:
    add_note(session, "Maria", "[need:lawyer]", date(2024, 1, 1), fake, FAKE_VERSION)
    add_note(session, "Maria", "[resolved/need:lawyer]", date(2024, 2, 1), fake, FAKE_VERSION)
    expected = statuses(session, "Maria")
    assert expected["2024-01-01:lawyer"] == "resolved"
    for _ in range(2):
        reprocess(session, fake, FAKE_VERSION, everything=True)
        assert statuses(session, "Maria") == expected
    # If the resolving note no longer says so, its earlier need opens again.
    resolving = session.scalars(select(Note).where(Note.note_date == date(2024, 2, 1))).one()
    resolving.text = "[interest:golf]"
    session.commit()
    reprocess(session, fake, FAKE_VERSION, everything=True)
    assert statuses(session, "Maria")["2024-01-01:lawyer"] == "active"


def test_resolving_within_one_note_needs_the_need_first(
    session: Session, fake: FakeListener
) -> None:
    note = store_note(
        session, "Maria", "[need:lawyer] ... later [resolved/need:lawyer]", date(2024, 1, 1)
    )
    reprocess(session, fake, FAKE_VERSION)
    rows = session.scalars(
        select(SignalRow).where(SignalRow.note_id == note.note_id).order_by(SignalRow.start)
    ).all()
    assert rows[0].resolved_by_id == rows[1].id and rows[1].resolved_by_id is None

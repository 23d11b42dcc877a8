"""Closures: a later note that closes a contact's earlier signal is stored on it, survives
re-listening, follows notes added out of order, and can be taken back by the user."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.errors import InvalidInput
from giveback.core.tables import Note, SignalRow
from giveback.engine.contacts.store import get_contact
from giveback.engine.listening.notes import add_note, reprocess, store_note
from giveback.engine.listening.signals import reopen_signal, signals_for
from giveback.pipelines.extraction.matching import head_noun, phrases_match
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
    closed = session.scalars(
        select(SignalRow).where(SignalRow.closed_by_note_id.is_not(None))
    ).all()
    assert {r.closed_by_note_id for r in closed} == {resolver.note_id}
    assert {r.closed_evidence for r in closed} == {resolver.evidence}
    assert {r.closed_how for r in closed} == {"met"}
    # The stored status stays what the note said: the closure carries the resolution.
    assert {r.status for r in closed} == {"active", "hedged"}


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


def test_a_note_never_closes_its_own_signals(session: Session, fake: FakeListener) -> None:
    # Within one note, the listener hears the need as resolved itself (one signal).
    note = store_note(
        session, "Maria", "[need:lawyer] ... later [resolved/need:lawyer]", date(2024, 1, 1)
    )
    reprocess(session, fake, FAKE_VERSION)
    rows = session.scalars(select(SignalRow).where(SignalRow.note_id == note.note_id)).all()
    assert [r.closed_by_note_id for r in rows] == [None, None]


def test_only_the_notes_contact_signals_are_closed(session: Session, fake: FakeListener) -> None:
    add_note(session, "Priya", "[need:lawyer]", date(2024, 1, 1), fake, FAKE_VERSION)
    add_note(session, "Maria", "[need:lawyer]", date(2024, 1, 2), fake, FAKE_VERSION)
    add_note(session, "Maria", "[resolved/need:lawyer]", date(2024, 2, 1), fake, FAKE_VERSION)
    assert statuses(session, "Priya") == {"2024-01-01:lawyer": "active"}
    assert statuses(session, "Maria")["2024-01-02:lawyer"] == "resolved"


def test_a_reopened_signal_stays_open_when_its_closer_is_heard_again(
    session: Session, fake: FakeListener
) -> None:
    add_note(session, "Maria", "[need:lawyer]", date(2024, 1, 1), fake, FAKE_VERSION)
    add_note(session, "Maria", "[resolved/need:lawyer]", date(2024, 2, 1), fake, FAKE_VERSION)
    first = next(s for s in signals_for(session, get_contact(session, "Maria")) if
                 s.note_date == date(2024, 1, 1))  # fmt: skip
    assert first.closed_by is not None and first.closed_by.how == "met"
    reopened = reopen_signal(session, first.id)
    session.commit()
    assert reopened.status == "active" and reopened.closed_by is None
    reprocess(session, fake, FAKE_VERSION, everything=True)
    assert statuses(session, "Maria")["2024-01-01:lawyer"] == "active"
    # A newer note may still close it.
    add_note(session, "Maria", "[resolved/need:lawyers]", date(2024, 3, 1), fake, FAKE_VERSION)
    assert statuses(session, "Maria")["2024-01-01:lawyer"] == "resolved"


def test_reopening_what_is_not_closed_is_refused(session: Session, fake: FakeListener) -> None:
    add_note(session, "Maria", "[need:lawyer]", date(2024, 1, 1), fake, FAKE_VERSION)
    (signal,) = signals_for(session, get_contact(session, "Maria"))
    with pytest.raises(InvalidInput, match="not closed"):
        reopen_signal(session, signal.id)


def test_reopening_drops_the_closing_sentence_heard_as_that_need_met(
    session: Session, fake: FakeListener
) -> None:
    """The learned listener hears a closing sentence as the need it met, marked as restating
    the closure; the user's "that was no closure" takes that reading back too."""
    add_note(session, "Maria", "[need:lawyer]", date(2024, 1, 1), fake, FAKE_VERSION)
    add_note(session, "Maria", "[resolved/need:lawyer]", date(2024, 2, 1), fake, FAKE_VERSION)
    first = next(s for s in signals_for(session, get_contact(session, "Maria")) if
                 s.note_date == date(2024, 1, 1))  # fmt: skip
    closer = first.closed_by
    assert closer is not None
    own = session.scalars(select(SignalRow).where(SignalRow.note_id == closer.note_id)).one()
    restated = SignalRow(note_id=closer.note_id, contact_id=own.contact_id, kind="need",
                         phrase=first.phrase, evidence=closer.evidence, start=closer.start,
                         end=closer.end, status="resolved", extractor_version=FAKE_VERSION,
                         restates_closure=True)  # fmt: skip
    session.add(restated)
    session.commit()
    reopen_signal(session, first.id)
    session.commit()
    left = session.scalars(select(SignalRow.id).where(SignalRow.note_id == closer.note_id)).all()
    assert left == [own.id]  # the sentence's own reading stays

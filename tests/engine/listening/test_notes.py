"""Notes: committed before processing, processed idempotently, failures kept, batches isolated.

These tests are about storage mechanics, so they use the scripted ``FakeListener``; what the real
listener hears is tested in ``test_listening.py``.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from giveback.core.dates import EARLIEST, LATEST
from giveback.core.domain import Extraction, NoteInput
from giveback.core.errors import InvalidInput, ModelUnavailable
from giveback.core.tables import Contact, MentionRow, Note, SignalRow
from giveback.core.textio import clean_note_text
from giveback.engine.contacts.store import find_contact, upsert_contact
from giveback.engine.listening.notes import (
    add_note,
    parse_note_date,
    process_notes,
    reprocess,
    stale_note_ids,
    store_note,
)
from giveback.engine.listening.signals import signals_for
from tests.conftest import FAKE_VERSION
from tests.support.fakes import FakeListener

DAY = date(2024, 5, 1)


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_add_note_stores_and_processes(session: Session, fake: FakeListener) -> None:
    text = "Coffee with @Maria. [need:contracts lawyer] and [interest:trail running]"
    outcome = add_note(session, "Maria Lopez", text, DAY, fake, FAKE_VERSION)
    assert outcome.stored.contact_created and not outcome.stored.duplicate
    assert [(s.kind, s.phrase, s.status) for s in outcome.signals] == [
        ("need", "contracts lawyer", "active"),
        ("interest", "trail running", "active"),
    ]
    first = outcome.signals[0]
    assert text[first.start : first.end] == first.evidence
    note = session.get(Note, outcome.stored.note_id)
    assert note is not None
    assert note.processed_at is not None and note.extractor_version == FAKE_VERSION
    assert note.error is None and note.source == "cli"
    assert count(session, MentionRow) == 1


def test_note_is_committed_before_the_listener_runs(session: Session, db_url: str) -> None:
    from giveback.core.db import init_db, make_session_factory

    other = make_session_factory(init_db(db_url))()

    class Peeking:
        seen: int = -1

        def listen_many(self, notes: list[NoteInput]) -> list[Extraction]:
            # Another connection already sees the note: it was committed first.
            self.seen = other.scalar(select(func.count()).select_from(Note)) or 0
            return [Extraction() for _ in notes]

    peeking = Peeking()
    add_note(session, "Ann", "hello there", DAY, peeking, FAKE_VERSION)
    assert peeking.seen == 1
    other.close()


def test_listener_failure_keeps_the_note_and_records_the_error(
    session: Session, fake: FakeListener
) -> None:
    outcome = add_note(session, "Ann", "[fail] [need:visa lawyer]", DAY, fake, FAKE_VERSION)
    assert outcome.error == "RuntimeError: scripted failure" and outcome.signals == ()
    note = session.get(Note, outcome.stored.note_id)
    assert note is not None
    assert note.text == "[fail] [need:visa lawyer]" and note.processed_at is None
    assert note.error == "RuntimeError: scripted failure"
    assert stale_note_ids(session, FAKE_VERSION) == [note.id]
    note.text = "fixed [need:visa lawyer]"  # as if the listener were fixed
    session.commit()
    report = reprocess(session, fake, FAKE_VERSION)
    assert report.processed == 1 and not report.failed
    session.refresh(note)
    assert note.error is None and note.processed_at is not None
    assert stale_note_ids(session, FAKE_VERSION) == []


def test_a_failed_reprocess_keeps_the_old_signals_and_is_retried(
    session: Session, fake: FakeListener
) -> None:
    outcome = add_note(session, "Ann", "[need:visa lawyer]", DAY, fake, FAKE_VERSION)
    note = session.get(Note, outcome.stored.note_id)
    assert note is not None
    note.text = "[fail] " + note.text  # the next run of the listener fails on it
    session.commit()
    report = reprocess(session, fake, FAKE_VERSION, everything=True)
    assert list(report.failed) == [note.id]
    assert [s.phrase for s in session.scalars(select(SignalRow))] == ["visa lawyer"]
    assert stale_note_ids(session, FAKE_VERSION) == [note.id]


def test_output_the_store_cannot_hold_fails_that_note_only(session: Session) -> None:
    from dataclasses import replace

    good = FakeListener()

    class Garbled:
        def listen_many(self, notes: list[NoteInput]) -> list[Extraction]:
            out = good.listen_many(notes)
            first = out[0]
            # A status the store cannot hold: not a Status, so mypy objects.
            bad = replace(first.signals[0], status="maybe")  # type: ignore[arg-type]  # on purpose
            return [Extraction((bad,)), *out[1:]]

    ids = [
        store_note(session, n, t, DAY).note_id for n, t in (("Ann", "[need:a]"), ("Bo", "[need:b]"))
    ]
    report = process_notes(session, ids, Garbled(), FAKE_VERSION)
    assert list(report.failed) == [ids[0]] and "maybe" in report.failed[ids[0]]
    assert report.processed == 1 and count(session, SignalRow) == 1


def test_a_missing_model_propagates_after_the_note_is_stored(session: Session) -> None:
    class Missing:
        def listen_many(self, notes: list[NoteInput]) -> list[Extraction]:
            raise ModelUnavailable("spaCy model 'xx' is not installed")

    with pytest.raises(ModelUnavailable):
        add_note(session, "Ann", "some words", DAY, Missing(), FAKE_VERSION)
    note = session.scalars(select(Note)).one()
    assert note.processed_at is None
    assert note.error is not None and "not installed" in note.error


def test_one_bad_note_in_a_batch_fails_alone(session: Session, fake: FakeListener) -> None:
    # Three people: a batch holds one note per person (a note may close what an earlier note
    # of the same person said, so those are heard one after the other).
    ids = [
        store_note(session, name, text, DAY).note_id
        for name, text in (("Ann", "[need:a] one"), ("Bo", "[fail] two"), ("Cy", "[need:c] three"))
    ]
    report = process_notes(session, ids, fake, FAKE_VERSION)
    assert report.processed == 2 and list(report.failed) == [ids[1]]
    assert fake.batches[0] == 3  # tried as one batch first, then note by note
    assert count(session, SignalRow) == 2


def test_reprocessing_replaces_signals_instead_of_adding(
    session: Session, fake: FakeListener
) -> None:
    for i in range(3):
        add_note(
            session, "Ann", f"note {i} @Bo [need:job {i}] [interest:golf]", DAY, fake, FAKE_VERSION
        )
    before = sorted((s.note_id, s.kind, s.phrase) for s in session.scalars(select(SignalRow)))
    old_ids = set(session.scalars(select(SignalRow.id)))
    mentions = count(session, MentionRow)
    assert stale_note_ids(session, FAKE_VERSION) == []
    for _ in range(2):
        reprocess(session, fake, FAKE_VERSION, everything=True)
    after = sorted((s.note_id, s.kind, s.phrase) for s in session.scalars(select(SignalRow)))
    assert after == before and len(after) == 6
    # A signal heard again keeps its row (and so its id, and any closure of it).
    assert set(session.scalars(select(SignalRow.id))) == old_ids
    assert count(session, MentionRow) == mentions == 3
    # A signal no longer heard goes; one newly heard comes.
    note = session.scalars(select(Note).order_by(Note.id)).first()
    assert note is not None
    note.text = note.text.replace("[interest:golf]", "[interest:chess]")
    session.commit()
    reprocess(session, fake, FAKE_VERSION, everything=True)
    phrases = {
        s.phrase for s in session.scalars(select(SignalRow).where(SignalRow.note_id == note.id))
    }
    assert phrases == {"job 0", "chess"}


def test_a_new_extractor_version_makes_notes_stale(session: Session, fake: FakeListener) -> None:
    add_note(session, "Ann", "[need:lawyer]", DAY, fake, "v1")
    add_note(session, "Ann", "[need:accountant]", DAY, fake, "v2")
    assert len(stale_note_ids(session, "v2")) == 1
    report = reprocess(session, fake, "v2")
    assert report.processed == 1
    assert set(session.scalars(select(SignalRow.extractor_version))) == {"v2"}
    assert set(session.scalars(select(Note.extractor_version))) == {"v2"}


def test_the_same_note_twice_is_stored_once(session: Session, fake: FakeListener) -> None:
    first = add_note(session, "Ann", "Met at the fair. [interest:kites]", DAY, fake, FAKE_VERSION)
    again = add_note(
        session, "ann", "Met at the fair.  [interest:kites]\n", DAY, fake, FAKE_VERSION
    )
    assert again.stored.duplicate and again.stored.note_id == first.stored.note_id
    assert count(session, Note) == 1 and count(session, SignalRow) == 1
    other_day = add_note(
        session, "Ann", "Met at the fair. [interest:kites]", date(2024, 6, 1), fake, FAKE_VERSION
    )
    assert not other_day.stored.duplicate


def test_signals_about_a_known_third_party_join_that_relationship(
    session: Session, fake: FakeListener
) -> None:
    upsert_contact(session, "Tom Reyes", aliases=["Tom"])
    session.commit()
    text = "Ann said @Tom [third=Tom/need:new job] and [third=her sister/need:tutor] [need:lawyer]"
    add_note(session, "Ann", text, DAY, fake, FAKE_VERSION)
    tom, ann = find_contact(session, "Tom Reyes"), find_contact(session, "Ann")
    assert tom is not None and ann is not None
    assert [s.phrase for s in signals_for(session, tom)] == ["new job"]
    assert [(s.phrase, s.who) for s in signals_for(session, ann)] == [
        ("tutor", "her sister"),
        ("lawyer", None),
    ]
    linked = {m.text: m.contact_id for m in session.scalars(select(MentionRow))}
    assert linked == {"Tom": tom.id, "Ann": ann.id}


def test_a_known_person_in_apposition_to_who_gets_the_signal(
    session: Session, fake: FakeListener
) -> None:
    upsert_contact(session, "Tom Reyes", aliases=["Tom"])
    session.commit()
    text = "her husband Tom [third=her husband/need:job]; her sister [third=her sister/need:flat]"
    add_note(session, "Ann", text, DAY, fake, FAKE_VERSION)
    tom, ann = find_contact(session, "Tom"), find_contact(session, "Ann")
    assert tom is not None and ann is not None
    assert [s.phrase for s in signals_for(session, tom)] == ["job"]
    assert [s.phrase for s in signals_for(session, ann)] == ["flat"]


def test_listener_warnings_are_returned(session: Session, fake: FakeListener) -> None:
    outcome = add_note(session, "Ann", "[foreign] Hola", DAY, fake, FAKE_VERSION)
    assert outcome.warnings == ("the note does not look like English",)
    assert count(session, Note) == 1


@pytest.mark.parametrize("text", ["", "   \n\t  ", "\r\n"])
def test_empty_notes_are_refused_before_anything_is_stored(
    session: Session, fake: FakeListener, text: str
) -> None:
    with pytest.raises(InvalidInput, match="note is empty"):
        add_note(session, "Ann", text, DAY, fake, FAKE_VERSION)
    assert count(session, Note) == count(session, Contact) == 0
    assert fake.batches == []


def test_oversized_notes_and_names_are_refused(session: Session, fake: FakeListener) -> None:
    with pytest.raises(InvalidInput, match="at most 100,000"):
        add_note(session, "Ann", "word " * 30_000, DAY, fake, FAKE_VERSION)
    with pytest.raises(InvalidInput, match="10,000 characters"):
        add_note(session, "A" * 10_000, "fine text", DAY, fake, FAKE_VERSION)
    assert count(session, Note) == count(session, Contact) == 0


def test_note_text_is_normalized() -> None:
    assert clean_note_text("  a\r\nb\rc  ") == "a\nb\nc"
    with pytest.raises(InvalidInput, match="NUL"):
        clean_note_text("abc\x00def")


def test_dates() -> None:
    assert parse_note_date("2024-05-31") == date(2024, 5, 31)
    assert parse_note_date("2024-05-31T10:00:00") == date(2024, 5, 31)
    assert parse_note_date(None, default=DAY) == DAY
    with pytest.raises(InvalidInput, match="not a date like 2024-05-31"):
        parse_note_date("31/05/2024")


@pytest.mark.parametrize(
    "value",
    ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31T00:00:00", date(1, 1, 1),
     date(3000, 1, 1)],
    ids=str,
)  # fmt: skip
def test_one_date_range_holds_for_every_date(value: str | date) -> None:
    with pytest.raises(InvalidInput, match="is not between 1900-01-01 and 2999-12-31"):
        parse_note_date(value)


def test_the_ends_of_the_range_and_what_is_no_date() -> None:
    assert parse_note_date("1900-01-01") == EARLIEST and parse_note_date(LATEST) == LATEST
    with pytest.raises(InvalidInput, match="not a list"):
        parse_note_date([[["2024-05-31"]]])  # type: ignore[arg-type]  # JSON gives any type


def test_a_note_dated_out_of_range_is_not_stored(session: Session) -> None:
    with pytest.raises(InvalidInput, match="is not between"):
        store_note(session, "Ann", "She loves kites.", date(3000, 1, 1))
    assert session.scalar(select(func.count(Note.id))) == 0

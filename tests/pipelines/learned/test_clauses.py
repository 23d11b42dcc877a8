"""Clauses cut from the real spaCy parse: the units the learned listener decides about."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from giveback.core.domain import ContactRef, NoteInput
from giveback.pipelines.extraction import Listener
from giveback.pipelines.learned.clause import Clause
from giveback.pipelines.learned.clauses import clauses_of
from giveback.pipelines.learned.corpus import load_split
from tests.support.paths import ROOT

DANA = ContactRef("Dana Ruiz", ("Dana",))
DAY = date(2026, 3, 4)
BULLETS = (
    "Coffee w/ Dana\n"
    "- raising a seed round, talking to angels\n"
    "- co-founder search still the blocker\n"
    "- back on the bike after the knee thing\n"
    "- I'll send her the term sheet primer\n"
    "- don't send her anything about wine, she quit in Jan"
)
TEXTS = [
    BULLETS,
    "She is raising a seed and her son wants an internship.",
    "Met Dana today; she wants a lawyer, but her budget is small.",
    "Me: are you still hiring?\nDana: Yes, we need two engineers. I'm also training for a 10k.",
    "Dana loves sailing - and she hates golf. Her wedding is on June 12!",
]


def cut(listener: Listener, text: str) -> list[Clause]:
    [parsed] = listener.parse_many([NoteInput(text, DAY, DANA)])
    assert parsed.doc is not None
    return clauses_of(parsed.doc, parsed.rule_signals, DANA)


def texts(listener: Listener, text: str) -> list[str]:
    return [c.text for c in cut(listener, text)]


@pytest.mark.parametrize("text", TEXTS)
def test_spans_are_the_text_slices_in_order_never_empty(listener: Listener, text: str) -> None:
    clauses = cut(listener, text)
    assert clauses
    for clause in clauses:
        assert text[clause.start : clause.end] == clause.text
        assert clause.text.strip() == clause.text
        assert len(clause.text) >= 2
    ends = [(c.start, c.end) for c in clauses]
    assert ends == sorted(ends)
    assert all(a[1] <= b[0] for a, b in pairwise(ends))


def test_no_clause_crosses_a_line_of_a_bulleted_note(listener: Listener) -> None:
    clauses = cut(listener, BULLETS)
    assert all("\n" not in c.text for c in clauses)
    lines = [line.lstrip("- ") for line in BULLETS.splitlines()]
    # Every line starts a clause of its own.
    starts = {c.text for c in clauses}
    assert all(any(s.startswith(line[:12]) for s in starts) for line in lines)


def test_two_subjects_joined_by_and_are_two_clauses(listener: Listener) -> None:
    assert texts(listener, "She is raising a seed and her son wants an internship.") == [
        "She is raising a seed",
        "and her son wants an internship.",
    ]


def test_one_subject_with_two_objects_stays_one_clause(listener: Listener) -> None:
    assert texts(listener, "She loves sailing and golf.") == ["She loves sailing and golf."]


def test_semicolons_and_comma_but_cut(listener: Listener) -> None:
    assert texts(listener, "Met Dana today; she wants a lawyer, but her budget is small.") == [
        "Met Dana today",
        "she wants a lawyer",
        "but her budget is small.",
    ]


def test_a_spaced_dash_cuts_but_a_hyphen_does_not(listener: Listener) -> None:
    got = texts(listener, "Dana loves sailing - and she hates golf.")
    assert got[0] == "Dana loves sailing"
    assert len(got) == 2
    assert texts(listener, "Her co-founder search is the blocker.") == [
        "Her co-founder search is the blocker."
    ]


def test_clauses_carry_what_the_parse_and_the_rules_say(listener: Listener) -> None:
    clauses = cut(listener, BULLETS)
    [promise] = [c for c in clauses if c.text.startswith("I'll send")]
    assert promise.first_person
    assert "commitment" in promise.rule_kinds
    [seed] = [c for c in clauses if c.text.startswith("raising a seed")]
    assert "need" in seed.rule_kinds and not seed.first_person


def test_questions_and_speaker_turns_are_marked(listener: Listener) -> None:
    clauses = cut(listener, TEXTS[3])
    [question] = [c for c in clauses if "hiring" in c.text]
    assert question.question and question.user_turn and not question.other_turn
    [engineers] = [c for c in clauses if "engineers" in c.text]
    assert engineers.other_turn and not engineers.user_turn and not engineers.question


def test_an_empty_note_has_no_doc_and_so_no_clauses(listener: Listener) -> None:
    [parsed] = listener.parse_many([NoteInput("   ", DAY, DANA)])
    assert parsed.doc is None


def test_every_labeled_signal_of_the_dev_split_overlaps_a_clause(listener: Listener) -> None:
    notes = load_split(ROOT / "data" / "annotation", "dev")
    parsed = listener.parse_many([n.note_input() for n in notes])
    missed = []
    for note, p in zip(notes, parsed, strict=True):
        assert p.doc is not None, note.id
        clauses = clauses_of(p.doc, p.rule_signals, p.note.contact, p.note.known_contacts)
        for clause in clauses:
            assert note.text[clause.start : clause.end] == clause.text
        for s in note.signals:
            if not any(min(c.end, s.end) > max(c.start, s.start) for c in clauses):
                missed.append(f"{note.id}/{s.id}: {s.evidence!r}")
        for c in note.closures:
            if not any(min(k.end, c.end) > max(k.start, c.start) for k in clauses):
                missed.append(f"{note.id} closes {c.target}: {c.evidence!r}")
    assert sum(len(n.signals) for n in notes) > 100
    assert missed == []

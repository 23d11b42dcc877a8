"""Scoring heard signals against labeled ones: matching, and an event's date (pure)."""

from __future__ import annotations

from datetime import date

from giveback.core.domain import ContactRef, NoteInput, Signal, SignalKind
from giveback.engine.eval.extract import GoldNote, GoldSignal, score

TEXT = "Gabi had the baby Sept 12. Moving to Porto in March. Loves fado."
NOTE = NoteInput(TEXT, date(2025, 9, 24), ContactRef("Gabi Reis", ("Gabi",)))


def _at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def _gold(kind: str, words: str, day: date | None = None) -> GoldSignal:
    return GoldSignal(kind, words.lower(), *_at(words), "contact", "active", day)


def _heard(kind: SignalKind, words: str, day: date | None = None) -> Signal:
    return Signal(kind, words.lower(), words, *_at(words), event_date=day)


def test_an_events_date_is_scored_on_the_matched_events() -> None:
    gold = GoldNote(
        "n1",
        NOTE,
        (
            _gold("event", "had the baby Sept 12", date(2025, 9, 12)),
            _gold("event", "Moving to Porto in March", date(2026, 3, 1)),
            _gold("interest", "Loves fado"),
        ),
    )
    heard = [
        _heard(SignalKind.EVENT, "had the baby Sept 12", date(2026, 9, 12)),  # a year off
        _heard(SignalKind.EVENT, "Moving to Porto in March", date(2026, 3, 1)),
        _heard(SignalKind.INTEREST, "Loves fado"),
    ]
    scores = score([gold], [heard])
    assert scores.matched == 3
    assert (scores.events_matched, scores.event_date_ok) == (2, 1)
    assert scores.event_date_accuracy == 0.5
    # No date where the label has none is right too; an unmatched event is not scored.
    undated = GoldNote("n2", NOTE, (_gold("event", "had the baby Sept 12"),))
    assert score([undated], [[_heard(SignalKind.EVENT, "had the baby Sept 12")]]).event_date_ok == 1
    assert score([undated], [[]]).events_matched == 0

"""A closing clause of a need or an interest is heard as that need met or interest dropped."""

from __future__ import annotations

from datetime import date

from giveback.core.domain import (
    About,
    ClosedHow,
    Closure,
    OpenSignal,
    Signal,
    SignalKind,
    Status,
)
from giveback.pipelines.learned.closure.restated import restated_signals

TEXT = "Marcos got the estimator job at Ledcor!! He sold the bike. Sent him the deck."
JOB = OpenSignal(1, SignalKind.NEED, "estimator job", "looking for estimator work",
                 About.CONTACT, date(2026, 1, 5))  # fmt: skip
BIKE = OpenSignal(2, SignalKind.INTEREST, "cycling", "into cycling", About.CONTACT)
DECK = OpenSignal(3, SignalKind.COMMITMENT, "send the deck", "I'll send the deck", About.USER)
SON = OpenSignal(4, SignalKind.NEED, "summer camp", "her son needs a camp", About.THIRD_PARTY)


def closing(signal: OpenSignal, evidence: str, how: ClosedHow) -> Closure:
    start = TEXT.index(evidence)
    return Closure(signal.id, start, start + len(evidence), evidence, how, 0.9)


def test_a_met_need_is_resolved_and_a_dropped_interest_negated() -> None:
    closures = [
        closing(JOB, "Marcos got the estimator job at Ledcor!!", ClosedHow.MET),
        closing(BIKE, "He sold the bike.", ClosedHow.NO_LONGER_WANTED),
        closing(DECK, "Sent him the deck.", ClosedHow.DONE_BY_USER),  # only a closure
    ]
    got = restated_signals([], closures, [JOB, BIKE, DECK])
    assert [(s.kind, s.phrase, s.status, s.about) for s in got] == [
        (SignalKind.NEED, "estimator job", Status.RESOLVED, About.CONTACT),
        (SignalKind.INTEREST, "cycling", Status.NEGATED, About.CONTACT),
    ]
    for signal, closure in zip(got, closures, strict=False):
        assert TEXT[signal.start : signal.end] == signal.evidence == closure.evidence
        assert signal.confidence == closure.confidence


def test_a_need_given_up_is_negated_and_a_third_partys_stays_theirs() -> None:
    closure = closing(SON, "He sold the bike.", ClosedHow.NO_LONGER_WANTED)
    (got,) = restated_signals([], [closure], [SON])
    assert (got.status, got.about) == (Status.NEGATED, About.THIRD_PARTY)


def test_a_need_made_moot_is_negated_and_one_given_by_another_resolved() -> None:
    moot = closing(JOB, "He sold the bike.", ClosedHow.MOOT)
    assert [s.status for s in restated_signals([], [moot], [JOB])] == [Status.NEGATED]
    given = closing(JOB, "He sold the bike.", ClosedHow.GIVEN_BY_OTHER)
    assert [s.status for s in restated_signals([], [given], [JOB])] == [Status.RESOLVED]


def test_a_clause_already_heard_as_that_kind_is_not_heard_twice() -> None:
    closure = closing(JOB, "Marcos got the estimator job at Ledcor!!", ClosedHow.MET)
    heard = Signal(SignalKind.NEED, "estimator job at ledcor", "Marcos got the estimator job",
                   0, 28, status=Status.RESOLVED)  # fmt: skip
    assert restated_signals([heard], [closure], [JOB]) == []
    other_kind = Signal(SignalKind.EVENT, "new job", "Marcos got the estimator job", 0, 28)
    assert [s.kind for s in restated_signals([other_kind], [closure], [JOB])] == [SignalKind.NEED]
    # Two closures in one clause state it once.
    twice = [closure, closing(JOB, "Marcos got the estimator job at Ledcor!!", ClosedHow.MET)]
    assert len(restated_signals([], twice, [JOB])) == 1

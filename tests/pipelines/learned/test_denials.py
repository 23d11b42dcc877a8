"""The closures the rules are sure of: a later denial or resolution of the same matter."""

from __future__ import annotations

from datetime import date

import numpy as np

from giveback.core.domain import About, ClosedHow, OpenSignal, Signal, SignalKind, Status
from giveback.pipelines.learned.denials import SIMILAR, SIMILAR_SHARED_WORD, denials

EARLIER = date(2026, 1, 5)


def open_need(phrase: str, evidence: str, number: int = 1) -> OpenSignal:
    return OpenSignal(number, SignalKind.NEED, phrase, evidence, About.CONTACT, EARLIER)


def heard(kind: SignalKind, phrase: str, status: Status, text: str = "x") -> Signal:
    return Signal(kind, phrase, text, 0, len(text), About.CONTACT, status, 0.8)


def unit(angle: float) -> np.ndarray:
    """A 2-d unit vector: two of them have the cosine of their angle difference."""
    return np.array([np.cos(angle), np.sin(angle)])


def similar(cosine: float) -> tuple[np.ndarray, np.ndarray]:
    return unit(0.0)[None, :], unit(float(np.arccos(cosine)))[None, :]


def test_a_met_need_with_the_same_head_closes_it_as_met() -> None:
    earlier = open_need("contracts lawyer", "looking for a contracts lawyer")
    later = heard(SignalKind.NEED, "lawyer", Status.RESOLVED, "she found a lawyer")
    (closure,) = denials([earlier], [later], *similar(0.0))
    assert (closure.signal_id, closure.how, closure.evidence) == (1, ClosedHow.MET, later.evidence)


def test_a_denial_of_the_same_standing_matter_closes_it_as_no_longer_wanted() -> None:
    earlier = open_need("senior pm roles", "looking for senior PM roles")
    later = heard(SignalKind.NEED, "job search", Status.NEGATED, "the job search is over")
    (closure,) = denials([earlier], [later], *similar(0.0))
    assert closure.how is ClosedHow.NO_LONGER_WANTED


def test_a_close_paraphrase_closes_and_a_far_one_does_not() -> None:
    earlier = open_need("childcare", "still looking for childcare")
    later = heard(SignalKind.NEED, "nanny", Status.RESOLVED, "the agency found them a nanny")
    assert denials([earlier], [later], *similar(SIMILAR + 0.01))
    assert not denials([earlier], [later], *similar(SIMILAR - 0.01))
    # A shared content word lowers the bar (the phrases do not match as such).
    earlier = open_need("after-school childcare", "needs after-school childcare")
    shared = heard(SignalKind.NEED, "childcare spot", Status.RESOLVED, "got a childcare spot")
    assert denials([earlier], [shared], *similar(SIMILAR_SHARED_WORD + 0.01))
    assert not denials([earlier], [shared], *similar(SIMILAR_SHARED_WORD - 0.01))


def test_only_a_resolution_or_a_denial_closes_and_never_a_promise() -> None:
    earlier = open_need("contracts lawyer", "looking for a contracts lawyer")
    still = heard(SignalKind.NEED, "lawyer", Status.ACTIVE, "still hunting for a lawyer")
    promise = heard(SignalKind.COMMITMENT, "lawyer", Status.RESOLVED, "sent her the lawyer")
    assert denials([earlier], [still, promise], np.ones((1, 2)), np.ones((2, 2))) == []


def test_another_matter_is_left_open() -> None:
    earlier = open_need("accountant", "needs an accountant")
    later = heard(SignalKind.NEED, "lawyer", Status.RESOLVED, "found a lawyer for the lease")
    assert denials([earlier], [later], *similar(0.2)) == []

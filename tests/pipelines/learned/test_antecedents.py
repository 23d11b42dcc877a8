"""A caution that refuses "it" is named by what "it" stands for: the thing said just before."""

from __future__ import annotations

from giveback.core.domain import About, Signal, SignalKind
from giveback.pipelines.learned.antecedents import named_by_antecedent, points_back

TEXT = (
    "Met Tomás at the show. He's off the queen rearing: too fiddly at his age, "
    "and he doesn't want to hear another word about it."
)


def signal(kind: SignalKind, phrase: str, evidence: str, text: str = TEXT) -> Signal:
    start = text.index(evidence)
    return Signal(kind, phrase, evidence, start, start + len(evidence), about=About.CONTACT)


def test_a_caution_that_points_back_takes_the_name_of_what_came_before() -> None:
    interest = signal(SignalKind.INTEREST, "queen rearing", "He's off the queen rearing")
    caution = signal(
        SignalKind.CAUTION, "another word about it", "he doesn't want to hear another word about it"
    )
    assert [s.phrase for s in named_by_antecedent([interest, caution], TEXT)] == [
        "queen rearing",
        "queen rearing",
    ]


def test_the_nearest_thing_before_it_is_what_it_stands_for() -> None:
    text = "Her knee is better. Her mum's surgery is on the 12th. She hates to talk about it."
    knee = signal(SignalKind.NEED, "knee", "Her knee is better", text)
    surgery = signal(SignalKind.EVENT, "mum's surgery", "Her mum's surgery is on the 12th", text)
    caution = signal(SignalKind.CAUTION, "talk", "She hates to talk about it", text)
    named = named_by_antecedent([knee, surgery, caution], text)
    assert named[-1].phrase == "mum's surgery"


def test_a_caution_that_names_its_topic_keeps_its_name() -> None:
    text = "Training for Boston. Don't send her anything about wine."
    race = signal(SignalKind.INTEREST, "boston", "Training for Boston", text)
    wine = signal(SignalKind.CAUTION, "wine", "Don't send her anything about wine", text)
    assert named_by_antecedent([race, wine], text)[-1].phrase == "wine"


def test_nothing_before_it_in_the_paragraph_leaves_the_caution_as_it_was() -> None:
    text = "Wants a new bike.\n\nDon't mention it to anyone at the firm."
    bike = signal(SignalKind.NEED, "new bike", "Wants a new bike", text)
    caution = signal(SignalKind.CAUTION, "anyone at the firm", "Don't mention it to anyone", text)
    # A promise is no topic either.
    promise = signal(SignalKind.COMMITMENT, "send the deck", "Wants a new bike", text)
    assert named_by_antecedent([bike, promise, caution], text)[-1].phrase == "anyone at the firm"


def test_what_points_back() -> None:
    assert points_back("Don't mention it to anyone at her old firm")
    assert points_back("don't raise it til she does")
    assert points_back("he hates to talk about it")
    # the particle after the pronoun
    assert points_back("Ghana trip is OFF. Do not bring it up.")
    assert not points_back("no parenting books, she has enough advice on how to bring them up")
    assert not points_back("don't talk to me about investors")
    assert not points_back("It's about time")
    assert not points_back("so no more wine gifts from me (she was gracious about it)")
    assert not points_back("Don't send anything to the house about this")

"""The phrase model: the candidates a clause offers, how phrases are compared, the choice."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from giveback.pipelines.extraction import Listener
from giveback.pipelines.learned.phrases.candidates import candidates
from giveback.pipelines.learned.phrases.fit import fit_phrase_model
from giveback.pipelines.learned.phrases.model import PhraseConfig, PhraseExample
from giveback.pipelines.learned.phrases.overlap import phrase_overlap


def _span(listener: Listener, text: str) -> Span:
    doc = listener.nlp(text)
    return doc[0 : len(doc)]


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        ("a SaaS lawyer", "saas lawyer", 1.0),
        ("her tent", "tent", 1.0),
        ("tent", "camping gear", 0.0),
        ("contracts lawyer in Austin", "contracts lawyer", 2 / 3),
        ("", "tent", 0.0),
    ],
)
def test_phrases_are_compared_by_the_words_they_share(
    predicted: str, gold: str, expected: float
) -> None:
    assert phrase_overlap(predicted, gold) == pytest.approx(expected)


def test_a_clause_offers_its_objects_and_verb_phrases_each_once(listener: Listener) -> None:
    span = _span(listener, "She hopes to become a vet after her degree")
    texts = [c.text for c in candidates(span, "need")]
    assert "become a vet" in " | ".join(texts) and "vet" in texts
    assert len(texts) == len(set(texts))
    assert not any(t in ("she", "her", "a", "") for t in texts)
    assert all(c.features["words"] > 0 for c in candidates(span, "need"))


def test_a_mark_of_note_taking_or_a_weekday_names_no_want(listener: Listener) -> None:
    span = _span(listener, "NB: he wants to see his grandkids on Sundays")
    wants = {c.text for c in candidates(span, "need")}
    assert "grandkids" in wants and not wants & {"nb", "sundays"}
    span = _span(listener, "Don't book her Saturdays")
    assert "saturdays" in {c.text for c in candidates(span, "caution")}


def test_the_rules_phrase_is_a_candidate_marked_as_theirs(listener: Listener) -> None:
    span = _span(listener, "Looking for a contracts lawyer who knows SaaS")
    offered = {c.text: c for c in candidates(span, "need", rule_phrase="contracts lawyer")}
    assert offered["contracts lawyer"].features.get("from_rules") == 1.0
    assert sum(c.features.get("from_rules", 0.0) for c in offered.values()) == 1.0


def test_the_model_learns_which_part_names_the_clause(listener: Listener) -> None:
    training = [
        ("She needs a lawyer for the contract", "lawyer for the contract"),
        ("He wants a new bike for the spring", "new bike"),
        ("They are looking for a nanny in Leeds", "nanny"),
        ("Maria needs a tent for the trip", "tent"),
        ("Tom wants a mentor in product", "mentor in product"),
        ("Ana is looking for a flat near work", "flat near work"),
    ]
    examples = [
        PhraseExample(tuple(candidates(_span(listener, text), "need")), gold)
        for text, gold in training
    ]
    model = fit_phrase_model(examples, PhraseConfig())
    assert model.model is not None
    chosen = model.choose(
        candidates(_span(listener, "Priya needs a designer for the launch"), "need")
    )
    assert chosen is not None and "designer" in chosen


def test_with_nothing_to_learn_from_the_model_chooses_nothing(listener: Listener) -> None:
    examples = [PhraseExample(tuple(candidates(_span(listener, "She needs a tent"), "need")), "x")]
    model = fit_phrase_model(examples, PhraseConfig())
    assert model.model is None
    assert model.choose(candidates(_span(listener, "He needs a bike"), "need")) is None
    assert model.choose([]) is None

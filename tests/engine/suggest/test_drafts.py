"""Draft messages read as the user would write them."""

from __future__ import annotations

from datetime import date

import pytest

from giveback.engine.catalog.index import RankItem
from giveback.engine.suggest.drafts import draft_for, promise_draft, promise_text, reason_for
from giveback.engine.suggest.ranking import Candidate, RankSignal

PRIYA = RankItem(0, "con-priya", "contact", "Priya Raman", "Reviews SaaS contracts.", None, 7)


def _need(
    phrase: str,
    evidence: str,
    about: str = "contact",
    who: str | None = None,
) -> Candidate:
    signal = RankSignal(1, "need", phrase, evidence, "active", about, who, date(2026, 1, 10), 0)
    return Candidate(PRIYA, signal, 0.8, 0.7)


@pytest.mark.parametrize(
    ("phrase", "evidence", "said"),
    [
        (
            "saas contracts lawyer",
            "is looking for a SaaS contracts lawyer",
            "you mentioned you're looking for a SaaS contracts lawyer",
        ),
        (
            "accountant",
            "needs an accountant for the company",
            "you mentioned you're looking for an accountant",
        ),
        ("new clients", "looking for new clients", "you mentioned you're looking for new clients"),
        ("lawyer", "lawyer wanted, a good one", "you mentioned you're looking for lawyer"),
    ],
)
def test_a_need_keeps_the_article_the_note_gave_it(phrase: str, evidence: str, said: str) -> None:
    draft = draft_for("Maria Lopez", _need(phrase, evidence))
    assert draft.startswith(f"Hi Maria, {said}. Would it help if I introduced you to Priya")


def test_a_third_partys_need_is_theirs_in_the_draft_and_the_reason() -> None:
    cand = _need(
        "new job", "her husband is looking for a new job in biotech", "third_party", "her husband"
    )
    assert "your husband is looking for a new job" in draft_for("Maria Lopez", cand)
    assert reason_for("Maria Lopez", cand).startswith("Maria's husband — need: new job.")


def _promise(evidence: str) -> RankSignal:
    return RankSignal(2, "commitment", evidence, evidence, "active", "user", None, DAY, 0)


DAY = date(2026, 1, 10)


@pytest.mark.parametrize(
    ("evidence", "draft"),
    [
        ("I'll proofread her CV this weekend", "I'll proofread your CV this weekend."),
        ("I promised to lend him my grammar book", "I'll lend you my grammar book."),
        ("said I'd send her the photos", "I'll send you the photos."),
        ("I offered to introduce her to Ana, she'd love her", "I'll introduce you to Ana, she'd"),
        ("I'll take him to the Thursday fado night.", "I'll take you to the Thursday fado night."),
    ],
)
def test_a_promise_no_item_keeps_is_kept_in_the_second_person(evidence: str, draft: str) -> None:
    text = promise_draft("Maria Lopez", _promise(evidence))
    assert text.startswith(f"Hi Maria, I haven't forgotten: {draft}")


def test_a_reply_is_quoted_back_not_rewritten() -> None:
    text = promise_draft("Maria Lopez", _promise("yes, put me down."))
    assert (
        text
        == 'Hi Maria, I haven\'t forgotten what I said ("yes, put me down"). When would suit you?'
    )


@pytest.mark.parametrize(
    ("evidence", "what"),
    [
        ("said I'd dig out my old bird guide for him", "dig out my old bird guide for him"),
        ("I offered to rehearse her talk", "rehearse her talk"),
        ("Told him I'll take him to the fado night", "take him to the fado night"),
        ("I'll send the deck!", "send the deck"),
    ],
)
def test_the_promise_without_the_words_of_promising(evidence: str, what: str) -> None:
    assert promise_text(evidence) == what


def test_a_promise_kept_with_an_item_says_so_and_names_it() -> None:
    promise = _promise("I'll introduce her to Priya")
    draft = draft_for("Maria Lopez", Candidate(PRIYA, promise, 0.8, 0.7))
    assert draft.startswith("Hi Maria, as promised, let me introduce you to Priya Raman.")
    assert "You promised Maria" in reason_for("Maria Lopez", Candidate(PRIYA, promise, 0.8, 0.7))

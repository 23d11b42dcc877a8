"""Draft messages read as the user would write them."""

from __future__ import annotations

from datetime import date

import pytest

from giveback.engine.catalog.index import RankItem
from giveback.engine.suggest.drafts import draft_for, reason_for
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

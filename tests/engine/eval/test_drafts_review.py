"""The blind review's summary: sendable shares, agreement and the worst drafts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from giveback.core.errors import InvalidInput
from giveback.engine.eval.drafts import load_review, summarize


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _grade(draft_id: str, verdict: str, grammatical: str = "yes") -> dict[str, str]:
    return {
        "id": draft_id,
        "grammatical": grammatical,
        "specific": "yes",
        "true_to_note": "yes",
        "give_fits": "yes",
        "verdict": verdict,
        "why": "" if verdict == "send" else "bad",
    }


@pytest.fixture
def review(tmp_path: Path) -> Path:
    _write(tmp_path / "drafts.jsonl", [{"id": f"d{i}", "draft": f"Hi {i}"} for i in range(4)])
    _write(
        tmp_path / "grades_a.jsonl",
        [
            _grade("d0", "send"),
            _grade("d1", "small_edit"),
            _grade("d2", "rewrite", "no"),
            _grade("d3", "never"),
        ],
    )
    _write(
        tmp_path / "grades_b.jsonl",
        [
            _grade("d0", "send"),
            _grade("d1", "rewrite"),
            _grade("d2", "rewrite"),
            _grade("d3", "never"),
        ],
    )
    return tmp_path


def test_the_summary_counts_sendable_drafts_and_agreement(review: Path) -> None:
    report = summarize(load_review(review), worst=2)
    assert report["reviewers"]["a"]["sendable"] == 0.5
    assert report["reviewers"]["b"]["sendable"] == 0.25
    assert report["reviewers"]["a"]["grammatical"] == 0.75
    assert report["sendable"] == pytest.approx(3 / 8, abs=1e-3)
    assert report["sendable_agreement"] == 0.75  # they differ on d1 only
    assert [w["id"] for w in report["worst"]] == ["d3", "d2"]


def test_a_reviewer_who_skipped_a_draft_is_refused(review: Path) -> None:
    _write(review / "grades_c.jsonl", [_grade("d0", "send")])
    with pytest.raises(InvalidInput, match="grades 1 drafts, the review has 4"):
        load_review(review)


def test_an_unknown_verdict_is_refused(review: Path) -> None:
    _write(review / "grades_b.jsonl", [_grade(f"d{i}", "maybe") for i in range(4)])
    with pytest.raises(InvalidInput, match="unknown verdicts"):
        load_review(review)

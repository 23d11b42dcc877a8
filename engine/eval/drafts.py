"""The blind review of drafts: reviewers' grades against a written rubric, summed up.

A review folder holds ``drafts.jsonl`` (what the reviewers saw: the note, the give and the
draft, by id) and one ``grades_<reviewer>.jsonl`` per reviewer (``data/eval/drafts/RUBRIC.md``
says what each field means). A draft is "sendable" when the verdict is ``send`` or
``small_edit``: the issue's measure is the share of sendable drafts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from giveback.core.errors import InvalidInput

VERDICTS = ("send", "small_edit", "rewrite", "never")
SENDABLE = frozenset({"send", "small_edit"})
QUESTIONS = ("grammatical", "specific", "true_to_note", "give_fits")


@dataclass(frozen=True, slots=True)
class Review:
    """The drafts shown to the reviewers, and each reviewer's grades by draft id."""

    drafts: dict[str, dict[str, Any]]
    grades: dict[str, dict[str, dict[str, str]]]  # reviewer -> draft id -> grade


def _lines(path: Path) -> list[dict[str, Any]]:
    try:
        return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path}: {exc}") from None


def load_review(folder: Path) -> Review:
    """A review folder; every reviewer must have graded every draft, with a known verdict."""
    drafts = {d["id"]: d for d in _lines(folder / "drafts.jsonl")}
    grades: dict[str, dict[str, dict[str, str]]] = {}
    for path in sorted(folder.glob("grades_*.jsonl")):
        mine = {g["id"]: g for g in _lines(path)}
        if set(mine) != set(drafts):
            raise InvalidInput(f"{path}: grades {len(mine)} drafts, the review has {len(drafts)}")
        unknown = {g["verdict"] for g in mine.values()} - set(VERDICTS)
        if unknown:
            raise InvalidInput(f"{path}: unknown verdicts {sorted(unknown)}")
        grades[path.stem.removeprefix("grades_")] = mine
    if not grades:
        raise InvalidInput(f"{folder}: no grades_*.jsonl")
    return Review(drafts, grades)


def summarize(review: Review, worst: int = 10) -> dict[str, Any]:
    """Per reviewer: verdict counts, the sendable share and the share of "yes" per question;
    pooled: the sendable share over all grades and how often two reviewers agree; and the
    ``worst`` drafts (lowest verdicts summed over the reviewers)."""
    n = len(review.drafts)
    reviewers: dict[str, Any] = {}
    for name, grades in review.grades.items():
        verdicts = [g["verdict"] for g in grades.values()]
        reviewers[name] = {
            "verdicts": {v: verdicts.count(v) for v in VERDICTS},
            "sendable": round(sum(v in SENDABLE for v in verdicts) / n, 3),
            **{q: round(sum(g.get(q) == "yes" for g in grades.values()) / n, 3) for q in QUESTIONS},
        }
    all_grades = [g for grades in review.grades.values() for g in grades.values()]
    names = sorted(review.grades)
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    agree = [
        (review.grades[a][d]["verdict"] in SENDABLE) == (review.grades[b][d]["verdict"] in SENDABLE)
        for a, b in pairs
        for d in review.drafts
    ]

    def badness(draft_id: str) -> int:
        return sum(VERDICTS.index(review.grades[r][draft_id]["verdict"]) for r in names)

    ranked = sorted(review.drafts, key=lambda d: (-badness(d), d))[:worst]
    return {
        "drafts": n,
        "reviewers": reviewers,
        "sendable": round(sum(g["verdict"] in SENDABLE for g in all_grades) / len(all_grades), 3),
        "sendable_agreement": round(sum(agree) / len(agree), 3) if agree else None,
        "worst": [
            {
                "id": d,
                "type": review.drafts[d].get("give_type"),
                "draft": review.drafts[d].get("draft"),
                "verdicts": {r: review.grades[r][d]["verdict"] for r in names},
                "why": {r: review.grades[r][d].get("why", "") for r in names},
            }
            for d in ranked
        ],
    }

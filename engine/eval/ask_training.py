"""Training the ask scorer on the dev scenarios (``giveback train --asks``; ``make train``).

It lives with the evals because it learns from their labels (``data/eval/asks/``).

Each labeled need gives one row per person asking would weigh (relationship, not held back by
a rule): the scorer's features and whether the person is a right one to ask (a helper) or not
(a harmful person, or anyone else). A logistic regression is fitted on them; its strength, the
margin below the best person and the floor are chosen by leaving each writer out in turn and
scoring hit@1 and harm@3 on that writer's needs, so the numbers in the model card are on needs
the model did not learn from. Seeded: the same scenarios give the same scorer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import product
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from giveback.engine.asks.needs import Need
from giveback.engine.asks.people import read_people
from giveback.engine.asks.policy import AskPolicy
from giveback.engine.asks.profile import Profile
from giveback.engine.asks.ranking import Asker
from giveback.engine.asks.rare_words import RareWords, content_words
from giveback.engine.asks.scorer import AskScorer
from giveback.engine.catalog.embedding_cache import Encoder, cached_vectors
from giveback.engine.eval.asks import GoldNeed
from giveback.pipelines.hard_times.model import HardTimeModel

STRENGTHS = (0.3, 1.0)  # C of the regression (smaller: more regularised)
MARGINS = (0.5, 1.0)  # log-odds below the best person for a need
FLOORS = (-1.0, 0.0)  # log-odds under which nobody is asked
# How much more a harmful person (labeled: asked lately, struggling, a near miss ...) counts
# than any other wrong person when fitting: asking one is worse than asking nobody.
HARM_WEIGHTS = (1.0, 2.0, 4.0)
SEED = 0


@dataclass(frozen=True)
class PairRow:
    """One person weighed for one labeled need."""

    writer: str
    need: str
    name: str
    features: np.ndarray
    helper: bool
    harmful: bool


def pair_rows(
    session: Session,
    encoder: Encoder,
    writer: str,
    needs: dict[str, Need],
    gold: Sequence[GoldNeed],
    hard_times: HardTimeModel | None = None,
) -> list[PairRow]:
    """The rows of one loaded scenario: people the rules let through (hearing hard times with
    ``hard_times`` too, as asking does), per labeled need."""
    asker = Asker(session, encoder, AskPolicy(), hard_times=hard_times)

    def vectors(texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return cached_vectors(session, encoder, list(texts))

    rows = []
    people_by_day: dict[date, tuple[list[Profile], RareWords]] = {}
    for g in gold:
        if g.as_of not in people_by_day:
            people = list(read_people(session, g.as_of).values())
            asker.hear_hard_times(people)
            profiles = [
                Profile(p, vectors, asker.policy) for p in people if p.has_relationship and p.skills
            ]
            people_by_day[g.as_of] = profiles, RareWords.over([p.words for p in profiles])
        need = needs[g.need]
        need_vec = vectors([need.text])[0]
        need_words = content_words(need.text)
        profiles, rare = people_by_day[g.as_of]
        for profile in profiles:
            person = profile.person
            if asker.holdback_of(profile, need, need_vec, g.as_of) is not None:
                continue
            fit, _ = profile.fit(need_vec)
            standing = asker._standing(person, g.as_of)
            rows.append(
                PairRow(
                    writer,
                    g.need,
                    person.name,
                    profile.features(
                        need_vec, fit, standing, rare.shares(need_words, profile.words)
                    ),
                    person.name in g.helpers,
                    person.name in g.harmful,
                )
            )
    session.commit()  # keep the vectors embedded on the way
    return rows


def _fit(rows: Sequence[PairRow], strength: float, harm_weight: float) -> Any:
    # scikit-learn loads only when a scorer is trained (a second of import otherwise spent
    # by every command that lists `train` in its help).
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([r.features for r in rows])
    y = np.array([r.helper for r in rows], dtype=int)
    weights = np.array([harm_weight if r.harmful else 1.0 for r in rows])
    model = LogisticRegression(
        C=strength, class_weight="balanced", max_iter=5000, random_state=SEED
    )
    return model.fit(x, y, sample_weight=weights)


def _scorer(model: Any, margin: float, floor: float, writers: Sequence[str]) -> AskScorer:
    return AskScorer(
        tuple(float(w) for w in model.coef_[0]),
        float(model.intercept_[0]),
        margin,
        floor,
        tuple(writers),
    )


def score_rows(scorer: AskScorer, rows: Sequence[PairRow]) -> dict[str, float]:
    """hit@1 and harm@3 of a scorer on rows (the rules already applied)."""
    by_need: dict[tuple[str, str], list[PairRow]] = defaultdict(list)
    for row in rows:
        by_need[(row.writer, row.need)].append(row)
    hit = harm = 0
    for need_rows in by_need.values():
        keyed = sorted(
            ((scorer.logit(r.features), r) for r in need_rows),
            key=lambda pair: -pair[0],
        )
        keyed = [(k, r) for k, r in keyed if k >= scorer.floor]
        if keyed:
            keyed = [(k, r) for k, r in keyed if k >= keyed[0][0] - scorer.margin]
        top = [r for _, r in keyed[:3]]
        hit += bool(top and top[0].helper)
        harm += any(r.harmful for r in top)
    n = max(1, len(by_need))
    return {"needs": len(by_need), "hit@1": hit / n, "harm@3": harm / n}


def train_scorer(rows: Sequence[PairRow]) -> tuple[AskScorer, dict[str, object]]:
    """Choose strength, harm weight, margin and floor by leaving each writer out, then fit
    on all rows.

    Returns the scorer and its card: the choice, and hit@1 and harm@3 on left-out writers
    (each writer's needs scored by a model fitted on the other writers only).
    """
    writers = sorted({r.writer for r in rows})
    best: tuple[float, float, float, float, float, float] | None = None
    for strength, harm_weight, margin, floor in product(STRENGTHS, HARM_WEIGHTS, MARGINS, FLOORS):
        hit = harm = total = 0.0
        for left_out in writers:
            train = [r for r in rows if r.writer != left_out]
            held = [r for r in rows if r.writer == left_out]
            fitted = _fit(train, strength, harm_weight)
            scored = score_rows(_scorer(fitted, margin, floor, ()), held)
            n = scored["needs"]
            hit, harm, total = hit + scored["hit@1"] * n, harm + scored["harm@3"] * n, total + n
        objective = (hit - harm) / total
        if best is None or objective > best[0] + 1e-9:
            best = (objective, strength, harm_weight, margin, floor, hit / total)
            best_harm = harm / total
    assert best is not None
    _, strength, harm_weight, margin, floor, hit_rate = best
    scorer = _scorer(_fit(rows, strength, harm_weight), margin, floor, writers)
    card: dict[str, object] = {
        "writers": writers,
        "needs": len({(r.writer, r.need) for r in rows}),
        "rows": len(rows),
        "helpers": sum(r.helper for r in rows),
        "strength": strength,
        "harm_weight": harm_weight,
        "margin": margin,
        "floor": floor,
        "left_out_hit@1": round(hit_rate, 3),
        "left_out_harm@3": round(best_harm, 3),
        "version": scorer.version,
    }
    return scorer, card

"""Training the promise keeper on the dev suggestion networks (``giveback train --promises``).

It lives with the evals because it learns from their labels: each network's ``gold.jsonl``
names, for every promise still owed, the item that keeps it or none. The suggester runs on the
network with a recorder in the keeper's place (the rules decide, as without a keeper), and every
labeled promise it weighed gives one group: the features of its candidates and which one, if
any, is the labeled item. A logistic regression is fitted on the candidates; its strength and
the threshold are chosen by leaving each network out in turn and counting the promises whose
choice (an item, or none) is the labeled one, so the card's numbers are on networks the model
did not learn from. The held-out networks (:data:`TEST_NETWORKS`) are never read here.
Deterministic: the same networks give the same keeper.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.settings import DATA_DIR
from giveback.core.tables import Contact, SignalRow
from giveback.engine.catalog.embedding_cache import Encoder
from giveback.engine.catalog.index import RankItem
from giveback.engine.catalog.retrieval import Hit
from giveback.engine.eval.gold import GoldContact
from giveback.engine.eval.suggest import same_words
from giveback.engine.suggest.promise_keeper import (
    PromiseKeeper,
    candidate_features,
    candidate_ranks,
)
from giveback.engine.suggest.suggester import Suggester
from giveback.engine.suggest.values import PromiseAge, RankPolicy

# The suggestion networks kept out of tuning and training (data/eval/suggest_v2/README.md).
# fmt: off
TEST_NETWORKS = ("s2", "s3", "s4", "s5", "s6", "s7", "s8", "s21", "s23", "s25", "s27", "s28", "s29")
# fmt: on
SUGGEST_V2 = DATA_DIR / "eval" / "suggest_v2"
STRENGTHS = (0.3, 1.0, 3.0)  # C of the regression (smaller: more regularised)
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(11))  # 0.2 .. 0.7


def dev_networks() -> list[Path]:
    """The dev networks: every labeled network but the held-out ones, and the first one."""
    found = [
        p
        for p in sorted(SUGGEST_V2.iterdir())
        if (p / "gold.jsonl").is_file() and p.name not in TEST_NETWORKS
    ]
    return [*found, DATA_DIR / "eval" / "suggest"]


@dataclass(frozen=True)
class PromiseGroup:
    """One labeled promise as the suggester weighed it: its candidates and the labeled one."""

    network: str
    said: str
    candidates: tuple[str, ...]  # catalog ids
    features: np.ndarray  # one row per candidate
    rules_chose: str | None
    labeled: str | None  # the catalog id that keeps it, or None
    owed: bool = True  # listed by the writer as still owed (else heard open, and not owed)
    keeper_decides: bool = True  # else the rules do (a later note followed it)


@dataclass
class _Weighed:
    said: str
    candidates: tuple[str, ...]
    features: np.ndarray
    rules_chose: str | None
    keeper_decides: bool


@dataclass
class RecordingKeeper:
    """Stands in for the keeper while training: records what it is shown, lets the rules
    decide."""

    seen: list[_Weighed] = field(default_factory=list)

    def choose(
        self,
        said: str,
        items: Sequence[RankItem],
        hits: Sequence[Hit],
        rules_chose: int | None,
        age: PromiseAge,
    ) -> int | None:
        """Record the candidates' features; return the rules' choice."""
        ranks = candidate_ranks(hits, rules_chose)
        features = np.array(
            [candidate_features(said, items, hits, r, rules_chose, age) for r in ranks]
        ).reshape(len(ranks), -1)
        self.seen.append(
            _Weighed(
                said,
                tuple(items[hits[r].item].external_id for r in ranks),
                features,
                items[rules_chose].external_id if rules_chose is not None else None,
                age.keeper_decides,
            )
        )
        return rules_chose


def promise_groups(
    session: Session, encoder: Encoder, network: str, gold: Sequence[GoldContact]
) -> list[PromiseGroup]:
    """The promises of one loaded network as the suggester weighs them: each labeled promise
    (its item, or none), and each promise heard open that the writer did not list as owed
    (kept or made moot by a later note the listener did not hear as closing it): no item
    should be drawn from it, so none is its label."""
    groups: list[PromiseGroup] = []
    for contact in gold:
        cid = session.scalar(select(Contact.id).where(Contact.name == contact.contact))
        if cid is None:
            continue
        recorder = RecordingKeeper()
        suggester = Suggester(session, encoder, RankPolicy(promise_keeper=recorder))
        suggester.suggest(contact.as_of, [cid], 10)
        open_ids = suggester.open_signal_ids(contact.as_of, [cid])
        heard_open = [
            row.evidence
            for row in session.scalars(select(SignalRow).where(SignalRow.id.in_(open_ids)))
            if row.kind == "commitment"
        ]
        done: set[str] = set()
        for weighed in recorder.seen:
            if weighed.said in done or not weighed.candidates:
                continue  # weighed twice (as a give and as a reminder), or nothing to weigh
            if not any(same_words(weighed.said, said) for said in heard_open):
                continue  # heard closed: no keeper's doing
            done.add(weighed.said)
            promise = next(
                (p for p in contact.promises if same_words(weighed.said, p.evidence)), None
            )
            groups.append(
                PromiseGroup(
                    network,
                    weighed.said,
                    weighed.candidates,
                    weighed.features,
                    weighed.rules_chose,
                    promise.item if promise is not None else None,
                    owed=promise is not None,
                    keeper_decides=weighed.keeper_decides,
                )
            )
    return groups


def _fit(groups: Sequence[PromiseGroup], strength: float) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression  # only training needs it

    x = np.vstack([g.features for g in groups])
    y = np.concatenate([[c == g.labeled for c in g.candidates] for g in groups]).astype(int)
    model = LogisticRegression(C=strength, max_iter=5000).fit(x, y)
    return model.coef_[0].astype(np.float64), float(model.intercept_[0])


def _chose_right(group: PromiseGroup, keeper: PromiseKeeper, probabilities: np.ndarray) -> bool:
    """Whether the promise ends as labeled: the keeper's choice, or the rules' where they
    decide (:meth:`PromiseKeeper.choose`)."""
    if not group.keeper_decides:
        return group.rules_chose == group.labeled
    best = keeper.pick(probabilities)
    return (None if best is None else group.candidates[best]) == group.labeled


def train_keeper(groups: Sequence[PromiseGroup]) -> tuple[PromiseKeeper, dict[str, Any]]:
    """Choose the strength and threshold by leaving each network out; fit on all."""
    if not any(g.labeled in g.candidates for g in groups):
        raise ValueError("no labeled promise was weighed with its item; nothing to learn")
    networks = sorted({g.network for g in groups})
    right: dict[tuple[float, float], int] = dict.fromkeys(product(STRENGTHS, THRESHOLDS), 0)
    for strength in STRENGTHS:
        for network in networks:
            # It learns which item keeps a promise from every promise still owed (which item
            # keeps one does not hang on what came after it); the ones not owed count in
            # choosing the threshold, where it weighs them.
            fitted = [g for g in groups if g.network != network and g.owed]
            weights, intercept = _fit(fitted, strength)
            fold = PromiseKeeper(tuple(weights), intercept, 0.0)
            for g in (g for g in groups if g.network == network):
                p = fold.probabilities(g.features)
                for threshold in THRESHOLDS:
                    at = replace(fold, threshold=threshold)
                    right[strength, threshold] += _chose_right(g, at, p)
    # Ties go to the higher threshold (fewer items on a promise), then the stronger prior.
    strength, threshold = max(right, key=lambda k: (right[k], k[1], -k[0]))
    weights, intercept = _fit([g for g in groups if g.owed], strength)
    keeper = PromiseKeeper(tuple(float(w) for w in weights), intercept, threshold, tuple(networks))
    card: dict[str, Any] = {
        "networks": networks,
        "promises": len(groups),
        "owed": sum(g.owed for g in groups),
        "weighed": sum(g.keeper_decides for g in groups),
        "not_owed_weighed": sum(g.keeper_decides and not g.owed for g in groups),
        "candidates": int(sum(len(g.candidates) for g in groups)),
        "strength": strength,
        "threshold": threshold,
        "left_out_right": right[strength, threshold],
        "rules_right": sum(g.rules_chose == g.labeled for g in groups),
        "version": keeper.version,
    }
    return keeper, card

"""The learned promise keeper: which catalog item, if any, keeps a promise.

The rules of :mod:`giveback.engine.suggest.promises` trust an item only when the promise names
it, or shares a whole word with it and the search rates it high: the search's best hit is often
left when the promise says it in other words ("I'll send you the whole season's counts": "My
apiary's mite-drop counts for your research"). A logistic regression weighs
the same evidence for each of the search's best few items (and the one the rules chose): how the
search rates it and how far it leads the next, what kind of item it is against what the promise
does (sends a thing, or does something), the words' first letters they share ("translate",
"translation"), and what the rules decided. The best item keeps the promise when its probability
reaches ``threshold``; otherwise the promise is a reminder with no item. It keeps only the
rules' exact limits (someone's details are a person's; a thing sent is that thing: no "Review
your pitch deck" for "the pitch deck checklist") and weighs the rest. A promise later notes
followed is left to the rules: after them it may have been kept without a word (the model card
counts how often the dev networks' writers listed such promises as not owed).

It is trained on the dev networks' labeled promises (``giveback train --promises``,
:mod:`giveback.engine.eval.promise_training`); the artifact is a small JSON file
(``models/promises/keeper.json``) with its version (the hash of its content). Without it the
rules alone decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from giveback.engine.catalog.index import RankItem
from giveback.engine.catalog.retrieval import Hit
from giveback.engine.suggest.naming import word_starts
from giveback.engine.suggest.promise_said import sends, thing_sent
from giveback.engine.suggest.values import FRESH, PromiseAge
from giveback.pipelines.json_artifact import VersionedJson, load_checked

FEATURES = (
    "semantic",
    "lexical",
    "score",
    "first",
    "second",
    "lead_over_next",
    "behind_best",
    "article",
    "offer",
    "person",
    "rules_chose_it",
    "rules_chose_none",
    "shared_starts",
    "shares_a_start",
    "sends",
    "names_a_thing",
    "article_sent",
    "offer_done",
    "person_done",
    "offer_sent",
    "article_done",
    "shared_start_semantic",
    "said_owed",
)
# The search's best few items are weighed (and the rules' choice, wherever it stands).
CANDIDATES = 5
DEFAULT_PATH = Path(str(resources.files("giveback.models"))) / "promises" / "keeper.json"


def candidate_features(
    said: str,
    items: Sequence[RankItem],
    hits: Sequence[Hit],
    rank: int,
    rules_chose: int | None,
    age: PromiseAge = FRESH,
) -> np.ndarray:
    """The features of the ``rank``-th hit as the item keeping the promise ``said``."""
    hit = hits[rank]
    item = items[hit.item]
    following = hits[rank + 1].semantic if rank + 1 < len(hits) else 0.0
    shared = len(word_starts(said) & word_starts(item.title))
    sent = float(sends(said))
    article = float(item.type == "article")
    offer = float(item.type == "offer")
    person = float(item.type == "contact")
    return np.array(
        [
            hit.semantic,
            hit.lexical,
            hit.score,
            float(rank == 0),
            float(rank == 1),
            hit.semantic - following,
            hits[0].semantic - hit.semantic,
            article,
            offer,
            person,
            float(rules_chose == hit.item),
            float(rules_chose is None),
            min(shared, 3) / 3,
            float(shared > 0),
            sent,
            float(thing_sent(said) is not None),
            article * sent,
            offer * (1 - sent),
            person * (1 - sent),
            offer * sent,
            article * (1 - sent),
            float(shared > 0) * hit.semantic,
            float(age.said_owed),
        ],
        dtype=np.float64,
    )


def candidate_ranks(hits: Sequence[Hit], rules_chose: int | None) -> list[int]:
    """Which hits are weighed: the best few, and the rules' choice wherever it stands."""
    ranks = list(range(min(CANDIDATES, len(hits))))
    if rules_chose is not None and all(hits[r].item != rules_chose for r in ranks):
        ranks += [r for r, h in enumerate(hits) if h.item == rules_chose][:1]
    return ranks


@dataclass(frozen=True)
class PromiseKeeper(VersionedJson):
    """Weights over :data:`FEATURES`; the best candidate keeps the promise when its
    probability reaches ``threshold``."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float
    trained_on: tuple[str, ...] = ()

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """The probability that each candidate (a row of features) keeps the promise."""
        logits = features @ np.asarray(self.weights) + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-logits)))

    def pick(self, probabilities: np.ndarray) -> int | None:
        """Which candidate keeps the promise: the likeliest (the first of equals), if it
        reaches the threshold."""
        if not len(probabilities):
            return None
        best = int(np.argmax(probabilities))
        return best if probabilities[best] >= self.threshold else None

    def choose(
        self,
        said: str,
        items: Sequence[RankItem],
        hits: Sequence[Hit],
        rules_chose: int | None,
        age: PromiseAge = FRESH,
    ) -> int | None:
        """The catalog index of the item that keeps the promise, or ``None``. ``hits`` are the
        search's hits it may weigh (:func:`promise_eligible.hits_the_keeper_weighs`); a
        promise later notes followed is left to the rules (:attr:`PromiseAge.keeper_decides`).
        """
        if not age.keeper_decides:
            return rules_chose
        ranks = candidate_ranks(hits, rules_chose)
        features = np.array(
            [candidate_features(said, items, hits, r, rules_chose, age) for r in ranks]
        ).reshape(len(ranks), len(FEATURES))
        best = self.pick(self.probabilities(features))
        return None if best is None else hits[ranks[best]].item

    def to_dict(self) -> dict[str, Any]:
        """What the artifact holds."""
        return {
            "features": list(FEATURES),
            "weights": [round(w, 8) for w in self.weights],
            "intercept": round(self.intercept, 8),
            "threshold": self.threshold,
            "trained_on": list(self.trained_on),
        }

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> PromiseKeeper | None:
        """The keeper saved at ``path``; ``None`` when there is none or it names other
        features (then the rules alone decide). A damaged file is an error, never a silent
        fall back: ``ModelUnavailable`` names it and says how to rebuild it."""

        def build(data: dict[str, Any]) -> PromiseKeeper | None:
            if tuple(data.get("features", ())) != FEATURES:
                return None
            keeper = cls(
                tuple(float(w) for w in data["weights"]),
                float(data["intercept"]),
                float(data["threshold"]),
                tuple(str(w) for w in data.get("trained_on", ())),
            )
            if len(keeper.weights) != len(FEATURES):
                raise ValueError("it has the wrong number of weights")
            return keeper

        return load_checked(path, "promise keeper", "giveback train --promises", build)

"""How the ledger weighs in on ranking: the store's
:class:`giveback.engine.suggest.ranking.LedgerHook`.

Two kinds of relationship rise, as a multiplier on the scores of gives that already passed the
ranker's threshold (so a weak relationship weight never turns a junk give into a suggestion):

- people who helped the user in the last year and have not been given to since, more for
  weightier and more recent favors;
- relationships past the cadence the user set for them, more the further past.

The weights are computed once per as-of date for all contacts, on first use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from giveback.engine.ledger.cadence import KeepInTouch, keep_in_touch
from giveback.engine.ledger.favors import DEFAULT_WINDOW_DAYS, kind_weight, unreturned
from giveback.engine.ledger.thanks import first_name, when

HELP_PHRASES = {
    "introduction": "an introduction",
    "lead": "a lead",
    "referral_fee": "a referral",
    "advice": "advice",
    "article": "an article",
    "hospitality": "hospitality",
    "value_exchange": "a favor",
    "offer": "their time",
    "other": "a favor",
}


@dataclass(frozen=True)
class LedgerWeightPolicy:
    """The knobs of the ledger's weight (measured by ``giveback eval suggest``)."""

    owed_bonus: float = 1.0  # a relationship that fully "helped you lately" weighs 2x
    cold_bonus: float = 0.8  # one a cadence or more past it weighs 1.8x (both: 2.8x)
    window_days: int = DEFAULT_WINDOW_DAYS
    owed_full: float = 2.0  # favor weight that counts in full (advice; an intro is 3)
    owed_half_life_days: float = 180.0  # older favors count less, never under half


@dataclass(frozen=True, slots=True)
class Standing:
    """Why a relationship weighs what it does, as of a date."""

    contact_id: int
    weight: float
    helped: tuple[tuple[str, date], ...] = ()  # favors received since the last give
    cadence: KeepInTouch | None = None

    @property
    def past_cadence(self) -> bool:
        """Past the cadence the user set."""
        return self.cadence is not None and self.cadence.due

    def nudges(self, name: str) -> list[str]:
        """Gentle sentences for why this relationship comes up now (may be empty)."""
        out = []
        if self.helped:
            kind, day = self.helped[-1]
            what = HELP_PHRASES.get(kind, "a favor")
            out.append(f"{first_name(name)} helped you with {what} on {when(day)}.")
        if self.past_cadence and self.cadence is not None:
            out.append(self.cadence.last_talked())
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON keys ``giveback next`` adds to a give."""
        cadence = self.cadence
        return {
            "weight": round(self.weight, 3),
            "helped_you": [{"kind": k, "date": d.isoformat()} for k, d in self.helped],
            "past_cadence": self.past_cadence,
            "last_talked": cadence.last_touch.isoformat()
            if cadence is not None and cadence.last_touch
            else None,
        }


class LedgerWeights:
    """The reciprocity ledger as a ranking hook: owed and going-cold relationships rise."""

    def __init__(self, session: Session, policy: LedgerWeightPolicy | None = None) -> None:
        self.session = session
        self.policy = policy or LedgerWeightPolicy()
        self._as_of: date | None = None
        self._standing: dict[int, Standing] = {}

    def relationship_weight(self, contact_id: int, as_of: date) -> float:
        """How much this relationship's gives weigh as of a date (1 when nothing applies)."""
        return self.standing(contact_id, as_of).weight

    def standing(self, contact_id: int, as_of: date) -> Standing:
        """The weight with its reasons."""
        if self._as_of != as_of:
            self._load(as_of)
        return self._standing.get(contact_id) or Standing(contact_id, 1.0)

    def _load(self, as_of: date) -> None:
        policy = self.policy
        owed = unreturned(self.session, as_of, policy.window_days)
        cadences = keep_in_touch(self.session, as_of)
        standing = {}
        for contact_id in set(owed) | set(cadences):
            favors = owed.get(contact_id, [])
            cadence = cadences.get(contact_id)
            owed_strength = min(
                1.0,
                sum(kind_weight(kind) * self._recency(day, as_of) for kind, day in favors)
                / policy.owed_full,
            )
            cold_strength = 0.0
            if cadence is not None and cadence.due:
                cold_strength = min(1.0, 0.5 + 0.5 * cadence.overdue_ratio)
            weight = 1.0 + policy.owed_bonus * owed_strength + policy.cold_bonus * cold_strength
            standing[contact_id] = Standing(contact_id, weight, tuple(favors), cadence)
        self._as_of, self._standing = as_of, standing

    def _recency(self, day: date, as_of: date) -> float:
        age = max(0, (as_of - day).days)
        return 0.5 + 0.5 * math.exp(-math.log(2) * age / self.policy.owed_half_life_days)

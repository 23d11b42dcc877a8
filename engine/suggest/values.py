"""The ranker's values: what it ranks for (a relationship and its signals), what it returns
(candidates, and the gives it turned down) and the policy it ranks by."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from giveback.engine.catalog.index import RankItem
from giveback.engine.catalog.retrieval import Hit


@dataclass(frozen=True, slots=True)
class PromiseAge:
    """What the notes say of a promise since it was made: for how many days later notes about
    the contact followed it (a promise kept is often never written down as kept), and whether
    a later note said it is still owed."""

    days_noted_since: int = 0
    said_owed: bool = False

    @property
    def keeper_decides(self) -> bool:
        """Whether the learned keeper weighs it: no later note followed it, or one said it is
        still owed (after a later note it may have been kept without a word; the rules
        decide)."""
        return self.days_noted_since == 0 or self.said_owed


FRESH = PromiseAge()  # a promise no later note followed


class Keeper(Protocol):
    """What the ranker asks of a promise keeper (the trained one, or a recorder in training)."""

    def choose(
        self,
        said: str,
        items: Sequence[RankItem],
        hits: Sequence[Hit],
        rules_chose: int | None,
        age: PromiseAge,
    ) -> int | None:
        """The catalog index of the item that keeps the promise, or ``None``."""


@dataclass(frozen=True, slots=True)
class RankSignal:
    """A signal as the ranker sees it; ``row`` indexes the query vectors."""

    id: int
    kind: str
    phrase: str
    evidence: str
    status: str
    about: str
    who: str | None
    note_date: date
    row: int
    context: str = ""  # the turn before a reply ("yes, put me down" answers it)
    confidence: float = 1.0  # how sure the listener was of it
    # A promise a later note says is still owed ("I haven't looked yet"): that note's date
    # and sentence (engine/suggest/owed.py).
    owed_on: date | None = None
    owed_said: str = ""
    before: str = ""  # the sentence before the signal's: its query reads it too
    # A closed signal's last open day: the date of the note that closed it, or its own note's
    # for one heard as met or denied. None while it is open.
    closed_on: date | None = None
    # Heard in another contact's note, about this contact ("Dolores: Grace badly needs ..."):
    # the contact's own, though not said by them.
    relayed: bool = False

    @property
    def since(self) -> date:
        """The day the signal counts from: its note's, or a later one that says it is still
        owed."""
        return max(self.note_date, self.owed_on) if self.owed_on else self.note_date


@dataclass(frozen=True, slots=True)
class Relationship:
    """One contact with what the ranker needs to know about them as of a date."""

    contact_id: int
    name: str
    open_signals: tuple[RankSignal, ...]
    closed_signals: tuple[RankSignal, ...] = ()
    excluded_items: frozenset[str] = frozenset()
    last_contact: date | None = None
    catalog_index: int | None = None  # the contact's own catalog entry, if any
    dismissed: tuple[int, ...] = ()  # catalog indices the user dismissed for this contact
    dismissed_wrong: tuple[int, ...] = ()  # of those, the ones dismissed as "wrong person"
    called: str = ""  # what a greeting calls them ("Mei Lin"); their first name when empty


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored give for a relationship, with the signal that called for it."""

    item: RankItem
    signal: RankSignal
    score: float
    similarity: float
    other_side: RankSignal | None = None
    like: RankItem | None = None  # a give shown before it that this one was scored down for
    first: bool = False  # a recent promise kept: shown before the gives ranked on their scores


@dataclass(frozen=True, slots=True)
class TurnedDown:
    """A give the ranker found and did not suggest, and why (``giveback suggest --explain``)."""

    item: RankItem
    signal: RankSignal
    score: float  # the search's score for the signal's query
    why: str


class LedgerHook(Protocol):
    """How the reciprocity ledger weighs in; the neutral default changes nothing."""

    def relationship_weight(self, contact_id: int, as_of: date) -> float: ...


class NeutralLedger:
    """No ledger yet: every relationship weighs the same."""

    def relationship_weight(self, contact_id: int, as_of: date) -> float:
        """Always 1."""
        return 1.0


@dataclass(frozen=True)
class RankPolicy:
    """The knobs of the ranker (see ``giveback eval suggest`` for their effect)."""

    # The bar: below it, an empty slot rather than a weak give. Calibrated on the suggestion
    # dev network (data/eval/suggest_v2/s1): 0.35 / 0.40 / 0.45 / 0.50 give hit@1 0.667 /
    # 0.733 / 0.667 / 0.667 and harm@3 0.133 / 0.133 / 0.100 / 0.067. Dismissals as not
    # relevant raise it for a user (feedback.with_feedback_bar).
    min_similarity: float = 0.40
    kind_weight: dict[str, float] = field(
        default_factory=lambda: {"need": 1.0, "commitment": 0.9, "interest": 0.72, "event": 0.6}
    )
    hedged_weight: float = 0.85
    half_life_days: dict[str, float] = field(
        default_factory=lambda: {
            "need": 540.0,
            "commitment": 120.0,
            "interest": 240.0,
            "event": 60.0,
        }
    )
    closed_margin: float = 0.0
    closed_min: float = 0.45
    # A caution ("don't send her anything about wine") drops every give this close to it.
    caution_min: float = 0.4
    # A give loses this much score per unit of cosine, above ``redundancy_start``, to the most
    # alike give shown before it: the top few are diverse, and the scores still give the order.
    redundancy_start: float = 0.5
    redundancy_weight: float = 0.6
    intro_bonus: float = 0.08
    # An introduction asks two people for their time: it is built only from signals heard at
    # least this surely, on both sides. Below every relevant introduction of the suggestion dev
    # network (data/eval/suggest_v2/s1, lowest 0.65).
    intro_min_confidence: float = 0.6
    two_sided_min: float = 0.33
    third_party_weight: float = 0.9
    cold_after_days: int = 90
    candidates_per_signal: int = 30
    # An item like one the user dismissed for a contact loses up to this share of its score:
    # nothing below the cosine where "alike" starts, all of it from where it ends.
    dismissed_penalty: float = 0.5
    dismissed_alike: tuple[float, float] = (0.45, 0.75)
    # Dismissals as "not relevant" against gives done raise ``min_similarity`` by up to this;
    # the prior is how many answers' worth of "no change" they are weighed against.
    feedback_bar_raise: float = 0.1
    feedback_bar_prior: float = 10.0
    # A promise is kept with the item it names (see promises.py); these are the search's bars
    # for an item that shares a word with it, and for one that shares none. Chosen on the
    # suggestion dev network (data/eval/suggest_v2/s1).
    promise_min_score: float = 0.45
    promise_min_semantic: float = 0.6
    # The search's best hit for a promise, sharing a word with it, needs only this.
    promise_top_min_score: float = 0.3
    # The learned keeper that weighs the rules' choice (promise_keeper.py); none: the rules.
    promise_keeper: Keeper | None = None
    # A promise no item keeps is a reminder, scored as a give this close to the promise.
    promise_reminder_score: float = 0.5
    # A promise made this recently comes before every other give (its reason opens "You
    # promised ..."): a person keeps their word before they find something new to send. Older
    # ones, one half-life of a promise on, compete on their scores.
    promise_first_days: int = 120


def promised_first(kind: str, note_date: date, as_of: date, policy: RankPolicy) -> bool:
    """Whether a give drawn from a signal comes before those ranked on their scores: a
    promise of the user's, made within ``policy.promise_first_days``."""
    return kind == "commitment" and (as_of - note_date).days <= policy.promise_first_days


def freshness(kind: str, note_date: date, as_of: date, policy: RankPolicy) -> float:
    """Exponential decay by the age of the note; needs fade slowly and never reach zero."""
    age = max(0, (as_of - note_date).days)
    half_life = policy.half_life_days.get(kind, 240.0)
    floor = 0.5 if kind == "need" else 0.2
    return floor + (1 - floor) * math.exp(-math.log(2) * age / half_life)

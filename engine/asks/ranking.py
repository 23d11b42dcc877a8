"""Whom to ask for each of the user's needs: fit first, then the relationship and the ledger.

For a need, each person with a relationship gets a **fit**: how close in meaning the need is
to the best thing known of them (a sentence of a note, a whole note, their catalog entry, a
favor they did the user), less when they are said not to do it ("he doesn't do tax returns").
People below the bar, or far below the best person for the need, are not asked: no ask is
better than an ask of the wrong person. Above it, the **score** adds:

- closeness: how much the two of you have to do with each other, and how lately;
- reciprocity: the user gave to them lately (a plus), they helped the user lately or were
  asked a while ago (a minus: let the balance breathe).

Then the rules of :mod:`giveback.engine.asks.guards` hold people back whatever their score.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.settings import get_settings
from giveback.core.tables import CatalogItem
from giveback.engine.asks.drafts import ask_draft, ask_reason
from giveback.engine.asks.guards import HardTime, Holdback
from giveback.engine.asks.needs import Need, open_needs
from giveback.engine.asks.people import Days, Evidence, Person, read_people
from giveback.engine.asks.policy import AskPolicy
from giveback.engine.asks.profile import Profile
from giveback.engine.asks.rare_words import NeedWords, RareWords, content_words
from giveback.engine.asks.scorer import AskScorer
from giveback.engine.catalog.embedding_cache import Encoder, cached_vectors
from giveback.engine.suggest.drafts import Tone
from giveback.pipelines.hard_times.model import HardTimeModel

# What a hard time heard by the learned model is called where a hold-back is explained: it
# names no kind, only that the sentence tells of one.
HEARD_KIND = "a hard time"


@dataclass(frozen=True, slots=True)
class Ask:
    """One person to ask for one need, with why and the draft."""

    need: Need
    contact_id: int
    contact: str
    score: float
    fit: float
    evidence: Evidence
    reason: str
    draft: str
    item_id: str | None = None  # their catalog entry, when the fit rests on it
    offer_id: str | None = None  # the user's offer given back in the draft

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the public keys of an ask."""
        return {
            "need": self.need.text,
            "need_id": self.need.id,
            "contact": self.contact,
            "contact_id": self.contact_id,
            "item_id": self.item_id,
            "offer_id": self.offer_id,
            "score": round(self.score, 4),
            "fit": round(self.fit, 4),
            "evidence": self.evidence.text,
            "reason": self.reason,
            "draft": self.draft,
        }


@dataclass(frozen=True, slots=True)
class HeldBack:
    """A person who fits a need but is not asked, and why."""

    need_id: int
    contact: str
    why: Holdback
    detail: str


@dataclass(slots=True)
class _Offers:
    ids: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))


class Asker:
    """Ranks people to ask for the user's open needs (one store, one day at a time)."""

    def __init__(
        self,
        session: Session,
        encoder: Encoder,
        policy: AskPolicy | None = None,
        tone: Tone = "warm",
        scorer: AskScorer | None = None,
        hard_times: HardTimeModel | None = None,
    ) -> None:
        self.session = session
        self.encoder = encoder
        self.policy = policy or AskPolicy()
        self.tone: Tone = tone
        # The learned scorer when there is one; else the hand-set fit plus standing.
        self.scorer = scorer
        # The learned hard-time model beside the lexicon, when there is one for these vectors.
        self.hard_times = (
            hard_times if hard_times is not None and hard_times.reads(encoder.model_id) else None
        )
        self.held_back: list[HeldBack] = []

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return cached_vectors(self.session, self.encoder, list(texts))

    def _offers(self) -> _Offers:
        rows = self.session.execute(
            select(CatalogItem.external_id, CatalogItem.title, CatalogItem.text)
            .where(CatalogItem.type == "offer")
            .order_by(CatalogItem.id)
        ).all()
        offers = _Offers([r[0] for r in rows], [r[1] for r in rows])
        offers.vectors = self._vectors([f"{r[1]}. {r[2]}".strip() for r in rows])
        return offers

    def _catalog_ids(self) -> dict[tuple[int, str], str]:
        rows = self.session.execute(
            select(
                CatalogItem.contact_id, CatalogItem.title, CatalogItem.text, CatalogItem.external_id
            ).where(CatalogItem.type == "contact", CatalogItem.contact_id.is_not(None))
        )
        return {(int(c or 0), f"{t}. {x}".strip()): e for c, t, x, e in rows}

    def ask(
        self,
        as_of: date,
        need_ids: Sequence[int] = (),
        limit: int = 3,
        needs: Sequence[Need] | None = None,
    ) -> list[Ask]:
        """The best people to ask, ``limit`` per open need, best first over all needs."""
        self.held_back = []
        if needs is None:
            needs = open_needs(self.session, lambda: self.encoder, as_of, need_ids)
        if not needs:
            return []
        days = Days(self.policy.hard_time_days, self.policy.struggle_days)
        known = [p for p in read_people(self.session, as_of, days).values() if p.has_relationship]
        self.hear_hard_times(known)
        need_vecs = self._vectors([n.text for n in needs])
        profiles = [Profile(p, self._vectors, self.policy) for p in known if p.skills]
        rare = RareWords.over([profile.words for profile in profiles])
        offers = self._offers()
        entry_ids = self._catalog_ids()
        asks: list[Ask] = []
        for need, need_vec in zip(needs, need_vecs, strict=True):
            found = []
            need_words = content_words(need.text)
            for profile in profiles:
                weighed = self._weigh(
                    need, need_vec, rare.of(need_words, profile.words), profile, offers,
                    entry_ids, as_of,
                )  # fmt: skip
                if weighed is not None:
                    found.append(weighed)
            found.sort(key=lambda pair: -pair[0])
            # Only people about as fit as the best: a far weaker second is a near miss more
            # often than a help, and one good name is a better list than three doubtful ones.
            margin = self.scorer.margin if self.scorer else self.policy.margin
            bar = found[0][0] - margin if found else 0.0
            asks.extend([ask for key, ask in found if key >= bar][:limit])
        self.session.flush()
        asks.sort(key=lambda a: -a.score)
        return asks

    def hear_hard_times(self, people: Sequence[Person]) -> None:
        """Add to each person the hard times the lexicon did not hear in their recent notes
        and the learned model does: all such sentences embedded at once (cached by content,
        as every vector is)."""
        if self.hard_times is None:
            return
        unheard = [p for p in people if not p.hard_times and p.recent_sentences]
        texts = [t for p in unheard for t in p.recent_sentences]
        if not texts:
            return
        hard = iter(self.hard_times.hard(self._vectors(texts)))
        for person in unheard:
            for text in person.recent_sentences:
                if next(hard):
                    person.hard_times.append(HardTime(HEARD_KIND, text))

    def _weigh(
        self,
        need: Need,
        need_vec: np.ndarray,
        rare: NeedWords,
        profile: Profile,
        offers: _Offers,
        entry_ids: dict[tuple[int, str], str],
        as_of: date,
    ) -> tuple[float, Ask] | None:
        """The person's ask for the need with its ranking key (the scorer's log-odds, or fit
        plus standing), or ``None`` when they are not asked."""
        person = profile.person
        fit, quotes = profile.fit(need_vec, rare.per_sentence)
        if self.scorer is None and fit < self.policy.min_fit:
            return None
        held = self.holdback_of(profile, need, need_vec, as_of)
        if held is not None:
            self.held_back.append(held)
            return None
        standing = self._standing(person, as_of)
        if self.scorer is None:
            key = score = fit + standing
        else:
            key = self.scorer.logit(profile.features(need_vec, fit, standing, rare.shares))
            if key < self.scorer.floor:
                return None
            score = self.scorer.probability(key)
        return key, self._ask(need, person, score, fit, quotes, offers, entry_ids)

    def holdback_of(
        self, profile: Profile, need: Need, need_vec: np.ndarray, as_of: date
    ) -> HeldBack | None:
        """Why this person is not asked for this need (the rules, before any score), or
        ``None``."""
        return self._holdback(
            profile.person,
            need,
            profile.struggle(need_vec),
            as_of,
            profile.says_not_theirs(need_vec, content_words(need.text)),
        )

    def _holdback(
        self,
        person: Person,
        need: Need,
        struggle: str | None,
        as_of: date,
        not_theirs: str | None = None,
    ) -> HeldBack | None:
        policy = self.policy
        recent = [d for d in person.asked if (as_of - d).days < policy.cooldown_days]
        if recent:
            last = max(recent)
            return HeldBack(need.id, person.name, Holdback.ASKED_LATELY, f"asked on {last}")
        if person.hard_times:
            hard = person.hard_times[-1]
            return HeldBack(
                need.id, person.name, Holdback.HARD_TIME, f"{hard.kind}: {hard.evidence}"
            )
        if struggle is not None:
            return HeldBack(need.id, person.name, Holdback.SAME_STRUGGLE, struggle)
        if not_theirs is not None:
            return HeldBack(need.id, person.name, Holdback.NOT_THEIRS, not_theirs)
        return None

    def _standing(self, person: Person, as_of: date) -> float:
        policy = self.policy
        interactions = person.notes + len(person.given) + len(person.received) + len(person.asked)
        closeness = min(1.0, math.log1p(interactions) / math.log1p(8))
        if person.last_seen is not None:
            idle = max(0, (as_of - person.last_seen).days - policy.lately_days)
            closeness *= 0.5 ** (idle / 365)

        def lately(days: list[date]) -> int:
            return sum(1 for d in days if (as_of - d).days <= policy.lately_days)

        return (
            policy.closeness_weight * closeness
            + policy.given_weight * min(2, lately(person.given))
            - policy.received_penalty * min(2, lately(person.received))
            - policy.asked_penalty * min(1, lately(person.asked))
        )

    def _ask(
        self,
        need: Need,
        person: Person,
        score: float,
        fit: float,
        quotes: list[Evidence],
        offers: _Offers,
        entry_ids: dict[tuple[int, str], str],
    ) -> Ask:
        evidence, quotes = quotes[0], quotes[1:]
        offer = self._offer_for(person, offers)
        extra = ""
        if offer is not None:
            extra = f'You could offer back "{offers.titles[offer[0]]}" (they need {offer[1]}).'
        draft = ask_draft(
            person.name,
            need,
            quotes,
            (offers.titles[offer[0]], offer[1]) if offer is not None else None,
            self.tone,
        )
        return Ask(
            need=need,
            contact_id=person.contact_id,
            contact=person.name,
            score=score,
            fit=fit,
            evidence=evidence,
            reason=ask_reason(person.name, need, evidence, extra),
            draft=draft,
            item_id=entry_ids.get((person.contact_id, evidence.text))
            if evidence.source == "catalog"
            else None,
            offer_id=offers.ids[offer[0]] if offer is not None else None,
        )

    def _offer_for(self, person: Person, offers: _Offers) -> tuple[int, str] | None:
        """The user's offer that best fits what this person needs now, if one fits."""
        theirs = person.open_needs
        if not theirs or not offers.ids:
            return None
        vecs = self._vectors(theirs)
        sims = vecs @ offers.vectors.T
        k, j = np.unravel_index(int(np.argmax(sims)), sims.shape)
        if float(sims[k, j]) < self.policy.offer_fit:
            return None
        return int(j), theirs[int(k)]


def asker_for(session: Session, encoder: Encoder, tone: Tone | None = None) -> Asker:
    """An asker with the cool-down and the tone of the settings, the trained scorer and the
    learned hard-time model."""
    settings = get_settings()
    policy = AskPolicy(cooldown_days=settings.ask_cooldown_days)
    return Asker(
        session, encoder, policy, tone or settings.draft_tone, AskScorer.load(),
        HardTimeModel.load(),
    )  # fmt: skip

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.settings import get_settings
from giveback.core.tables import CatalogItem
from giveback.engine.asks.drafts import ask_draft, ask_reason
from giveback.engine.asks.guards import Holdback, is_self_limit
from giveback.engine.asks.needs import Need, open_needs
from giveback.engine.asks.people import Days, Evidence, Person, read_people
from giveback.engine.asks.rare_words import NeedWords, PersonWords, RareWords, content_words
from giveback.engine.asks.scorer import AskScorer
from giveback.engine.catalog.embedding_cache import Encoder, cached_vectors
from giveback.engine.suggest.drafts import Tone


@dataclass(frozen=True, slots=True)
class AskPolicy:
    """The knobs of asking (days, similarity bars and weights)."""

    cooldown_days: int = 45  # never ask the same person twice within this
    hard_time_days: int = 90  # a hard time in a note this recent holds them back
    struggle_days: int = 120  # a want of theirs this recent is a struggle now
    lately_days: int = 120  # a favor or an ask this recent weighs in the balance
    min_fit: float = 0.25  # below this, nobody is asked
    margin: float = 0.15  # nor anyone this far below the best person for the need
    same_struggle: float = 0.5  # their own want this close to the need: they are struggling too
    vague_struggle: float = 0.4  # a vague want whose context is this close: the same
    note_struggle: float = 0.45  # a note this close to the need, with a want of theirs in it ...
    note_struggle_floor: float = 0.2  # ... itself at least this close: the same struggle
    # A need of theirs the listener heard: its "whose" is a guess on a bare bullet ("- no POA
    # anywhere" may be the user's father's), so it must be closer.
    heard_struggle: float = 0.6
    offer_fit: float = 0.5  # an offer this close to their need is offered back
    sentence_share: float = 0.3  # of the fit: the best sentence; the rest, the best note
    limit_floor: float = 0.3  # "doesn't do X" this close to the need ...
    limit_margin: float = 0.1  # ... and about as close as their best evidence ...
    limit_penalty: float = 0.1  # ... costs this much fit
    # "doesn't do X" at least this close to the need, and closer than anything they do: they
    # said it is not theirs, and they are not asked (a near miss, whatever the scorer says).
    limit_rules_out: float = 0.35
    limit_names_margin: float = 0.05  # ... or this near it, when it names a word of the need
    closeness_weight: float = 0.06
    given_weight: float = 0.03
    received_penalty: float = 0.03
    asked_penalty: float = 0.04


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


QUOTE_MARGIN = 0.08  # evidence this close to the best may be what the draft tells back
QUOTE_FLOOR = 0.4  # ... if it is this close to the need itself
# ... or if it holds this share of the need's rare words ("ten years running payroll" for
# "payroll, workers comp") and is no further from the need than this.
RARE_QUOTE = 0.25
RARE_QUOTE_FLOOR = 0.1


# Words this long are named alike by their first letters: "licence" and "licensed",
# "behaviour" and "behavioural".
_STEM = 5


# Words of a need too common to say which one it is ("someone to help with her wedding
# flowers" is not named by "I don't help with moves").
_COMMON = frozenset({
    "help", "helps", "helping", "personal", "family", "business", "work", "someone", "somebody",
    "need", "needs", "person", "people", "thing", "things", "advice", "good", "best", "new",
    "find", "looking", "know", "knows", "manage", "manager", "management", "sort", "deal",
})  # fmt: skip


def _names_any(text: str, words: frozenset[str]) -> bool:
    """Whether a text names one of ``words`` (as itself, or by a shared stem), not counting
    the most common."""
    words = words - _COMMON
    stems = {w[:_STEM] for w in words if len(w) >= _STEM + 1}
    return any(
        w in words or (len(w) >= _STEM + 1 and w[:_STEM] in stems)
        for w in content_words(text) - _COMMON
    )


class _Profile:
    """One person's texts embedded once, scored against each need."""

    def __init__(
        self,
        person: Person,
        vectors: Callable[[Sequence[str]], np.ndarray],
        policy: AskPolicy,
    ) -> None:
        self.person = person
        self.policy = policy
        self.skills = vectors([e.text for e in person.skills])
        self.weights = np.array([e.weight for e in person.skills], dtype=np.float32)
        self.whole = vectors([e.text for e in person.whole])
        self.limits = vectors(person.limits)
        self.wants = vectors(person.wants)
        self.heard = vectors(person.open_needs)
        self.vague = vectors(person.vague_wants)
        self.struggle_notes = vectors([note for note, _ in person.struggle_notes])
        self.struggle_sentences = vectors([sentence for _, sentence in person.struggle_notes])
        self.words = PersonWords.of(e.text for e in person.skills)

    def fit(self, need_vec: np.ndarray, rare: Sequence[float] = ()) -> tuple[float, list[Evidence]]:
        """How well what is known of them fits the need, and the evidence for it, best first
        (what the reason quotes, and what the draft may tell back).

        Part the best single sentence (or entry, or favor), the rest the best whole note
        (``sentence_share``): a sentence says exactly what they did, a note says what it was
        about, and a lone sentence matches on a shared word more often. A limit said of them
        ("he doesn't do tax returns") that matches the need as well as their best evidence
        does costs the fit. ``rare``: the share of the need's rare words in each of their
        sentences (:meth:`RareWords.per_sentence`); a sentence holding most of them may be told
        back too.
        """
        policy = self.policy
        sims = (self.skills @ need_vec) * self.weights
        order = np.argsort(-sims)
        top = float(sims[order[0]])
        whole = float((self.whole @ need_vec).max()) if len(self.whole) else top
        fit = policy.sentence_share * top + (1 - policy.sentence_share) * whole
        if len(self.limits):
            limit = float((self.limits @ need_vec).max())
            if limit >= policy.limit_floor and limit >= top - policy.limit_margin:
                fit -= policy.limit_penalty
        # The best evidence is always quoted in the reason; the draft tells back only evidence
        # close to the need in its own right ("you ring the clinic monthly" is no reason).
        bar = max(top - QUOTE_MARGIN, QUOTE_FLOOR)
        told = [int(k) for k in order[:4] if sims[k] >= bar]
        told += [
            int(k)
            for k in np.argsort([-r for r in rare], kind="stable")[:2]
            if rare[k] >= RARE_QUOTE and sims[k] >= RARE_QUOTE_FLOOR and int(k) not in told
        ]
        quotes = [self.person.skills[int(order[0])]] + [self.person.skills[k] for k in told]
        return fit, quotes

    def says_not_theirs(
        self, need_vec: np.ndarray, need_words: frozenset[str] = frozenset()
    ) -> str | None:
        """A limit they said ("I've never written a grant") that matches the need better
        than anything they do, and well: it is not theirs to help with; else ``None``. A limit
        that names a word of the need ("I don't do behaviour cases" for "a force-free
        behaviour person") need only come near their best evidence."""
        if not len(self.limits):
            return None
        sims = self.limits @ need_vec
        top = float(((self.skills @ need_vec) * self.weights).max())
        lowest = max(self.policy.limit_rules_out, top - self.policy.limit_names_margin)
        for at in np.argsort(-sims):
            if float(sims[at]) < lowest:
                break  # closest first: none further down can rule them out
            said = self.person.limits[int(at)]
            margin = self.policy.limit_names_margin if _names_any(said, need_words) else 0.0
            if float(sims[at]) >= max(self.policy.limit_rules_out, top - margin) and (
                is_self_limit(said)
            ):
                return said
        return None

    def features(
        self, need_vec: np.ndarray, fit: float, standing: float, rare: tuple[float, float]
    ) -> np.ndarray:
        """The scorer's features (:data:`giveback.engine.asks.scorer.FEATURES`, in order);
        ``rare`` is :meth:`RareWords.shares` of the need's words with theirs."""
        skills = self.person.skills
        sims = (self.skills @ need_vec) * self.weights
        ranked = np.sort(sims)[::-1]

        def best(vectors: np.ndarray) -> float:
            return float((vectors @ need_vec).max()) if len(vectors) else 0.0

        def best_of(source: str) -> float:
            picked = [i for i, e in enumerate(skills) if e.source == source]
            return float(sims[picked].max()) if picked else 0.0

        whole = best(self.whole) if len(self.whole) else float(ranked[0])
        limit = best(self.limits)
        return np.array(
            [
                float(ranked[0]),
                float(ranked[1]) if len(ranked) > 1 else 0.0,
                whole,
                limit,
                limit - float(ranked[0]),
                best(self.wants),
                best(self.heard),
                best(self.vague),
                best(self.struggle_notes),
                best_of("catalog"),
                best_of("favor"),
                standing,
                fit,
                *rare,
            ]
        )

    def struggle(self, need_vec: np.ndarray) -> str | None:
        """What they said that shows they are struggling with the same thing now: a want of
        theirs close to the need, or a vague one ("stuck with the same contractor") whose
        sentences around it are; ``None`` when nothing does."""
        policy = self.policy
        person = self.person
        for texts, vecs, bar in (
            (person.wants, self.wants, policy.same_struggle),
            (person.open_needs, self.heard, policy.heard_struggle),
            (person.vague_wants, self.vague, policy.vague_struggle),
        ):
            if len(vecs):
                sims = vecs @ need_vec
                best = int(np.argmax(sims))
                if float(sims[best]) >= bar:
                    return texts[best]
        if len(self.struggle_notes):
            # A note about the very thing, in which they say they are stuck or looking, even
            # when the sentence alone says too little ("We're on the waitlist too").
            on_topic = (self.struggle_notes @ need_vec >= policy.note_struggle) & (
                self.struggle_sentences @ need_vec >= policy.note_struggle_floor
            )
            if on_topic.any():
                return person.struggle_notes[int(np.argmax(on_topic))][1]
        return None


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
    ) -> None:
        self.session = session
        self.encoder = encoder
        self.policy = policy or AskPolicy()
        self.tone: Tone = tone
        # The learned scorer when there is one; else the hand-set fit plus standing.
        self.scorer = scorer
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
        need_vecs = self._vectors([n.text for n in needs])
        profiles = [_Profile(p, self._vectors, self.policy) for p in known if p.skills]
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

    def _weigh(
        self,
        need: Need,
        need_vec: np.ndarray,
        rare: NeedWords,
        profile: _Profile,
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
        self, profile: _Profile, need: Need, need_vec: np.ndarray, as_of: date
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
    """An asker with the cool-down and the tone of the settings, and the trained scorer."""
    settings = get_settings()
    policy = AskPolicy(cooldown_days=settings.ask_cooldown_days)
    return Asker(session, encoder, policy, tone or settings.draft_tone, AskScorer.load())

"""What is known of one person, embedded once and read against each need: how well it fits,
what it quotes, whether they said the need is not theirs, whether they struggle with the same
thing, and the ask scorer's features."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from giveback.engine.asks.guards import is_self_limit
from giveback.engine.asks.people import Evidence, Person
from giveback.engine.asks.policy import AskPolicy
from giveback.engine.asks.rare_words import PersonWords, content_words

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


class Profile:
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
